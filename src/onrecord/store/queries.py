"""Read queries over the store, shared by the CLI, the HTTP API and the web pages."""

from __future__ import annotations

from typing import Any

from . import Store


def list_quotes(
    store: Store, *, speaker: str | None = None, kind: str | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Statements with their article's outlet and date, newest publication first."""
    where: list[str] = []
    params: list[Any] = []
    if speaker:
        where.append(
            "(q.speaker_id IN (SELECT speaker_id FROM speaker_aliases WHERE alias = ?) OR q.speaker_name = ?)"
        )
        params += [speaker, speaker]
    if kind:
        where.append("q.kind = ?")
        params.append(kind)
    sql = f"""
        SELECT q.id, q.kind, q.text, q.start, q."end", q.cue_text AS cue, q.speaker_mention AS mention,
               COALESCE(s.name, q.speaker_name) AS speaker, q.said_on, q.said_where, q.confidence,
               a.id AS article_id, a.doc_id, a.outlet, a.published, a.title
        FROM quotes q JOIN articles a ON a.id = q.article_id
        LEFT JOIN speakers s ON s.id = q.speaker_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY a.published IS NULL, a.published DESC, a.id, q.seq
        LIMIT ? OFFSET ?"""
    return [dict(r) for r in store.query(sql, [*params, limit, offset])]
