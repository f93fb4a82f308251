"""The FastAPI application: one factory, shared state, the one error shape.

Every error, from a bad ``limit`` to an unknown route or a bug, is answered as
``{"error": {"code", "message", "hint"}}`` (an HTML page with the same three
fields for the pages), with the status that fits: 400 bad input, 401/403
refused, 404 unknown id or route, 413 upload too large, 503 store unavailable.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import threading
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import (
    AccessDenied,
    InputError,
    NotFound,
    OnrecordError,
    QueryError,
    SettingsError,
    StoreError,
    StoreFull,
)
from ..settings import Settings
from ..store import Store
from .jobs import IngestJobs
from .security import Guard, Secrets, is_loopback

log = logging.getLogger("onrecord.web")


class UploadTooLarge(InputError):
    """An upload over ``max_upload_bytes`` (answered with 413)."""


STATUS = [
    (NotFound, 404),
    (UploadTooLarge, 413),
    (QueryError, 400),
    (InputError, 400),
    (AccessDenied, 403),
    (StoreFull, 507),
    (StoreError, 503),
    (SettingsError, 500),
]


def status_for(exc: OnrecordError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_body(exc: OnrecordError) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": exc.to_dict()}


MMAP_BYTES = 1 << 30
CACHE_KIB = 16 * 1024


class StorePool:
    """One read-only connection per server thread (sqlite3 connections are not shared)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path, readonly=True)
            # Memory-mapped reads share the OS page cache between the server's threads;
            # each connection keeps a modest page cache of its own on top.
            store.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            store.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._local.store = store
        return store


def _static_files() -> dict[str, tuple[bytes, str, str]]:
    """The static assets, read once into memory: name -> (bytes, content type, etag)."""
    out = {}
    for entry in (files("onrecord.web") / "static").iterdir():
        if entry.is_file():
            data = entry.read_bytes()
            ctype = mimetypes.guess_type(entry.name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/javascript", "image/svg+xml"):
                ctype += "; charset=utf-8"
            out[entry.name] = (data, ctype, '"' + hashlib.sha256(data).hexdigest()[:16] + '"')
    return out


@dataclass
class WebState:
    settings: Settings
    db_path: str
    pool: StorePool
    keys: Secrets
    jobs: IngestJobs
    templates: Environment
    static: dict[str, tuple[bytes, str, str]]


def wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


class OnrecordApp(FastAPI):
    """FastAPI with the guard wrapped around everything, errors from any layer included."""

    guard: Guard

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.guard(scope, receive, send)

    async def _inner(self, scope: Any, receive: Any, send: Any) -> None:
        await super().__call__(scope, receive, send)


def create_app(settings: Settings, *, db_path: str | None = None, bound_host: str | None = None) -> OnrecordApp:
    """The web app over the store at ``db_path`` (default: ``settings.db_path``).

    ``bound_host`` is the address the server listens on: on a loopback address
    (the default) only loopback ``Host`` headers are answered.
    """
    from . import api, pages

    db = db_path or settings.db_path
    Store(db).close()  # create or migrate once; the server then reads through read-only connections
    env = Environment(
        loader=PackageLoader("onrecord.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    state = WebState(
        settings=settings,
        db_path=db,
        pool=StorePool(db),
        keys=Secrets(settings.api_token),
        jobs=IngestJobs(settings, db),
        templates=env,
        static=_static_files(),
    )
    app = OnrecordApp(
        title="onrecord",
        version=__version__,
        description=(
            "Who said what, when, where - and which outlets reported it, in which words. "
            "Every error is answered as {\"error\": {\"code\", \"message\", \"hint\"}}."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.web = state
    env.globals.update(version=__version__, token_required=bool(settings.api_token))

    async def render_error(scope: Any, exc: OnrecordError, status: int) -> Response:
        if wants_json(scope.get("path", "")):
            return JSONResponse(error_body(exc), status_code=status)
        html = env.get_template("error.html").render(
            title=f"Error {status}", error=exc.to_dict(), status=status, nav="", request_path=scope.get("path", "")
        )
        return HTMLResponse(html, status_code=status)

    app.guard = Guard(
        app._inner,
        keys=state.keys,
        loopback_only=is_loopback(bound_host or settings.serve_host),
        on_error=render_error,
    )

    @app.exception_handler(OnrecordError)
    async def _onrecord_error(request: Request, exc: OnrecordError) -> Response:
        return await render_error(request.scope, exc, status_for(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
            problems.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        error = QueryError("bad request: " + "; ".join(problems), "see the parameters at /docs")
        return await render_error(request.scope, error, 400)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        error: OnrecordError
        if exc.status_code == 404:
            error = NotFound(f"no such page: {request.url.path[:200]}", "start from / or see the API at /docs")
        elif exc.status_code == 405:
            error = QueryError(f"{request.method} is not allowed on {request.url.path[:200]}", "see /docs")
        else:
            error = QueryError(str(exc.detail)[:300])
        return await render_error(request.scope, error, exc.status_code)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        error = OnrecordError("internal error", "this is a bug in onrecord; the server log has the details")
        return await render_error(request.scope, error, 500)

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
