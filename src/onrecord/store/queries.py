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


# --- Search, speakers, statements and articles (the HTTP API, the web pages and the CLI) -------
#
# Every query below is built from fixed SQL fragments; user input only ever reaches
# SQLite as a bound parameter. A user's full-text query is first turned into a safe
# FTS5 expression by :func:`fts_expression`, so it can never raise an FTS syntax error.

import datetime as _dt  # noqa: E402
import json as _json  # noqa: E402
import os  # noqa: E402
import re as _re  # noqa: E402
import threading as _threading  # noqa: E402
from collections import Counter as _Counter  # noqa: E402
from dataclasses import dataclass as _dataclass  # noqa: E402
from dataclasses import field as _field  # noqa: E402
from typing import cast  # noqa: E402

from ..errors import NotFound as _NotFound  # noqa: E402
from ..errors import QueryError as _QueryError  # noqa: E402

SEARCH_KINDS = ("direct", "indirect", "mixed", "article")
SORTS = ("relevance", "newest", "oldest")
BUCKETS = ("day", "week", "month", "year")
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
_WORD = _re.compile(r"\w+")
_QUERY_TOKEN = _re.compile(r'"([^"]*)"?|(\S+)')


@_dataclass(frozen=True)
class QueryTerm:
    """One term of a parsed user query: a word, a prefix (``word*``) or a phrase."""

    words: tuple[str, ...]
    prefix: bool = False


@_dataclass(frozen=True)
class ParsedQuery:
    """A user query as OR-groups of AND-ed terms (``a b OR "c d"`` -> ``[[a, b], ["c d"]]``)."""

    groups: tuple[tuple[QueryTerm, ...], ...]

    def fts(self) -> str:
        """The FTS5 expression: every word double-quoted, so no user text is FTS syntax."""
        ors = []
        for group in self.groups:
            ands = [
                '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "") for t in group
            ]
            ors.append("(" + " AND ".join(ands) + ")" if len(ands) > 1 else ands[0])
        return " OR ".join(ors)

    def pattern(self) -> _re.Pattern[str]:
        """A regex finding the query's terms in a text (for highlighting matches)."""
        alts = []
        for group in self.groups:
            for t in group:
                body = r"\W+".join(_re.escape(w) for w in t.words)
                alts.append(r"\b" + body + (r"\w*" if t.prefix else r"\b"))
        return _re.compile("|".join(sorted(set(alts), key=len, reverse=True)), _re.IGNORECASE)


def parse_query(text: str | None) -> ParsedQuery | None:
    """Parse a user's search text; ``None`` when it holds no searchable word.

    Accepted: words (all must match), ``"a phrase"``, ``prefix*`` and ``OR`` between
    terms. Everything else (FTS operators, brackets, column filters, stray quotes) is
    treated as plain text, so any input is a valid query.
    """
    if text is None:
        return None
    if len(text) > MAX_QUERY_CHARS:
        raise _QueryError(
            f"the search text is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}",
            "search for a few distinctive words or a short phrase",
        )
    groups: list[list[QueryTerm]] = [[]]
    n_terms = 0
    for phrase, token in _QUERY_TOKEN.findall(text):
        if token == "OR":
            if groups[-1]:
                groups.append([])
            continue
        if token == "AND":  # the default between terms
            continue
        if token:
            words = _WORD.findall(token)
            for i, w in enumerate(words):
                groups[-1].append(QueryTerm((w.lower(),), prefix=token.endswith("*") and i == len(words) - 1))
            n_terms += len(words)
        else:
            words = _WORD.findall(phrase)
            if words:
                groups[-1].append(QueryTerm(tuple(w.lower() for w in words)))
                n_terms += 1
        if n_terms > MAX_QUERY_TERMS:
            raise _QueryError(
                f"the search text has more than {MAX_QUERY_TERMS} terms", "search for fewer words"
            )
    kept = tuple(tuple(g) for g in groups if g)
    return ParsedQuery(kept) if kept else None


def fts_expression(text: str | None) -> str | None:
    """A safe FTS5 MATCH expression for a user's search text (``None``: nothing to match)."""
    parsed = parse_query(text)
    return parsed.fts() if parsed else None


def date_bounds(value: str | None, *, name: str) -> tuple[str, str] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> (first day, day after the last day), ISO."""
    if value is None or value == "":
        return None
    value = value.strip()
    try:
        if _re.fullmatch(r"\d{4}", value):
            year = int(value)
            return _dt.date(year, 1, 1).isoformat(), _dt.date(year + 1, 1, 1).isoformat()
        if _re.fullmatch(r"\d{4}-\d{2}", value):
            first = _dt.date(int(value[:4]), int(value[5:7]), 1)
            after = _dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first.isoformat(), after.isoformat()
        if _re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = _dt.date.fromisoformat(value)
            return day.isoformat(), (day + _dt.timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        pass
    raise _QueryError(
        f"{name}={value[:40]!r} is not a date", "give a date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2013-04-17)"
    )


@_dataclass(frozen=True)
class Filters:
    """Validated search filters, shared by search, export and the pages."""

    query: ParsedQuery | None = None
    text: str = ""
    speaker: str | None = None
    outlet: str | None = None
    kind: str | None = None
    date_from: str | None = None  # inclusive, YYYY-MM-DD
    date_to: str | None = None  # exclusive, YYYY-MM-DD
    sort: str = "relevance"
    raw: dict[str, str] = _field(default_factory=dict)


def make_filters(
    q: str | None = None,
    *,
    speaker: str | None = None,
    outlet: str | None = None,
    kind: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    sort: str | None = None,
) -> Filters:
    """Check and normalise filters from user input; a bad value raises :class:`QueryError`."""
    for label, value in (("speaker", speaker), ("outlet", outlet)):
        if value is not None and len(value) > 200:
            raise _QueryError(f"the {label} filter is longer than 200 characters", f"give a {label} name or id")
    kind = (kind or "").strip().lower() or None
    if kind is not None and kind not in SEARCH_KINDS:
        raise _QueryError(f"unknown kind {kind[:40]!r}", "kind is one of: " + ", ".join(SEARCH_KINDS))
    lo = date_bounds(date_from, name="from")
    hi = date_bounds(date_to, name="to")
    if lo and hi and lo[0] >= hi[1]:
        raise _QueryError(f"from={date_from} is after to={date_to}", "swap the two dates")
    query = parse_query(q)
    sort = (sort or "").strip().lower() or ("relevance" if query else "newest")
    if sort not in SORTS:
        raise _QueryError(f"unknown sort {sort[:40]!r}", "sort is one of: " + ", ".join(SORTS))
    if sort == "relevance" and query is None:
        sort = "newest"
    raw = {
        k: v
        for k, v in (
            ("q", q), ("speaker", speaker), ("outlet", outlet), ("kind", kind), ("from", date_from), ("to", date_to)
        )
        if v
    }
    return Filters(
        query=query,
        text=(q or "").strip(),
        speaker=(speaker or "").strip() or None,
        outlet=(outlet or "").strip() or None,
        kind=kind,
        date_from=lo[0] if lo else None,
        date_to=hi[1] if hi else None,
        sort=sort,
        raw=raw,
    )


def resolve_speaker(store: Store, speaker: str) -> int | None:
    """A speaker id from an id, a canonical name or an alias; ``None`` when unknown."""
    if speaker.isascii() and speaker.isdigit():  # isdigit() alone also takes "²", which int() refuses
        if int(speaker) > 2**63 - 1:
            return None  # an id SQLite cannot hold is no speaker (it raised OverflowError: a 500)
        row = store.query("SELECT id FROM speakers WHERE id = ?", [int(speaker)])
    else:
        row = store.query("SELECT speaker_id FROM speaker_aliases WHERE alias = ?", [speaker])
        if not row:
            row = store.query("SELECT id FROM speakers WHERE name = ? COLLATE NOCASE", [speaker])
    return int(row[0][0]) if row else None


# The day a report counts for: when it was said, else when the article came out.
_Q_DAY = "COALESCE(q.said_on, a.published)"
_STATEMENT_KEY = "COALESCE(q.statement_id, -q.id)"


def _speaker_ids(store: Store, speaker: str) -> tuple[str, Any]:
    """(column, value) that picks a speaker's quotes: by id when the name is known, else by the raw name."""
    sid = resolve_speaker(store, speaker)
    return ("q.speaker_id", sid) if sid is not None else ("q.speaker_name", speaker)


def _filter_where(store: Store, f: Filters, *, articles: bool) -> tuple[list[str], list[Any]]:
    """WHERE clauses for quote rows (``q`` joined to ``a``) or for article rows (``a``)."""
    where: list[str] = []
    params: list[Any] = []
    if f.query is not None:
        where.append(
            "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            if articles
            else "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"
        )
        params.append(f.query.fts())
    if f.speaker:
        column, value = _speaker_ids(store, f.speaker)
        # An article matches a speaker when it quotes them.
        where.append(f"a.id IN (SELECT q.article_id FROM quotes q WHERE {column} = ?)" if articles else f"{column} = ?")
        params.append(value)
    if f.outlet:
        where.append("a.outlet = ?")
        params.append(f.outlet)
    if f.kind and not articles:
        where.append("q.kind = ?")
        params.append(f.kind)
    _add_day_range(where, params, "a.published" if articles else _Q_DAY, f.date_from, f.date_to)
    return where, params


def _add_day_range(where: list[str], params: list[Any], day_sql: str, lo: str | None, hi: str | None) -> None:
    """Append ``lo <= day < hi`` (either bound optional) for the day expression ``day_sql``."""
    if lo:
        where.append(f"{day_sql} >= ?")
        params.append(lo)
    if hi:
        where.append(f"{day_sql} < ?")
        params.append(hi)


def _quote_where(store: Store, f: Filters) -> tuple[list[str], list[Any]]:
    return _filter_where(store, f, articles=False)


def _article_where(store: Store, f: Filters) -> tuple[list[str], list[Any]]:
    return _filter_where(store, f, articles=True)


def _where_sql(where: list[str]) -> str:
    return ("WHERE " + " AND ".join(where)) if where else ""


def highlights(text: str, query: ParsedQuery | None) -> list[list[int]]:
    """Character ranges of ``text`` that match the query's terms (for <mark> in the UI)."""
    if query is None or not text:
        return []
    return [[m.start(), m.end()] for m in query.pattern().finditer(text) if m.end() > m.start()]


def snippet(text: str, query: ParsedQuery | None, width: int = 240, skip: int = 0) -> dict[str, Any]:
    """A window of ``text`` around the first match after ``skip``, cut at word boundaries, with highlights.

    ``start`` and ``end`` are offsets into ``text``; ``highlights`` are offsets into the window.
    """
    first = query.pattern().search(text, skip) if query else None
    start = skip if first is None else max(skip, first.start() - width // 3)
    if start > skip:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    window = text[start:end]
    return {
        "text": window,
        "start": start,
        "end": end,
        "highlights": highlights(window, query),
        "before": start > skip,
        "after": end < len(text),
    }


# Narrow indexes of migration 3. Search forces them (INDEXED BY) on the reads it does by
# row id; a store opened read-only at an older schema version is searched without them.
_READ_INDEXES = ("quotes_search", "articles_meta", "quotes_speaker_statement", "statements_day", "statements_speaker_day")


def _has_read_indexes(store: Store) -> bool:
    if "_read_indexes" not in store.__dict__:
        names = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
        store.__dict__["_read_indexes"] = all(n in names for n in _READ_INDEXES)
    return bool(store.__dict__["_read_indexes"])


def _tables(store: Store, *, by_quote_id: bool) -> tuple[str, str]:
    """FROM items for quotes and articles, with the covering indexes forced where they fit."""
    if not _has_read_indexes(store):
        return "quotes q", "articles a"
    return ("quotes q INDEXED BY quotes_search" if by_quote_id else "quotes q"), "articles a INDEXED BY articles_meta"


def fully_linked(store: Store) -> bool:
    """True when every quote belongs to a statement (the link stage has run over everything)."""
    return bool(_cached(store, ("fully_linked",), lambda: not store.query(
        "SELECT 1 FROM quotes WHERE statement_id IS NULL LIMIT 1"
    )))


def _filters_key(f: Filters) -> tuple[Any, ...]:
    return (f.query, f.speaker, f.outlet, f.kind, f.date_from, f.date_to, f.sort)


@_dataclass
class _StatementMatches:
    """Matching statements in result order: key -> the quote shown for it, and facet counts."""

    keys: list[int]
    shown: dict[int, int]
    facets: dict[str, _Counter[Any]] | None = None


def _statement_matches(store: Store, f: Filters, *, facets: bool) -> _StatementMatches:
    """Every statement with a report matching ``f``, best match (or newest/oldest) first.

    One pass over the matching quotes, through covering indexes; a statement counts
    once however many of its reports match. Cached until the store changes, so paging
    through the results costs nothing more.
    """
    key = ("statement_matches", _filters_key(f))
    cache = _cache_of(store)
    if not facets and (*key, True) in cache:
        return cast(_StatementMatches, cache[(*key, True)])

    def compute() -> _StatementMatches:
        needs_article = bool(facets or f.sort != "relevance")
        cols = f"q.id, {_STATEMENT_KEY}"
        if needs_article:
            cols += f", q.speaker_id, q.kind, {_Q_DAY}, a.outlet"
        source, params = _quote_source(store, f, articles=needs_article)
        order = " ORDER BY quotes_fts.rank, q.id" if _ranked(f) else ""
        rows = store.query(f"SELECT {cols} {source}{order}", params)
        if not _ranked(f):
            rows.sort(key=lambda r: (r[4] is None, r[4] or "", -r[0]), reverse=False)
            if f.sort == "newest":
                dated = [r for r in rows if r[4] is not None]
                rows = dated[::-1] + [r for r in rows if r[4] is None]
        shown: dict[int, int] = {}
        counters: dict[str, _Counter[Any]] | None = None
        if facets:
            seen: set[tuple[str, Any, int]] = set()
            counters = {"speaker": _Counter(), "outlet": _Counter(), "kind": _Counter(), "year": _Counter()}
        for r in rows:
            k = r[1]
            if k not in shown:
                shown[k] = r[0]
            if counters is not None:
                for facet, value in (("speaker", r[2]), ("kind", r[3]), ("year", (r[4] or "")[:4] or None), ("outlet", r[5])):
                    if value is not None and (facet, value, k) not in seen:
                        seen.add((facet, value, k))
                        counters[facet][value] += 1
        return _StatementMatches(list(shown), shown, counters)

    return cast(_StatementMatches, _cached(store, (*key, facets), compute))


def _ranked(f: Filters) -> bool:
    """Results in the full-text index's rank order (a query, sorted by relevance)."""
    return f.query is not None and f.sort == "relevance"


def _quote_source(store: Store, f: Filters, *, articles: bool) -> tuple[str, list[Any]]:
    """FROM and WHERE of the quotes matching ``f`` (with their articles joined as ``a`` when
    ``articles`` or a filter needs them), and the parameters. A ranked search reads the
    full-text index first, so that ``quotes_fts.rank`` can order it."""
    where, params = _filter_where(store, f, articles=False)
    q_table, a_table = _tables(store, by_quote_id=f.query is not None)
    needs_article = articles or bool(f.outlet or f.date_from or f.date_to)
    join_a = f"JOIN {a_table} ON a.id = q.article_id" if needs_article else ""
    if _ranked(f):
        where[0] = "quotes_fts MATCH ?"
        return f"FROM quotes_fts JOIN {q_table} ON q.id = quotes_fts.rowid {join_a} {_where_sql(where)}", params
    return f"FROM {q_table} {join_a} {_where_sql(where)}", params


def _article_source(store: Store, f: Filters, *, ids_only: bool = False) -> tuple[str, list[Any]]:
    """FROM and WHERE of the articles matching ``f`` (``a``; with a query, through the
    full-text index, whose ``articles_fts.rowid`` is the article id), and the parameters.
    ``ids_only``: the index alone when no filter needs the articles table."""
    where, params = _filter_where(store, f, articles=True)
    if f.query is None:
        return f"FROM articles a {_where_sql(where)}", params
    where[0] = "articles_fts MATCH ?"
    if ids_only and not _article_filters(f):
        return f"FROM articles_fts {_where_sql(where)}", params
    _q, a_table = _tables(store, by_quote_id=True)
    return f"FROM articles_fts JOIN {a_table} ON a.id = articles_fts.rowid {_where_sql(where)}", params


def _full_ranking_cached(store: Store, f: Filters) -> bool:
    cache = _cache_of(store)
    return any(("statement_matches", _filters_key(f), facets) in cache for facets in (False, True))


# How many ranked reports the top-k page reads per statement it needs (reports of one
# statement often rank together); when that is not enough the full ranking is read.
_TOPK_READ_FACTOR = 4


def _statement_page_ranked(store: Store, f: Filters, limit: int, offset: int) -> tuple[int, list[int]] | None:
    """A page of a relevance search without ranking every match.

    Ranking is most of a broad search's cost (bm25 for each of tens of thousands of reports,
    then a sort): the page reads only the best ``(offset + limit) * 4`` reports, the count
    comes from an unranked pass (cached). ``None`` when the page needs more than that, and
    the full ranking is read instead; the order (rank, then quote id) is the same either way.
    """
    if not _ranked(f) or _full_ranking_cached(store, f):
        return None  # not a ranked search, or its full ranking is already at hand
    source, params = _quote_source(store, f, articles=False)
    total = int(_cached(store, ("statement_count", _filters_key(f)),
                        lambda: store.query(f"SELECT COUNT(DISTINCT {_STATEMENT_KEY}) {source}", params)[0][0]))
    want = offset + limit
    if want <= 0 or offset >= total:
        return total, []
    read = max(want * _TOPK_READ_FACTOR, 50)
    rows = store.query(f"SELECT q.id, {_STATEMENT_KEY} {source} ORDER BY quotes_fts.rank, q.id LIMIT ?", [*params, read])
    shown: dict[int, int] = {}
    for r in rows:
        shown.setdefault(r[1], r[0])
    if len(shown) < min(want, total) and len(rows) == read:
        return None
    return total, list(shown.values())[offset:want]


def _statement_page_linked(store: Store, f: Filters, limit: int, offset: int) -> tuple[int, list[int]] | None:
    """Without a query, the newest statements straight from the statements table (an index walk).

    Only when every quote is linked and the filters are ones a statement carries
    (speaker, dates); ``None`` otherwise, and the quotes are searched instead.
    """
    # An outlet filter is served faster from the quotes of that outlet's articles.
    if f.query is not None or f.outlet or f.sort not in ("newest", "oldest") or not _has_read_indexes(store):
        return None
    if not fully_linked(store):
        return None
    where: list[str] = []
    params: list[Any] = []
    if f.speaker:
        sid = resolve_speaker(store, f.speaker)
        if sid is None:
            return 0, []
        where.append("speaker_id = ?")
        params.append(sid)
    day = "COALESCE(said_on, first_published)"
    _add_day_range(where, params, day, f.date_from, f.date_to)
    # A filter on reports: a statement matches when one of its reports does.
    if f.kind:
        where.append("EXISTS (SELECT 1 FROM quotes q WHERE q.statement_id = statements.id AND q.kind = ?)")
        params.append(f.kind)
    total = int(
        _cached(
            store, ("linked_count", _filters_key(f)),
            lambda: store.query(f"SELECT COUNT(*) FROM statements {_where_sql(where)}", params)[0][0],
        )
    )
    order = "DESC" if f.sort == "newest" else "ASC"
    ids = [
        r[0]
        for r in store.query(
            f"SELECT id FROM statements {_where_sql(where)} ORDER BY {day} {order}, id {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    if not ids:
        return total, []
    marks = ",".join("?" * len(ids))
    # The fullest report stands for each statement.
    fullest = {
        r[0]: r[1]
        for r in store.query(
            f"SELECT statement_id, id, MAX(length(text)) FROM quotes WHERE statement_id IN ({marks}) GROUP BY statement_id",
            ids,
        )
    }
    return total, [fullest[i] for i in ids if i in fullest]


def _rows_in_order(store: Store, sql: str, ids: list[int]) -> list[Any]:
    """The rows of ``sql`` for ``ids``, in the order of ``ids`` (ids with no row left out).
    ``sql`` selects the id first and ends with ``IN``; the placeholders are added here."""
    marks = ",".join("?" * len(ids))
    by_id = {r[0]: r for r in store.query(f"{sql} ({marks})", ids)}
    return [by_id[i] for i in ids if i in by_id]


def _statement_hits(store: Store, quote_ids: list[int], query: ParsedQuery | None) -> list[dict[str, Any]]:
    """The search hits for these quotes (one per statement), in the given order."""
    if not quote_ids:
        return []
    rows = _rows_in_order(
        store,
        f"""SELECT q.id AS quote_id, q.statement_id, q.kind, q.text, q.speaker_id,
                   COALESCE(s.name, q.speaker_name) AS speaker, a.id AS article_id, a.doc_id, a.title, a.outlet,
                   a.published, CASE WHEN st.id IS NOT NULL THEN COALESCE(st.said_on, st.first_published)
                   ELSE {_Q_DAY} END AS day, COALESCE(st.n_reports, 1) AS n_reports
            FROM quotes q JOIN articles a ON a.id = q.article_id
            LEFT JOIN speakers s ON s.id = q.speaker_id
            LEFT JOIN statements st ON st.id = q.statement_id
            WHERE q.id IN""",
        quote_ids,
    )
    hits = []
    for r in rows:
        sid = r["statement_id"]
        hits.append(
            {
                "type": "statement",
                "statement_id": sid,
                "quote_id": r["quote_id"],
                "kind": r["kind"],
                "text": r["text"],
                "highlights": highlights(r["text"], query),
                "speaker": {"id": r["speaker_id"], "name": r["speaker"]},
                "article_id": r["article_id"],
                "doc_id": r["doc_id"],
                "title": r["title"],
                "outlet": r["outlet"],
                "published": r["published"],
                "date": r["day"],
                "n_reports": r["n_reports"],
                "href": f"/statements/{sid}" if sid is not None else f"/articles/{r['article_id']}#q{r['quote_id']}",
            }
        )
    return hits


def _article_filters(f: Filters) -> bool:
    return bool(f.speaker or f.outlet or f.date_from or f.date_to)


def _article_matches(store: Store, f: Filters) -> list[tuple[int, str | None, str | None]]:
    """(id, outlet, published) of every article matching ``f``, newest or oldest first (cached;
    a ranked search pages through :func:`_article_page` instead)."""

    def compute() -> list[tuple[int, str | None, str | None]]:
        source, params = _article_source(store, f)
        rows = [(r[0], r[1], r[2]) for r in store.query(f"SELECT a.id, a.outlet, a.published {source}", params)]
        rows.sort(key=lambda r: (r[2] is None, r[2] or "", -r[0]))
        if f.sort == "newest":
            dated = [r for r in rows if r[2] is not None]
            rows = dated[::-1] + [r for r in rows if r[2] is None]
        return rows

    return cast(list[tuple[int, str | None, str | None]], _cached(store, ("article_matches", _filters_key(f)), compute))


def _article_facet_rows(store: Store, f: Filters) -> list[tuple[str | None, str | None]]:
    """(outlet, published) of every matching article, in no particular order (no ranking)."""

    def compute() -> list[tuple[str | None, str | None]]:
        source, params = _article_source(store, f)
        return [(r[0], r[1]) for r in store.query(f"SELECT a.outlet, a.published {source}", params)]

    return cast(list[tuple[str | None, str | None]], _cached(store, ("article_facets", _filters_key(f)), compute))


def _article_page(store: Store, f: Filters, limit: int, offset: int) -> tuple[int, list[int]]:
    """(how many articles match, the ids of this page)."""
    if _ranked(f):
        # Ranking is most of the cost: an unranked count, and only this page ranked (none
        # when no article is on the page).
        source, params = _article_source(store, f, ids_only=True)
        total = int(_cached(store, ("article_count", _filters_key(f)),
                            lambda: store.query(f"SELECT COUNT(*) {source}", params)[0][0]))
        if limit <= 0 or offset >= total:
            return total, []
        rows = store.query(f"SELECT articles_fts.rowid {source} ORDER BY articles_fts.rank, articles_fts.rowid LIMIT ? OFFSET ?",
                           [*params, limit, offset])
        return total, [r[0] for r in rows]
    if f.query is None:
        where, params = _filter_where(store, f, articles=True)
        total = int(store.query(f"SELECT COUNT(*) FROM articles a {_where_sql(where)}", params)[0][0])
        order = "DESC" if f.sort == "newest" else "ASC"
        nulls = "a.published IS NULL, " if f.sort == "oldest" else ""
        ids = [
            r[0]
            for r in store.query(
                f"SELECT a.id FROM articles a {_where_sql(where)} ORDER BY {nulls}a.published {order}, a.id {order} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        ]
        return total, ids
    matches = _article_matches(store, f)
    return len(matches), [r[0] for r in matches[offset : offset + limit]]


def _article_hits(store: Store, ids: list[int], query: ParsedQuery | None) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = _rows_in_order(
        store,
        """SELECT a.id AS article_id, a.doc_id, a.title, a.outlet, a.published, a.text,
                   (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) AS n_quotes
            FROM articles a WHERE a.id IN""",
        ids,
    )
    hits = []
    for r in rows:
        hits.append(
            {
                "type": "article",
                "article_id": r["article_id"],
                "doc_id": r["doc_id"],
                "title": r["title"],
                "title_highlights": highlights(r["title"] or "", query),
                "outlet": r["outlet"],
                "published": r["published"],
                "date": r["published"],
                "n_quotes": r["n_quotes"],
                "snippet": snippet(r["text"], query, skip=_body_start(r["text"], r["title"])),
                "href": f"/articles/{r['article_id']}",
            }
        )
    return hits


def _body_start(text: str, title: str | None) -> int:
    """Where the article's body starts: after its leading title paragraph (shown apart)."""
    if title and text.startswith(title):
        return len(text) - len(text[len(title) :].lstrip())
    return 0


def _wants(f: Filters) -> tuple[bool, bool]:
    """(search statements, search articles) for the kind filter."""
    return f.kind != "article", f.kind in (None, "article")


def search(store: Store, f: Filters, *, limit: int = 20, offset: int = 0, facets: bool = False) -> dict[str, Any]:
    """Full-text search over statements and articles with filters.

    Results list the matching statements first (one hit per statement, its
    best-matching report shown; without a query, newest first), then the matching
    articles; ``offset`` and ``limit`` page through that combined list. ``counts``
    says how many of each matched and ``total`` their sum. With ``facets``, also
    the counts of :func:`search_facets` (computed in the same pass over the matches).
    """
    want_st, want_ar = _wants(f)
    items: list[dict[str, Any]] = []
    n_st = 0
    if want_st:
        linked = _statement_page_linked(store, f, limit, offset)
        if linked is None and not facets:
            linked = _statement_page_ranked(store, f, limit, offset)
        if linked is not None:
            n_st, page = linked
        else:
            matches = _statement_matches(store, f, facets=facets)
            n_st, page = len(matches.keys), [matches.shown[k] for k in matches.keys[offset : offset + limit]]
        items += _statement_hits(store, page, f.query)
    n_ar = 0
    if want_ar:
        room = limit - len(items)
        n_ar, ids = _article_page(store, f, room, max(0, offset - n_st))
        items += _article_hits(store, ids[: max(room, 0)], f.query)
    counts = {"statements": n_st, "articles": n_ar}
    out: dict[str, Any] = {"total": n_st + n_ar, "counts": counts, "items": items}
    if facets:
        out["facets"] = search_facets(store, f, counts_hint=counts)
    return out


def count_hits(store: Store, f: Filters) -> dict[str, int]:
    """How many statements and articles match (a statement counts once, however many reports)."""
    return dict(search(store, f, limit=1, offset=0)["counts"])


FACETS_MAX_RESULTS = 20_000


def search_facets(
    store: Store, f: Filters, *, top: int = 12, counts_hint: dict[str, int] | None = None
) -> dict[str, list[dict[str, Any]]] | None:
    """Counts by speaker, outlet, kind and year within the results of ``f``.

    A statement counts once per value (a statement reported by two outlets counts
    for both); matching articles add to the outlet, year and ``article`` kind counts.
    ``None`` when more than ``FACETS_MAX_RESULTS`` statements and articles match
    (counting them all would take seconds; narrow the search first).
    """
    sizes = counts_hint or count_hits(store, f)
    if sizes["statements"] + sizes["articles"] > FACETS_MAX_RESULTS:
        return None
    want_st, want_ar = _wants(f)
    counts: dict[str, _Counter[Any]] = {"speaker": _Counter(), "outlet": _Counter(), "kind": _Counter(), "year": _Counter()}
    if want_st:
        matches = _statement_matches(store, f, facets=True)
        for facet, counter in (matches.facets or {}).items():
            counts[facet].update(counter)
    if want_ar:
        for outlet, published in _article_facet_rows(store, f):
            counts["kind"]["article"] += 1
            if outlet:
                counts["outlet"][outlet] += 1
            if published:
                counts["year"][published[:4]] += 1
    names: dict[int, str] = {}
    speaker_ids = [k for k, _n in counts["speaker"].most_common(top)]
    if speaker_ids:
        marks = ",".join("?" * len(speaker_ids))
        names = {r[0]: r[1] for r in store.query(f"SELECT id, name FROM speakers WHERE id IN ({marks})", speaker_ids)}
    out: dict[str, list[dict[str, Any]]] = {}
    for facet, counter in counts.items():
        ordered = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
        if facet == "year":
            ordered.sort(key=lambda kv: str(kv[0]), reverse=True)
        out[facet] = [
            {"value": value, "label": names.get(value, str(value)) if facet == "speaker" else value, "count": n}
            for value, n in ordered
        ]
    return out


def _store_version(store: Store) -> tuple[Any, ...]:
    """Changes whenever the store does.

    For a store file: the size and modification time of the file and of its WAL, and
    the WAL index header (every commit moves it; a checkpoint rewrites the file), the
    same for every connection, so the server's threads share one cache. For an in-memory store:
    ``PRAGMA data_version`` (moves when another connection commits) and this
    connection's ``total_changes`` (moves when it writes).
    """
    if store.path != ":memory:":
        try:
            main = os.stat(store.path)
            try:
                wal = os.stat(store.path + "-wal")
                # The WAL index header counts commits (iChange) and frames (mxFrame) exactly,
                # where a reused WAL file can keep its size and a coarse timestamp.
                with open(store.path + "-shm", "rb") as shm:
                    header = shm.read(48)
                wal_state: tuple[Any, ...] | None = (wal.st_mtime_ns, wal.st_size, header)
            except FileNotFoundError:
                wal_state = None
            return ("file", main.st_mtime_ns, main.st_size, wal_state)
        except OSError:
            pass
    return ("conn", id(store), int(store.query("PRAGMA data_version")[0][0]), store.conn.total_changes)


_CACHES: dict[str, tuple[tuple[Any, ...], dict[Any, Any]]] = {}
_CACHES_LOCK = _threading.Lock()
_CACHE_ENTRIES = 256


def _cache_of(store: Store) -> dict[Any, Any]:
    """The cache of this store's current version (a new, empty one once the store changed)."""
    version = _store_version(store)
    name = store.path if version[0] == "file" else f"conn:{id(store)}"
    with _CACHES_LOCK:
        current = _CACHES.get(name)
        if current is None or current[0] != version or len(current[1]) > _CACHE_ENTRIES:
            current = (version, {})
            _CACHES[name] = current
        return current[1]


def _cached(store: Store, key: tuple[Any, ...], compute: Any) -> Any:
    """Memoise an aggregate until the store changes (see :func:`_store_version`)."""
    cache = _cache_of(store)
    if key not in cache:
        cache[key] = compute()  # a race computes twice at worst; both results are the same
    return cache[key]


def corpus_overview(store: Store, *, top: int = 8) -> dict[str, Any]:
    """Counts, date range, the most quoted speakers and the outlets with most articles."""

    def compute() -> dict[str, Any]:
        counts = store.counts()
        span = store.query("SELECT MIN(published), MAX(published) FROM articles WHERE published IS NOT NULL")[0]
        speakers = store.query(
            """SELECT s.id, s.name, c.n FROM (SELECT speaker_id, COUNT(*) AS n FROM quotes
                   WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY n DESC LIMIT ?) c
               JOIN speakers s ON s.id = c.speaker_id ORDER BY c.n DESC, s.name""",
            [top],
        )
        outlets = store.query(
            """SELECT outlet, COUNT(*) AS n FROM articles WHERE outlet IS NOT NULL
               GROUP BY outlet ORDER BY n DESC, outlet LIMIT ?""",
            [top],
        )
        return {
            "counts": counts,
            "published_from": span[0],
            "published_to": span[1],
            "top_speakers": [{"id": r[0], "name": r[1], "reports": r[2]} for r in speakers],
            "top_outlets": [{"outlet": r[0], "articles": r[1]} for r in outlets],
        }

    return dict(_cached(store, ("overview", top), compute))


def list_speakers(store: Store, *, name: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Speakers with how many statements and reports they have, most quoted first.

    ``name`` keeps the speakers whose name or an alias contains it (case-insensitive).
    """

    def counts() -> dict[int, tuple[int, int]]:
        if _has_read_indexes(store) and fully_linked(store):
            # Both from narrow indexes: statements per speaker, reports per speaker.
            per_statement: dict[int, int] = {
                r[0]: r[1]
                for r in store.query(
                    "SELECT speaker_id, COUNT(*) FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id"
                )
            }
            return {
                int(r[0]): (int(per_statement.get(r[0], 0)), int(r[1]))
                for r in store.query("SELECT speaker_id, COUNT(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id")
            }
        rows = store.query(
            """SELECT speaker_id, COUNT(DISTINCT COALESCE(statement_id, -id)), COUNT(*) FROM quotes
               WHERE speaker_id IS NOT NULL GROUP BY speaker_id"""
        )
        return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}

    by_speaker: dict[int, tuple[int, int]] = _cached(store, ("speaker_counts",), counts)
    if name:
        like = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = store.query(
            """SELECT id, name, type FROM speakers WHERE name LIKE ? ESCAPE '\\' OR id IN
                   (SELECT speaker_id FROM speaker_aliases WHERE alias LIKE ? ESCAPE '\\')""",
            [like, like],
        )
    else:
        rows = store.query("SELECT id, name, type FROM speakers")
    ranked = sorted(rows, key=lambda r: (-by_speaker.get(r[0], (0, 0))[0], r[1].lower(), r[0]))
    items = [
        {
            "id": r[0],
            "name": r[1],
            "type": r[2],
            "statements": by_speaker.get(r[0], (0, 0))[0],
            "reports": by_speaker.get(r[0], (0, 0))[1],
            "href": f"/speakers/{r[0]}",
        }
        for r in ranked[offset : offset + limit]
    ]
    return {"total": len(ranked), "items": items}


def get_speaker(store: Store, speaker_id: int) -> dict[str, Any]:
    """One speaker: name, type, aliases, roles with dates, counts and outlets that quote them."""
    row = store.query("SELECT id, name, type FROM speakers WHERE id = ?", [speaker_id])
    if not row:
        raise _NotFound(f"no speaker with id {speaker_id}", "list speakers with GET /api/speakers")
    aliases = [
        r[0]
        for r in store.query("SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias", [speaker_id])
        if r[0] != row[0]["name"]
    ]
    roles = [
        {"role": r[0], "first_seen": r[1], "last_seen": r[2]}
        for r in store.query(
            """SELECT role, first_seen, last_seen FROM speaker_roles WHERE speaker_id = ?
               ORDER BY first_seen IS NULL, first_seen, role""",
            [speaker_id],
        )
    ]

    def stats() -> dict[str, Any]:
        agg = store.query(
            f"""SELECT COUNT(DISTINCT {_STATEMENT_KEY}), COUNT(*), COUNT(DISTINCT q.article_id),
                       MIN({_Q_DAY}), MAX({_Q_DAY})
                FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_id = ?""",
            [speaker_id],
        )[0]
        outlets = store.query(
            """SELECT a.outlet, COUNT(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id
               WHERE q.speaker_id = ? AND a.outlet IS NOT NULL GROUP BY a.outlet ORDER BY n DESC, a.outlet LIMIT 10""",
            [speaker_id],
        )
        kinds = store.query(
            "SELECT kind, COUNT(*) FROM quotes WHERE speaker_id = ? GROUP BY kind ORDER BY kind", [speaker_id]
        )
        return {
            "statements": agg[0],
            "reports": agg[1],
            "articles": agg[2],
            "first": agg[3],
            "last": agg[4],
            "outlets": [{"outlet": r[0], "reports": r[1]} for r in outlets],
            "kinds": {r[0]: r[1] for r in kinds},
        }

    return {
        "id": row[0]["id"],
        "name": row[0]["name"],
        "type": row[0]["type"],
        "aliases": aliases,
        "roles": roles,
        **_cached(
            store, ("speaker_stats", speaker_id),
            lambda: _speaker_stats_linked(store, speaker_id) if _linked_speaker(store, speaker_id) else stats(),
        ),
    }


# A report's day: its statement's date when it is linked, else its own.
_REPORT_DAY = (
    "CASE WHEN st.id IS NOT NULL THEN COALESCE(st.said_on, st.first_published, q.said_on, a.published) "
    "ELSE COALESCE(q.said_on, a.published) END"
)


def _speaker_where(speaker_id: int, topic: ParsedQuery | None, lo: str | None, hi: str | None) -> tuple[str, list[Any]]:
    where = ["q.speaker_id = ?"]
    params: list[Any] = [speaker_id]
    if topic is not None:
        where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(topic.fts())
    _add_day_range(where, params, _REPORT_DAY, lo, hi)
    return "WHERE " + " AND ".join(where), params


def bucket_start(day: str, bucket: str) -> str:
    """The first day of the ``bucket`` (day, week from Monday, month, year) holding ``day``."""
    if bucket == "year":
        return day[:4] + "-01-01"
    if bucket == "month":
        return day[:7] + "-01"
    d = _dt.date.fromisoformat(day[:10])
    if bucket == "week":
        d -= _dt.timedelta(days=d.weekday())
    return d.isoformat()


def bucket_after(start: str, bucket: str) -> str:
    """The first day of the bucket after the one starting on ``start``."""
    d = _dt.date.fromisoformat(start)
    if bucket == "year":
        return d.replace(year=d.year + 1).isoformat()
    if bucket == "month":
        return (d.replace(year=d.year + 1, month=1) if d.month == 12 else d.replace(month=d.month + 1)).isoformat()
    return (d + _dt.timedelta(days=7 if bucket == "week" else 1)).isoformat()


def auto_bucket(first: str | None, last: str | None) -> str:
    """A bucket size that keeps a timeline between a few and ~100 bars."""
    if not first or not last:
        return "month"
    try:
        span = (_dt.date.fromisoformat(last[:10]) - _dt.date.fromisoformat(first[:10])).days
    except ValueError:
        return "month"
    if span <= 92:
        return "day"
    if span <= 2 * 366:
        return "week"
    if span <= 8 * 366:
        return "month"
    return "year"


_STOPWORDS: frozenset[str] | None = None


def _stopwords() -> frozenset[str]:
    global _STOPWORDS
    if _STOPWORDS is None:
        from importlib.resources import files

        text = (files("onrecord") / "data" / "stopwords_en.txt").read_text(encoding="utf-8")
        _STOPWORDS = frozenset(
            w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")
        )
    return _STOPWORDS


_TERM = _re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{3,}")


def frequent_terms(texts: list[str], top: int = 6) -> list[dict[str, Any]]:
    """The most frequent content words of ``texts`` (stopwords and short words left out)."""
    stop = _stopwords()
    counts: _Counter[str] = _Counter()
    for text in texts:
        words = (m.lower().replace("’", "'") for m in _TERM.findall(text))
        seen = {w for w in (w[:-2] if w.endswith("'s") else w for w in words) if len(w) > 2 and w not in stop}
        counts.update(seen)  # a word counts once per statement: repetition inside one text is not a topic
    return [{"term": t, "count": n} for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def speaker_timeline(
    store: Store,
    speaker_id: int,
    *,
    bucket: str = "month",
    topic: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    terms: int = 6,
) -> dict[str, Any]:
    """Statements of a speaker counted per day, week, month or year, with each bucket's frequent terms.

    A statement counts once however many outlets reported it; an unlinked quote
    counts as its own statement. ``topic`` keeps statements whose text matches
    it (same syntax as search). Only non-empty buckets are listed, oldest first;
    undated statements are counted apart.
    """
    if bucket not in BUCKETS:
        raise _QueryError(f"unknown bucket {bucket[:20]!r}", "bucket is one of: " + ", ".join(BUCKETS))
    get_speaker_name(store, speaker_id)
    parsed = parse_query(topic)
    lo = date_bounds(date_from, name="from")
    hi = date_bounds(date_to, name="to")

    def compute() -> dict[str, Any]:
        head = {"speaker_id": speaker_id, "bucket": bucket, "topic": topic or None}
        if _linked_speaker(store, speaker_id):
            return head | _timeline_linked(
                store, speaker_id, bucket, parsed, lo[0] if lo else None, hi[1] if hi else None, terms
            )
        where, params = _speaker_where(speaker_id, parsed, lo[0] if lo else None, hi[1] if hi else None)
        rows = store.query(
            f"""SELECT {_STATEMENT_KEY} AS k, {_REPORT_DAY} AS day, q.text
                FROM quotes q JOIN articles a ON a.id = q.article_id
                LEFT JOIN statements st ON st.id = q.statement_id {where}""",
            params,
        )
        keys: dict[str, set[int]] = {}
        texts: dict[str, dict[int, str]] = {}
        reports: _Counter[str] = _Counter()
        undated: set[int] = set()
        for k, day, text in rows:
            if not day or not _re.match(r"\d{4}-\d{2}-\d{2}", day):
                undated.add(k)
                continue
            start = bucket_start(day, bucket)
            keys.setdefault(start, set()).add(k)
            reports[start] += 1
            # The longest report of a statement stands for it in the term counts.
            bucket_texts = texts.setdefault(start, {})
            if len(text) > len(bucket_texts.get(k, "")):
                bucket_texts[k] = text
        out: list[dict[str, Any]] = []
        for start in sorted(keys):
            out.append(
                {
                    "start": start,
                    "end": bucket_after(start, bucket),
                    "label": _bucket_label(start, bucket),
                    "statements": len(keys[start]),
                    "reports": reports[start],
                    "terms": frequent_terms(list(texts[start].values()), terms),
                }
            )
        return head | {"buckets": out, "undated": len(undated), "total": sum(len(k) for k in keys.values()) + len(undated)}

    return dict(_cached(store, ("timeline", speaker_id, bucket, parsed, lo, hi, terms), compute))


def _bucket_label(start: str, bucket: str) -> str:
    if bucket == "year":
        return start[:4]
    if bucket == "month":
        return start[:7]
    if bucket == "week":
        return "week of " + start
    return start


def get_speaker_name(store: Store, speaker_id: int) -> str:
    row = store.query("SELECT name FROM speakers WHERE id = ?", [speaker_id])
    if not row:
        raise _NotFound(f"no speaker with id {speaker_id}", "list speakers with GET /api/speakers")
    return str(row[0][0])


def speaker_statements(
    store: Store,
    speaker_id: int,
    *,
    topic: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """A speaker's statements, newest first, each with its fullest report, grouped by occasion.

    An occasion is a day and a place (``said_where``) as the statements give them.
    """
    get_speaker_name(store, speaker_id)
    parsed = parse_query(topic)
    lo = date_bounds(date_from, name="from")
    hi = date_bounds(date_to, name="to")
    if _linked_speaker(store, speaker_id):
        total, items = _speaker_statements_linked(
            store, speaker_id, parsed, lo[0] if lo else None, hi[1] if hi else None, limit, offset
        )
        return {"total": total, "items": items, "occasions": _occasions(items)}
    where, params = _speaker_where(speaker_id, parsed, lo[0] if lo else None, hi[1] if hi else None)
    frm = """FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN statements st ON st.id = q.statement_id"""
    total = int(store.query(f"SELECT COUNT(DISTINCT {_STATEMENT_KEY}) {frm} {where}", params)[0][0])
    rows = store.query(
        f"""SELECT {_STATEMENT_KEY} AS k, q.statement_id, MAX(length(q.text)) AS len, q.id AS quote_id, q.text,
                   q.kind, a.id AS article_id, MAX({_REPORT_DAY}) AS day, COALESCE(st.said_where, q.said_where) AS said_where,
                   COUNT(*) AS n_reports, group_concat(DISTINCT a.outlet) AS outlets
            {frm} {where} GROUP BY k ORDER BY day IS NULL, day DESC, k DESC LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    items = []
    for r in rows:
        sid = r["statement_id"]
        items.append(
            {
                "statement_id": sid,
                "quote_id": r["quote_id"],
                "date": r["day"],
                "said_where": r["said_where"],
                "kind": r["kind"],
                "text": r["text"],
                "highlights": highlights(r["text"], parsed),
                "n_reports": r["n_reports"],
                "outlets": sorted((r["outlets"] or "").split(",")) if r["outlets"] else [],
                "href": f"/statements/{sid}" if sid is not None else f"/articles/{r['article_id']}#q{r['quote_id']}",
            }
        )
    return {"total": total, "items": items, "occasions": _occasions(items)}


def _occasions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive statements of the same day and place, grouped."""
    occasions: list[dict[str, Any]] = []
    for item in items:
        key = (item["date"], (item["said_where"] or "").strip().lower())
        if occasions and occasions[-1]["key"] == key:
            occasions[-1]["statements"].append(item)
        else:
            occasions.append({"key": key, "date": item["date"], "said_where": item["said_where"], "statements": [item]})
    for occ in occasions:
        del occ["key"]
    return occasions


def _report(r: Any) -> dict[str, Any]:
    return {
        "quote_id": r["id"],
        "article_id": r["article_id"],
        "doc_id": r["doc_id"],
        "kind": r["kind"],
        "text": r["text"],
        "parts": _json.loads(r["parts_json"] or "[]"),
        "start": r["start"],
        "end": r["end"],
        "cue": r["cue_text"],
        "mention": r["speaker_mention"],
        "speaker": r["speaker_name"],
        "said_on": r["said_on"],
        "said_on_text": r["said_on_text"],
        "said_where": r["said_where"],
        "confidence": r["confidence"],
        "outlet": r["outlet"],
        "published": r["published"],
        "title": r["title"],
        "url": r["url"],
        "href": f"/articles/{r['article_id']}#q{r['id']}",
    }


_REPORT_SQL = """SELECT q.*, a.doc_id, a.outlet, a.published, a.title, a.url FROM quotes q
                 JOIN articles a ON a.id = q.article_id"""


def get_statement(store: Store, statement_id: int) -> dict[str, Any]:
    """One statement: speaker, when and where, every report (outlet, date, wording) and the drift."""
    row = store.query(
        """SELECT st.*, s.name AS speaker_name FROM statements st LEFT JOIN speakers s ON s.id = st.speaker_id
           WHERE st.id = ?""",
        [statement_id],
    )
    if not row:
        raise _NotFound(f"no statement with id {statement_id}", "find statements with GET /api/search")
    st = row[0]
    reports = [
        _report(r)
        for r in store.query(
            _REPORT_SQL + " WHERE q.statement_id = ? ORDER BY a.published IS NULL, a.published, a.outlet, q.id",
            [statement_id],
        )
    ]
    try:
        drift = _json.loads(st["drift_json"] or "[]")
    except ValueError:
        drift = []
    return {
        "id": st["id"],
        "speaker": {"id": st["speaker_id"], "name": st["speaker_name"]},
        "said_on": st["said_on"],
        "said_where": st["said_where"],
        "first_published": st["first_published"],
        "n_reports": len(reports),
        "version": st["version"],
        "reports": reports,
        "drift": drift,
    }


def get_article(store: Store, article_id: int) -> dict[str, Any]:
    """One article: metadata, cleaned text, its quotes with offsets, and the boilerplate removed."""
    row = store.query("SELECT * FROM articles WHERE id = ?", [article_id])
    if not row:
        raise _NotFound(f"no article with id {article_id}", "find articles with GET /api/search?kind=article")
    a = row[0]
    quotes = []
    for r in store.query(
        "SELECT q.*, s.name AS canonical FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id "
        "WHERE q.article_id = ? ORDER BY q.start, q.seq",
        [article_id],
    ):
        quotes.append(
            {
                "id": r["id"],
                "seq": r["seq"],
                "kind": r["kind"],
                "text": r["text"],
                "parts": _json.loads(r["parts_json"] or "[]"),
                "start": r["start"],
                "end": r["end"],
                "cue": (
                    {"text": r["cue_text"], "start": r["cue_start"], "end": r["cue_end"], "lemma": r["cue_lemma"]}
                    if r["cue_text"] is not None
                    else None
                ),
                "speaker": {
                    "id": r["speaker_id"],
                    "name": r["canonical"] or r["speaker_name"],
                    "mention": r["speaker_mention"],
                    "start": r["speaker_start"],
                    "end": r["speaker_end"],
                    "type": r["speaker_type"],
                    "resolution": r["speaker_resolution"],
                },
                "said_on": r["said_on"],
                "said_on_text": r["said_on_text"],
                "said_where": r["said_where"],
                "in_headline": bool(r["in_headline"]),
                "confidence": r["confidence"],
                "statement_id": r["statement_id"],
                "version": r["version"],
            }
        )
    duplicates = []
    if a["dup_group"] is not None:
        duplicates = [
            {"id": r[0], "outlet": r[1], "published": r[2], "title": r[3]}
            for r in store.query(
                "SELECT id, outlet, published, title FROM articles WHERE dup_group = ? AND id != ? ORDER BY published, id",
                [a["dup_group"], article_id],
            )
        ]
    try:
        removed = _json.loads(a["removed_json"] or "[]")
    except ValueError:
        removed = []
    return {
        "id": a["id"],
        "doc_id": a["doc_id"],
        "source": a["source"],
        "title": a["title"],
        "outlet": a["outlet"],
        "outlet_evidence": a["outlet_evidence"],
        "outlet_source": a["outlet_source"],
        "wire": a["wire"],
        "url": a["url"],
        "language": a["language"],
        "published": a["published"],
        "published_precision": a["published_precision"],
        "published_source": a["published_source"],
        "published_range": [a["published_from"], a["published_to"]] if a["published_from"] else None,
        "published_evidence": a["published_evidence"],
        "skipped": {"stage": a["skipped_stage"], "reason": a["skipped_reason"]} if a["skipped_stage"] else None,
        "text": a["text"],
        "quotes": quotes,
        "removed": removed,
        "duplicates": duplicates,
        "ingested_at": a["ingested_at"],
    }


def iter_export(store: Store, f: Filters) -> Any:
    """Every statement matching ``f`` in the ``onrecord export statements`` shape, one at a time.

    A statement matches when any of its reports does; it is exported with all its
    reports. An unlinked quote is exported as a statement with ``id`` null.
    """
    where, params = _quote_where(store, f)
    # The join spells out _STATEMENT_KEY = m.k so that SQLite can use the statement_id index
    # and the rowid: on the expression it scanned every quote per statement (445 s for the
    # busiest speaker of the 100k-statement store; now under a second).
    sql = f"""
        WITH m AS MATERIALIZED (
            SELECT DISTINCT {_STATEMENT_KEY} AS k FROM quotes q JOIN articles a ON a.id = q.article_id {_where_sql(where)}
        )
        SELECT {_STATEMENT_KEY} AS k, q.id, q.statement_id, q.kind, q.text, q.said_on, q.said_where,
               COALESCE(s.name, q.speaker_name) AS speaker, a.doc_id, a.id AS article_id, a.outlet, a.published,
               st.said_on AS st_said_on, st.said_where AS st_said_where, st.drift_json
        FROM m JOIN quotes q ON (q.statement_id = m.k OR (q.statement_id IS NULL AND q.id = -m.k))
        JOIN articles a ON a.id = q.article_id
        LEFT JOIN speakers s ON s.id = q.speaker_id
        LEFT JOIN statements st ON st.id = q.statement_id
        ORDER BY m.k, a.published, q.id"""
    cursor = store.conn.execute(sql, params)
    current: dict[str, Any] | None = None
    key = None
    for r in cursor:
        if r["k"] != key:
            if current is not None:
                yield current
            key = r["k"]
            linked = r["statement_id"] is not None
            try:
                drift = _json.loads(r["drift_json"]) if linked and r["drift_json"] else []
            except ValueError:
                drift = []
            current = {
                "id": r["statement_id"],
                "speaker": r["speaker"],
                "said_on": r["st_said_on"] if linked else r["said_on"],
                "said_where": r["st_said_where"] if linked else r["said_where"],
                "reports": [],
                "drift": drift,
            }
        assert current is not None
        current["reports"].append(
            {
                "article_id": r["doc_id"],
                "kind": r["kind"],
                "text": r["text"],
                "outlet": r["outlet"],
                "published": r["published"],
                "quote_id": r["id"],
            }
        )
    if current is not None:
        yield current


# -- Fast paths for a fully linked speaker: the statements table and its day index ---------------
#
# The generic code above reads every report of the speaker (tens of thousands for a
# minister); once the link stage has put every report in a statement, the statements
# table answers the same questions from an index. The generic path stays for stores
# (or speakers) with unlinked quotes.

TERMS_SAMPLE = 40  # statements per bucket read for its frequent terms (evenly spread)
_ST_DAY = "COALESCE(said_on, first_published)"


def _linked_speaker(store: Store, speaker_id: int) -> bool:
    if not _has_read_indexes(store):
        return False
    return not store.query(
        "SELECT 1 FROM quotes WHERE speaker_id = ? AND statement_id IS NULL LIMIT 1", [speaker_id]
    )


def _speaker_stats_linked(store: Store, speaker_id: int) -> dict[str, Any]:
    reports, articles = store.query(
        "SELECT COUNT(*), COUNT(DISTINCT article_id) FROM quotes WHERE speaker_id = ?", [speaker_id]
    )[0]
    n, first, last = store.query(
        f"SELECT COUNT(*), MIN({_ST_DAY}), MAX({_ST_DAY}) FROM statements WHERE speaker_id = ?", [speaker_id]
    )[0]
    outlets = store.query(
        """SELECT a.outlet, COUNT(*) AS n FROM quotes q JOIN articles a INDEXED BY articles_meta ON a.id = q.article_id
           WHERE q.speaker_id = ? AND a.outlet IS NOT NULL GROUP BY a.outlet ORDER BY n DESC, a.outlet LIMIT 10""",
        [speaker_id],
    )
    kinds = store.query("SELECT kind, COUNT(*) FROM quotes WHERE speaker_id = ? GROUP BY kind ORDER BY kind", [speaker_id])
    return {
        "statements": n,
        "reports": reports,
        "articles": articles,
        "first": first,
        "last": last,
        "outlets": [{"outlet": r[0], "reports": r[1]} for r in outlets],
        "kinds": {r[0]: r[1] for r in kinds},
    }


def _statements_where(
    speaker_id: int, topic: ParsedQuery | None, lo: str | None, hi: str | None
) -> tuple[str, list[Any]]:
    where = ["speaker_id = ?"]
    params: list[Any] = [speaker_id]
    _add_day_range(where, params, _ST_DAY, lo, hi)
    if topic is not None:
        where.append(
            "id IN (SELECT statement_id FROM quotes WHERE speaker_id = ? AND id IN "
            "(SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?))"
        )
        params += [speaker_id, topic.fts()]
    return "WHERE " + " AND ".join(where), params


def _fullest_texts(store: Store, statement_ids: list[int]) -> dict[int, str]:
    """The longest report text of each statement."""
    out: dict[int, str] = {}
    for i in range(0, len(statement_ids), 900):
        chunk = statement_ids[i : i + 900]
        marks = ",".join("?" * len(chunk))
        for sid, text in store.query(f"SELECT statement_id, text FROM quotes WHERE statement_id IN ({marks})", chunk):
            if len(text) > len(out.get(sid, "")):
                out[sid] = text
    return out


def _timeline_linked(
    store: Store, speaker_id: int, bucket: str, topic: ParsedQuery | None, lo: str | None, hi: str | None, terms: int
) -> dict[str, Any]:
    where, params = _statements_where(speaker_id, topic, lo, hi)
    rows = store.query(f"SELECT id, {_ST_DAY}, n_reports FROM statements {where}", params)
    members: dict[str, list[int]] = {}
    reports: _Counter[str] = _Counter()
    undated = 0
    for sid, day, n_reports in rows:
        if not day or not _re.match(r"\d{4}-\d{2}-\d{2}", day):
            undated += 1
            continue
        start = bucket_start(day, bucket)
        members.setdefault(start, []).append(sid)
        reports[start] += n_reports
    samples: dict[str, list[int]] = {}
    for start, ids in members.items():
        ids.sort()
        step = max(1, len(ids) // TERMS_SAMPLE)
        samples[start] = ids[::step][:TERMS_SAMPLE] if terms else []
    texts = _fullest_texts(store, [i for ids in samples.values() for i in ids])
    out = [
        {
            "start": start,
            "end": bucket_after(start, bucket),
            "label": _bucket_label(start, bucket),
            "statements": len(members[start]),
            "reports": reports[start],
            "terms": frequent_terms([texts[i] for i in samples[start] if i in texts], terms),
        }
        for start in sorted(members)
    ]
    return {"buckets": out, "undated": undated, "total": len(rows)}


def _speaker_statements_linked(
    store: Store, speaker_id: int, topic: ParsedQuery | None, lo: str | None, hi: str | None, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    where, params = _statements_where(speaker_id, topic, lo, hi)
    total = int(store.query(f"SELECT COUNT(*) FROM statements {where}", params)[0][0])
    page = store.query(
        f"SELECT id, {_ST_DAY} AS day, said_where, n_reports FROM statements {where} "
        f"ORDER BY {_ST_DAY} DESC, id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    ids = [r[0] for r in page]
    reports: dict[int, list[Any]] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        for r in store.query(
            f"""SELECT q.statement_id, q.id, q.text, q.kind, q.article_id, a.outlet FROM quotes q
                JOIN articles a INDEXED BY articles_meta ON a.id = q.article_id WHERE q.statement_id IN ({marks})""",
            ids,
        ):
            reports.setdefault(r[0], []).append(r)
    items = []
    for sid, day, said_where, n_reports in page:
        reps = reports.get(sid, [])
        if not reps:
            continue
        fullest = max(reps, key=lambda r: (len(r[2]), -r[1]))
        items.append(
            {
                "statement_id": sid,
                "quote_id": fullest[1],
                "date": day,
                "said_where": said_where,
                "kind": fullest[3],
                "text": fullest[2],
                "highlights": highlights(fullest[2], topic),
                "n_reports": n_reports,
                "outlets": sorted({r[5] for r in reps if r[5]}),
                "href": f"/statements/{sid}",
            }
        )
    return total, items
