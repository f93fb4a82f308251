"""Request parameters shared by the API and the pages: paging, filters, links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from ..errors import QueryError
from ..store import Store
from .app import WebState

MAX_OFFSET = 1_000_000
DEFAULT_LIMIT = 20


def web(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def store_of(request: Request) -> Store:
    """This thread's read-only connection to the store."""
    return web(request).pool.get()


def paging(request: Request, limit: int | None, offset: int | None, default: int = DEFAULT_LIMIT) -> tuple[int, int]:
    """Checked ``limit`` and ``offset``: 1 <= limit <= page_size_max, 0 <= offset <= 1,000,000."""
    cap = web(request).settings.page_size_max
    limit = default if limit is None else limit
    offset = 0 if offset is None else offset
    if not 1 <= limit <= cap:
        raise QueryError(f"limit={limit} is out of range", f"give a limit from 1 to {cap} (the page_size_max setting)")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset={offset} is out of range", f"give an offset from 0 to {MAX_OFFSET:,}; narrow the search instead")
    return limit, offset


def query_string(params: dict[str, Any]) -> str:
    """``params`` as a query string, leaving out empty values."""
    kept = [(k, str(v)) for k, v in params.items() if v is not None and v != ""]
    return ("?" + urlencode(kept)) if kept else ""


def link_with(request: Request, **changes: Any) -> str:
    """The current path and query with ``changes`` applied (``None`` removes a parameter)."""
    params: dict[str, Any] = dict(request.query_params)
    for key, value in changes.items():
        key = key.rstrip("_")  # from_ -> from
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return request.url.path + query_string(params)


def page_links(request: Request, total: int, limit: int, offset: int) -> dict[str, Any]:
    """``next`` and ``prev`` links (or ``None``) for a page of ``total`` results."""
    nxt = link_with(request, offset=offset + limit, limit=limit) if offset + limit < total else None
    prev = link_with(request, offset=max(0, offset - limit) or None, limit=limit) if offset > 0 else None
    return {"total": total, "limit": limit, "offset": offset, "next": nxt, "prev": prev}


def bounded_id(value: int, what: str) -> int:
    """An id from a path: anything SQLite cannot hold is simply not found."""
    from ..errors import NotFound

    if not 1 <= value <= 2**63 - 1:
        raise NotFound(f"no {what} with id {value}")
    return value
