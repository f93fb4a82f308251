"""The JSON API: thin routes over :mod:`onrecord.store.queries` (the same functions as the CLI).

Lists are paged with ``limit`` (1..page_size_max) and ``offset`` and answer
``{"total", "limit", "offset", "next", "prev", "items"}``; ``next`` is the link to
the following page or null.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..errors import InputError, QueryError
from ..store import Store
from ..store import queries as Q
from .app import UploadTooLarge, error_body
from .jobs import MAX_FILES, upload_name
from .params import bounded_id, page_links, paging, store_of, web

router = APIRouter(prefix="/api", tags=["api"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad input: `{\"error\": {\"code\", \"message\", \"hint\"}}`"},
    404: {"description": "Unknown id: `{\"error\": {\"code\", \"message\", \"hint\"}}`"},
}

Limit = Annotated[int | None, Query(description="Page size, 1 to page_size_max (default 20).")]
Offset = Annotated[int | None, Query(description="How many results to skip (default 0).")]
Text = Annotated[
    str | None,
    Query(description='Full-text query: words (all must match), "a phrase", prefix*, OR. Any text is accepted.'),
]
Speaker = Annotated[str | None, Query(description="Speaker id, canonical name or alias.")]
Outlet = Annotated[str | None, Query(description="Outlet name, exactly as listed in the facets.")]
Kind = Annotated[str | None, Query(description="direct, indirect, mixed (statements) or article.")]
From = Annotated[str | None, Query(alias="from", description="From this date on: YYYY, YYYY-MM or YYYY-MM-DD.")]
To = Annotated[str | None, Query(alias="to", description="Up to and including this date: YYYY, YYYY-MM or YYYY-MM-DD.")]
Sort = Annotated[str | None, Query(description="relevance (default with q), newest (default without), oldest.")]
Topic = Annotated[str | None, Query(description="Keep statements matching this text (search syntax).")]


def search_filters(
    q: Text = None,
    speaker: Speaker = None,
    outlet: Outlet = None,
    kind: Kind = None,
    date_from: From = None,
    date_to: To = None,
    sort: Sort = None,
) -> Q.Filters:
    """The filters of search and export, checked (a bad value is a 400)."""
    return Q.make_filters(q, speaker=speaker, outlet=outlet, kind=kind, date_from=date_from, date_to=date_to, sort=sort)


SearchFilters = Annotated[Q.Filters, Depends(search_filters)]


@router.get("/search", responses=ERRORS, summary="Search statements and articles")
def search(
    request: Request,
    f: SearchFilters,
    facets: Annotated[bool, Query(description="Also count results by speaker, outlet, kind and year.")] = False,
    limit: Limit = None,
    offset: Offset = None,
) -> dict[str, Any]:
    """Full-text search over statements (one hit per statement, its best-matching report shown)
    and articles, with filters. Statements come first, then articles. Each hit carries
    ``highlights``: character ranges of its text that match the query."""
    limit, offset = paging(request, limit, offset)
    result = Q.search(store_of(request), f, limit=limit, offset=offset, facets=facets)
    out = {"query": f.raw, "sort": f.sort, "counts": result["counts"], **page_links(request, result["total"], limit, offset)}
    out["items"] = result["items"]
    if facets:
        # null when too many results match to count them quickly (more than FACETS_MAX_RESULTS).
        out["facets"] = result["facets"]
    return out


@router.get("/speakers", responses=ERRORS, summary="List speakers")
def speakers(
    request: Request,
    name: Annotated[str | None, Query(description="Keep speakers whose name or an alias contains this.")] = None,
    limit: Limit = None,
    offset: Offset = None,
) -> dict[str, Any]:
    """Speakers, most statements first, with their statement and report counts."""
    limit, offset = paging(request, limit, offset)
    if name is not None and len(name) > 200:
        raise QueryError("the name filter is longer than 200 characters")
    result = Q.list_speakers(store_of(request), name=name, limit=limit, offset=offset)
    return {**page_links(request, result["total"], limit, offset), "items": result["items"]}


@router.get("/speakers/{speaker_id}", responses=ERRORS, summary="One speaker")
def speaker(request: Request, speaker_id: Annotated[int, Path(description="Speaker id.")]) -> dict[str, Any]:
    """Name, type, aliases, roles with first and last dates seen, counts and the outlets quoting them."""
    out = Q.get_speaker(store_of(request), bounded_id(speaker_id, "speaker"))
    out["links"] = {
        "timeline": f"/api/speakers/{speaker_id}/timeline",
        "statements": f"/api/speakers/{speaker_id}/statements",
        "page": f"/speakers/{speaker_id}",
    }
    return out


@router.get("/speakers/{speaker_id}/timeline", responses=ERRORS, summary="A speaker's statements over time")
def timeline(
    request: Request,
    speaker_id: int,
    bucket: Annotated[str, Query(description="day, week, month or year.")] = "month",
    topic: Topic = None,
    date_from: From = None,
    date_to: To = None,
    terms: Annotated[int, Query(ge=0, le=20, description="Frequent terms per bucket (0-20).")] = 6,
) -> dict[str, Any]:
    """Statements per bucket (a statement counts once however many outlets reported it), with
    the frequent terms of each bucket. Empty buckets are left out; undated statements are
    counted in ``undated``."""
    return Q.speaker_timeline(
        store_of(request), bounded_id(speaker_id, "speaker"), bucket=bucket, topic=topic,
        date_from=date_from, date_to=date_to, terms=terms,
    )


@router.get("/speakers/{speaker_id}/statements", responses=ERRORS, summary="A speaker's statements by occasion")
def speaker_statements(
    request: Request,
    speaker_id: int,
    topic: Topic = None,
    date_from: From = None,
    date_to: To = None,
    limit: Limit = None,
    offset: Offset = None,
) -> dict[str, Any]:
    """Statements newest first, each with its fullest report; ``occasions`` groups the page by day and place."""
    limit, offset = paging(request, limit, offset)
    result = Q.speaker_statements(
        store_of(request), bounded_id(speaker_id, "speaker"), topic=topic, date_from=date_from,
        date_to=date_to, limit=limit, offset=offset,
    )
    return {**page_links(request, result["total"], limit, offset), "items": result["items"], "occasions": result["occasions"]}


@router.get("/statements/{statement_id}", responses=ERRORS, summary="One statement with every report")
def statement(request: Request, statement_id: int) -> dict[str, Any]:
    """Every report of the statement (outlet, date, wording, offsets in its article) and the drift between them."""
    return Q.get_statement(store_of(request), bounded_id(statement_id, "statement"))


@router.get("/articles/{article_id}", responses=ERRORS, summary="One article")
def article(request: Request, article_id: int) -> dict[str, Any]:
    """Cleaned text, metadata with provenance, quotes with character offsets, removed boilerplate."""
    return Q.get_article(store_of(request), bounded_id(article_id, "article"))


@router.get("/stats", summary="What the store holds")
def stats(request: Request) -> dict[str, Any]:
    """Counts, publication date range, most quoted speakers and largest outlets."""
    return Q.corpus_overview(store_of(request))


CSV_COLUMNS = [
    "statement_id", "speaker", "said_on", "said_where", "quote_id", "kind", "text", "outlet", "published", "article_id",
]


def _jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    for row in rows:
        yield (json.dumps(row, ensure_ascii=False) + "\n").encode()


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        for rep in row["reports"]:
            writer.writerow(
                [row["id"], row["speaker"], row["said_on"], row["said_where"], rep["quote_id"], rep["kind"],
                 rep["text"], rep["outlet"], rep["published"], rep["article_id"]]
            )
        if buf.tell() > 65536:
            yield buf.getvalue().encode()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode()


@router.get(
    "/export",
    responses={**ERRORS, 200: {"content": {"application/x-ndjson": {}, "text/csv": {}}, "description": "A stream."}},
    summary="Export statements (streamed)",
)
def export(
    request: Request,
    f: SearchFilters,
    format: Annotated[str, Query(description="jsonl (one statement a line) or csv (one report a row).")] = "jsonl",
    limit: Annotated[int | None, Query(description="At most this many statements (default: all).")] = None,
) -> StreamingResponse:
    """Statements matching the same filters as search, each with all its reports and its drift,
    streamed as JSON lines (``{"id", "speaker", "said_on", "said_where", "reports", "drift"}``) or CSV."""
    if format not in ("jsonl", "csv"):
        raise QueryError(f"unknown format {format[:20]!r}", "format is jsonl or csv")
    if f.kind == "article":
        raise QueryError("export writes statements; kind=article has none", "use kind direct, indirect or mixed")
    if limit is not None and not 1 <= limit <= 10_000_000:
        raise QueryError(f"limit={limit} is out of range", "give a positive limit, or none for everything")
    # A connection of its own: the stream outlives this request's thread.
    store = Store(web(request).db_path, readonly=True)
    rows = Q.iter_export(store, f)

    def limited() -> Iterator[dict[str, Any]]:
        try:
            for i, row in enumerate(rows):
                if limit is not None and i >= limit:
                    break
                yield row
        finally:
            store.close()

    body = _jsonl(limited()) if format == "jsonl" else _csv(limited())
    media = "application/x-ndjson" if format == "jsonl" else "text/csv; charset=utf-8"
    name = "onrecord-statements." + format
    return StreamingResponse(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def read_upload(request: Request) -> list[tuple[str, bytes]]:
    """The uploaded files of a multipart request, refusing bodies over max_upload_bytes before parsing."""
    limit = web(request).settings.max_upload_bytes
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        raise InputError("expected a multipart/form-data upload", "send the files as form fields named 'files'")
    declared = request.headers.get("content-length")
    slack = 64 * 1024  # multipart headers and boundaries around the files
    if declared is not None and declared.isdigit() and int(declared) > limit + slack:
        raise UploadTooLarge(
            f"the upload is {int(declared):,} bytes; the limit is {limit:,}", "send fewer or smaller files (setting max_upload_bytes)"
        )
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit + slack:
            raise UploadTooLarge(f"the upload is over the limit of {limit:,} bytes", "send fewer or smaller files (setting max_upload_bytes)")
    request._body = bytes(body)  # parsed from memory below; starlette reads _body when present
    form = await request.form(max_files=MAX_FILES, max_fields=10)
    uploads = [v for k, v in form.multi_items() if k == "files" and isinstance(v, UploadFile)]
    if not uploads:
        raise InputError("no files in the upload", "send one or more files in form fields named 'files'")
    out = []
    total = 0
    for up in uploads:
        data = await up.read(limit + 1)
        total += len(data)
        if total > limit:
            raise UploadTooLarge(f"the files add up to more than {limit:,} bytes", "send fewer or smaller files")
        out.append((upload_name(up.filename), data))
    await form.close()
    return out


@router.post(
    "/ingest",
    responses={**ERRORS, 413: {"description": "Upload over max_upload_bytes"}, 202: {"description": "Started"}},
    summary="Ingest uploaded files",
)
async def ingest(
    request: Request,
    background: Annotated[bool, Query(description="Answer at once with a job to poll instead of the summary.")] = False,
) -> Any:
    """Upload a few files (multipart form fields named ``files``; the formats ``onrecord ingest`` reads)
    and ingest them into the store. Answers with the run summary, or with ``background=true`` at
    once with a job whose ``href`` shows progress."""
    files = await read_upload(request)
    jobs = web(request).jobs
    if background:
        job = jobs.start(files)
        return JSONResponse(job.to_dict(), status_code=202)
    job = await run_in_threadpool(jobs.run, files)
    if job.state == "failed" and job.error:
        return JSONResponse({"error": job.error, "job": job.to_dict()}, status_code=503)
    return job.to_dict()


@router.get("/ingest/{job_id}", responses=ERRORS, summary="Progress of an ingest")
def ingest_job(request: Request, job_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    """State (queued, running, done, failed), documents processed of total, and the summary when done."""
    return web(request).jobs.get(job_id).to_dict()


__all__ = ["error_body", "router"]
