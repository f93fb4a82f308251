"""Stage 8, store: one SQLite file (WAL, FTS5, versioned migrations).

Needs: extractions from the pipeline.
Adds: rows in ``articles`` / ``quotes`` / ``speakers`` (or ``failures`` for a
document that produced no article), one transaction per batch. Re-ingesting the
same input adds nothing (``input_hash`` is unique). A process killed mid-batch
leaves the store as it was before that batch: SQLite rolls the open transaction
back on the next open, and re-running the ingest completes the work.

One writer, many readers: WAL mode lets the web server read while an ingest writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ..errors import StoreError, StoreFull, StoreVersionError
from ..model import Extraction
from .schema import MIGRATIONS, latest_version

VERSION = "store-1"

__all__ = ["VERSION", "Store"]


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def failure_key(source: str, doc_id: str) -> str:
    return hashlib.sha256(f"{source}\x1f{doc_id}".encode("utf-8", "surrogatepass")).hexdigest()


def _translate(exc: sqlite3.Error, path: str) -> StoreError:
    msg = str(exc)
    if "disk is full" in msg or "database or disk is full" in msg:
        return StoreFull(f"the store {path} is full: {msg}", "free disk space (or raise the size limit) and re-run; the store is intact")
    if "locked" in msg or "busy" in msg:
        return StoreError(f"the store {path} is busy: {msg}", "another onrecord process is writing; wait for it or use another --db")
    if "not a database" in msg or "malformed" in msg:
        return StoreError(f"{path} is not a usable onrecord store: {msg}", "restore it from a backup (onrecord restore) or use another --db")
    return StoreError(f"store error on {path}: {msg}")


class Store:
    """A connection to one store file. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, *, readonly: bool = False, create: bool = True) -> None:
        self.path = str(path)
        if (readonly or not create) and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}", "create one with: onrecord ingest PATH --db " + self.path)
        try:
            if readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 10000")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
            else:
                self._check_version()
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None
        self.readonly = readonly

    # -- lifecycle -----------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on error)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None
        try:
            yield self.conn
        except sqlite3.Error as exc:
            self._rollback()
            raise _translate(exc, self.path) from None
        except BaseException:
            self._rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise _translate(exc, self.path) from None

    def _rollback(self) -> None:
        # On SQLITE_FULL or an I/O error SQLite may have rolled back already: a second
        # ROLLBACK would raise "no transaction is active" and hide the real error.
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def schema_version(self) -> int:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        ).fetchone()
        if not exists:
            return 0
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _check_version(self) -> None:
        if self.schema_version() > latest_version():
            raise StoreVersionError(
                f"the store {self.path} has schema version {self.schema_version()}, newer than this onrecord ({latest_version()})",
                "upgrade onrecord to open it",
            )

    def migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT)"
        )
        self._check_version()
        current = self.schema_version()
        for version, description, sql in MIGRATIONS:
            if version <= current:
                continue
            # executescript commits implicitly, so the migration runs inside our own BEGIN.
            statements = [s for s in _split_sql(sql) if s.strip()]
            with self.transaction() as conn:
                for stmt in statements:
                    conn.execute(stmt)
                conn.execute(
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                    (version, description, _now()),
                )

    # -- writing ---------------------------------------------------------------------
    def known_inputs(self, hashes: Iterable[str]) -> set[str]:
        hashes = list(hashes)
        found: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self.conn.execute(f"SELECT input_hash FROM articles WHERE input_hash IN ({marks})", chunk)
            )
        return found

    def save_batch(self, extractions: list[Extraction]) -> list[str]:
        """Store a batch in one transaction. Returns per extraction: stored | duplicate | failed."""
        outcomes: list[str] = []
        with self.transaction() as conn:
            known = self.known_inputs(ex.input_hash for ex in extractions if ex.article is not None)
            for ex in extractions:
                if ex.article is None:
                    self._save_failure(conn, ex)
                    outcomes.append("failed")
                elif ex.input_hash in known:
                    outcomes.append("duplicate")
                else:
                    self._save_article(conn, ex)
                    known.add(ex.input_hash)
                    outcomes.append("stored")
        return outcomes

    def _save_failure(self, conn: sqlite3.Connection, ex: Extraction) -> None:
        assert ex.skipped is not None
        conn.execute(
            """INSERT INTO failures (failure_key, doc_id, source, stage, reason, seen_at) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(failure_key) DO UPDATE SET stage=excluded.stage, reason=excluded.reason, seen_at=excluded.seen_at""",
            (failure_key(ex.source, ex.id), ex.id, ex.source, ex.skipped.stage, ex.skipped.reason, _now()),
        )

    def speaker_id(self, conn: sqlite3.Connection, name: str, type_: str) -> int:
        """The canonical speaker for ``name`` (through aliases), created if new."""
        row = conn.execute("SELECT speaker_id FROM speaker_aliases WHERE alias = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        cur = conn.execute(
            "INSERT INTO speakers (name, type) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET name=name RETURNING id",
            (name, type_),
        )
        sid = int(cur.fetchone()[0])
        conn.execute("INSERT OR IGNORE INTO speaker_aliases (alias, speaker_id) VALUES (?, ?)", (name, sid))
        return sid

    def _save_article(self, conn: sqlite3.Connection, ex: Extraction) -> int:
        from ..dating.overrides import (
            apply_stored_override,  # a user's date correction outlives re-ingest
        )

        apply_stored_override(conn, ex)
        a = ex.article
        assert a is not None
        rng = a.published_range or (None, None)
        cur = conn.execute(
            """INSERT INTO articles (doc_id, source, input_hash, content_hash, title, outlet, outlet_evidence,
                   outlet_source, wire, url, language, text, published, published_precision, published_source,
                   published_from, published_to, published_evidence, removed_json, meta_json, versions_json,
                   skipped_stage, skipped_reason, ingested_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                a.id, a.source, ex.input_hash, content_hash(a.text), a.title, a.outlet, a.outlet_evidence,
                a.outlet_source, a.wire, a.url, a.language, a.text, a.published, a.published_precision,
                a.published_source, rng[0], rng[1], a.published_evidence,
                json.dumps([r.to_dict() for r in a.removed], ensure_ascii=False),
                json.dumps(a.meta, ensure_ascii=False, default=str),
                json.dumps(ex.versions),
                ex.skipped.stage if ex.skipped else None,
                ex.skipped.reason if ex.skipped else None,
                _now(),
            ),
        )
        article_id = int(cur.lastrowid or 0)
        for seq, q in enumerate(ex.quotes):
            sid = self.speaker_id(conn, q.speaker.name, q.speaker.type) if q.speaker.name else None
            conn.execute(
                """INSERT INTO quotes (article_id, seq, kind, text, parts_json, start, "end", cue_text, cue_start,
                       cue_end, cue_lemma, speaker_name, speaker_id, speaker_mention, speaker_start, speaker_end,
                       speaker_type, speaker_resolution, said_on, said_on_text, said_where, in_headline,
                       confidence, version)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (
                    article_id, seq, q.kind, q.text, json.dumps([p.to_dict() for p in q.parts], ensure_ascii=False),
                    q.start, q.end,
                    q.cue.text if q.cue else None, q.cue.start if q.cue else None, q.cue.end if q.cue else None,
                    q.cue_lemma, q.speaker.name, sid, q.speaker.mention, q.speaker.start, q.speaker.end,
                    q.speaker.type, q.speaker.resolution, q.said_on, q.said_on_text, q.said_where,
                    int(q.in_headline), q.confidence, q.version,
                ),
            )
        # A document that once failed and now succeeds is no longer a failure.
        conn.execute("DELETE FROM failures WHERE failure_key = ?", (failure_key(ex.source, ex.id),))
        return article_id

    # -- reading -----------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "quotes", "speakers", "statements", "failures"):
            out[table] = int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        return out

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        try:
            return list(self.conn.execute(sql, tuple(params)))
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies (BEGIN ... END;) whole."""
    out: list[str] = []
    buf: list[str] = []
    for line in script.splitlines():
        buf.append(line)
        candidate = "\n".join(buf)
        if candidate.rstrip().endswith(";") and sqlite3.complete_statement(candidate):
            out.append(candidate)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out
