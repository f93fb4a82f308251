"""FastAttributes writes exactly what spaCy's attribute ruler writes."""

from __future__ import annotations

import numpy
import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler

from conftest import SEEDS_DIR
from onrecord.parse.attributes import FastAttributes, FastLemmatizer

WRITTEN = [TAG, DEP, POS, MORPH, LEMMA]


def _before_ruler(nlp, text):
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "parser"):
        doc = nlp.get_pipe(name)(doc)
    return doc


@pytest.fixture(scope="module")
def seed_texts():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    assert len(texts) == 5
    return texts


def test_same_attributes_as_the_ruler_on_each_seed_article(nlp, seed_texts):
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributes(ruler)
    for text in seed_texts:
        slow_doc = ruler(_before_ruler(nlp, text))
        fast_doc = fast(_before_ruler(nlp, text))
        expected = slow_doc.to_array(WRITTEN)
        got = fast_doc.to_array(WRITTEN)
        assert numpy.array_equal(got, expected), [
            (t.text, t.pos_, str(t.morph), u.pos_, str(u.morph)) for t, u in zip(slow_doc, fast_doc, strict=True)
            if (t.pos_, str(t.morph), t.lemma_) != (u.pos_, str(u.morph), u.lemma_)
        ][:5]
        # The ruler really changed something, so the comparison is not between two untouched docs.
        assert not numpy.array_equal(expected, _before_ruler(nlp, text).to_array(WRITTEN))


def test_many_docs_at_once_match_the_ruler_doc_by_doc(nlp, seed_texts):
    # Stacked docs: no two-token pattern may match across the end of one and the start of the next.
    ruler = nlp.get_pipe("attribute_ruler")
    pieces = [line for text in seed_texts for line in text.splitlines() if line.strip()]
    expected = [ruler(_before_ruler(nlp, p)).to_array(WRITTEN) for p in pieces]
    docs = [_before_ruler(nlp, p) for p in pieces]
    got = list(FastAttributes(ruler).pipe(docs, batch_size=16))
    assert len(got) == len(pieces)
    for doc, exp in zip(got, expected, strict=True):
        assert numpy.array_equal(doc.to_array(WRITTEN), exp)


def test_a_pattern_it_cannot_compute_is_refused(nlp):
    ruler = AttributeRuler(nlp.vocab)
    ruler.add(patterns=[[{"ORTH": "Mr."}]], attrs={"POS": "PROPN"})
    with pytest.raises(ValueError, match="ORTH"):
        FastAttributes(ruler)
    ruler = AttributeRuler(nlp.vocab)
    ruler.add(patterns=[[{"LOWER": "said"}]], attrs={"NORM": "say"})
    with pytest.raises(ValueError, match="NORM"):
        FastAttributes(ruler)


def test_fast_lemmatizer_gives_the_lemmatizer_s_lemmas(nlp, seed_texts):
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    fast = FastLemmatizer(lemmatizer)
    for text in seed_texts * 2:  # the second round reads the memo
        expected = lemmatizer(ruler(_before_ruler(nlp, text)))
        got = fast(ruler(_before_ruler(nlp, text)))
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
        assert any(t.lemma_ != t.lower_ for t in got)  # "said" -> "say" and the like: lemmas were written
    assert fast.memo


def test_fast_lemmatizer_refuses_a_lookup_lemmatizer(nlp):
    class Lookup:
        mode = "lookup"
        overwrite = False

    with pytest.raises(ValueError, match="lookup"):
        FastLemmatizer(Lookup())


def test_fast_lemmatizer_limited_to_some_parts_of_speech(nlp, seed_texts):
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    fast = FastLemmatizer(lemmatizer, only=("VERB", "AUX", "NOUN"))
    for text in seed_texts:
        expected = lemmatizer(ruler(_before_ruler(nlp, text)))
        untouched = ruler(_before_ruler(nlp, text))
        got = fast(ruler(_before_ruler(nlp, text)))
        wanted = [t.pos_ in ("VERB", "AUX", "NOUN") or t.tag_.startswith("VB") for t in got]
        assert any(wanted) and not all(wanted)
        for t, e, u, w in zip(got, expected, untouched, wanted, strict=True):
            # Verbs and nouns get the lemmatizer's lemma; other tokens keep what the ruler gave them.
            assert t.lemma_ == (e.lemma_ if w else u.lemma_), (t.text, t.pos_)
