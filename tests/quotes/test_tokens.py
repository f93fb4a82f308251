"""The whole-doc token helpers give what the token-by-token spaCy API gives."""

from __future__ import annotations

import re

import numpy
import pytest
from spacy.attrs import DEP, LOWER, POS, TAG
from spacy.tokens import Doc

from onrecord.parse.selective import parse_selective
from onrecord.quotes.lexicon import load_lexicon
from onrecord.quotes.tokens import Columns, sentences

TEXT = (
    "Headline: Officials meet in Vienna\n"
    "Russian Foreign Minister Sergei Lavrov said on Monday that talks would go on. The weather was mild.\n"
    "“We are against external interference,” he said. According to Reuters, the meeting ended early.\n"
    "Nobody else spoke."
)


@pytest.fixture(scope="module")
def docs(nlp) -> list[Doc]:
    return [nlp(TEXT), parse_selective(nlp, [TEXT], ["Headline: Officials meet in Vienna"])[0]]


def test_sentences_are_doc_sents(docs):
    for doc in docs:
        assert [(s.start, s.end) for s in sentences(doc)] == [(s.start, s.end) for s in doc.sents]


def test_sentences_without_boundaries_raise_as_doc_sents(nlp):
    doc = nlp.make_doc("two words")
    with pytest.raises(ValueError):
        list(doc.sents)
    with pytest.raises(ValueError):
        sentences(doc)


@pytest.mark.parametrize(("attr", "name"), [(LOWER, "lower_"), (POS, "pos_"), (TAG, "tag_"), (DEP, "dep_")])
def test_column_mask_is_the_token_strings(docs, attr, name):
    for doc in docs:
        cols = Columns(doc)
        strings = [getattr(t, name) for t in doc]
        for value in set(strings):
            assert cols.mask(attr, {value}).tolist() == [s == value for s in strings]
            assert cols.mask(attr, (value, "no such value")).tolist() == [s == value for s in strings]
        starts_vb = cols.mask(attr, lambda s: s.startswith("VB")).tolist()
        assert starts_vb == [s.startswith("VB") for s in strings]
        every_other = numpy.arange(len(doc)) % 2 == 0
        assert cols.mask(attr, lambda s: s.startswith("VB"), every_other).tolist() == \
            [s.startswith("VB") and i % 2 == 0 for i, s in enumerate(strings)]


def test_surface_regex_finds_what_a_flat_alternation_finds():
    lex = load_lexicon()
    flat = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(lex.surface, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)
    for sentence in [*TEXT.split("\n"), "He ADDED it.", "an addendum", "saidx said", "accordingly, according to him",
                     "He claims", "the claimant", "sa id"]:
        a, b = flat.search(sentence), lex.surface_re.search(sentence)
        assert (a and (a.start(), a.end())) == (b and (b.start(), b.end())), sentence
