"""Online backup and restore of a store (SQLite's backup API).

A backup is taken page by page while readers and even a writer keep working;
the copy is a consistent snapshot. Restore checks that the backup is an intact
onrecord store before it replaces anything, and writes through the backup API
into the target so that a crash mid-restore never leaves a half-copied file
in place of a good one: the target is only swapped in when the copy is complete.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import StoreError
from . import Store, _translate
from .schema import latest_version


def _check_intact(path: Path) -> int:
    """Integrity check of a store file; returns its schema version."""
    try:
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            version = con.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path} is not an intact onrecord store: {exc}", "pick another backup file") from None
    if result != "ok":
        raise StoreError(f"{path} fails the integrity check: {result}", "pick another backup file")
    if version is None or int(version) > latest_version():
        raise StoreError(f"{path} has schema version {version}, which this onrecord cannot open", "upgrade onrecord")
    return int(version)


def backup(db_path: str | Path, dest: str | Path) -> Path:
    """Copy the store at ``db_path`` to ``dest`` (a new file) while it stays in use."""
    dest = Path(dest)
    if dest.exists():
        raise StoreError(f"{dest} already exists", "choose a new file name for the backup")
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    with Store(db_path, readonly=True) as source:
        target = sqlite3.connect(tmp)
        try:
            source.conn.backup(target, pages=1024)
            target.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as exc:
            target.close()
            tmp.unlink(missing_ok=True)
            raise _translate(exc, str(dest)) from None
        target.close()
    _check_intact(tmp)
    os.replace(tmp, dest)
    return dest


def restore(backup_path: str | Path, db_path: str | Path) -> Path:
    """Replace the store at ``db_path`` with the contents of ``backup_path`` (checked first).

    The replaced store is kept beside it as ``<name>.before-restore``. Stop ``onrecord
    serve`` and any ingest on this store first: they hold the old file open.
    """
    src = Path(backup_path)
    if not src.is_file():
        raise StoreError(f"no backup at {src}", "give the path of a file made by onrecord backup")
    _check_intact(src)
    db = Path(db_path)
    tmp = db.with_name(db.name + ".restoring")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(src.resolve().as_uri() + "?mode=ro", uri=True)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise _translate(exc, str(db)) from None
    finally:
        source.close()
        target.close()
    if db.exists():
        # Keep the store being replaced: fold its WAL into the file, then set it aside.
        old = sqlite3.connect(db)
        try:
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # a damaged store is still set aside as it is
        finally:
            old.close()
        os.replace(db, db.with_name(db.name + ".before-restore"))
    # WAL files belong to the old database; they must not meet the restored one.
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    os.replace(tmp, db)
    Store(db).close()  # reopen once: WAL mode back on, migrations applied if the backup is older
    return db
