"""Word helpers and drift."""

from __future__ import annotations

from onrecord.link.drift import DriftReport, compute_drift
from onrecord.link.text import content_stems, quoted_spans, stem, tokens


def test_tokens_fold_case_apostrophes_and_contractions() -> None:
    assert [t.norm for t in tokens("We Don’t  won't it's")] == ["we", "do", "not", "will", "not", "it"]
    toks = tokens("I can't")
    assert (toks[1].start, toks[1].end) == (2, 7) and toks[1].norm == "can"


def test_stem_meets_inflections() -> None:
    assert stem("deliveries") == stem("delivery")
    assert stem("applied") == stem("apply")
    assert stem("negotiations")[:6] == stem("negotiate")[:6]


def test_content_stems_drop_stop_words() -> None:
    assert content_stems("We will not lift a single sanction") == ["lift", "singl", "sancti"]


def test_quoted_spans_skip_apostrophes() -> None:
    text = "he said it was \"a giveaway\" and ‘a scandal’ but it’s ``fine'' now"
    assert [text[s:e] for s, e in quoted_spans(text)] == ["a giveaway", "a scandal", "fine"]


def _reports() -> list[DriftReport]:
    return [
        DriftReport(1, "a", "Reuters", "direct", "We will not lift a single sanction until the last soldier has left our territory."),
        DriftReport(2, "b", "AP", "indirect", "her government would not lift any sanctions until the last soldier had left its territory"),
        DriftReport(3, "c", "Euronews", "direct", "We will not lift a single sanction"),
    ]


def test_drift_against_the_fullest_report() -> None:
    drift = compute_drift(_reports())
    assert [(d["quote_id"], d["role"]) for d in drift] == [(1, "base"), (2, "report"), (3, "report")]
    base, para, short = drift
    assert base["flags"] == [] and base["counts"]["equal"] == 15
    assert para["flags"] == ["words_changed", "direct_to_paraphrase"]
    changed = [(o["base_text"], o["text"]) for o in para["ops"] if o["op"] == "substituted"]
    assert changed == [("We will", "her government would"), ("a single sanction", "any sanctions"), ("has", "had"), ("our", "its")]
    assert short["flags"] == ["shortened", "words_dropped"]
    dropped = [o for o in short["ops"] if o["op"] == "dropped"]
    assert [(o["base_text"], o["span"]) for o in dropped] == [("until the last soldier has left our territory", None)]
    # Offsets point into each report's own text.
    for d, r in zip(drift, [_reports()[0], _reports()[1], _reports()[2]], strict=True):
        for o in d["ops"]:
            if o["span"]:
                assert r.text[o["span"][0] : o["span"][1]] == o["text"]


def test_quotation_marks_on_paraphrased_words_are_flagged() -> None:
    drift = compute_drift(
        [
            DriftReport(1, "a", "X", "indirect", "the sanctions were working and the economy was shrinking"),
            DriftReport(2, "b", "Y", "mixed", 'the sanctions were "working" and the economy was "shrinking" fast'),
        ]
    )
    mixed = next(d for d in drift if d["quote_id"] == 2)
    assert "quotes_paraphrase" in mixed["flags"]
    assert mixed["quoted_paraphrase"] == ["shrinking", "working"]
    plain = next(d for d in drift if d["quote_id"] == 1)
    assert "quotes_paraphrase" not in plain["flags"]


def test_no_drift_for_a_single_report() -> None:
    assert compute_drift(_reports()[:1]) == []
