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
# Letters of each script, as regex classes (counting with findall runs in C).
_SCRIPTS = {
    "LATIN": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "CYRILLIC": "\u0400-\u04ff\u0500-\u052f",
    "ARABIC": "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff",
    "HAN": "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff",
    "KANA": "\u3040-\u30ff\u31f0-\u31ff",
    "HANGUL": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "DEVANAGARI": "\u0900-\u097f",
    "GREEK": "\u0370-\u03ff\u1f00-\u1fff",
    "HEBREW": "\u0590-\u05ff",
    "THAI": "\u0e00-\u0e7f",
    "GEORGIAN": "\u10a0-\u10ff",
    "ARMENIAN": "\u0530-\u058f",
    "BENGALI": "\u0980-\u09ff",
    "TAMIL": "\u0b80-\u0bff",
    "GUJARATI": "\u0a80-\u0aff",
    "TELUGU": "\u0c00-\u0c7f",
    "KANNADA": "\u0c80-\u0cff",
    "MALAYALAM": "\u0d00-\u0d7f",
    "SINHALA": "\u0d80-\u0dff",
    "KHMER": "\u1780-\u17ff",
    "ETHIOPIC": "\u1200-\u137f",
}
_SCRIPT_RX = {name: re.compile(f"[{chars}]") for name, chars in _SCRIPTS.items()}
_NON_LATIN = re.compile(f"[^\\W\\d_{_SCRIPTS['LATIN']}]")
# Scripts that name one language outright (when the text is mostly in that script).
_SCRIPT_LANGUAGE = {
    "GREEK": "el",
    "HEBREW": "he",
    "HANGUL": "ko",
    "THAI": "th",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "GUJARATI": "gu",
    "TELUGU": "te",
    "KANNADA": "kn",
    "MALAYALAM": "ml",
    "SINHALA": "si",
    "KHMER": "km",
    "ETHIOPIC": "am",
    "DEVANAGARI": "hi",
}
_MAX_WORDS = 1500


@lru_cache(maxsize=1)
def _stopwords() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """The language codes, and for each stop word the indexes of the languages listing it."""
    text = (
        resources.files("onrecord")
        .joinpath("data", "language_stopwords.tsv")
        .read_text(encoding="utf-8")
    )
    codes: list[str] = []
    index: dict[str, list[int]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, words = line.split("\t", 1)
            codes.append(code.strip())
            for word in set(words.split()):
                index.setdefault(word, []).append(len(codes) - 1)
    return tuple(codes), {w: tuple(ix) for w, ix in index.items()}


def _scripts(sample: str) -> Counter[str]:
    return Counter({name: n for name, rx in _SCRIPT_RX.items() if (n := len(rx.findall(sample)))})


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` when the guess is clear ("en" for English), else None."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    letters = sum(map(len, words))
    if letters < 20:
        return None
    # Latin-script text is the common case: only the other letters are sorted into scripts.
    others = "".join(_NON_LATIN.findall(sample))
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
        if script in _SCRIPT_LANGUAGE:
            return _SCRIPT_LANGUAGE[script]
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
