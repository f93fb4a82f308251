"""The pipeline's guards: a real per-document time budget, and caps before the parser.

A hang must be impossible: a stage that runs away is interrupted by the watchdog and its
document becomes a skip "over the time budget" while the batch carries on; the parser
(C code, which no watchdog can stop) only ever sees bounded input.
"""

from __future__ import annotations

import re
import threading
import time

import pytest

from onrecord import pipeline as pipeline_module
from onrecord.guards import MAX_RUN_CHARS, OverBudget, parse_view, time_budget
from onrecord.model import RawDocument
from onrecord.pipeline import Pipeline
from onrecord.settings import Settings

# Generous: these only turn a hang into a failure, they measure nothing.
HANG_GUARD_S = 60.0


def spin() -> None:
    while True:
        pass


def test_budget_interrupts_a_busy_loop_in_the_main_thread():
    with pytest.raises(OverBudget), time_budget(0.2):
        spin()


def test_budget_interrupts_a_catastrophic_regex():
    # (a+)+$ on 'aaaa...b' backtracks exponentially: CPython's regex engine checks for the alarm.
    with pytest.raises(OverBudget), time_budget(0.2):
        re.match(r"(a+)+$", "a" * 60 + "b")


def test_budget_interrupts_a_busy_loop_in_a_worker_thread():
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_budget(0.2):
                spin()
        except OverBudget:
            outcome.append("over budget")

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(HANG_GUARD_S)
    assert outcome == ["over budget"]


def test_a_stage_catching_exception_cannot_swallow_the_budget():
    def stage_with_fallback() -> str:
        try:
            spin()
        except Exception:  # what trafilatura's wrapper and many stages do
            return "fell back"
        return "done"

    with pytest.raises(OverBudget), time_budget(0.2):
        stage_with_fallback()


def test_budget_leaves_no_alarm_behind():
    import signal

    with time_budget(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)
    time.sleep(0.05)  # nothing fires later


def test_parse_view_blanks_long_runs_and_keeps_every_offset():
    run = '"' * 5000
    text = f'He said "yes". {run} Then "no," she said.\n\nhttps://example.com/{"a" * 50} ok'
    view = parse_view(text)
    assert len(view) == len(text)
    assert run not in view and " " * 5000 in view
    assert view.index("Then") == text.index("Then") and view.endswith("ok")
    assert "https://example.com/" in view  # a run under the cap stays
    assert parse_view("x" * MAX_RUN_CHARS) == "x" * MAX_RUN_CHARS
    assert parse_view("x" * (MAX_RUN_CHARS + 1)) == " " * (MAX_RUN_CHARS + 1)


def _docs(*texts: str) -> list[RawDocument]:
    return [RawDocument(id=f"d{i}", source=f"d{i}.txt", text=t) for i, t in enumerate(texts)]


GOOD = "Talks go on\n\n\"We will not accept this,\" Sergei Lavrov told reporters in Moscow on Monday."


def test_a_document_that_hangs_the_quote_stage_is_skipped_and_the_batch_goes_on(monkeypatch, nlp):
    real = pipeline_module.quote_stage.extract_quotes

    def extract(doc, article, settings):
        if "HANG" in article.text:
            spin()
        return real(doc, article, settings)

    monkeypatch.setattr(pipeline_module.quote_stage, "extract_quotes", extract)
    settings = Settings(today="2026-11-22", doc_time_budget_s=1.0)
    out = list(Pipeline(settings, nlp=nlp).run(_docs(GOOD, GOOD.replace("Moscow", "HANG"), GOOD + " Again.")))
    assert [ex.skipped.stage if ex.skipped else None for ex in out] == [None, "quotes", None]
    assert "over the time budget of 1s" in out[1].skipped.reason
    assert out[1].article is not None and out[1].quotes == []  # the article is kept, its statements are not
    assert len(out[0].quotes) == 1 and len(out[2].quotes) == 1


def test_a_document_that_hangs_the_clean_stage_is_skipped(monkeypatch, nlp):
    real = pipeline_module.clean_stage.clean_document

    def clean(raw, settings):
        if raw.text and "HANG" in raw.text:
            spin()
        return real(raw, settings)

    monkeypatch.setattr(pipeline_module.clean_stage, "clean_document", clean)
    settings = Settings(today="2026-11-22", doc_time_budget_s=0.5)
    out = list(Pipeline(settings, nlp=nlp).run(_docs("HANG " + GOOD, GOOD)))
    assert out[0].article is None and out[0].skipped.stage == "clean"
    assert "over the time budget" in out[0].skipped.reason
    assert out[1].skipped is None and len(out[1].quotes) == 1


def test_text_over_max_parse_chars_is_stored_without_statements(nlp):
    settings = Settings(today="2026-11-22", max_parse_chars=2000)
    long_text = GOOD + "\n\n" + "The talks went on for a long time. " * 100
    out = list(Pipeline(settings, nlp=nlp).run(_docs(long_text, GOOD)))
    assert out[0].article is not None and out[0].quotes == []
    assert out[0].skipped.stage == "parse" and "max_parse_chars (2,000)" in out[0].skipped.reason
    assert out[1].skipped is None and len(out[1].quotes) == 1


def test_a_parser_failure_costs_only_its_own_document(nlp):
    class Picky:
        """The real pipeline, except that it fails on one text, as spaCy does past nlp.max_length."""

        pipe_names = nlp.pipe_names

        def __call__(self, text):
            if "POISON" in text:
                raise ValueError("[E088] Text of length 10000001 exceeds maximum")
            return nlp(text)

        def pipe(self, texts, batch_size=None):
            return [self(t) for t in texts]

    # The full parse calls nlp.pipe / nlp(text); tests/parse has the same test for the selective one.
    settings = Settings(today="2026-11-22", parse_mode="full")
    out = list(Pipeline(settings, nlp=Picky()).run(_docs(GOOD, "POISON " + GOOD, GOOD)))
    assert [ex.skipped.stage if ex.skipped else None for ex in out] == [None, "parse", None]
    assert "E088" in out[1].skipped.reason and out[1].article is not None
    assert [len(ex.quotes) for ex in out] == [1, 0, 1]


def test_parse_chunks_bound_the_characters_of_one_parser_call():
    from onrecord.model import Article, Extraction
    from onrecord.pipeline import _parse_chunks

    exs = [Extraction(id=str(n), source="s", article=Article(id=str(n), source="s", text="x" * n)) for n in (40, 50, 30, 100, 5)]
    sizes = [[len(e.article.text) for e in chunk] for chunk in _parse_chunks(exs, 100)]
    assert sizes == [[40, 50], [30], [100], [5]]
