"""The cheap language guess: script first, then stop-word ratios."""

from __future__ import annotations

import pytest

from onrecord.clean.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Russian Foreign Minister Sergei Lavrov has ruled out Russia's involvement in an armed conflict in Syria.",
            "en",
        ),
        (
            "Le ministre russe des Affaires étrangères a exclu toute implication de la Russie dans un conflit armé en Syrie.",
            "fr",
        ),
        (
            "Der russische Außenminister hat eine Beteiligung Russlands an einem bewaffneten Konflikt in Syrien ausgeschlossen.",
            "de",
        ),
        (
            "El ministro de Asuntos Exteriores ruso descartó la participación de Rusia en un conflicto armado en Siria.",
            "es",
        ),
        (
            "Министр иностранных дел России Сергей Лавров исключил участие России в вооруженном конфликте в Сирии, и это не так.",
            "ru",
        ),
        (
            "قال وزير الخارجية الروسي سيرغي لافروف إن روسيا لن تسمح بانتصار الإرهاب في سوريا وأضاف أن هذا هو الموقف",
            "ar",
        ),
        ("俄罗斯外交部长拉夫罗夫表示，俄罗斯不会允许国际恐怖主义在叙利亚得逞。", "zh"),
        ("ロシアのラブロフ外相は、シリアで国際テロ組織が勝利することを許さないと述べた。", "ja"),
        ("Ο Ρώσος υπουργός Εξωτερικών Σεργκέι Λαβρόφ δήλωσε ότι η Ρωσία δεν θα επιτρέψει", "el"),
    ],
)
def test_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize(
    "text", ["", "Syria", "12345 67890 ...", "Lavrov Kerry Zarif Steinmeier Davutoglu"]
)
def test_unclear_text_gives_none(text: str) -> None:
    assert detect_language(text) is None
