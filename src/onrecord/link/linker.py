"""Statement linking on the store: every quote gets a statement; drift for each statement.

Incremental: the quotes to link are those with no statement (new quotes, and quotes
whose speaker the registry changed). For each of their speakers, the linker takes the
already-linked quotes of that speaker whose occasion windows can overlap the new ones,
pulls in the whole statements those belong to, and clusters that set again
(:func:`onrecord.link.statements.cluster_block`). New clusters keep the id of the old
statement they share most quotes with, so statement ids (and web links) stay stable.
Embeddings, when used, are computed once per quote and cached in ``quote_embeddings``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

import numpy as np

from .drift import DriftReport, compute_drift
from .similarity import Embedder
from .statements import Report, cluster_block
from .text import link_config

VERSION = "statements-1"

_COLUMNS = (
    "q.id, q.speaker_id, q.kind, q.text, a.published, q.said_on, q.said_where, q.article_id, a.outlet, "
    "q.statement_id, a.doc_id"
)


def _report(row: sqlite3.Row | tuple[Any, ...]) -> Report:
    return Report(
        id=row[0], speaker=row[1], kind=row[2], text=row[3], published=row[4], said_on=row[5],
        said_where=row[6], article=row[7], outlet=row[8],
    )


def _vectors(conn: sqlite3.Connection, embedder: Embedder, reports: list[Report]) -> np.ndarray:
    ids = [int(str(r.id)) for r in reports]
    have: dict[int, np.ndarray] = {}
    for i in range(0, len(ids), 400):
        chunk = ids[i : i + 400]
        for qid, blob in conn.execute(
            f"SELECT quote_id, vector FROM quote_embeddings WHERE model = ? AND quote_id IN ({','.join('?' * len(chunk))})",
            (embedder.name, *chunk),
        ):
            have[int(qid)] = np.frombuffer(blob, dtype="<f4")
    missing = [r for r in reports if int(str(r.id)) not in have]
    if missing:
        vecs = embedder.encode([r.text for r in missing])
        for r, v in zip(missing, vecs, strict=True):
            have[int(str(r.id))] = v
        conn.executemany(
            "INSERT OR REPLACE INTO quote_embeddings (quote_id, model, vector) VALUES (?, ?, ?)",
            [(int(str(r.id)), embedder.name, v.astype("<f4").tobytes()) for r, v in zip(missing, vecs, strict=True)],
        )
    return np.stack([have[i] for i in ids])


def _neighbours(conn: sqlite3.Connection, speaker_id: int, new: list[Report]) -> list[tuple[Any, ...]]:
    """Linked quotes of the speaker whose windows can overlap the new reports' windows."""
    cfg = link_config()["statements"]
    pad = dt.timedelta(days=int(cfg["window_days"]) + int(cfg["said_on_slack_days"]) + 1)
    days = [d for r in new for d in (r.said_on, r.published) if d]
    where = "q.speaker_id = ? AND q.statement_id IS NOT NULL"
    params: list[Any] = [speaker_id]
    parsed = []
    for d in days:
        try:
            parsed.append(dt.date.fromisoformat(d[:10]))
        except ValueError:
            continue
    undated_new = any(not (r.said_on or r.published) for r in new)
    if parsed and not undated_new:
        lo, hi = (min(parsed) - pad).isoformat(), (max(parsed) + pad).isoformat()
        where += (
            " AND (COALESCE(q.said_on, a.published) IS NULL OR COALESCE(q.said_on, a.published) BETWEEN ? AND ? "
            "OR a.published BETWEEN ? AND ?)"
        )
        params += [lo, hi + "\uffff", lo, hi + "\uffff"]
    return conn.execute(f"SELECT {_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where}", params).fetchall()


def _statement_row(conn: sqlite3.Connection, sid: int | None, speaker_id: int | None, members: list[tuple[Any, ...]]) -> int:
    said_on = Counter(m[5] for m in members if m[5]).most_common(1)
    said_where = Counter(m[6] for m in members if m[6]).most_common(1)
    published = [m[4] for m in members if m[4]]
    drift = compute_drift(
        [DriftReport(quote_id=m[0], article_id=m[10], outlet=m[8], kind=m[2], text=m[3]) for m in sorted(members, key=lambda m: m[0])]
    )
    values = (
        speaker_id, said_on[0][0] if said_on else None, said_where[0][0] if said_where else None,
        min(published) if published else None, len(members), json.dumps(drift, ensure_ascii=False), VERSION,
    )
    if sid is None:
        cur = conn.execute(
            "INSERT INTO statements (speaker_id, said_on, said_where, first_published, n_reports, drift_json, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            values,
        )
        sid = int(cur.fetchone()[0])
    else:
        conn.execute(
            "UPDATE statements SET speaker_id = ?, said_on = ?, said_where = ?, first_published = ?, n_reports = ?, "
            "drift_json = ?, version = ? WHERE id = ?",
            (*values, sid),
        )
    conn.executemany("UPDATE quotes SET statement_id = ? WHERE id = ?", [(sid, m[0]) for m in members])
    return sid


def link_statements(conn: sqlite3.Connection, embedder: Embedder | None, *, full: bool = False) -> dict[str, int]:
    """Link the quotes that have no statement yet (all quotes when ``full``). Runs in the caller's transaction."""
    if full:
        conn.execute("UPDATE quotes SET statement_id = NULL WHERE statement_id IS NOT NULL")
        conn.execute("DELETE FROM statements")
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.statement_id IS NULL ORDER BY q.id"
    ).fetchall()
    by_speaker: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_speaker[row[1]].append(tuple(row))
    created = updated = deleted = 0
    for speaker_id, new_rows in by_speaker.items():
        if speaker_id is None:  # an unattributed quote is a statement of its own
            for row in new_rows:
                _statement_row(conn, None, None, [row])
                created += 1
            continue
        new_reports = [_report(r) for r in new_rows]
        near = [tuple(r) for r in _neighbours(conn, speaker_id, new_reports)]
        old_ids = sorted({r[9] for r in near})
        pulled: list[tuple[Any, ...]] = []
        for i in range(0, len(old_ids), 400):
            chunk = old_ids[i : i + 400]
            pulled += [
                tuple(r)
                for r in conn.execute(
                    f"SELECT {_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
                    f"WHERE q.statement_id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            ]
        members = {r[0]: r for r in [*pulled, *new_rows]}
        block_rows = [members[k] for k in sorted(members)]
        block = [_report(r) for r in block_rows]
        vectors = _vectors(conn, embedder, block) if embedder is not None and len(block) > 1 else None
        clusters = cluster_block(block, vectors)
        # Stable ids: each cluster keeps the old statement it shares most quotes with.
        used: set[int] = set()
        for idx in sorted(clusters, key=len, reverse=True):
            rows_c = [block_rows[i] for i in idx]
            votes = Counter(r[9] for r in rows_c if r[9] is not None)
            sid = next((s for s, _n in votes.most_common() if s not in used), None)
            if sid is None:
                created += 1
            else:
                used.add(sid)
                updated += 1
            _statement_row(conn, sid, speaker_id, rows_c)
        gone = [s for s in old_ids if s not in used]
        for s in gone:
            conn.execute("DELETE FROM statements WHERE id = ?", (s,))
        deleted += len(gone)
    return {"linked_quotes": len(rows), "statements_created": created, "statements_updated": updated,
            "statements_deleted": deleted}
