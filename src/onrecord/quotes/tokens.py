"""A doc's token attributes read all at once, for the quote rules and the speaker resolver.

Iterating a Doc builds a spaCy ``Token`` object per word, and ``Doc.sents`` and ``Doc.text``
walk every token too; on a selectively parsed article most words are never looked at by the
rules. These helpers read the attributes as numpy columns (``Doc.to_array``) so that the rules
build Token objects only for the few words that pass a cheap test first. Every test compares
the attribute's string, as ``Token.tag_`` etc. give it, so the words kept are exactly those the
token-by-token loop kept.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import lru_cache
from itertools import pairwise

import numpy
from spacy.attrs import SENT_START
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan


def sentences(doc: Doc) -> list[SpacySpan]:
    """``list(doc.sents)``, from the sentence starts as one array."""
    n = len(doc)
    if n < 2 or "sents" in doc.user_hooks:
        return list(doc.sents)
    starts = doc.to_array(SENT_START)
    # Doc.sents raises when no token past the first has a sentence start set.
    if not starts[1:].any():
        return list(doc.sents)
    bounds = [0, *(numpy.flatnonzero(starts[1:] == 1) + 1).tolist(), n]
    return [SpacySpan(doc, a, b) for a, b in pairwise(bounds)]


class Columns:
    """The token attributes of one doc, each read once as a numpy column."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._arrays: dict[int, numpy.ndarray] = {}

    def array(self, attr: int) -> numpy.ndarray:
        """The column of ``attr`` (string ids for LOWER, TAG, DEP...; offsets for IDX...); do not modify it."""
        col = self._arrays.get(attr)
        if col is None:
            col = self._arrays[attr] = self.doc.to_array(attr).reshape(-1)
        return col

    def mask(self, attr: int, keep: Collection[str] | Callable[[str], bool], where: numpy.ndarray | None = None) -> numpy.ndarray:
        """Per token: whether the string of ``attr`` (LOWER, POS, TAG, DEP, ENT_TYPE...) is in ``keep``
        (or passes it, when it is a function); only tokens in ``where`` when it is given."""
        col = self.array(attr)
        if not callable(keep):
            out = numpy.zeros(len(col), dtype=bool)
            for sid in _string_ids(keep if isinstance(keep, (tuple, frozenset)) else frozenset(keep)):
                out |= col == sid
            return out if where is None else out & where
        # The function sees each distinct string once.
        picked = col if where is None else col[where]
        values, inverse = numpy.unique(picked, return_inverse=True)
        strings = self.doc.vocab.strings
        ok = numpy.fromiter((bool(keep(strings[int(v)])) for v in values), dtype=bool, count=len(values))
        if where is None:
            return ok[inverse.reshape(-1)]
        out = numpy.zeros(len(col), dtype=bool)
        out[where] = ok[inverse.reshape(-1)]
        return out


@lru_cache(maxsize=256)
def _string_ids(strings: tuple[str, ...] | frozenset[str]) -> tuple[int, ...]:
    """The ids tokens store for ``strings``: a symbol's number or the string's hash (the same in
    every StringStore)."""
    store = StringStore()
    return tuple(store[s] for s in strings)
