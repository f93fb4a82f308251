"""onrecord backup / restore: consistent copies, checked restores, nothing lost."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from helpers import make_extraction, store_snapshot
from onrecord.errors import StoreError
from onrecord.store import Store
from onrecord.store.backup import backup, restore


def _filled(path, n=5):
    with Store(path) as store:
        store.save_batch([make_extraction(f"d{i}", f'"Yes {i}," said Lavrov.') for i in range(n)])
    return store_snapshot(str(path))


def test_backup_then_restore_round_trip(tmp_path):
    db = tmp_path / "live.db"
    snap = _filled(db)
    copy = backup(db, tmp_path / "b.db")
    assert store_snapshot(str(copy)) == snap
    with Store(db) as store:  # the live store moves on
        store.save_batch([make_extraction("later", '"Later," said Lavrov.')])
    assert store_snapshot(str(db)) != snap
    restore(copy, db)
    assert store_snapshot(str(db)) == snap
    kept = tmp_path / "live.db.before-restore"
    assert len(store_snapshot(str(kept))["articles"]) == 6
    with Store(db) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_backup_while_a_writer_works_is_consistent(tmp_path):
    db = tmp_path / "live.db"
    _filled(db, 2)
    stop = threading.Event()

    def writer():
        i = 0
        with Store(db) as store:
            while not stop.is_set() and i < 200:
                store.save_batch([make_extraction(f"w{i}", f'"W {i}," said Lavrov.')])
                i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        copy = backup(db, tmp_path / "during.db")
    finally:
        stop.set()
        t.join()
    con = sqlite3.connect(copy)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # every article in the copy has its quote: a snapshot, not a torn copy
    n_articles, n_quotes = con.execute("SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM quotes)").fetchone()
    assert n_articles == n_quotes >= 2


def test_backup_refuses_to_overwrite(tmp_path):
    db = tmp_path / "live.db"
    _filled(db)
    (tmp_path / "exists.db").write_bytes(b"keep me")
    with pytest.raises(StoreError):
        backup(db, tmp_path / "exists.db")
    assert (tmp_path / "exists.db").read_bytes() == b"keep me"


def test_restore_from_a_bad_file_changes_nothing(tmp_path):
    db = tmp_path / "live.db"
    snap = _filled(db)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(StoreError):
        restore(bad, db)
    with pytest.raises(StoreError):
        restore(tmp_path / "missing.db", db)
    assert store_snapshot(str(db)) == snap
