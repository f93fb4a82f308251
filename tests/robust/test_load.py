"""A small, bounded load test: concurrent clients against ``onrecord serve`` (a second
process on 127.0.0.1) while ``onrecord ingest`` (a third) writes to the same store.
Zero errors; no timing is asserted (bench/load.py reports the figures on 100k statements)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.load import run_load  # noqa: E402 - bench/ is a folder of the repository, not a package on the path
from bench.synthetic_store import build  # noqa: E402


@pytest.mark.slow
def test_serve_answers_every_request_while_an_ingest_writes(tmp_path):
    db = build(tmp_path / "small.db", 1500, seed=3, drift=False)
    before = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    report = run_load(db, n_requests=240, concurrency=4, time_limit=240, ingest_docs=12)
    assert report["requests_sent"] == 240, "the time limit cut the run short"
    assert report["overall"]["errors"] == 0, report["errors"]
    assert {r["kind"] for r in report["results"] if r["requests"]} == {"search", "speaker", "statement", "export"}
    # The writer really wrote while the requests ran, and the store it leaves is intact.
    assert report["articles_written_meanwhile"] > 0
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] > before
    con.close()


def test_regression_export_of_a_busy_speaker_uses_the_indexes(tmp_path):
    """Found by bench/load.py: /api/export?speaker=..&limit=50 timed out on the 100k store. The
    export joined quotes to the matching statements on COALESCE(statement_id, -id), which no
    index serves: SQLite scanned every quote for every statement (445 s for the busiest speaker).
    Now the join uses the statement_id index and the rowid; the result is the same."""
    from onrecord.model import Article, Extraction, Quote, Span, SpeakerRef
    from onrecord.store import Store
    from onrecord.store import queries as Q

    db = build(tmp_path / "export.db", 300, seed=4, drift=False)
    with Store(db) as store:
        busiest, name = store.conn.execute("SELECT id, name FROM speakers ORDER BY statement_count DESC LIMIT 1").fetchone()
        text = "“Unlinked,” he said."
        unlinked = Quote(kind="direct", parts=[Span("Unlinked,", 1, 10)], cue=Span("said", 15, 19),
                         speaker=SpeakerRef(name, "he", 12, 14, "person", "pronoun"), confidence=0.9, version="t")
        store.save_batch([Extraction(id="u", source="u", input_hash="h-u", quotes=[unlinked],
                                     article=Article(id="u", source="u", text=text))])
        plans: list[str] = []
        store.conn.set_trace_callback(lambda sql: plans.append(sql) if "WITH m AS" in sql else None)
        exported = list(Q.iter_export(store, Q.make_filters(None, speaker=str(busiest))))
        store.conn.set_trace_callback(None)
        plan = [r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + plans[0])]
        rows = store.conn.execute("SELECT id, statement_id, speaker_id FROM quotes").fetchall()
    after_m = plan[plan.index("SCAN m") + 1 :]
    assert not any(step.startswith("SCAN q") for step in after_m), plan  # no full scan of quotes per statement

    def key(qid, sid):
        return sid if sid is not None else -qid

    keys = {key(qid, sid) for qid, sid, spk in rows if spk == busiest}
    expected = {k: sorted(qid for qid, sid, _ in rows if key(qid, sid) == k) for k in keys}
    got = {key(st["reports"][0]["quote_id"], st["id"]): sorted(r["quote_id"] for r in st["reports"]) for st in exported}
    assert got == expected and any(k < 0 for k in got)  # linked statements and the unlinked quote
