"""The guard and the uploads: hosts, origins, the token, CSRF, size limits, nothing on the file system."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from onrecord.settings import load_settings
from onrecord.web import create_app
from onrecord.web.jobs import upload_name

BASE = "http://127.0.0.1:8000"


def make_client(db: Path, **settings: Any) -> TestClient:
    app = create_app(load_settings(env={}, db_path=str(db), today="2026-11-22", **settings))
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


@pytest.fixture
def store_copy(fixture_store, tmp_path) -> Path:
    """A private copy of the fixture store for tests that write."""
    db = tmp_path / "copy.db"
    shutil.copy(fixture_store["path"], db)
    return db


def error_of(response: Any, status: int, code: str = "E700") -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"}
    assert body["error"]["code"] == code
    return body["error"]


# -- hosts and origins ----------------------------------------------------------------------------


def test_a_loopback_server_refuses_other_host_names(client):
    # A DNS-rebinding page reaches 127.0.0.1 under its own name: refused before any route runs.
    error = error_of(client.get("/api/stats", headers={"Host": "attacker.example"}), 400)
    assert "loopback" in error["message"]
    page = client.get("/", headers={"Host": "attacker.example:8000"})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in page.headers
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert client.get("/api/stats", headers={"Host": host}).status_code == 200


def test_a_server_bound_beyond_loopback_answers_any_host(fixture_store):
    app = create_app(load_settings(env={}, db_path=fixture_store["path"]), bound_host="0.0.0.0")
    client = TestClient(app, base_url="http://onrecord.internal")
    assert client.get("/api/stats").status_code == 200


def test_cross_site_posts_are_refused(store_copy):
    client = make_client(store_copy)
    files = {"files": ("a.txt", b"text", "text/plain")}
    error_of(client.post("/api/ingest", files=files, headers={"Origin": "http://evil.example"}), 403)
    error_of(client.post("/api/ingest", files=files, headers={"Origin": "null"}), 403)
    error_of(client.post("/api/ingest", files=files, headers={"Sec-Fetch-Site": "cross-site"}), 403)
    same_origin = client.post("/api/ingest", files={"files": ("e.txt", b"", "text/plain")}, headers={"Origin": BASE})
    assert same_origin.status_code == 200


# -- the token --------------------------------------------------------------------------------------


def test_token_is_required_for_the_api_and_the_pages(fixture_store):
    client = make_client(Path(fixture_store["path"]), api_token="s3cret-token")
    error = error_of(client.get("/api/stats"), 401)
    assert "token" in error["message"] and "Bearer" in error["hint"]
    error_of(client.get("/api/stats", headers={"Authorization": "Bearer wrong"}), 401)
    assert client.get("/api/stats", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert client.get("/openapi.json").status_code == 401
    page = client.get("/speakers")
    assert page.status_code == 401 and "/login?next=" in page.text
    assert client.get("/static/style.css").status_code == 200  # the login page needs its stylesheet
    assert client.get("/login").status_code == 200


def test_login_sets_a_cookie_that_opens_the_pages(fixture_store):
    client = make_client(Path(fixture_store["path"]), api_token="s3cret-token")
    form = client.get("/login?next=/speakers")
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form.text).group(1)
    wrong = client.post("/login", data={"csrf_token": csrf, "token": "nope", "next": "/speakers"})
    assert wrong.status_code == 401 and "wrong token" in wrong.text
    ok = client.post("/login", data={"csrf_token": csrf, "token": "s3cret-token", "next": "/speakers"},
                     follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/speakers"
    cookie = ok.cookies.get("onrecord_auth")
    assert cookie and "s3cret-token" not in cookie  # a MAC of the token, not the token
    assert client.get("/speakers").status_code == 200
    assert client.get("/api/stats").status_code == 200
    evil_next = client.post("/login", data={"csrf_token": csrf, "token": "s3cret-token", "next": "//evil.example/x"},
                            follow_redirects=False)
    assert evil_next.headers["location"] == "/"  # no open redirect


def test_login_without_its_csrf_token_is_refused(fixture_store):
    client = make_client(Path(fixture_store["path"]), api_token="s3cret-token")
    response = client.post("/login", data={"token": "s3cret-token", "next": "/"}, follow_redirects=False)
    assert response.status_code == 403 and "onrecord_auth" not in response.cookies


# -- the upload form and the upload API ---------------------------------------------------------------


def csrf_token(client: TestClient) -> str:
    html = client.get("/ingest").text
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', html).group(1)


def test_upload_form_requires_its_csrf_token(store_copy):
    client = make_client(store_copy)
    token = csrf_token(client)
    files = {"files": ("empty.txt", b"", "text/plain")}
    missing = client.post("/ingest", files=files)
    assert missing.status_code == 403 and "security token" in missing.text
    forged = client.post("/ingest", files=files, data={"csrf_token": "0" * 64})
    assert forged.status_code == 403
    stranger = make_client(store_copy)  # another browser: its own cookie, so the first one's token is useless
    assert stranger.post("/ingest", files=files, data={"csrf_token": token}).status_code == 403
    ok = client.post("/ingest", files=files, data={"csrf_token": token})
    assert ok.status_code == 200 and "Run summary" in ok.text and "empty file" in ok.text


def test_upload_answers_with_the_run_summary(store_copy):
    client = make_client(store_copy)
    response = client.post(
        "/api/ingest",
        files=[("files", ("../../etc/empty.txt", b"", "text/plain")), ("files", ("bin.dat", b"\x00\x01\x02" * 50, "x/y"))],
    )
    body = response.json()
    assert response.status_code == 200 and body["state"] == "done"
    assert body["files"] == ["empty.txt", "bin.dat"]  # only the last name component is kept
    summary = body["summary"]
    assert summary["read"] == 2 and summary["stored"] == 0 and len(summary["skipped"]) == 2
    assert {s["source"] for s in summary["skipped"]} == {"upload:empty.txt", "upload:bin.dat"}
    assert summary["store"]["failures"] == 2
    assert not Path("empty.txt").exists() and not Path("bin.dat").exists()


def test_background_upload_is_polled_until_done(store_copy):
    client = make_client(store_copy)
    started = client.post("/api/ingest?background=true", files={"files": ("e.txt", b"", "text/plain")})
    assert started.status_code == 202
    href = started.json()["href"]
    for _ in range(100):
        job = client.get(href).json()
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["state"] == "done" and job["processed"] == job["total"] == 1


def test_uploads_over_the_limit_are_413_before_anything_is_read(store_copy):
    client = make_client(store_copy, max_upload_bytes=1000)
    big = {"files": ("big.txt", b"x" * 200_000, "text/plain")}
    error = error_of(client.post("/api/ingest", files=big), 413, "E200")
    assert "1,000" in error["message"]

    def chunks():  # no Content-Length: the body is counted as it arrives
        for _ in range(100):
            yield b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x.txt\"\r\n\r\n" + b"y" * 5000

    chunked = client.post("/api/ingest", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=b"})
    error_of(chunked, 413, "E200")
    assert client.get("/api/stats").json()["counts"]["failures"] == 0


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"data": {"x": "1"}, "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, "multipart"),
        ({"files": {"other": ("a.txt", b"a", "text/plain")}}, "no files"),
        ({"files": [("files", (f"f{i}.txt", b"", "text/plain")) for i in range(25)]}, "files"),
    ],
)
def test_bad_uploads_are_400(store_copy, kwargs, needle):
    error = error_of(make_client(store_copy).post("/api/ingest", **kwargs), 400, "E200" if needle != "files" else "E500")
    assert needle in error["message"].lower()


def test_upload_names_never_become_paths():
    assert upload_name("../../etc/passwd") == "passwd"
    assert upload_name("C:\\Windows\\evil.html") == "evil.html"
    assert upload_name("") == "upload" and upload_name(None) == "upload"
    assert upload_name("a\x00b\nc.txt") == "abc.txt"


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/%2e%2e%2fapp.py", "/static/..%2fweb%2fapp.py",
                                  "/static/style.css%00.js", "/static/"])
def test_static_names_are_keys_not_paths(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "onrecord.web" not in response.text and "import" not in response.text


def test_no_sql_is_built_from_user_strings(client):
    # Quotes, semicolons and comment markers in every parameter are data, never SQL.
    payload = "x' OR '1'='1'; DROP TABLE quotes; --"
    for path in ("/api/search", "/api/export", "/api/speakers"):
        params = {"q": payload, "speaker": payload, "outlet": payload, "name": payload}
        response = client.get(path, params={k: v for k, v in params.items() if path != "/api/speakers" or k == "name"})
        assert response.status_code == 200, response.text
    assert client.get("/api/stats").json()["counts"]["quotes"] == 11
