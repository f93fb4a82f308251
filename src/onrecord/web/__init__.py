"""The HTTP API and the web pages over a store (``onrecord serve``).

Needs: a store (created empty if missing) and the settings (``serve_host``,
``serve_port``, ``api_token``, ``max_upload_bytes``, ``page_size_max``).
Adds: nothing to the store except through ``POST /api/ingest`` and the /ingest
page, which run the ordinary ingest. Reads go through
:mod:`onrecord.store.queries`, the same functions the CLI uses.

- :mod:`.app` - the app factory and the one error shape
- :mod:`.security` - headers, allowed hosts, token, CSRF
- :mod:`.api` - JSON routes; :mod:`.pages` - HTML routes (templates/, static/)
- :mod:`.render` / :mod:`.drift` - escaped HTML pieces: highlights, the timeline chart, drift
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from ..settings import Settings
    from .app import OnrecordApp

VERSION = "web-1"

__all__ = ["VERSION", "create_app", "serve"]


def create_app(settings: Settings, *, db_path: str | None = None, bound_host: str | None = None) -> OnrecordApp:
    """The FastAPI app over ``db_path`` (default ``settings.db_path``); see :func:`.app.create_app`."""
    from .app import create_app as _create

    return _create(settings, db_path=db_path, bound_host=bound_host)


def check_port(host: str, port: int) -> None:
    """Fail early, with a hint, when ``host:port`` cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                "pick another port with --port N (or stop the program using this one)",
            ) from None


def serve(settings: Settings, *, log_level: str = "warning") -> None:
    """Serve the app with uvicorn on ``settings.serve_host:serve_port`` until interrupted."""
    import uvicorn

    check_port(settings.serve_host, settings.serve_port)
    app = create_app(settings, bound_host=settings.serve_host)
    uvicorn.run(
        app,
        host=settings.serve_host,
        port=settings.serve_port,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
    )
