"""Word-level text helpers shared by near-duplicate grouping, statement linking and drift.

Tokens keep their character offsets so that drift can point into the report's text.
Normalisation folds case, typographic apostrophes and contractions ("don't" ->
"do not"), so that "don’t" in one outlet and "do not" in another align.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# A word is letters/digits with inner apostrophes or hyphens ("don't", "pay-to-play", "30,000").
_WORD = re.compile(r"[^\W_]+(?:['’‘][^\W_]+)*(?:[-,.][0-9]+)*", re.UNICODE)
_CONTRACTIONS = {
    "n't": ["not"],
    "'re": ["are"],
    "'ll": ["will"],
    "'ve": ["have"],
    "'m": ["am"],
    "'d": ["would"],
    "'s": [],  # is / has / possessive: ambiguous and never the content of a claim
}


@dataclass(frozen=True)
class Token:
    """One normalised word and the offsets of the word it came from in the text."""

    norm: str
    start: int
    end: int


@lru_cache(maxsize=1)
def link_config() -> dict[str, Any]:
    """The linking thresholds and word lists (``onrecord/data/linking.toml``)."""
    text = resources.files("onrecord").joinpath("data/linking.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (a plain Python set, no model load) plus our additions."""
    from spacy.lang.en.stop_words import STOP_WORDS

    extra = link_config()["words"]["extra_stop_words"]
    return frozenset(w.lower() for w in STOP_WORDS) | frozenset(extra)


def tokens(text: str) -> list[Token]:
    """Normalised word tokens with offsets; contractions expanded, case folded."""
    out: list[Token] = []
    for m in _WORD.finditer(text):
        word = m.group().replace("’", "'").replace("‘", "'").casefold()
        start, end = m.start(), m.end()
        split = False
        for suffix, expansion in _CONTRACTIONS.items():
            if word.endswith(suffix) and len(word) > len(suffix):
                stem = word[: -len(suffix)]
                if suffix == "n't":
                    stem = {"wo": "will", "ca": "can", "sha": "shall"}.get(stem, stem)
                out.append(Token(stem, start, end))
                out.extend(Token(e, start, end) for e in expansion)
                split = True
                break
        if not split:
            out.append(Token(word.replace(",", ""), start, end))
    return out


def stem(word: str) -> str:
    """A light stemmer: English inflections off (Porter step 1), then the first six letters.

    Crude on purpose: it only has to make "deliveries"/"delivery", "applied"/"apply" and
    "negotiations"/"negotiate" meet, and a six-letter prefix does that with no data.
    """
    w = word
    if len(w) > 4:
        if w.endswith("sses"):
            w = w[:-2]
        elif w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith("ss") and not w.endswith("us"):
            w = w[:-1]
        for suffix in ("ingly", "edly", "ing", "ed"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3 and re.search(r"[aeiouy]", w[: -len(suffix)]):
                w = w[: -len(suffix)]
                if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
                    w = w[:-1]
                break
        if w.endswith("y") or w.endswith("i"):
            w = w[:-1]
        w = w.rstrip("e") if len(w) > 4 else w
    return w[:6]


def content_stems(text: str) -> list[str]:
    """Stems of the content words of ``text`` (stop words and one-letter words dropped)."""
    stops = stop_words()
    return [stem(t.norm) for t in tokens(text) if t.norm not in stops and (len(t.norm) > 1 or t.norm.isdigit())]


_PAIRS = (("``", "''"), ("''", "''"), ("“", "”"), ("«", "»"), ("„", "“"), ('"', '"'), ("‘", "’"), ("'", "'"))


def _is_apostrophe(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside quotation marks (the quoted fragments of a mixed report).

    A single quote between two letters is an apostrophe, not a mark.
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        for opener, closer in _PAIRS:
            if not text.startswith(opener, i) or (len(opener) == 1 and opener in "‘'" and _is_apostrophe(text, i)):
                continue
            j = i + len(opener)
            while True:
                j = text.find(closer, j)
                if j < 0 or not (len(closer) == 1 and closer in "’'" and _is_apostrophe(text, j)):
                    break
                j += 1
            if j > i + len(opener):
                spans.append((i + len(opener), j))
                i = j + len(closer)
                break
        else:
            i += 1
    return spans
