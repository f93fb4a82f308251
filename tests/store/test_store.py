"""The store: migrations, idempotent ingest, failures recorded, crash safety."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import make_extraction, store_snapshot
from onrecord.errors import StoreError, StoreVersionError
from onrecord.ingest import ingest
from onrecord.model import Extraction, Skip
from onrecord.settings import load_settings
from onrecord.store import Store
from onrecord.store.schema import latest_version

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "examples" / "seeds"


def test_new_store_is_migrated_and_in_wal_mode(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version() == latest_version()
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.counts() == {"articles": 0, "quotes": 0, "speakers": 0, "statements": 0, "failures": 0}


def test_store_from_a_newer_onrecord_is_refused(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    con.commit()
    con.close()
    with pytest.raises(StoreVersionError):
        Store(path)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert "not a usable onrecord store" in info.value.message


def test_readonly_store_must_exist(tmp_path):
    with pytest.raises(StoreError) as info:
        Store(tmp_path / "none.db", readonly=True)
    assert "onrecord ingest" in info.value.hint


def test_save_batch_is_idempotent_and_records_failures(tmp_path):
    with Store(tmp_path / "s.db") as store:
        batch = [
            make_extraction("a", '"Yes," said Lavrov.'),
            Extraction(id="bad", source="bad.bin", article=None, skipped=Skip("read", "binary file"), input_hash="h-bad"),
        ]
        assert store.save_batch(batch) == ["stored", "failed"]
        assert store.save_batch(batch) == ["duplicate", "failed"]
        assert store.counts() == {"articles": 1, "quotes": 1, "speakers": 1, "statements": 0, "failures": 1}
        row = store.query("SELECT q.text, s.name FROM quotes q JOIN speakers s ON s.id = q.speaker_id")[0]
        assert tuple(row) == ("Yes,", "Sergei Lavrov")
        # Full-text index follows the articles table.
        hits = store.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'lavrov'")
        assert len(hits) == 1


def test_failed_transaction_leaves_store_unchanged(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_batch([make_extraction("a", '"Yes," said Lavrov.')])
        before = store_snapshot(store.path)
        broken = make_extraction("b", '"No," said Lavrov.')
        broken.quotes[0].kind = None  # type: ignore[assignment]  # violates NOT NULL mid-batch
        with pytest.raises(StoreError):
            store.save_batch([make_extraction("c", '"Maybe," said Lavrov.'), broken])
        assert store_snapshot(store.path) == before


def test_reingest_of_the_seeds_adds_nothing(tmp_path, settings):
    first = ingest([str(SEEDS)], settings)
    snap = store_snapshot(settings.db_path)
    second = ingest([str(SEEDS)], settings)
    assert (first.read, first.stored, first.duplicates) == (5, 5, 0)
    assert (second.read, second.stored, second.duplicates) == (5, 0, 5)
    assert store_snapshot(settings.db_path) == snap


def test_bad_input_folder_is_summarised_and_keeps_what_was_stored(tmp_path):
    settings = load_settings(env={}, db_path=str(tmp_path / "s.db"), today="2026-11-22", max_document_bytes=20_000_000)
    ingest([str(SEEDS)], settings)
    before = store_snapshot(settings.db_path)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "blob.bin").write_bytes(os.urandom(4096))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "latin1.txt").write_bytes("Le ministre a déclaré que la paix était possible.".encode("latin-1"))
    (bad / "cut.warc.gz").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(200))
    (bad / "broken.html").write_text("<html><body><div><p>Lavrov said talks would go on. <b>Unclosed <i>tags")
    with (bad / "huge.txt").open("wb") as fh:
        for _ in range(50):
            fh.write(b"All work and no play makes a very long file. " * 22_800)  # ~50 MB
    summary = ingest([str(bad)], settings)
    reasons = {Path(src).name.split("#")[0]: reason for src, _stage, reason in summary.skipped}
    assert set(reasons) == {"blob.bin", "empty.txt", "cut.warc.gz", "huge.txt"}
    assert "binary" in reasons["blob.bin"] or "unsupported" in reasons["blob.bin"]
    assert reasons["empty.txt"] == "empty file"
    assert "WARC" in reasons["cut.warc.gz"]
    assert "larger than max_document_bytes" in reasons["huge.txt"]
    assert summary.stored == 2  # the Latin-1 file and the malformed HTML
    after = store_snapshot(settings.db_path)
    assert set(before["articles"]) <= set(after["articles"])
    assert set(before["quotes"]) <= set(after["quotes"])
    assert len(after["failures"]) == 4


def _corpus(path: Path, n: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"doc{i}", "text": f"Report {i}.\n\n" + texts[i % len(texts)]}) + "\n")


@pytest.mark.slow
def test_kill_9_during_ingest_leaves_a_valid_store_and_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 60)
    reference = tmp_path / "reference.db"
    # Lexical linking: loading the embedding model in each of five runs is what took the time.
    env = {**os.environ, "ONRECORD_BATCH_SIZE": "4", "ONRECORD_TODAY": "2026-11-22", "ONRECORD_EMBEDDINGS": "off"}
    cmd = [sys.executable, "-m", "onrecord.cli"]
    subprocess.run([*cmd, "ingest", str(corpus), "--db", str(reference)], env=env, check=True, capture_output=True)
    expected = store_snapshot(str(reference))
    assert len(expected["articles"]) == 60

    db = tmp_path / "killed.db"
    kills = 0
    for attempt in range(3):
        proc = subprocess.Popen([*cmd, "ingest", str(corpus), "--db", str(db)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        target = 8 + 16 * attempt
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                con = sqlite3.connect(db, timeout=1)
                n = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                con.close()
            except sqlite3.Error:
                n = 0
            if n >= target:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Every stored article has all of its quotes: batches are all-or-nothing.
        partial = store_snapshot(str(db))
        ref_quotes = {q for q in expected["quotes"] if q[0] in {a[0] for a in partial["articles"]}}
        assert set(partial["quotes"]) == ref_quotes
        con.close()
    assert kills >= 1
    subprocess.run([*cmd, "ingest", str(corpus), "--db", str(db)], env=env, check=True, capture_output=True)
    assert store_snapshot(str(db)) == expected
