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
