"""The pipeline's attribute ruler and lemmatizer, computed with arrays.

spaCy's ``attribute_ruler`` maps fine-grained tags to coarse POS and morphology (the tag
map) and applies ~180 exceptions. It matches every pattern with a Matcher and sets the
attributes token by token in Python, which costs about as much as the dependency parser
itself (16% of the full pipeline on PolNeAR dev). Every pattern of the small English
pipelines is a one- or two-token pattern over TAG, LOWER, DEP and IS_SPACE, so the same
result comes from boolean masks over ``Doc.to_array`` columns, applied in pattern order
(later patterns win, as in the ruler). :class:`FastAttributes` refuses a ruler with any
other kind of pattern (``ValueError``), and a test checks that it writes exactly what
the ruler writes. :class:`FastLemmatizer` does the same for the rule lemmatizer (a memo of
its lemma per word, POS and morphology, written with one array call per doc).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.symbols import IDS
from spacy.tokens import Doc

_KEYS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_READ = [TAG, LOWER, DEP, IS_SPACE, POS, MORPH, LEMMA]
_COL = {attr: i for i, attr in enumerate(_READ)}
_WRITE = [TAG, DEP, POS, MORPH, LEMMA]


def write_array(doc: Doc, attrs: Any, values: Any) -> None:
    """``Doc.from_array`` for numpy arrays (spaCy's stubs declare its own array type)."""
    doc.from_array(attrs, values)


@dataclass
class _Rule:
    specs: list[list[tuple[int, str, Any]]]  # per pattern token: (attr, op, value)
    index: int
    sets: list[tuple[int, int]]  # (attr, value id)


class FastAttributes:
    """Apply ``ruler`` (an AttributeRuler) to docs with numpy; same output as the ruler."""

    def __init__(self, ruler: Any) -> None:
        vocab = ruler.vocab
        self.vocab = vocab
        self.rules: list[_Rule] = []
        self._regex_cache: dict[tuple[str, int], bool] = {}
        for pattern in ruler.patterns:
            attrs = pattern["attrs"]
            sets: list[tuple[int, int]] = []
            for name, value in attrs.items():
                if name == "POS":
                    sets.append((POS, IDS[value]))
                elif name == "MORPH":
                    sets.append((MORPH, vocab.morphology.add(value)))
                elif name in ("LEMMA", "TAG", "DEP"):
                    sets.append(({"LEMMA": LEMMA, "TAG": TAG, "DEP": DEP}[name], vocab.strings.add(value)))
                else:
                    raise ValueError(f"attribute ruler sets {name}, which FastAttributes does not support")
            for alternative in pattern["patterns"]:
                specs = [self._token_spec(tok, vocab) for tok in alternative]
                self.rules.append(_Rule(specs, pattern.get("index", 0), sets))

    @staticmethod
    def _token_spec(tok: dict[str, Any], vocab: Any) -> list[tuple[int, str, Any]]:
        out: list[tuple[int, str, Any]] = []
        for key, value in tok.items():
            attr = _KEYS.get(key)
            if attr is None:
                raise ValueError(f"attribute ruler pattern on {key}, which FastAttributes does not support")
            if attr == IS_SPACE:
                out.append((attr, "eq", int(bool(value))))
            elif isinstance(value, dict):
                ((op, arg),) = value.items()
                if op in ("IN", "NOT_IN"):
                    out.append((attr, op, numpy.array([vocab.strings.add(v) for v in arg], dtype="uint64")))
                elif op == "REGEX":
                    out.append((attr, op, re.compile(arg)))
                else:
                    raise ValueError(f"attribute ruler operator {op}, which FastAttributes does not support")
            else:
                out.append((attr, "eq", vocab.strings.add(value)))
        return out

    def _mask(self, arr: numpy.ndarray, spec: list[tuple[int, str, Any]]) -> numpy.ndarray:
        mask = numpy.ones(len(arr), dtype=bool)
        for attr, op, value in spec:
            col = arr[:, _COL[attr]]
            if op == "eq":
                mask &= col == value
            elif op == "IN":
                mask &= numpy.isin(col, value)
            elif op == "NOT_IN":
                mask &= ~numpy.isin(col, value)
            else:  # REGEX on the string of each distinct value
                strings = self.vocab.strings
                hits = [h for h in numpy.unique(col[mask]) if self._regex(value, int(h), strings)]
                mask &= numpy.isin(col, numpy.array(hits, dtype="uint64"))
        return mask

    def _regex(self, pattern: re.Pattern[str], key: int, strings: Any) -> bool:
        cache_key = (pattern.pattern, key)
        hit = self._regex_cache.get(cache_key)
        if hit is None:
            hit = bool(pattern.search(strings[key])) if key in strings else False
            if len(self._regex_cache) < 100_000:
                self._regex_cache[cache_key] = hit
        return hit

    def __call__(self, doc: Doc) -> Doc:
        self.apply([doc])
        return doc

    def apply(self, docs: list[Doc]) -> None:
        """Apply the ruler to many docs at once: their arrays are stacked (a blank row between
        two docs, so that no two-token pattern matches across them) and masked together."""
        docs = [d for d in docs if len(d)]
        if not docs:
            return
        blocks = []
        for d in docs:
            blocks.append(d.to_array(_READ))
            blocks.append(numpy.zeros((1, len(_READ)), dtype="uint64"))
        arr = numpy.vstack(blocks)
        n = len(arr)
        out = arr[:, [_COL[a] for a in _WRITE]].copy()
        wcol = {a: i for i, a in enumerate(_WRITE)}
        for rule in self.rules:
            width = len(rule.specs)
            if width > n:
                continue
            hit = self._mask(arr[: n - width + 1], rule.specs[0])
            for k in range(1, width):
                if not hit.any():
                    break
                hit &= self._mask(arr[k : n - width + 1 + k], rule.specs[k])
            if not hit.any():
                continue
            rows = numpy.nonzero(hit)[0] + rule.index
            for attr, value in rule.sets:
                out[rows, wcol[attr]] = value
        at = 0
        for d in docs:
            write_array(d, _WRITE, out[at : at + len(d)])
            at += len(d) + 1

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self.apply(batch)
                yield from batch
                batch = []
        if batch:
            self.apply(batch)
            yield from batch


class FastLemmatizer:
    """spaCy's rule lemmatizer with its result memoised per (word, POS, morphology).

    The rule lemmatizer's lemma is a function of those three (its own cache is keyed on them),
    but it walks every token in Python; here each distinct triple is lemmatised once by the
    lemmatizer itself and the lemmas are written with one array call per doc. Tokens that
    already have a lemma (the attribute ruler sets some) keep it unless the lemmatizer
    overwrites. With ``only`` (coarse POS names) it lemmatises only tokens of those parts of
    speech or with a verb tag (``VB*``), and leaves the rest as they are: the quote stage reads
    the lemmas of verbs and nouns alone (cue lookup), and each new word costs the lemmatizer
    about 0.1 ms. A lemmatizer that is not in rule mode is refused (``ValueError``)."""

    _MAX_MEMO = 500_000

    def __init__(self, lemmatizer: Any, only: tuple[str, ...] | None = None) -> None:
        if getattr(lemmatizer, "mode", None) != "rule":
            raise ValueError(f"FastLemmatizer needs a rule lemmatizer, not mode {getattr(lemmatizer, 'mode', None)!r}")
        self.lemmatizer = lemmatizer
        self.overwrite = bool(lemmatizer.overwrite)
        self.memo: dict[tuple[int, int, int], int] = {}
        self.only = None if only is None else numpy.array([IDS[p] for p in only], dtype="uint64")
        self._verb_tags: numpy.ndarray | None = None

    def _wanted(self, doc: Doc, arr: numpy.ndarray) -> numpy.ndarray:
        if self.only is None:
            return numpy.ones(len(arr), dtype=bool)
        if self._verb_tags is None:
            labels = getattr(self.lemmatizer, "vocab", doc.vocab).strings
            self._verb_tags = numpy.array([labels.add(t) for t in ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")], dtype="uint64")
        return numpy.isin(arr[:, 1], self.only) | numpy.isin(arr[:, 4], self._verb_tags)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA, TAG])
        lemmas = arr[:, 3].copy()
        wanted = self._wanted(doc, arr)
        todo = numpy.nonzero(wanted if self.overwrite else wanted & (lemmas == 0))[0]
        memo = self.memo
        for i in todo:
            key = (int(arr[i, 0]), int(arr[i, 1]), int(arr[i, 2]))
            lemma = memo.get(key)
            if lemma is None:
                lemma = strings.add(self.lemmatizer.lemmatize(doc[int(i)])[0])
                if len(memo) < self._MAX_MEMO:
                    memo[key] = lemma
            lemmas[i] = lemma
        write_array(doc, [LEMMA], lemmas.reshape(-1, 1))
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)
