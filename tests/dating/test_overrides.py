"""User date corrections: stored, applied at once, and respected by later ingests of the same doc id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.dating.overrides import override_published, stored_override
from onrecord.errors import InputError, NotFound
from onrecord.ingest import ingest
from onrecord.model import Article, Extraction, Quote, Span, SpeakerRef
from onrecord.settings import Settings
from onrecord.store import Store

TEXT = (
    "Russian Foreign Minister Sergei Lavrov on Wednesday said his country rejects military intervention.\n\n"
    "“We do not struggle to change the regime,” Lavrov said."
)


def extraction(doc_id: str, text: str = TEXT, input_hash: str = "h1") -> Extraction:
    content = "his country rejects military intervention"
    direct = "We do not struggle to change the regime,"
    quotes = [
        Quote("indirect", [Span(content, text.index(content), text.index(content) + len(content))],
              Span("said", text.index("said"), text.index("said") + 4),
              SpeakerRef("Sergei Lavrov", "Russian Foreign Minister Sergei Lavrov", 0, 38), 0.9,
              said_on_text="on Wednesday"),
        Quote("direct", [Span(direct, text.index(direct), text.index(direct) + len(direct))],
              Span("said", text.rindex("said"), text.rindex("said") + 4),
              SpeakerRef("Sergei Lavrov", "Lavrov", text.rindex("Lavrov"), text.rindex("Lavrov") + 6), 0.9),
    ]
    article = Article(id=doc_id, source=f"{doc_id}.txt", text=text, published_source="text",
                      published_range=("2012-07-04", "2026-11-22"))
    return Extraction(id=doc_id, source=f"{doc_id}.txt", article=article, quotes=quotes, input_hash=input_hash)


def article_row(store: Store, doc_id: str) -> dict:
    rows = store.query("SELECT * FROM articles WHERE doc_id = ? ORDER BY id DESC", [doc_id])
    return dict(rows[0])


def said_on(store: Store, article_id: int) -> list[str | None]:
    return [r[0] for r in store.query("SELECT said_on FROM quotes WHERE article_id = ? ORDER BY seq", [article_id])]


def test_override_updates_the_article_and_its_statement_dates(settings: Settings) -> None:
    with Store(settings.db_path) as store:
        store.save_batch([extraction("doc-1")])
        before = article_row(store, "doc-1")
        assert before["published"] is None and said_on(store, before["id"]) == [None, None]

        ids = override_published(store, "doc-1", "2013-04-17", settings=settings)

        row = article_row(store, "doc-1")
        assert ids == [row["id"]]
        assert (row["published"], row["published_precision"], row["published_source"]) == ("2013-04-17", "day", "override")
        assert (row["published_from"], row["published_to"]) == ("2013-04-17", "2013-04-17")
        assert row["published_evidence"].startswith("corrected by a user on ")
        assert "no date before" in row["published_evidence"]
        # "on Wednesday" is now the Wednesday of 17 April 2013, for both statements of the occasion.
        assert said_on(store, row["id"]) == ["2013-04-17", "2013-04-17"]
        correction = store.query("SELECT kind, target, value_json FROM corrections")
        assert [(c["kind"], c["target"]) for c in correction] == [("date_override", "doc-1")]
        assert json.loads(correction[0]["value_json"])["range"] == ["2013-04-17", "2013-04-17"]


def test_a_later_ingest_of_the_same_doc_id_keeps_the_correction(settings: Settings) -> None:
    with Store(settings.db_path) as store:
        store.save_batch([extraction("doc-1")])
        override_published(store, "doc-1", "2013-04-19", settings=settings)
        changed = TEXT + "\n\nLavrov arrived earlier in the day in Istanbul."
        store.save_batch([extraction("doc-1", changed, input_hash="h2")])  # a new version of the document
        row = article_row(store, "doc-1")
        assert row["input_hash"] == "h2"
        assert (row["published"], row["published_source"]) == ("2013-04-19", "override")
        assert said_on(store, row["id"]) == ["2013-04-17", "2013-04-17"]  # the Wednesday before Friday the 19th
        assert stored_override(store.conn, "doc-1")["published"] == "2013-04-19"
        store.save_batch([extraction("doc-2", input_hash="h3")])  # other documents are untouched
        assert article_row(store, "doc-2")["published_source"] == "text"


def test_the_latest_correction_wins_and_month_precision(settings: Settings) -> None:
    with Store(settings.db_path) as store:
        store.save_batch([extraction("doc-1")])
        override_published(store, "doc-1", "2013-04-17", settings=settings)
        article_id = article_row(store, "doc-1")["id"]
        override_published(store, article_id, "2013-04", "month", settings=settings)  # by article id
        row = article_row(store, "doc-1")
        assert (row["published"], row["published_precision"]) == ("2013-04-01", "month")
        assert (row["published_from"], row["published_to"]) == ("2013-04-01", "2013-04-30")
        assert "was 2013-04-17 from override" in row["published_evidence"]
        assert said_on(store, article_id) == [None, None]  # a weekday in an unknown week of April
        assert stored_override(store.conn, "doc-1")["precision"] == "month"


@pytest.mark.parametrize(
    ("target", "date", "precision", "error"),
    [
        ("nope", "2013-04-17", "day", NotFound),
        ("doc-1", "17/04/2013", "day", InputError),
        ("doc-1", "2013-02-30", "day", InputError),
        ("doc-1", "2013-04-17", "week", InputError),
        ("doc-1", "2099-01-01", "day", InputError),  # after the run day
    ],
)
def test_bad_corrections_are_refused(settings: Settings, target: str, date: str, precision: str, error: type) -> None:
    with Store(settings.db_path) as store:
        store.save_batch([extraction("doc-1")])
        with pytest.raises(error):
            override_published(store, target, date, precision, settings=settings)
        assert store.query("SELECT COUNT(*) FROM corrections")[0][0] == 0


def test_ingest_respects_a_stored_override(settings: Settings, tmp_path: Path) -> None:
    report = tmp_path / "report-7.txt"
    report.write_text(TEXT, encoding="utf-8")
    ingest([str(report)], settings)
    with Store(settings.db_path) as store:
        override_published(store, "report-7", "2013-04-17", settings=settings)
    report.write_text(TEXT + "\n\nLavrov arrived earlier in the day in Istanbul.", encoding="utf-8")
    summary = ingest([str(report)], settings)
    assert summary.stored == 1
    with Store(settings.db_path) as store:
        rows = store.query("SELECT published, published_source FROM articles WHERE doc_id = 'report-7' ORDER BY id")
        assert [tuple(r) for r in rows] == [("2013-04-17", "override"), ("2013-04-17", "override")]


def test_cli_date_set_and_show(settings: Settings) -> None:
    import subprocess
    import sys

    with Store(settings.db_path) as store:
        store.save_batch([extraction("doc-1")])

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "onrecord.cli", "--set", "today=2026-11-22", *args],
                              capture_output=True, text=True, timeout=120)

    done = run("date", "set", "doc-1", "2013-04-17", "--db", settings.db_path)
    assert done.returncode == 0, done.stderr
    assert "doc-1: published 2013-04-17 (day, source override) on 1 article(s)" in done.stdout
    shown = run("date", "show", "doc-1", "--db", settings.db_path)
    assert shown.returncode == 0, shown.stderr
    assert "2013-04-17" in shown.stdout and "source override" in shown.stdout
    assert "corrected by a user" in shown.stdout
    bad = run("date", "set", "doc-1", "2013-13-01", "--db", settings.db_path)
    assert bad.returncode == 2 and "is not a date" in bad.stderr
    missing = run("date", "set", "nope", "2013-04-17", "--db", settings.db_path)
    assert missing.returncode == 2 and "no article" in missing.stderr
