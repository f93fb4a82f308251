"""What a store holds, keyed by input hash: row ids and timestamps do not take part.

Used to show that a multi-process ingest, or a Dask job plus ``onrecord load``, leaves
the store a single-process ingest leaves: articles, quotes and failures, and after the
corpus-wide steps the speakers (aliases, roles), statements (which quotes, drift) and
near-duplicate groups.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

ARTICLE_COLUMNS = (
    "input_hash, doc_id, source, content_hash, title, outlet, outlet_evidence, outlet_source, wire, url, language, "
    "text, published, published_precision, published_source, published_from, published_to, published_evidence, "
    "removed_json, meta_json, versions_json, skipped_stage, skipped_reason"
)
QUOTE_COLUMNS = (
    'q.seq, q.kind, q.text, q.parts_json, q.start, q."end", q.cue_text, q.cue_start, q.cue_end, q.cue_lemma, '
    "q.speaker_name, q.speaker_mention, q.speaker_start, q.speaker_end, q.speaker_type, q.speaker_resolution, "
    "q.said_on, q.said_on_text, q.said_where, q.in_headline, q.confidence, q.version"
)


def store_state(path: str) -> dict[str, Any]:
    con = sqlite3.connect(path)
    try:
        quote_key = {
            qid: (h, seq)
            for qid, h, seq in con.execute("SELECT q.id, a.input_hash, q.seq FROM quotes q JOIN articles a ON a.id = q.article_id")
        }
        state: dict[str, Any] = {
            "articles": sorted(con.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles")),
            "quotes": sorted(
                con.execute(
                    f"SELECT a.input_hash, {QUOTE_COLUMNS}, s.name FROM quotes q JOIN articles a ON a.id = q.article_id "
                    "LEFT JOIN speakers s ON s.id = q.speaker_id"
                ),
                key=repr,
            ),
            "failures": sorted(con.execute("SELECT failure_key, doc_id, source, stage, reason FROM failures")),
        }
        speakers = []
        for sid, name, type_, count in con.execute("SELECT id, name, type, statement_count FROM speakers"):
            aliases = sorted(r[0] for r in con.execute("SELECT alias FROM speaker_aliases WHERE speaker_id = ?", (sid,)))
            roles = sorted(con.execute("SELECT role, first_seen, last_seen FROM speaker_roles WHERE speaker_id = ?", (sid,)))
            speakers.append((name, type_, count, tuple(aliases), tuple(roles)))
        state["speakers"] = sorted(speakers)
        statements = []
        for sid, speaker, said_on, said_where, first, n, drift, version in con.execute(
            "SELECT st.id, sp.name, st.said_on, st.said_where, st.first_published, st.n_reports, st.drift_json, st.version "
            "FROM statements st LEFT JOIN speakers sp ON sp.id = st.speaker_id"
        ):
            members = tuple(sorted(quote_key[r[0]] for r in con.execute("SELECT id FROM quotes WHERE statement_id = ?", (sid,))))
            entries = json.loads(drift)
            for entry in entries:
                entry["quote_id"] = quote_key[entry["quote_id"]]
            statements.append((members, speaker, said_on, said_where, first, n, json.dumps(entries, sort_keys=True), version))
        state["statements"] = sorted(statements, key=repr)
        groups: dict[int, list[str]] = {}
        for h, group in con.execute("SELECT input_hash, dup_group FROM articles WHERE dup_group IS NOT NULL"):
            groups.setdefault(group, []).append(h)
        state["near_duplicates"] = sorted(tuple(sorted(g)) for g in groups.values())
    finally:
        con.close()
    return state


def assert_same_store(actual: str, expected: str) -> None:
    """Table by table, so that a failure names what differs."""
    a, e = store_state(actual), store_state(expected)
    for key in e:
        assert len(a[key]) == len(e[key]), f"{key}: {len(a[key])} rows, expected {len(e[key])}"
        assert a[key] == e[key], f"{key} differ"
