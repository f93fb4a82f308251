"""Stage 4, parse: the spaCy analysis of each article's cleaned text, for the quote stage.

Needs: the cleaned texts (already cut down by :func:`onrecord.guards.parse_view`) and the
loaded spaCy pipeline.
Adds: one ``Doc`` per text whose tokens and character offsets are those of the text.

Two modes (the ``parse_mode`` setting, default ``selective``):

- ``full``: the whole pipeline over every sentence (``nlp.pipe``);
- ``selective``: a cheap pass sorts the sentences, and the parser, tagger and entity
  recogniser run only where the quote stage can use them (:mod:`.selective`,
  :mod:`.plan`); tokens elsewhere carry no parse. Same statements as ``full`` to within
  the accuracy gate (docs/settings.md, bench/accuracy_gate.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from .selective import parse_selective

VERSION = "parse-1"
MODES = ("full", "selective")

__all__ = ["MODES", "VERSION", "parse_texts"]


def parse_texts(nlp: Language, texts: Sequence[str], mode: str = "selective",
                titles: Sequence[str | None] | None = None) -> list[Doc]:
    """One Doc per text, in order, analysed as ``mode`` says."""
    if mode == "full":
        return list(nlp.pipe(texts, batch_size=max(1, len(texts))))
    if mode == "selective":
        return parse_selective(nlp, texts, titles)
    raise ValueError(f"unknown parse mode {mode!r} (expected one of {', '.join(MODES)})")
