"""The web server's guard: security headers, allowed hosts, the optional token, CSRF.

Threat model in short (docs/security.md has the page): article text is untrusted
and is only ever rendered escaped; the server binds 127.0.0.1 by default, so the
attackers that matter are (1) a web page in the user's browser that tries to
reach the local server (cross-site form posts, DNS rebinding), and (2) anyone on
the network when the user binds beyond loopback - for that case ``--token``.

- Every response carries a Content-Security-Policy that allows scripts and styles
  from this server only (no inline script, no inline event handler, no eval),
  ``frame-ancestors 'none'``, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer`` and ``Cross-Origin-Opener-Policy: same-origin``.
- On a loopback bind, requests must name a loopback host (``Host: 127.0.0.1:8000``,
  ``localhost``, ``[::1]``): a rebound DNS name pointing at 127.0.0.1 is refused.
- An unsafe method (POST ...) whose ``Origin`` is not this server, or whose
  ``Sec-Fetch-Site`` says cross-site, is refused, so no other site can post to it.
- Forms also carry a CSRF token: an HMAC of a random per-browser nonce (kept in an
  HttpOnly SameSite=Strict cookie) under a per-process secret.
- With a token set, every request except the static files and the login page must
  carry ``Authorization: Bearer <token>`` or the cookie the login page sets.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from ..errors import AccessDenied, OnrecordError

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
AUTH_COOKIE = "onrecord_auth"
CSRF_COOKIE = "onrecord_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
# Reachable without the token: the login page itself and the stylesheet it uses.
OPEN_PATHS = ("/login", "/static/")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


class Secrets:
    """Per-process secret, the optional API token, and the derived cookie values."""

    def __init__(self, token: str = "") -> None:
        self.secret = secrets.token_bytes(32)
        self.token = token

    def auth_cookie_value(self) -> str:
        """What the login cookie holds: a MAC of the token, never the token itself."""
        return hmac.new(self.secret, b"auth\x00" + self.token.encode(), hashlib.sha256).hexdigest()

    def token_ok(self, candidate: str) -> bool:
        return bool(self.token) and hmac.compare_digest(candidate.encode(), self.token.encode())

    def csrf_for(self, nonce: str) -> str:
        return hmac.new(self.secret, b"csrf\x00" + nonce.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token:
            return False
        return hmac.compare_digest(self.csrf_for(nonce).encode(), token.encode())


def _headers(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in scope.get("headers", []):
        out[k.decode("latin-1").lower()] = v.decode("latin-1")
    return out


def cookies_of(headers: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in headers.get("cookie", "").split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def host_of(value: str) -> str:
    """The host name of a Host header value (``[::1]:8000`` -> ``[::1]``, ``a:80`` -> ``a``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """ASGI middleware applying the rules in the module docstring before the app runs."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        keys: Secrets,
        loopback_only: bool,
        on_error: Callable[[Scope, OnrecordError, int], Awaitable[Any]],
    ) -> None:
        self.app = app
        self.keys = keys
        self.loopback_only = loopback_only
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names
                ]
            await send(message)

        problem = self.check(scope)
        if problem is not None:
            error, status = problem
            response = await self.on_error(scope, error, status)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def check(self, scope: Scope) -> tuple[OnrecordError, int] | None:
        headers = _headers(scope)
        host = host_of(headers.get("host", ""))
        if self.loopback_only and not is_loopback(host):
            return (
                AccessDenied(
                    f"this server answers only to a loopback host name, not {host[:60]!r}",
                    "open it as http://127.0.0.1:PORT/ (or start it with --host to bind beyond loopback)",
                ),
                400,
            )
        if scope["method"] in UNSAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None and origin != "null":
                parts = urlsplit(origin)
                if (parts.netloc or "").lower() != headers.get("host", "").lower():
                    return AccessDenied("cross-origin request refused", "post from this server's own pages"), 403
            elif origin == "null" or headers.get("sec-fetch-site") in {"cross-site", "same-site"}:
                return AccessDenied("cross-site request refused", "post from this server's own pages"), 403
        path: str = scope.get("path", "")
        if self.keys.token and not path.startswith(OPEN_PATHS):
            auth = headers.get("authorization", "")
            bearer = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
            cookie = cookies_of(headers).get(AUTH_COOKIE, "")
            ok = self.keys.token_ok(bearer) if bearer else hmac.compare_digest(
                cookie.encode(), self.keys.auth_cookie_value().encode()
            )
            if not ok:
                return (
                    AccessDenied(
                        "this server requires a token" if not (bearer or cookie) else "wrong token",
                        "send the header 'Authorization: Bearer <token>', or sign in at /login",
                    ),
                    401,
                )
        return None
