"""In a real browser (Debian's headless Chromium driven by Playwright): click from search to a
speaker, to a statement, to an article on the seed corpus; upload hostile files through the
ingest page and check that none of their scripts, handlers or javascript: links ever runs.

Screenshots go to artifacts/screenshots/ (kept by CI as test artefacts, ignored by git).
Playwright is pointed at /usr/bin/chromium; it never downloads a browser.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "examples" / "seeds"
SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

HOSTILE_TXT = """<script>window.__xss = 'title'</script>Minister denies report <img src=x onerror="window.__xss='img-title'">

Foreign Minister Sergei Lavrov said on Monday that "<b onmouseover="window.__xss='b'">Russia will never accept</b> the <script>window.__xss='quote'</script> proposal".

<a href="javascript:window.__xss='link'">Read more</a> <svg onload="window.__xss='svg'"></svg> <iframe src="javascript:window.__xss='iframe'"></iframe>

"We will not allow <img src=x onerror=window.__xss='img'> interference," Lavrov told reporters in Moscow.
"""

HOSTILE_HTML = """<!doctype html><html><head><title>&lt;script&gt;window.__xss='html-title'&lt;/script&gt; Talks stall</title>
<script>window.__xss = 'page-script'</script></head>
<body><article><h1>Talks stall &lt;img src=x onerror="window.__xss='h1'"&gt;</h1>
<p>Turkish Foreign Minister Ahmet Davutoglu said on Tuesday that "&lt;script&gt;window.__xss='p'&lt;/script&gt; the talks
have stalled" and that Ankara would not <a href="javascript:window.__xss='a'">change course</a>.</p>
<p onclick="window.__xss='onclick'">"We remain ready to talk at any time," Davutoglu told reporters in Ankara on Tuesday.</p>
</article></body></html>
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="onrecord-chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


class LiveServer:
    """The app under uvicorn in a thread, on 127.0.0.1 and a free port."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from onrecord.settings import load_settings
        from onrecord.web import create_app

        self.port = _free_port()
        app = create_app(load_settings(env={}, db_path=str(db), today="2026-11-22"), bound_host="127.0.0.1")
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from onrecord.ingest import ingest
    from onrecord.settings import load_settings
    from onrecord.store import Store

    db = tmp_path_factory.mktemp("browser") / "seeds.db"
    ingest([str(SEEDS)], load_settings(env={}, db_path=str(db), today="2026-11-22"))
    with Store(db, readonly=True) as store:
        if not store.counts()["statements"]:
            pytest.skip("the seed corpus gave no statements: the quote extractor or the link stage is missing")
    server = LiveServer(db)
    yield server
    server.stop()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def watch(page: Any) -> dict[str, list[str]]:
    """Dialogs opened and page errors raised while the test runs (none expected)."""
    seen: dict[str, list[str]] = {"dialogs": [], "errors": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


def test_search_to_speaker_to_statement_to_article(chromium, seed_server):
    page = chromium.new_page()
    seen = watch(page)
    page.goto(seed_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"  # keyboard users start here
    shot(page, "01-home")

    page.fill("#q", "Syria")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Syria*")
    hits = page.locator("li.hit-statement")
    assert hits.count() > 0
    assert page.locator("li.hit-statement mark").count() > 0  # matches highlighted
    assert page.locator("aside.facets h3", has_text="Speaker").count() == 1
    shot(page, "02-search")

    speaker_link = page.locator("li.hit-statement a.speaker").first
    name = speaker_link.inner_text()
    speaker_link.click()
    page.wait_for_url("**/speakers/*")
    assert page.locator("h1").inner_text() == name
    speaker_id = page.url.rsplit("/", 1)[1].split("?")[0]
    dated = page.evaluate(f"fetch('/api/speakers/{speaker_id}').then(r => r.json()).then(s => s.first)")
    if dated:  # the timeline chart has a bar for each period with statements
        assert page.locator("section.timeline svg a.bar rect").count() >= 1
    else:
        assert "No dated statements" in page.locator("section.timeline").inner_text()
    shot(page, "03-speaker")

    # Prefer a statement reported more than once, to see reports side by side.
    multi = page.locator("#statements li", has_text="reports:").locator("blockquote a")
    (multi.first if multi.count() else page.locator("#statements blockquote a").first).click()
    page.wait_for_url("**/statements/*")
    reports = page.locator("ol.reports > li")
    assert reports.count() >= 1
    assert page.locator("h1").inner_text().endswith(name)
    shot(page, "04-statement")

    link = reports.first.locator("a.button-link")
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/articles/*")
    anchor = href.split("#", 1)[1]
    assert page.evaluate(f"document.getElementById('{anchor}') !== null")
    assert page.evaluate(f"document.getElementById('{anchor}').matches(':target')")
    assert page.locator(".article-text .quote").count() >= 1 and page.locator(".article-text .mention").count() >= 1
    removed = page.locator("details.removed")
    assert not removed.evaluate("d => d.open")  # boilerplate only on request
    removed.locator("summary").click()
    assert removed.evaluate("d => d.open")
    shot(page, "05-article")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(seed_server.url + "/search?q=Syria")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    shot(page, "06-search-phone")
    page.goto(seed_server.url + href)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "07-article-phone")
    assert seen == {"dialogs": [], "errors": []}
    page.close()


def test_hostile_uploads_never_run_in_the_browser(chromium, tmp_path):
    db = tmp_path / "hostile.db"
    server = LiveServer(db)
    files = [tmp_path / "hostile.txt", tmp_path / "hostile.html"]
    files[0].write_text(HOSTILE_TXT, encoding="utf-8")
    files[1].write_text(HOSTILE_HTML, encoding="utf-8")
    page = chromium.new_page()
    seen = watch(page)
    try:
        page.goto(server.url + "/ingest")
        page.set_input_files("#files", [str(f) for f in files])
        page.click("#ingest-form button[type=submit]")
        page.wait_for_selector("#ingest-result:not([hidden])", timeout=240_000)  # the first ingest loads spaCy
        summary = page.locator("#ingest-summary").inner_text()
        assert "documents read\t2" in summary and "stored (new)\t2" in summary
        shot(page, "10-ingest-summary")

        visited = ["/", "/search?q=Lavrov", "/search?q=script", "/search?q=talks", "/speakers"]
        for path in visited:
            page.goto(server.url + path)
            assert page.evaluate("window.__xss === undefined"), path
        articles = page.evaluate("fetch('/api/search?kind=article').then(r => r.json()).then(b => b.items.map(i => i.href))")
        assert len(articles) == 2
        statements = page.evaluate(
            "fetch('/api/search?kind=direct').then(r => r.json()).then(b => b.items.map(i => i.href))"
        )
        for i, path in enumerate(articles + statements):
            page.goto(server.url + path)
            for text in ("Russia will never accept", "Read more", "We remain ready"):
                target = page.locator(f"text={text}")
                if target.count():
                    target.first.hover()
                    target.first.click()  # a javascript: link or an inline handler would fire here
            assert page.evaluate("window.__xss === undefined"), path
            # Whatever the text held is shown as text: no element from it made it into the page.
            assert page.evaluate(
                "document.querySelectorAll('main script, main img, main svg:not(.chart svg) , main iframe, main b[onmouseover], "
                "main [onclick], main a[href^=\"javascript:\"]').length"
            ) == 0, path
            if i == 0:
                shot(page, "11-hostile-article")
        assert seen["dialogs"] == [] and seen["errors"] == []
    finally:
        page.close()
        server.stop()


def test_fixture_store_pages_with_hostile_text(chromium, fixture_store):
    server = LiveServer(Path(fixture_store["path"]))
    page = chromium.new_page()
    seen = watch(page)
    try:
        paths = [
            f"/articles/{fixture_store['articles']['evil-2016']}",
            f"/statements/{fixture_store['statements'][('evil-2016', 1)]}",
            "/search?q=deny", f"/speakers/{fixture_store['speakers']['Maria Zakharova']}",
        ]
        for path in paths:
            page.goto(server.url + path)
            for text in ("We deny everything", "click me", "nothing happened"):
                target = page.locator(f"main >> text={text}")
                if target.count():
                    target.first.hover()
                    target.first.click()
            assert page.evaluate("window.__xss === undefined"), path
        page.goto(server.url + paths[1])
        assert page.locator("ins.drift-added").count() >= 1  # the drift is marked, the script in it is text
        shot(page, "12-hostile-statement")
        assert seen["dialogs"] == [] and seen["errors"] == []
    finally:
        page.close()
        server.stop()
