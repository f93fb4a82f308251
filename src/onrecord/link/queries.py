"""Read queries over statements, shared by the CLI and (later) the web routes.

- :func:`list_statements` - statements, optionally of one speaker (name or alias), newest first
- :func:`statement_detail` - one statement with every report and its drift
- :func:`iter_statement_export` / :func:`write_statements` - the export format
  ``{"id", "speaker", "said_on", "said_where", "reports": [...], "drift": [...]}``
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from typing import IO, Any

from ..errors import InputError, NotFound

EXPORT_FORMATS = ("jsonl", "csv")


def _speaker_clause(speaker: str | None) -> tuple[str, list[Any]]:
    if not speaker:
        return "", []
    return (
        "AND (st.speaker_id IN (SELECT speaker_id FROM speaker_aliases WHERE alias = ?) "
        "OR st.speaker_id IN (SELECT id FROM speakers WHERE name = ? COLLATE NOCASE))",
        [speaker, speaker],
    )


def list_statements(
    conn: sqlite3.Connection, *, speaker: str | None = None, min_reports: int = 1, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Statements with speaker, date, place, report count, outlets and the fullest wording."""
    clause, params = _speaker_clause(speaker)
    rows = conn.execute(
        f"""SELECT st.id, s.name AS speaker, st.said_on, st.said_where, st.first_published, st.n_reports, st.drift_json
            FROM statements st LEFT JOIN speakers s ON s.id = st.speaker_id
            WHERE st.n_reports >= ? {clause}
            ORDER BY COALESCE(st.said_on, st.first_published) IS NULL, COALESCE(st.said_on, st.first_published) DESC, st.id
            LIMIT ? OFFSET ?""",
        (min_reports, *params, limit, offset),
    ).fetchall()
    out = []
    for sid, name, said_on, said_where, first_published, n, _drift in rows:
        reports = _reports(conn, sid)
        fullest = max(reports, key=lambda r: len(r["text"].split())) if reports else None
        out.append(
            {
                "id": sid, "speaker": name, "said_on": said_on, "said_where": said_where,
                "first_published": first_published, "n_reports": n,
                "outlets": sorted({r["outlet"] for r in reports if r["outlet"]}),
                "text": fullest["text"] if fullest else "",
            }
        )
    return out


def _reports(conn: sqlite3.Connection, statement_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT q.id, a.doc_id, q.kind, q.text, a.outlet, a.published, a.id, q.start, q."end", q.said_on,
                  q.speaker_mention, q.cue_text, a.title, a.url
           FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.statement_id = ?
           ORDER BY a.published IS NULL, a.published, q.id""",
        (statement_id,),
    ).fetchall()
    return [
        {
            "quote_id": r[0], "article_id": r[1], "kind": r[2], "text": r[3], "outlet": r[4], "published": r[5],
            "article_row": r[6], "start": r[7], "end": r[8], "said_on": r[9], "mention": r[10], "cue": r[11],
            "title": r[12], "url": r[13],
        }
        for r in rows
    ]


def statement_detail(conn: sqlite3.Connection, statement_id: int) -> dict[str, Any]:
    """One statement: speaker, when and where, every report, and the drift entries."""
    row = conn.execute(
        """SELECT st.id, s.name, st.said_on, st.said_where, st.first_published, st.n_reports, st.drift_json, st.version
           FROM statements st LEFT JOIN speakers s ON s.id = st.speaker_id WHERE st.id = ?""",
        (statement_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no statement {statement_id}", "list statements with: onrecord statements --speaker NAME")
    return {
        "id": row[0], "speaker": row[1], "said_on": row[2], "said_where": row[3], "first_published": row[4],
        "n_reports": row[5], "reports": _reports(conn, row[0]), "drift": json.loads(row[6] or "[]"), "version": row[7],
    }


def iter_statement_export(
    conn: sqlite3.Connection, *, speaker: str | None = None, min_reports: int = 1
) -> Iterator[dict[str, Any]]:
    """Every statement in the export format, in id order.

    Each report also carries its ``quote_id``, the key that its drift entry refers to.
    """
    clause, params = _speaker_clause(speaker)
    cur = conn.execute(
        f"""SELECT st.id, s.name, st.said_on, st.said_where, st.drift_json FROM statements st
            LEFT JOIN speakers s ON s.id = st.speaker_id WHERE st.n_reports >= ? {clause} ORDER BY st.id""",
        (min_reports, *params),
    )
    for sid, name, said_on, said_where, drift in cur.fetchall():
        yield {
            "id": sid,
            "speaker": name,
            "said_on": said_on,
            "said_where": said_where,
            "reports": [
                {k: r[k] for k in ("article_id", "kind", "text", "outlet", "published", "quote_id")}
                for r in _reports(conn, sid)
            ],
            "drift": json.loads(drift or "[]"),
        }


def write_statements(rows: Iterator[dict[str, Any]], fmt: str, out: IO[str]) -> int:
    """Write exported statements as JSONL (one per line) or CSV (one row per report). Returns statements written."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}", "use --format jsonl or --format csv")
    n = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    # CSV is flat: one row per report, the statement's fields repeated, its drift flags per report.
    writer = csv.writer(out)
    writer.writerow(["statement_id", "speaker", "said_on", "said_where", "article_id", "kind", "text", "outlet",
                     "published", "drift_role", "drift_flags"])
    for row in rows:
        n += 1
        drift = {d["quote_id"]: d for d in row["drift"]}
        for r in row["reports"]:
            d = drift.get(r["quote_id"])
            writer.writerow([row["id"], row["speaker"], row["said_on"], row["said_where"], r["article_id"], r["kind"],
                             r["text"], r["outlet"], r["published"], d["role"] if d else "",
                             " ".join(d["flags"]) if d else ""])
    return n
