"""A cheap language guess for cleaned article text: the script, then stop-word ratios.

Returns an ISO 639-1 code ("en" for English) when the guess is clear, else None. Only
English is parsed downstream, so the one decision that matters is English or not; other
codes are a courtesy. The stop-word lists are data (``onrecord/data/language_stopwords.tsv``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

SAMPLE_CHARS = 20_000
# Fewer words than this and no guess is "sure" except a clear English one.
_MIN_WORDS = 8
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
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
}


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    text = (
        resources.files("onrecord")
        .joinpath("data", "language_stopwords.tsv")
        .read_text(encoding="utf-8")
    )
    lists: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, words = line.split("\t", 1)
            lists[code.strip()] = frozenset(words.split())
    return lists


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "OTHER"
    if name.startswith("CJK") or "IDEOGRAPH" in name:
        return "HAN"
    first = name.split(" ", 1)[0]
    if first in ("HIRAGANA", "KATAKANA"):
        return "KANA"
    return first


def _scripts(sample: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for ch in sample:
        if ch.isalpha():
            counts[_script(ch)] += 1
    return counts


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` when the guess is clear ("en" for English), else None."""
    sample = text[:SAMPLE_CHARS]
    scripts = _scripts(sample)
    letters = sum(scripts.values())
    if letters < 20:
        return None
    script, count = scripts.most_common(1)[0]
    if scripts["HAN"] + scripts["KANA"] >= 0.5 * letters:
        return "ja" if scripts["KANA"] >= 0.1 * (scripts["HAN"] + scripts["KANA"]) else "zh"
    if count < 0.6 * letters:
        return None
    if script in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[script]
    if script == "DEVANAGARI":
        return "hi"
    if script not in ("LATIN", "CYRILLIC", "ARABIC"):
        return None
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sample)]
    if not words:
        return None
    ratios = []
    for code, stop in _stopwords().items():
        hits = sum(1 for w in words if w in stop)
        ratios.append((hits / len(words), code))
    ratios.sort(reverse=True)
    (best, code), (second, _) = ratios[0], ratios[1]
    if code == "en" and best >= 0.2 and (len(words) >= _MIN_WORDS or best >= 0.3):
        return "en"
    if len(words) < _MIN_WORDS or best < 0.15 or best < 1.3 * second:
        return None  # not sure (close Scandinavian or Slavic lists, a list of names)
    return code
