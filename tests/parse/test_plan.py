"""plan_doc: sentence starts, the parse layer, the quotations left out of it, the entity layer."""

from __future__ import annotations

import pytest

from onrecord.guards import parse_view
from onrecord.parse.plan import plan_doc


@pytest.fixture
def plan(nlp):
    def _plan(text: str, title: str | None = None) -> dict:
        doc = nlp.make_doc(text)
        p = plan_doc(doc, text, title)
        for a, b in p.parse + p.ner_ranges():
            assert 0 <= a < b <= len(doc)
        return {
            "starts": [doc[i].text for i in p.sent_starts],
            "paragraphs": [doc[i].text for i in sorted(p.hard)],
            "parse": [doc[a:b].text for a, b in p.parse],
            "masked": [(doc[i:j].text, doc[o].text, doc[c:t].text) for i, j, o, c, t in p.masked],
            "entities": [doc[a:b].text for a, b in p.ner_ranges()],
        }

    return _plan


def test_a_whole_utterance_before_its_attribution_is_left_out_of_the_parse(plan):
    got = plan('The meeting ended in Geneva. "We are against external interference in Syria," Lavrov said. '
               "The U.S. delegation left on Monday.")
    assert got == {
        "starts": ["The", '"', "The"],
        "paragraphs": ["The"],
        # The opening mark goes with its quotation, the closing one stays with the attribution.
        "parse": ['" Lavrov said.'],
        "masked": [("We are against external interference in Syria,", '"', "")],
        # Two words each side of the capitalised words that open no sentence ("Geneva", "Lavrov",
        # "U.S.", "Monday"), none inside the masked quotation. Pieces run on across sentences.
        "entities": ['ended in Geneva. "', '" Lavrov said. The U.S. delegation left on Monday.'],
    }


def test_a_quotation_that_ends_its_paragraph_takes_its_closing_mark_along(plan):
    got = plan('Lavrov told reporters: "We do not struggle to change the regime."\n\nTurkey hosted the meeting.')
    assert got == {
        "starts": ["Lavrov", "Turkey"],
        "paragraphs": ["Lavrov", "Turkey"],
        "parse": ['Lavrov told reporters: "'],
        "masked": [("We do not struggle to change the regime.", '"', '"')],
        # "Lavrov" opens its sentence (the quote stage has the entity recogniser look at the
        # speaker mention later), "We" is in the quotation; "Turkey" opens its sentence.
        "entities": [],
    }


def test_scare_quotes_stay_in_the_parse(plan):
    text = 'Officials were "deeply concerned" about the "situation".'
    assert plan(text)["parse"] == [text]
    assert plan(text)["masked"] == []


def test_a_headline_with_a_colon_is_parsed(plan):
    text = "Syria ceasefire holds: envoy\n\nThe envoy left Geneva on Monday. Rain fell."
    got = plan(text, title="Syria ceasefire holds: envoy")
    assert got["starts"] == ["Syria", "The", "Rain"]
    assert got["parse"] == ["Syria ceasefire holds: envoy\n\n"]
    assert got["entities"] == ["envoy left Geneva on Monday."]
    # Without the colon it is a headline like any other.
    assert plan(text.replace(":", ""), title="Syria ceasefire holds envoy")["parse"] == []


def test_abbreviations_end_no_sentence(plan):
    got = plan("Prices rose at 3 p.m. on Friday in Washington, D.C. and fell again. Mr. Smith left.")
    assert got["starts"] == ["Prices", "Mr."]


BAD = ["", " ", "\n\n\n", '"' * 10_000, '" ' * 10_000, "“" * 5000 + "”" * 5000, "a\x00b said \x00 \"x y z w\"\x00"]


@pytest.mark.parametrize("raw", BAD)
def test_bad_input_plans_without_error(nlp, raw):
    text = parse_view(raw)  # as the pipeline gives it (the tokenizer is slow on long runs of punctuation)
    doc = nlp.make_doc(text)
    p = plan_doc(doc, text)
    assert all(0 <= a < b <= len(doc) for a, b in p.parse)
    assert p.sent_starts == ([0] if len(doc) else [])
