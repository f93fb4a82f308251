"""A cheap language guess for cleaned article text: the script, then stop-word ratios.

Returns an ISO 639-1 code ("en" for English) when the guess is clear, else None. Only
English is parsed downstream, so the one decision that matters is English or not; other
codes are a courtesy. The stop-word lists are data (``onrecord/data/language_stopwords.tsv``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

SAMPLE_CHARS = 20_000
# Fewer words than this and no guess is "sure" except a clear English one.
_MIN_WORDS = 8
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MAX_WORDS = 1500


def _data(name: str) -> str:
    return resources.files("onrecord").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _script_table() -> tuple[dict[str, re.Pattern[str]], dict[str, str], re.Pattern[str]]:
    """Per script: a regex for its letters, and the language it names outright; plus a regex
    for letters outside the Latin script (counting with findall runs in C)."""
    classes: dict[str, str] = {}
    languages: dict[str, str] = {}
    for line in _data("language_scripts.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            script, ranges, language = line.split("\t")
            classes[script] = "".join(
                "{}-{}".format(*(chr(int(x, 16)) for x in r.split("-"))) for r in ranges.split()
            )
            if language.strip() != "-":
                languages[script] = language.strip()
    regexes = {name: re.compile(f"[{chars}]") for name, chars in classes.items()}
    return regexes, languages, re.compile(f"[^\\W\\d_{classes['LATIN']}]")


@lru_cache(maxsize=1)
def _stopwords() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """The language codes, and for each stop word the indexes of the languages listing it."""
    text = _data("language_stopwords.tsv")
    codes: list[str] = []
    index: dict[str, list[int]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, words = line.split("\t", 1)
            codes.append(code.strip())
            for word in set(words.split()):
                index.setdefault(word, []).append(len(codes) - 1)
    return tuple(codes), {w: tuple(ix) for w, ix in index.items()}


def _scripts(letters: str) -> Counter[str]:
    regexes = _script_table()[0]
    return Counter({name: n for name, rx in regexes.items() if (n := len(rx.findall(letters)))})


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` when the guess is clear ("en" for English), else None."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    letters = sum(map(len, words))
    if letters < 20:
        return None
    # Latin-script text is the common case: only the other letters are sorted into scripts.
    _, script_language, non_latin = _script_table()
    others = "".join(non_latin.findall(sample))
    script = "LATIN"
    if len(others) >= 0.4 * letters:
        scripts = _scripts(others)
        if scripts["HAN"] + scripts["KANA"] >= 0.5 * letters:
            return "ja" if scripts["KANA"] >= 0.1 * (scripts["HAN"] + scripts["KANA"]) else "zh"
        if not scripts:
            return None
        script, count = scripts.most_common(1)[0]
        if count < 0.6 * letters:
            return None
        if script in script_language:
            return script_language[script]
        if script not in ("CYRILLIC", "ARABIC"):
            return None
    words = words[:_MAX_WORDS]
    codes, index = _stopwords()
    hits = [0] * len(codes)
    for word in words:
        for i in index.get(word.lower().replace("’", "'"), ()):
            hits[i] += 1
    ratios = sorted(
        ((h / len(words), code) for h, code in zip(hits, codes, strict=True)), reverse=True
    )
    (best, code), (second, _) = ratios[0], ratios[1]
    if code == "en" and best >= 0.2 and (len(words) >= _MIN_WORDS or best >= 0.3):
        return "en"
    if len(words) < _MIN_WORDS or best < 0.15 or best < 1.3 * second:
        return None  # not sure (close Scandinavian or Slavic lists, a list of names)
    return code
