"""A user's correction of a publication date, kept in the store so that it outlives re-ingest.

``override_published(store, "doc-17", "2012-11-28")`` records a ``date_override`` correction
for the document id and updates every stored article with that id at once: the date, its
precision and range, ``published_source = "override"`` and the evidence (who set it when, and
what it replaced). The statements' ``said_on`` dates, read against the publication date, are
resolved again. When the same document id is ingested later (a changed file, a re-crawl), the
store applies the latest correction before saving (:func:`apply_stored_override`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import TYPE_CHECKING, Any

from ..errors import InputError, NotFound
from ..model import Article, Extraction, Quote, Span, SpeakerRef
from ..settings import Settings
from .days import month_span, to_day, year_span
from .said import resolve_said

if TYPE_CHECKING:
    from ..store import Store

KIND = "date_override"
PRECISIONS = ("day", "month", "year")


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _normalise(date: str, precision: str, run_day: str) -> dict[str, Any]:
    """The stored value of a correction: published, precision and range, validated."""
    if precision not in PRECISIONS:
        raise InputError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    text = (date or "").strip()
    padded = {"day": text, "month": text + "-01", "year": text + "-01-01"}
    day = to_day(text) or (to_day(padded[precision]) if len(text) in (4, 7) else None)
    if day is None or not text[:4].isdigit():
        raise InputError(f"{date!r} is not a date", "write it as YYYY-MM-DD (or YYYY-MM, YYYY with --precision)")
    if precision == "month":
        lo, hi = month_span(day.year, day.month)
    elif precision == "year":
        lo, hi = year_span(day.year)
    else:
        lo = hi = day
    if lo.isoformat() > run_day:
        raise InputError(f"{date} is after the run day {run_day}", "a publication date cannot lie in the future")
    return {"published": lo.isoformat(), "precision": precision, "range": [lo.isoformat(), hi.isoformat()]}


_DATE_COLS = "id, doc_id, published, published_precision, published_source, published_from, published_to"


def stored_dates(store: Store, article_id_or_doc_id: int | str) -> list[sqlite3.Row]:
    """The stored publication date of the article(s) with this document id (or store article
    id): date, precision, range, source and evidence; ``NotFound`` when there is none."""
    return _targets(store, article_id_or_doc_id, f"{_DATE_COLS}, published_evidence")


def _targets(store: Store, article_id_or_doc_id: int | str, cols: str = f"{_DATE_COLS}, text") -> list[sqlite3.Row]:
    rows: list[sqlite3.Row] = []
    if isinstance(article_id_or_doc_id, str):
        rows = store.query(f"SELECT {cols} FROM articles WHERE doc_id = ? ORDER BY id", [article_id_or_doc_id])
    if not rows and str(article_id_or_doc_id).isdigit():
        rows = store.query(f"SELECT {cols} FROM articles WHERE id = ?", [int(article_id_or_doc_id)])
    if not rows:
        raise NotFound(f"no article with doc id or article id {article_id_or_doc_id!r}",
                       "list articles with: onrecord search, or check the id in onrecord extract's output")
    return rows


def _evidence(value: dict[str, Any], previous: str | None, previous_source: str | None) -> str:
    was = f"was {previous} from {previous_source}" if previous else "no date before"
    return f"corrected by a user on {value['set_at']} ({was})"


def override_published(
    store: Store, article_id_or_doc_id: int | str, date: str, precision: str = "day", *, settings: Settings | None = None
) -> list[int]:
    """Record a date correction and apply it to the stored article(s); returns their ids.

    ``article_id_or_doc_id``: a document id (every stored article of that id is corrected, and
    so is any later ingest of it), or a store article id (an int, or digits no doc id has).
    ``date``: YYYY-MM-DD (YYYY-MM or YYYY with precision month or year).
    """
    settings = settings or Settings()
    value = _normalise(date, precision, settings.run_day)
    value["set_at"] = _now()
    rows = _targets(store, article_id_or_doc_id)
    with store.transaction() as conn:
        for doc_id in dict.fromkeys(r["doc_id"] for r in rows):
            conn.execute(
                "INSERT INTO corrections (kind, target, value_json, created_at) VALUES (?, ?, ?, ?)",
                (KIND, doc_id, json.dumps(value), value["set_at"]),
            )
        for row in rows:
            evidence = _evidence(value, row["published"], row["published_source"])
            conn.execute(
                """UPDATE articles SET published = ?, published_precision = ?, published_source = 'override',
                       published_from = ?, published_to = ?, published_evidence = ? WHERE id = ?""",
                (value["published"], value["precision"], *value["range"], evidence, row["id"]),
            )
            _redate_quotes(conn, row, value, settings)
    return [int(r["id"]) for r in rows]


def stored_override(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """The latest date correction recorded for ``doc_id``, or None."""
    row = conn.execute(
        "SELECT value_json FROM corrections WHERE kind = ? AND target = ? ORDER BY id DESC LIMIT 1", (KIND, doc_id)
    ).fetchone()
    return json.loads(row[0]) if row else None


def apply_stored_override(conn: sqlite3.Connection, ex: Extraction, settings: Settings | None = None) -> bool:
    """Give an extraction about to be stored its document's date correction, if there is one."""
    article = ex.article
    if article is None:
        return False
    value = stored_override(conn, article.id)
    if value is None:
        return False
    previous, previous_source = article.published, article.published_source
    article.published, article.published_precision = value["published"], value["precision"]
    article.published_source = "override"
    article.published_range = (value["range"][0], value["range"][1])
    article.published_evidence = _evidence(value, previous, previous_source)
    resolve_said(ex.quotes, article, settings or Settings())
    return True


def _redate_quotes(conn: sqlite3.Connection, row: sqlite3.Row, value: dict[str, Any], settings: Settings) -> None:
    """Resolve the stored statements' dates again against the corrected publication date."""
    stored = conn.execute(
        """SELECT id, kind, parts_json, cue_text, cue_start, cue_end, speaker_name, speaker_mention,
                  speaker_start, speaker_end, confidence FROM quotes WHERE article_id = ? ORDER BY seq""",
        (row["id"],),
    ).fetchall()
    if not stored:
        return
    quotes = []
    for q in stored:
        parts = [Span(p["text"], p["start"], p["end"]) for p in json.loads(q["parts_json"])]
        cue = Span(q["cue_text"], q["cue_start"], q["cue_end"]) if q["cue_text"] is not None else None
        speaker = SpeakerRef(q["speaker_name"], q["speaker_mention"], q["speaker_start"], q["speaker_end"])
        quotes.append(Quote(q["kind"], parts, cue, speaker, q["confidence"]))
    article = Article(id=row["doc_id"], source="", text=row["text"], published=value["published"],
                      published_precision=value["precision"], published_range=(value["range"][0], value["range"][1]))
    resolve_said(quotes, article, settings)
    conn.executemany(
        "UPDATE quotes SET said_on = ?, said_on_text = ?, said_where = ? WHERE id = ?",
        [(q.said_on, q.said_on_text, q.said_where, s["id"]) for q, s in zip(quotes, stored, strict=True)],
    )
