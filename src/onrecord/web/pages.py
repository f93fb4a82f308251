"""The server-rendered pages (Jinja2, autoescaped; a little vanilla JS on the ingest page only)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import AccessDenied, NotFound, OnrecordError, QueryError
from ..store import queries as Q
from .api import read_upload
from .app import status_for
from .params import bounded_id, link_with, page_links, paging, query_string, store_of, web
from .render import article_html, marked, safe_url, timeline_chart
from .security import AUTH_COOKIE, CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
From = Annotated[str | None, Query(alias="from")]
To = Annotated[str | None, Query(alias="to")]


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    env = web(request).templates
    context.setdefault("nav", "")
    html = env.get_template(template).render(
        request_path=request.url.path,
        link_with=lambda **kw: link_with(request, **kw),
        marked=marked,
        **context,
    )
    return HTMLResponse(html, status_code=status)


def _csrf(request: Request) -> tuple[str, str | None]:
    """(token for the form, new nonce to set as a cookie or None when the browser has one)."""
    nonce = request.cookies.get(CSRF_COOKIE)
    fresh = None
    if not nonce or len(nonce) != 32:
        nonce = fresh = secrets.token_hex(16)
    return web(request).keys.csrf_for(nonce), fresh


def _set_csrf_cookie(response: Response, nonce: str | None) -> None:
    if nonce:
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", path="/")


def _check_csrf(request: Request, token: str | None) -> None:
    if not web(request).keys.csrf_ok(request.cookies.get(CSRF_COOKIE), token):
        raise AccessDenied("the form's security token is missing or stale", "reload the page and submit the form again")


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    kind: str | None = None,
    date_from: From = None,
    date_to: To = None,
    sort: str | None = None,
    offset: int | None = None,
) -> HTMLResponse:
    store = store_of(request)
    form = {"q": q or "", "speaker": speaker or "", "outlet": outlet or "", "kind": kind or "",
            "from": date_from or "", "to": date_to or "", "sort": sort or ""}
    searching = any(v for v in form.values())
    context: dict[str, Any] = {"nav": "search", "form": form, "kinds": Q.SEARCH_KINDS, "searching": searching}
    try:
        limit, offset = paging(request, PAGE_SIZE, offset)
        f = Q.make_filters(q, speaker=speaker, outlet=outlet, kind=kind, date_from=date_from, date_to=date_to, sort=sort)
    except QueryError as exc:
        return render(request, "search.html", status=400, title="Search", error=exc.to_dict(),
                      overview=None, result=None, **context)
    if not searching:
        return render(request, "search.html", title="onrecord", error=None, result=None,
                      overview=Q.corpus_overview(store), **context)
    result = Q.search(store, f, limit=limit, offset=offset, facets=True)
    facets = result["facets"]
    speaker_name = None
    if f.speaker:
        sid = Q.resolve_speaker(store, f.speaker)
        speaker_name = Q.get_speaker_name(store, sid) if sid is not None else f.speaker
    year = None
    if date_from and date_to and date_from == date_to and len(date_from) == 4:
        year = date_from
    return render(
        request, "search.html",
        title=f"Search: {q}" if q else "Search",
        error=None, overview=None, result=result, facets=facets, filters=f, speaker_name=speaker_name,
        year=year, facets_max=Q.FACETS_MAX_RESULTS, pages=page_links(request, result["total"], limit, offset), **context,
    )


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(request: Request, name: str | None = None, offset: int | None = None) -> HTMLResponse:
    limit, offset = paging(request, 50, offset)
    if name is not None and len(name) > 200:
        raise QueryError("the name filter is longer than 200 characters")
    result = Q.list_speakers(store_of(request), name=name, limit=limit, offset=offset)
    return render(request, "speakers.html", nav="speakers", title="Speakers", name=name or "", result=result,
                  pages=page_links(request, result["total"], limit, offset))


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker_page(
    request: Request,
    speaker_id: int,
    bucket: str = "auto",
    topic: str | None = None,
    date_from: From = None,
    date_to: To = None,
    offset: int | None = None,
) -> HTMLResponse:
    store = store_of(request)
    sp = Q.get_speaker(store, bounded_id(speaker_id, "speaker"))
    limit, offset = paging(request, 30, offset)
    bucket_choice = bucket
    if bucket == "auto":
        bucket = Q.auto_bucket(sp["first"], sp["last"])
    timeline = Q.speaker_timeline(store, speaker_id, bucket=bucket, topic=topic, date_from=date_from, date_to=date_to)

    def bar_href(b: dict[str, Any]) -> str:
        last_day = Q.bucket_after(b["start"], bucket)
        to = (dt.date.fromisoformat(last_day) - dt.timedelta(days=1)).isoformat()
        return f"/speakers/{speaker_id}" + query_string(
            {"bucket": request.query_params.get("bucket"), "topic": topic, "from": b["start"], "to": to}
        ) + "#statements"

    chart = timeline_chart(timeline, bar_href)
    statements = Q.speaker_statements(
        store, speaker_id, topic=topic, date_from=date_from, date_to=date_to, limit=limit, offset=offset
    )
    counts: dict[str, int] = {}
    for b in timeline["buckets"]:
        for t in b["terms"]:
            counts[t["term"]] = counts.get(t["term"], 0) + t["count"]
    topics = [{"term": t, "count": n} for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12]]
    return render(
        request, "speaker.html", nav="speakers", title=sp["name"], speaker=sp, timeline=timeline, chart=chart,
        bucket=bucket, bucket_choice=bucket_choice, buckets=Q.BUCKETS, topic=topic or "", date_from=date_from or "", date_to=date_to or "",
        statements=statements, topics=topics, pages=page_links(request, statements["total"], limit, offset),
    )


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, statement_id: int) -> HTMLResponse:
    st = Q.get_statement(store_of(request), bounded_id(statement_id, "statement"))
    from .drift import report_views

    views = report_views(st)
    return render(request, "statement.html", nav="", title=f"Statement by {st['speaker']['name'] or 'unknown'}",
                  st=st, reports=views["reports"], drift=views["drift"], base=views["base"])


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int) -> HTMLResponse:
    a = Q.get_article(store_of(request), bounded_id(article_id, "article"))
    return render(request, "article.html", nav="", title=a["title"] or f"Article {a['id']}", a=a,
                  body=article_html(a["text"], a["quotes"]), url=safe_url(a["url"]))


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    token, fresh = _csrf(request)
    settings = web(request).settings
    response = render(request, "ingest.html", nav="ingest", title="Ingest files", csrf=token, csrf_field=CSRF_FIELD,
                      csrf_header=CSRF_HEADER, max_bytes=settings.max_upload_bytes, job=None, error=None)
    _set_csrf_cookie(response, fresh)
    return response


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_form(request: Request) -> HTMLResponse:
    token, fresh = _csrf(request)
    settings = web(request).settings
    context: dict[str, Any] = {"nav": "ingest", "title": "Ingest files", "csrf": token, "csrf_field": CSRF_FIELD,
               "csrf_header": CSRF_HEADER, "max_bytes": settings.max_upload_bytes}
    try:
        files = await read_upload(request)
        form = await request.form()
        _check_csrf(request, str(form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""))
        job = await run_in_threadpool(web(request).jobs.run, files)
    except OnrecordError as exc:
        response = render(request, "ingest.html", status=status_for(exc), job=None, error=exc.to_dict(), **context)
        _set_csrf_cookie(response, fresh)
        return response
    response = render(request, "ingest.html", job=job.to_dict(), error=None, **context)
    _set_csrf_cookie(response, fresh)
    return response


def _local_path(target: str | None) -> str:
    """Only a path on this server may be a redirect target (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    token, fresh = _csrf(request)
    response = render(request, "login.html", title="Sign in", csrf=token, csrf_field=CSRF_FIELD,
                      next=_local_path(next), error=None)
    _set_csrf_cookie(response, fresh)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    keys = web(request).keys
    target = _local_path(str(form.get("next") or "/"))
    status = 403
    try:
        _check_csrf(request, str(form.get(CSRF_FIELD) or ""))
        status = 401
        if not keys.token_ok(str(form.get("token") or "")):
            raise AccessDenied("wrong token", "use the token the server was started with (--token or api_token)")
    except AccessDenied as exc:
        token, fresh = _csrf(request)
        response = render(request, "login.html", status=status, title="Sign in",
                          csrf=token, csrf_field=CSRF_FIELD, next=target, error=exc.to_dict())
        _set_csrf_cookie(response, fresh)
        return response
    redirect = RedirectResponse(target, status_code=303)
    redirect.set_cookie(AUTH_COOKIE, keys.auth_cookie_value(), httponly=True, samesite="strict", path="/")
    return redirect


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered here from the OpenAPI schema (no CDN, no inline script)."""
    schema = request.app.openapi()
    routes = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                    "type": _type_of(p.get("schema", {})),
                }
                for p in op.get("parameters", [])
            ]
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "anchor": (method + path).replace("/", "-").replace("{", "").replace("}", ""),
                }
            )
    return render(request, "docs.html", nav="docs", title="API", routes=routes, info=schema.get("info", {}))


def _type_of(schema: dict[str, Any]) -> str:
    if "type" in schema:
        return str(schema["type"])
    kinds = [s.get("type", "") for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return " or ".join(k for k in kinds if k) or "any"


@router.get("/static/{name}")
def static(request: Request, name: str) -> Response:
    """Static assets served from memory: the name is a dictionary key, never a path."""
    entry = web(request).static.get(name)
    if entry is None:
        raise NotFound(f"no static file {name[:60]!r}")
    data, ctype, etag = entry
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(data, media_type=ctype, headers={"ETag": etag, "Cache-Control": "no-cache"})
