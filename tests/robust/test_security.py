"""Security checks of the API and the pages (docs/security.md says what each one shows).

- no SQL is built from request values: an AST scan of the code, and hostile values in every
  parameter of every route, after which the store is unchanged;
- the full-text query language is parsed into words, so FTS syntax is never passed through;
- page size, offset and upload size are limited; path parameters are validated;
- every response, errors and static files included, carries the CSP and the other headers;
- on a real ``onrecord serve`` process: it listens on 127.0.0.1 only, refuses other host
  names, cross-site posts and a missing CSRF token, and with a token refuses requests without it;
- schemathesis against /openapi.json: no input gives a 500.
"""

from __future__ import annotations

import ast
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psutil
import pytest
from fastapi.testclient import TestClient

from onrecord.settings import load_settings
from onrecord.store.queries import parse_query
from onrecord.web import create_app

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "onrecord"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.server import Server  # noqa: E402 - bench/ is a folder of the repository
from bench.synthetic_store import build  # noqa: E402

BASE = "http://127.0.0.1:8000"
HOSTILE = [
    "x' OR '1'='1'; DROP TABLE quotes; --",
    '"unbalanced',
    "NEAR(a b) AND (c OR) NOT d* ^e {x y}: title:z",
    "*",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e308",
    "%00",
    "a\x00b",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "😀" * 50,
    "x" * 5000,
    "",
]
HEADERS = {
    "content-security-policy": "script-src 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("sec") / "store.db", 400, seed=5, drift=False)


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    app = create_app(load_settings(env={}, db_path=str(store), today="2026-11-22"))
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


def snapshot(db: Path) -> tuple:
    con = sqlite3.connect(db)
    try:
        counts = tuple(con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                       for t in ("articles", "quotes", "speakers", "statements", "corrections", "failures"))
        return counts, con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


# -- SQL ----------------------------------------------------------------------------------------------

# Every piece of text interpolated into SQL in src/onrecord, reviewed: placeholders ("?,?,?"),
# constant fragments with their own placeholders, column lists, table names chosen by code,
# numbers from settings. A new one fails this test until someone reviews it and adds it here.
REVIEWED_SQL_PIECES = {
    "cli.py": {"cols"},
    "dating/overrides.py": {"cols"},
    "link/linker.py": {"','.join('?' * len(chunk))", "_COLUMNS", "where"},
    "link/neardup.py": {"','.join('?' * len(dups))", "marks"},
    "link/queries.py": {"clause"},
    "link/registry.py": {"marks", "where"},
    "store/__init__.py": {"$sql", "$stmt", "marks", "table"},
    "store/queries.py": {"$sql", "_Q_DAY", "_REPORT_DAY", "_STATEMENT_KEY", "_ST_DAY", "_where_sql(where)", "day",
                         "cols", "frm", "marks", "nulls", "order", "source", "sql", "table", "where", "<_REPORT_SQL + ...>"},
    "web/app.py": {"CACHE_KIB", "MMAP_BYTES"},
}


def sql_pieces() -> dict[str, set[str]]:
    """(file -> interpolated expressions) for every execute/query call whose SQL is not a plain literal."""
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args
                    and node.func.attr in ("execute", "executemany", "executescript", "query")):
                continue
            arg, pieces = node.args[0], set()
            if isinstance(arg, ast.JoinedStr):
                pieces = {ast.unparse(v.value) for v in arg.values if isinstance(v, ast.FormattedValue)}
            elif isinstance(arg, ast.BinOp):
                pieces = {"<" + ast.unparse(arg.left) + " + ...>"}
            elif isinstance(arg, ast.Call) and getattr(arg.func, "attr", "") == "format":
                pieces = {"<format>"}
            elif isinstance(arg, ast.Name):
                pieces = {"$" + arg.id}
            if pieces:
                found.setdefault(str(path.relative_to(SRC)), set()).update(pieces)
    return found


def test_sql_is_built_only_from_reviewed_pieces():
    unreviewed = {f: sorted(p - REVIEWED_SQL_PIECES.get(f, set())) for f, p in sql_pieces().items()}
    assert not {f: p for f, p in unreviewed.items() if p}, "SQL built from an unreviewed string: review and list it"


def api_operations(client: TestClient) -> list[tuple[str, list[dict[str, Any]]]]:
    schema = client.get("/openapi.json").json()
    return [(path, op.get("parameters", [])) for path, ops in schema["paths"].items() for m, op in ops.items() if m == "get"]


def test_hostile_values_in_every_parameter_of_every_route(client, store):
    before = snapshot(store)
    operations = api_operations(client)
    assert len(operations) >= 10
    tried = 0
    for path, params in operations:
        for param in params:
            for value in HOSTILE:
                url = path
                query: dict[str, str] = {}
                for p in params:  # path parameters need a value; other parameters stay out
                    if p["in"] == "path":
                        url = url.replace("{" + p["name"] + "}", quote(value, safe="") if p is param else "1")
                if param["in"] == "query":
                    query[param["name"]] = value
                response = client.get(url, params=query)
                tried += 1
                assert response.status_code < 500, f"{path} {param['name']}={value[:40]!r}: {response.text[:300]}"
                if response.status_code >= 400 and url.startswith("/api/"):
                    assert set(response.json()) == {"error"}, f"{path}: not the one error shape"
    assert tried > 300
    assert snapshot(store) == before  # nothing was written, nothing was dropped


def test_fts_syntax_is_never_passed_through(client):
    """The user's text becomes quoted words joined by AND/OR (and a trailing * for a prefix):
    column filters, NEAR, ^, {}, -, brackets and stray quotes are words or nothing."""
    import re

    for text in ['title:z NEAR(a b) "un balanced -x ^y {c d} e* OR f', 'x" OR 1=1 --', "a OR OR b", "(", "*", '"""']:
        parsed = parse_query(text)
        fts = parsed.fts() if parsed else ""
        outside_quotes = re.sub(r'"[^"]*"', "", fts)
        assert set(outside_quotes.split()) <= {"AND", "OR", "(", ")", "*"} | {t for t in outside_quotes.split() if t.strip("()*") == ""}, fts
        assert not re.search(r"\w+:", outside_quotes) and "NEAR" not in outside_quotes and "^" not in outside_quotes
    for q in ['"', '""', "*", "OR", "AND", "NOT", "a OR OR b", "(", ")", "col:", "a:b", "NEAR", "'", "\\", "%", "_"]:
        response = client.get("/api/search", params={"q": q})
        assert response.status_code == 200, f"{q!r}: {response.text[:200]}"


# -- limits and path parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/search?q=talks", "/api/speakers", "/api/speakers/1/statements"])
def test_page_size_and_offset_are_limited(client, path):
    cap = load_settings(env={}).page_size_max
    sep = "&" if "?" in path else "?"
    assert client.get(f"{path}{sep}limit={cap}").status_code == 200
    for bad in (f"limit={cap + 1}", "limit=0", "limit=-5", "offset=-1", "offset=1000000000", "limit=1e9"):
        response = client.get(f"{path}{sep}{bad}")
        assert response.status_code == 400, f"{bad}: {response.status_code}"
        assert response.json()["error"]["code"] in ("E500", "E200")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/speakers/abc", 400), ("/api/speakers/-1", 404), ("/api/speakers/0", 404),
        ("/api/speakers/99999999999999999999999", 404), ("/api/statements/1.5", 400),
        ("/api/articles/9223372036854775808", 404), ("/api/articles/%2e%2e", 400),
        ("/api/ingest/..%2f..%2fetc%2fpasswd", 404), ("/api/ingest/" + "a" * 65, 400),
        ("/speakers/abc", 400), ("/articles/-3", 404), ("/static/..%2f..%2fcli.py", 404), ("/static/%00", 404),
    ],
)
def test_path_parameters_are_validated(client, path, status):
    response = client.get(path)
    assert response.status_code == status, response.text[:200]


def test_export_limit_and_format_are_checked(client):
    assert client.get("/api/export", params={"format": "xml"}).status_code == 400
    assert client.get("/api/export", params={"limit": "100000000"}).status_code == 400
    assert client.get("/api/export", params={"limit": "5"}).status_code == 200


# -- headers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/search?q=talks", "/speakers", "/api/stats", "/api/search?q=a", "/openapi.json",
                                  "/docs", "/static/style.css", "/no/such/page", "/api/speakers/abc", "/ingest"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    for name, needle in HEADERS.items():
        assert needle in response.headers.get(name, ""), f"{path}: {name}"
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp


# -- a real server process ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    db = tmp_path_factory.mktemp("srv") / "served.db"
    db.write_bytes(Path(store).read_bytes())
    env = {**os.environ, "ONRECORD_EMBEDDINGS": "off", "ONRECORD_MAX_UPLOAD_BYTES": "20000"}
    srv = Server(db, env=env)
    yield srv
    srv.stop()


@pytest.mark.slow
def test_the_real_server_listens_on_loopback_only(server):
    listening = [c.laddr for c in psutil.Process(server.proc.pid).net_connections(kind="inet") if c.status == "LISTEN"]
    assert listening and all(addr.ip == "127.0.0.1" for addr in listening), listening


@pytest.mark.slow
def test_the_real_server_refuses_rebinding_cross_site_posts_and_forged_forms(server):
    with httpx.Client(base_url=server.base, timeout=30) as http:
        assert http.get("/api/stats", headers={"Host": "evil.example"}).status_code == 400
        files = {"files": ("a.txt", b"Lavrov said yes.", "text/plain")}
        assert http.post("/api/ingest", files=files, headers={"Origin": "http://evil.example"}).status_code == 403
        assert http.post("/api/ingest", files=files, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
        assert http.post("/ingest", files=files).status_code == 403  # the form needs its CSRF token
        big = {"files": ("big.txt", b"x" * 100_000, "text/plain")}
        assert http.post("/api/ingest", files=big).status_code == 413
        page = http.get("/")
        assert "script-src 'self'" in page.headers["content-security-policy"]


@pytest.mark.slow
def test_the_real_server_with_a_token_refuses_requests_without_it(store, tmp_path):
    db = tmp_path / "tok.db"
    db.write_bytes(Path(store).read_bytes())
    srv = Server(db, env={**os.environ, "ONRECORD_EMBEDDINGS": "off", "ONRECORD_API_TOKEN": "t0ken-for-test"},
                 ready_headers={"Authorization": "Bearer t0ken-for-test"})
    try:
        with httpx.Client(base_url=srv.base, timeout=30) as http:
            assert http.get("/api/stats").status_code == 401
            assert http.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
            assert http.get("/api/stats", headers={"Authorization": "Bearer t0ken-for-test"}).status_code == 200
            assert http.get("/speakers").status_code == 401
            assert http.get("/static/style.css").status_code == 200
    finally:
        srv.stop()


# -- schemathesis -------------------------------------------------------------------------------------------


SCHEMATHESIS_EXAMPLES = 30  # per operation: ~400 generated requests in all, tens of seconds


def fuzz_operation(operation: Any, tried: dict[str, int]) -> None:
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    label = f"GET {operation.path}"

    @settings(max_examples=SCHEMATHESIS_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        tried[label] = tried.get(label, 0) + 1
        case.call_and_validate(checks=[not_a_server_error])

    check()


def test_schemathesis_finds_no_server_error(store):
    """Generated requests (valid and invalid by the schema) for every GET operation: no 500."""
    import schemathesis

    # bound_host 0.0.0.0: schemathesis' in-process client sends its own Host name.
    app = create_app(load_settings(env={}, db_path=str(store), today="2026-11-22"), bound_host="0.0.0.0")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    before = snapshot(store)
    tried: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET":
            continue  # the upload is covered above; generated uploads would fill the store
        fuzz_operation(operation, tried)
    print(f"\nschemathesis: {sum(tried.values())} generated requests over {len(tried)} GET operations")
    assert len(tried) >= 10 and sum(tried.values()) >= 10 * 10, tried
    assert snapshot(store) == before


@pytest.mark.parametrize("speaker", ["99999999999999999999999999", "²", "١٢"])
def test_regression_a_huge_or_unicode_speaker_id_is_not_a_500(client, speaker):
    """speaker=<26 digits> raised OverflowError (Python int too large for SQLite) and "²"
    (isdigit() but not int()) a ValueError: both were 500s. Now: no such speaker."""
    for path in ("/api/search", "/api/export"):
        response = client.get(path, params={"q": "talks", "speaker": speaker})
        assert response.status_code in (200, 404), response.text[:200]
