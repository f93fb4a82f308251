"""The server-rendered pages: content, links between them, escaping of hostile text, the chart."""

from __future__ import annotations

import re

import pytest

from onrecord.store.queries import auto_bucket
from onrecord.web.drift import drift_html
from onrecord.web.render import article_html, marked, safe_url, timeline_chart

LAVROV = "Sergei Lavrov"


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_home_shows_the_store_and_a_search_form(client, fixture_store):
    html = page(client, "/")
    assert '<form class="search-form" method="get" action="/search" role="search">' in html
    assert f'href="/speakers/{fixture_store["speakers"][LAVROV]}">{LAVROV}</a>' in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html


def test_search_page_highlights_and_links_to_statements_and_facets(client, fixture_store):
    html = page(client, "/search?q=resolution")
    assert "<mark>resolution</mark>" in html
    assert f'href="/statements/{fixture_store["statements"][("sana-2012", 1)]}"' in html
    assert 'href="/search?q=resolution&amp;outlet=Xinhua"' in html  # a facet link keeps the query
    filtered = page(client, "/search?q=resolution&outlet=Xinhua")
    assert "outlet: Xinhua ✕" in filtered and 'aria-current="true" class="active">Xinhua<' in filtered


def test_search_page_bad_date_is_a_400_page_with_the_message(client):
    html = page(client, "/search?q=x&from=2012-02-30", status=400)
    assert "is not a date" in html and "YYYY-MM-DD" in html


def test_speaker_page_has_aliases_roles_chart_and_occasions(client, fixture_store):
    sid = fixture_store["speakers"][LAVROV]
    html = page(client, f"/speakers/{sid}")
    assert "Sergey Lavrov" in html and "Russian Foreign Minister" in html
    assert '<svg viewBox="0 0 760 240" role="img"' in html
    bars = re.findall(r'<a href="(/speakers/\d+\?[^"]*)" class="bar"', html)
    assert len(bars) == 2  # two months with statements
    assert "from=2012-01-01&amp;to=2012-01-31#statements" in bars[0]
    assert "2012-01-18 · a press conference in Moscow" in html
    one_month = page(client, f"/speakers/{sid}?from=2012-01-01&to=2012-01-31")
    assert "Statements by occasion <span class=\"muted\">(4)</span>" in one_month


def test_statement_page_shows_reports_side_by_side_with_drift_and_anchors(client, fixture_store):
    st = fixture_store["statements"][("sana-2012", 1)]
    html = page(client, f"/statements/{st}")
    outlets = re.findall(r'<h2 class="report-outlet">([^<]*)</h2>', html)
    assert outlets == ["SANA", "Xinhua"]  # the fullest report first
    assert "fullest report" in html and "direct quote turned into paraphrase" in html
    assert '<mark class="drift-changed"' in html and '<del class="drift-dropped"' in html
    for doc, seq in (("sana-2012", 1), ("xinhua-2012", 0)):
        aid, qid = fixture_store["articles"][doc], fixture_store["quotes"][(doc, seq)]
        assert f'href="/articles/{aid}#q{qid}"' in html
        assert f'id="q{qid}"' in page(client, f"/articles/{aid}")


def test_article_page_marks_quotes_speakers_and_cues_and_hides_boilerplate(client, fixture_store):
    aid = fixture_store["articles"]["sana-2012"]
    html = page(client, f"/articles/{aid}")
    assert '<span class="mention" data-q=' in html and '<span class="cue" data-q=' in html
    assert 'class="quote quote-direct"' in html and 'class="quote quote-indirect"' in html
    details = html[html.index('<details class="removed">'):]
    assert "Share this: Facebook Twitter" in details
    assert 'href="http://sana.sy/eng/21/2012/01/18/lavrov.htm" rel="noopener noreferrer nofollow"' in html


@pytest.mark.parametrize("path", ["/articles/{evil}", "/articles/{mirror}", "/statements/{pair}", "/search?q=deny",
                                  "/search?q=window", "/speakers/{zakharova}", "/search?outlet=Evil+%3Cb%3EOutlet%3C%2Fb%3E"])
def test_hostile_text_is_escaped_everywhere(client, fixture_store, path):
    path = path.format(
        evil=fixture_store["articles"]["evil-2016"], mirror=fixture_store["articles"]["mirror-2016"],
        pair=fixture_store["statements"][("evil-2016", 1)], zakharova=fixture_store["speakers"]["Maria Zakharova"],
    )
    html = page(client, path)
    lowered = html.lower()
    assert "<script>window" not in lowered and "<img src=x" not in lowered and "<b onmouseover" not in lowered
    assert "<b>outlet</b>" not in lowered and "<i>" not in lowered
    assert "javascript:" not in re.sub(r"&[a-z#0-9]+;", "", " ".join(re.findall(r'(?:href|src)="([^"]*)"', html)))
    assert len(re.findall(r"<script\b", html)) == html.count('<script src="/static/')  # our own files only
    assert not re.search(r"\son[a-z]+=", re.sub(r"&[a-z#0-9]+;", "", "".join(re.findall(r"<[^>]+>", html))))


def test_error_pages_are_html_with_the_error_fields(client):
    html = page(client, "/articles/999", status=404)
    assert "no article with id 999" in html and "E404" in html
    html = page(client, "/no/such/page", status=404)
    assert "no such page" in html


def test_ingest_and_docs_pages(client):
    html = page(client, "/ingest")
    assert 'enctype="multipart/form-data"' in html and 'name="csrf_token" value="' in html
    assert '<script src="/static/ingest.js" defer></script>' in html
    docs = page(client, "/docs")
    assert "GET /api/search" in docs and "POST /api/ingest" in docs


# -- the pieces behind the pages ----------------------------------------------------------------


def test_marked_escapes_and_marks_ranges():
    assert marked("a <b> c", [[2, 5]]) == "a <mark>&lt;b&gt;</mark> c"
    assert marked("abc", [[1, 99], [0, 2]]) == "<mark>ab</mark><mark>c</mark>"  # overlaps and overruns are clipped


def test_article_html_nests_overlapping_spans_and_ignores_bad_offsets():
    text = 'He said "no <way>".'
    quotes = [
        {"id": 7, "kind": "direct", "parts": [{"start": 9, "end": 17}], "cue": {"start": 3, "end": 7},
         "speaker": {"name": "X", "start": 0, "end": 2}},
        {"id": 8, "kind": "indirect", "parts": [{"start": 5, "end": 99}], "cue": None, "speaker": {}},
    ]
    html = str(article_html(text, quotes))
    assert html.startswith('<span class="mention" data-q="7" title="speaker: X">He</span> ')
    assert '<span class="anchor" id="q7" tabindex="-1"></span><span class="quote quote-direct" data-q="7"' in html
    assert "no &lt;way&gt;" in html and 'id="q8"' not in html  # quote 8's offsets run past the text
    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"') == text


def test_drift_html_marks_added_changed_and_dropped_words():
    entry = {"role": "report", "ops": [
        {"op": "substituted", "span": [0, 6], "base_text": "We"},
        {"op": "equal", "span": [7, 11], "base_text": "will"},
        {"op": "dropped", "span": None, "base_text": "not"},
        {"op": "added", "span": [12, 20], "base_text": ""},
    ]}
    html = str(drift_html("Russia will <surely> go", entry))
    assert html.startswith('<mark class="drift-changed" title="worded differently from the fullest report: We">Russia</mark>')
    assert html.endswith(' will <del class="drift-dropped" title="dropped from the fullest report">not</del> '
                         '<ins class="drift-added" title="not in the fullest report">&lt;surely&gt;</ins> go')
    assert str(drift_html("<b>", {"role": "base", "ops": []})) == "&lt;b&gt;"
    assert str(drift_html("x", {"ops": [{"op": "added", "span": [0, 50]}]})) == "x"  # a span past the text is ignored


def test_safe_url_keeps_only_http():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil", "http://x\nSet-Cookie"):
        assert safe_url(bad) is None


def _timeline(n_statements: int, days: int, start: str = "2010-01-01") -> dict:
    """A timeline as the query returns it: statements spread evenly over ``days`` days, one bucket per month."""
    import datetime as dt

    from onrecord.store.queries import bucket_after, bucket_start

    first = dt.date.fromisoformat(start)
    counts: dict[str, int] = {}
    for i in range(n_statements):
        day = (first + dt.timedelta(days=i * days // n_statements)).isoformat()
        key = bucket_start(day, auto_bucket(start, (first + dt.timedelta(days=days)).isoformat()))
        counts[key] = counts.get(key, 0) + 1
    bucket = auto_bucket(start, (first + dt.timedelta(days=days)).isoformat())
    return {"bucket": bucket, "buckets": [
        {"start": k, "end": bucket_after(k, bucket), "label": k, "statements": n, "terms": []} for k, n in sorted(counts.items())
    ]}


@pytest.mark.parametrize(("n", "days", "bucket"), [(20, 40, "day"), (20, 700, "week"), (20_000, 2900, "month"), (20_000, 7300, "year")])
def test_chart_stays_readable_from_20_to_20000_statements(n, days, bucket):
    timeline = _timeline(n, days)
    assert timeline["bucket"] == bucket
    chart = timeline_chart(timeline, lambda b: "/x")
    assert chart is not None
    assert 1 <= len(chart.bars) <= 110  # bars are aggregated server-side, never one per statement
    assert 2 <= len(chart.x_ticks) <= 9 and chart.y_ticks[-1].label != "0"
    assert sum(b.count for b in chart.bars) == n
    widths = [b.width for b in chart.bars]
    assert min(widths) >= 1.5
    for left, right in zip(chart.bars, chart.bars[1:], strict=False):
        assert left.x + left.width <= right.x + 0.01  # bars never overlap
    assert all(chart.left <= b.x and b.x + b.width <= chart.left + chart.plot_width + 0.01 for b in chart.bars)
    assert chart.show_counts == (len(chart.bars) <= 30)
