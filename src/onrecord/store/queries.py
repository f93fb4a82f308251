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
import re as _re  # noqa: E402
from collections import Counter as _Counter  # noqa: E402
from dataclasses import dataclass as _dataclass  # noqa: E402
from dataclasses import field as _field  # noqa: E402

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
    if speaker.isdigit():
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
        where.append(f"EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id AND {column} = ?)" if articles else f"{column} = ?")
        params.append(value)
    if f.outlet:
        where.append("a.outlet = ?")
        params.append(f.outlet)
    if f.kind and not articles:
        where.append("q.kind = ?")
        params.append(f.kind)
    day = "a.published" if articles else _Q_DAY
    if f.date_from:
        where.append(f"{day} >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append(f"{day} < ?")
        params.append(f.date_to)
    return where, params


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


_STATEMENT_HIT_SQL = """
    SELECT q.id AS quote_id, q.statement_id, q.kind, q.text, q.speaker_id,
           COALESCE(s.name, q.speaker_name) AS speaker, a.id AS article_id, a.doc_id, a.title, a.outlet,
           a.published, {day} AS day, COALESCE(st.n_reports, 1) AS n_reports{rank_col}
    FROM quotes q JOIN articles a ON a.id = q.article_id
    LEFT JOIN speakers s ON s.id = q.speaker_id
    LEFT JOIN statements st ON st.id = q.statement_id
    {join_fts}
    {where}
    GROUP BY {key}
    ORDER BY {order}
    LIMIT ? OFFSET ?"""

_ARTICLE_HIT_SQL = """
    SELECT a.id AS article_id, a.doc_id, a.title, a.outlet, a.published, a.text,
           (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) AS n_quotes
    FROM articles a {join_fts}
    {where}
    ORDER BY {order}
    LIMIT ? OFFSET ?"""


def _statement_hits(store: Store, f: Filters, limit: int, offset: int) -> list[dict[str, Any]]:
    where, params = _quote_where(store, f)
    if f.sort == "relevance" and f.query is not None:
        # Rank by the best-matching report of each statement; the FTS join replaces the IN filter.
        where[0] = "quotes_fts MATCH ?"
        join_fts = "JOIN quotes_fts ON quotes_fts.rowid = q.id"
        rank_col, order = ", MIN(quotes_fts.rank) AS score", "score, q.id"
    else:
        join_fts, rank_col = "", ", MIN(q.id)"
        order = f"{_Q_DAY} IS NULL, {_Q_DAY} {'DESC' if f.sort == 'newest' else 'ASC'}, q.id"
    sql = _STATEMENT_HIT_SQL.format(
        day=_Q_DAY, rank_col=rank_col, join_fts=join_fts, where=_where_sql(where), key=_STATEMENT_KEY, order=order
    )
    rows = store.query(sql, [*params, limit, offset])
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
                "highlights": highlights(r["text"], f.query),
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


def _article_hits(store: Store, f: Filters, limit: int, offset: int) -> list[dict[str, Any]]:
    where, params = _article_where(store, f)
    if f.sort == "relevance" and f.query is not None:
        where[0] = "articles_fts MATCH ?"
        join_fts, order = "JOIN articles_fts ON articles_fts.rowid = a.id", "articles_fts.rank, a.id"
    else:
        join_fts = ""
        order = f"a.published IS NULL, a.published {'DESC' if f.sort == 'newest' else 'ASC'}, a.id"
    sql = _ARTICLE_HIT_SQL.format(join_fts=join_fts, where=_where_sql(where), order=order)
    hits = []
    for r in store.query(sql, [*params, limit, offset]):
        title_hl = highlights(r["title"] or "", f.query)
        hits.append(
            {
                "type": "article",
                "article_id": r["article_id"],
                "doc_id": r["doc_id"],
                "title": r["title"],
                "title_highlights": title_hl,
                "outlet": r["outlet"],
                "published": r["published"],
                "date": r["published"],
                "n_quotes": r["n_quotes"],
                "snippet": snippet(r["text"], f.query, skip=_body_start(r["text"], r["title"])),
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


def count_hits(store: Store, f: Filters) -> dict[str, int]:
    """How many statements and articles match (a statement counts once, however many reports)."""
    want_st, want_ar = _wants(f)
    out = {"statements": 0, "articles": 0}
    if want_st:
        where, params = _quote_where(store, f)
        join_a = "JOIN articles a ON a.id = q.article_id" if (f.outlet or f.date_from or f.date_to) else ""
        out["statements"] = int(
            store.query(
                f"SELECT COUNT(DISTINCT {_STATEMENT_KEY}) FROM quotes q {join_a} {_where_sql(where)}", params
            )[0][0]
        )
    if want_ar:
        where, params = _article_where(store, f)
        out["articles"] = int(store.query(f"SELECT COUNT(*) FROM articles a {_where_sql(where)}", params)[0][0])
    return out


def search(store: Store, f: Filters, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full-text search over statements and articles with filters.

    Results list the matching statements first (one hit per statement, its
    best-matching report shown), then the matching articles; ``offset`` and
    ``limit`` page through that combined list. ``total`` counts both.
    """
    counts = count_hits(store, f)
    want_st, want_ar = _wants(f)
    items: list[dict[str, Any]] = []
    n_st = counts["statements"]
    if want_st and offset < n_st:
        items += _statement_hits(store, f, limit, offset)
    if want_ar and len(items) < limit:
        items += _article_hits(store, f, limit - len(items), max(0, offset - n_st))
    return {"total": n_st + counts["articles"], "counts": counts, "items": items}


def search_facets(store: Store, f: Filters, *, top: int = 12) -> dict[str, list[dict[str, Any]]]:
    """Counts by speaker, outlet, kind and year over everything that matches ``f``.

    Each facet ignores its own filter (so a chosen outlet still shows the other
    outlets and their counts) and counts statements once plus matching articles.
    """
    facets: dict[str, list[dict[str, Any]]] = {}
    specs = {
        "speaker": ("q.speaker_id", "COALESCE(s.name, q.speaker_name)", None),
        "outlet": ("a.outlet", "a.outlet", "a.outlet"),
        "kind": ("q.kind", "q.kind", "'article'"),
        "year": (f"substr({_Q_DAY}, 1, 4)", f"substr({_Q_DAY}, 1, 4)", "substr(a.published, 1, 4)"),
    }
    for facet, (key_sql, label_sql, article_sql) in specs.items():
        g = _without(f, facet)
        counts: _Counter[tuple[Any, Any]] = _Counter()
        gst, gar = _wants(g)
        if gst:
            where, params = _quote_where(store, g)
            sql = f"""SELECT {key_sql} AS k, {label_sql} AS label, COUNT(DISTINCT {_STATEMENT_KEY}) AS n
                      FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
                      {_where_sql(where)} GROUP BY k ORDER BY n DESC LIMIT ?"""
            for r in store.query(sql, [*params, top]):
                if r["label"] is not None:
                    counts[(r["k"], r["label"])] += r["n"]
        if gar and article_sql is not None:
            where, params = _article_where(store, g)
            sql = f"""SELECT {article_sql} AS k, COUNT(*) AS n FROM articles a {_where_sql(where)}
                      GROUP BY k ORDER BY n DESC LIMIT ?"""
            for r in store.query(sql, [*params, top]):
                if r["k"] is not None:
                    counts[(r["k"], r["k"])] += r["n"]
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0][1])))[:top]
        if facet == "year":
            ordered.sort(key=lambda kv: str(kv[0][1]), reverse=True)
        facets[facet] = [
            {"value": k if k is not None else label, "label": label, "count": n} for (k, label), n in ordered
        ]
    return facets


def _without(f: Filters, facet: str) -> Filters:
    """``f`` with the filter that ``facet`` sets removed."""
    from dataclasses import replace

    if facet == "speaker":
        return replace(f, speaker=None)
    if facet == "outlet":
        return replace(f, outlet=None)
    if facet == "kind":
        return replace(f, kind=None)
    return replace(f, date_from=None, date_to=None)


def _cached(store: Store, key: tuple[Any, ...], compute: Any) -> Any:
    """Memoise an aggregate on this connection until the store changes.

    ``PRAGMA data_version`` moves when another connection commits and
    ``total_changes`` when this one writes, so a cached value is never stale.
    """
    cache: dict[Any, Any] = store.__dict__.setdefault("_query_cache", {})
    version = (int(store.query("PRAGMA data_version")[0][0]), store.conn.total_changes)
    if cache.get("__version__") != version:
        cache.clear()
        cache["__version__"] = version
    if key not in cache:
        if len(cache) > 256:
            cache.clear()
            cache["__version__"] = version
        cache[key] = compute()
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
        **_cached(store, ("speaker_stats", speaker_id), stats),
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
    if lo:
        where.append(f"{_REPORT_DAY} >= ?")
        params.append(lo)
    if hi:
        where.append(f"{_REPORT_DAY} < ?")
        params.append(hi)
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
        return {
            "speaker_id": speaker_id,
            "bucket": bucket,
            "topic": topic or None,
            "buckets": out,
            "undated": len(undated),
            "total": sum(len(k) for k in keys.values()) + len(undated),
        }

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
    occasions: list[dict[str, Any]] = []
    for item in items:
        key = (item["date"], (item["said_where"] or "").strip().lower())
        if occasions and occasions[-1]["key"] == key:
            occasions[-1]["statements"].append(item)
        else:
            occasions.append({"key": key, "date": item["date"], "said_where": item["said_where"], "statements": [item]})
    for occ in occasions:
        del occ["key"]
    return {"total": total, "items": items, "occasions": occasions}


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
    sql = f"""
        WITH m AS MATERIALIZED (
            SELECT DISTINCT {_STATEMENT_KEY} AS k FROM quotes q JOIN articles a ON a.id = q.article_id {_where_sql(where)}
        )
        SELECT {_STATEMENT_KEY} AS k, q.id, q.statement_id, q.kind, q.text, q.said_on, q.said_where,
               COALESCE(s.name, q.speaker_name) AS speaker, a.doc_id, a.id AS article_id, a.outlet, a.published,
               st.said_on AS st_said_on, st.said_where AS st_said_where, st.drift_json
        FROM m JOIN quotes q ON {_STATEMENT_KEY} = m.k
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
