"""The JSON API over the hand-made fixture store: every route, the error shape, bad input."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

LAVROV = "Sergei Lavrov"
ZAKHAROVA = "Maria Zakharova"

ERROR_KEYS = {"code", "message", "hint"}


def assert_error(response: Any, status: int, code: str) -> dict[str, str]:
    """The one error shape: {"error": {"code", "message", "hint"}} and nothing else."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


# -- search -------------------------------------------------------------------------------------


def test_search_groups_the_reports_of_a_statement_and_lists_articles_after(client, fixture_store):
    body = client.get("/api/search", params={"q": "resolution"}).json()
    st = fixture_store["statements"]
    assert body["counts"] == {"statements": 2, "articles": 2}
    assert body["total"] == 4 and body["next"] is None
    kinds = [hit["type"] for hit in body["items"]]
    assert kinds == ["statement", "statement", "article", "article"]
    statement_ids = {hit["statement_id"] for hit in body["items"][:2]}
    assert statement_ids == {st[("sana-2012", 0)], st[("sana-2012", 1)]}
    assert {hit["article_id"] for hit in body["items"][2:]} == {
        fixture_store["articles"]["sana-2012"], fixture_store["articles"]["xinhua-2012"]
    }
    for hit in body["items"][:2]:
        marks = [hit["text"][s:e] for s, e in hit["highlights"]]
        assert marks and all(m.lower() == "resolution" for m in marks)
        assert hit["speaker"]["name"] == LAVROV
        assert hit["href"] == f"/statements/{hit['statement_id']}"


def test_search_filters_speaker_alias_outlet_kind_and_dates(client, fixture_store):
    st = fixture_store["statements"]
    by_alias = client.get("/api/search", params={"q": "resolution", "speaker": "Sergey Lavrov", "kind": "direct"}).json()
    assert [h["statement_id"] for h in by_alias["items"]] == [st[("sana-2012", 1)]]
    outlet = client.get("/api/search", params={"q": "resolution", "outlet": "Xinhua"}).json()
    assert outlet["counts"] == {"statements": 1, "articles": 1}
    years = client.get("/api/search", params={"speaker": LAVROV, "from": "2015", "to": "2015"}).json()
    assert years["counts"] == {"statements": 2, "articles": 1}  # articles that quote the speaker
    assert {h.get("statement_id") for h in years["items"][:2]} == {st[("presstv-2015", 0)], st[("presstv-2015", 1)]}
    assert years["items"][2]["doc_id"] == "presstv-2015"
    assert years["sort"] == "newest"
    articles_only = client.get("/api/search", params={"kind": "article", "from": "2016-08"}).json()
    assert [h["doc_id"] for h in articles_only["items"]] == ["mirror-2016", "evil-2016"]


def test_search_prefix_phrase_and_or(client, fixture_store):
    st = fixture_store["statements"]

    def statements(q: str) -> set[int]:
        items = client.get("/api/search", params={"q": q, "kind": "direct"}).json()["items"]
        return {h["statement_id"] for h in items}

    assert statements("specialist*") == {st[("presstv-2015", 1)]}
    assert statements('"any such draft"') == {st[("xinhua-2012", 1)]}
    assert statements('"such any draft"') == set()
    assert statements("veto OR specialists") == {st[("xinhua-2012", 1)], st[("presstv-2015", 1)]}


@pytest.mark.parametrize(
    "q",
    ['"unbalanced', "NEAR(a b", "a AND OR NOT", "col:value", "*", "^start", "a + b - c", "((((", "'; DROP TABLE quotes; --", "\x00"],
)
def test_fts_syntax_in_user_text_is_never_an_error(client, q):
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text
    assert set(response.json()) >= {"items", "total"}


def test_search_pages_with_limit_offset_and_next(client):
    first = client.get("/api/search", params={"speaker": LAVROV, "limit": 4}).json()
    assert first["total"] == 9 and first["counts"] == {"statements": 6, "articles": 3} and len(first["items"]) == 4
    assert first["next"] == "/api/search?speaker=Sergei+Lavrov&limit=4&offset=4" and first["prev"] is None
    pages = [first]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())
    assert [len(p["items"]) for p in pages] == [4, 4, 1]
    assert pages[-1]["prev"] == "/api/search?speaker=Sergei+Lavrov&limit=4&offset=4"
    hits = [h for p in pages for h in p["items"]]
    assert [h["type"] for h in hits] == ["statement"] * 6 + ["article"] * 3  # statements first, then articles
    assert len({h.get("statement_id") or h["href"] for h in hits}) == 9  # no hit twice across pages
    dates = [h["date"] for h in hits[:6]]
    assert dates == sorted(dates, reverse=True)  # without a query: newest first


def test_search_facets_count_statements_once(client):
    body = client.get("/api/search", params={"q": "resolution", "facets": "true"}).json()
    facets = body["facets"]
    assert facets["speaker"] == [{"value": 1, "label": LAVROV, "count": 2}]
    assert {f["label"]: f["count"] for f in facets["outlet"]} == {"SANA": 3, "Xinhua": 2}
    assert {f["label"]: f["count"] for f in facets["kind"]} == {"article": 2, "indirect": 2, "direct": 1}
    assert facets["year"] == [{"value": "2012", "label": "2012", "count": 4}]


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"from": "2012-13-01"}, "from="),
        ({"to": "yesterday"}, "to="),
        ({"from": "2015", "to": "2012"}, "after"),
        ({"kind": "rumour"}, "kind"),
        ({"sort": "random"}, "sort"),
        ({"limit": 100000}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"q": "x" * 501}, "limit"),
        ({"q": " ".join(["w"] * 40)}, "terms"),
        ({"speaker": "s" * 201}, "speaker"),
    ],
)
def test_bad_search_input_is_a_400_with_a_message(client, params, needle):
    error = assert_error(client.get("/api/search", params=params), 400, "E500")
    assert needle in error["message"]


# -- speakers -------------------------------------------------------------------------------------


def test_speakers_most_statements_first(client, fixture_store):
    body = client.get("/api/speakers").json()
    assert [(s["name"], s["statements"], s["reports"]) for s in body["items"]] == [
        (LAVROV, 6, 7), (ZAKHAROVA, 2, 3), ("Ahmet Davutoglu", 1, 1)
    ]
    named = client.get("/api/speakers", params={"name": "sergey"}).json()  # an alias matches
    assert [s["name"] for s in named["items"]] == [LAVROV]
    assert client.get("/api/speakers", params={"name": "%"}).json()["total"] == 0  # LIKE wildcards are literal


def test_speaker_detail_aliases_roles_and_counts(client, fixture_store):
    sid = fixture_store["speakers"][LAVROV]
    body = client.get(f"/api/speakers/{sid}").json()
    assert body["aliases"] == ["Lavrov", "Sergey Lavrov"]
    assert body["roles"] == [{"role": "Russian Foreign Minister", "first_seen": "2012-01-18", "last_seen": "2015-09-10"}]
    assert (body["statements"], body["reports"], body["articles"]) == (6, 7, 3)
    assert (body["first"], body["last"]) == ("2012-01-18", "2015-09-10")
    assert body["outlets"][0] == {"outlet": "SANA", "reports": 3}


def test_timeline_buckets_statements_with_frequent_terms(client, fixture_store):
    sid = fixture_store["speakers"][LAVROV]
    body = client.get(f"/api/speakers/{sid}/timeline", params={"bucket": "year"}).json()
    assert [(b["label"], b["statements"], b["reports"]) for b in body["buckets"]] == [("2012", 4, 5), ("2015", 2, 2)]
    assert body["total"] == 6 and body["undated"] == 0
    terms_2012 = {t["term"]: t["count"] for t in body["buckets"][0]["terms"]}
    assert terms_2012["resolution"] == 2 and "said" not in terms_2012 and "the" not in terms_2012
    months = client.get(f"/api/speakers/{sid}/timeline", params={"bucket": "month"}).json()
    assert [(b["start"], b["end"]) for b in months["buckets"]] == [("2012-01-01", "2012-02-01"), ("2015-09-01", "2015-10-01")]
    weeks = client.get(f"/api/speakers/{sid}/timeline", params={"bucket": "week"}).json()
    assert weeks["buckets"][0]["start"] == "2012-01-16"  # the Monday of that week
    topic = client.get(f"/api/speakers/{sid}/timeline", params={"bucket": "year", "topic": "military"}).json()
    assert [(b["label"], b["statements"]) for b in topic["buckets"]] == [("2012", 1), ("2015", 2)]


def test_speaker_statements_grouped_by_occasion(client, fixture_store):
    sid = fixture_store["speakers"][LAVROV]
    body = client.get(f"/api/speakers/{sid}/statements").json()
    assert body["total"] == 6
    occasions = [(o["date"], o["said_where"], len(o["statements"])) for o in body["occasions"]]
    assert occasions == [
        ("2015-09-10", None, 2), ("2012-01-18", None, 1), ("2012-01-18", "a press conference in Moscow", 3)
    ]
    both = next(s for s in body["items"] if s["n_reports"] == 2)
    assert both["outlets"] == ["SANA", "Xinhua"]
    assert both["text"].startswith("We will not support")  # the fullest report stands for the statement


# -- statements and articles ----------------------------------------------------------------------


def test_statement_has_every_report_with_drift(client, fixture_store):
    sid = fixture_store["statements"][("sana-2012", 1)]
    body = client.get(f"/api/statements/{sid}").json()
    assert body["speaker"]["name"] == LAVROV and body["n_reports"] == 2
    assert [(r["outlet"], r["kind"]) for r in body["reports"]] == [("SANA", "direct"), ("Xinhua", "indirect")]
    assert {d["quote_id"] for d in body["drift"]} == {r["quote_id"] for r in body["reports"]}
    xinhua = next(d for d in body["drift"] if d["outlet"] == "Xinhua")
    assert "direct_to_paraphrase" in xinhua["flags"]
    for rep in body["reports"]:
        assert rep["href"] == f"/articles/{rep['article_id']}#q{rep['quote_id']}"


def test_article_has_text_quotes_with_offsets_and_removed_lines(client, fixture_store):
    aid = fixture_store["articles"]["sana-2012"]
    body = client.get(f"/api/articles/{aid}").json()
    assert body["title"] == "Lavrov: Russia will reject any UN resolution on Syria"
    assert len(body["quotes"]) == 3
    for q in body["quotes"]:
        assert body["text"][q["start"]:q["end"]] == q["text"]
        assert body["text"][q["cue"]["start"]:q["cue"]["end"]] == q["cue"]["text"]
        assert body["text"][q["speaker"]["start"]:q["speaker"]["end"]] == q["speaker"]["mention"]
    assert body["removed"][0] == {"text": "Share this: Facebook Twitter", "reason": "social"}


@pytest.mark.parametrize(
    "path",
    ["/api/speakers/999", "/api/speakers/999/timeline", "/api/speakers/999/statements", "/api/statements/999",
     "/api/articles/999", "/api/articles/0", "/api/articles/-5", f"/api/articles/{10**30}", "/api/ingest/nojob",
     "/api/nothing-here"],
)
def test_unknown_ids_and_routes_are_404(client, path):
    assert_error(client.get(path), 404, "E404")


@pytest.mark.parametrize("path", ["/api/articles/abc", "/api/statements/1.5", "/api/speakers/1/timeline?bucket=decade",
                                  "/api/speakers/1/timeline?terms=99", "/api/speakers/1/statements?from=2012-02-30"])
def test_bad_path_and_query_values_are_400(client, path):
    assert_error(client.get(path), 400, "E500")


def test_wrong_method_is_405_in_the_same_shape(client):
    assert_error(client.post("/api/search"), 405, "E500")


# -- export -------------------------------------------------------------------------------------


def test_export_jsonl_streams_statements_in_the_link_stage_shape(client, fixture_store):
    response = client.get("/api/export", params={"format": "jsonl"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert len(rows) == len(set(fixture_store["statements"].values())) == 9
    for row in rows:
        assert set(row) == {"id", "speaker", "said_on", "said_where", "reports", "drift"}
    pair = next(r for r in rows if r["id"] == fixture_store["statements"][("sana-2012", 1)])
    assert [r["article_id"] for r in pair["reports"]] == ["sana-2012", "xinhua-2012"]
    assert len(pair["drift"]) == 2


def test_export_csv_with_filters_and_limit(client):
    response = client.get("/api/export", params={"format": "csv", "outlet": "Xinhua"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:4] == ["statement_id", "speaker", "said_on", "said_where"]
    # Two statements have a Xinhua report; the shared one brings its SANA report along.
    assert sorted(r[rows[0].index("outlet")] for r in rows[1:]) == ["SANA", "Xinhua", "Xinhua"]
    limited = client.get("/api/export", params={"format": "jsonl", "limit": 2})
    assert len(limited.text.splitlines()) == 2


@pytest.mark.parametrize("params", [{"format": "xml"}, {"kind": "article"}, {"limit": 0}, {"from": "20-1-1"}])
def test_export_bad_input_is_400(client, params):
    assert_error(client.get("/api/export", params=params), 400, "E500")


# -- stats, schema, docs --------------------------------------------------------------------------


def test_stats_and_openapi(client):
    stats = client.get("/api/stats").json()
    assert stats["counts"]["articles"] == 5 and stats["counts"]["statements"] == 9
    assert (stats["published_from"], stats["published_to"]) == ("2012-01-18", "2016-08-16")
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/search", "/api/speakers", "/api/speakers/{speaker_id}", "/api/speakers/{speaker_id}/timeline",
            "/api/statements/{statement_id}", "/api/articles/{article_id}", "/api/export", "/api/ingest"} <= paths
    assert not any(p.startswith(("/search", "/static")) for p in paths)  # pages are not API
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/speakers/{speaker_id}/timeline" in docs.text


def test_every_response_carries_the_security_headers(client):
    for path in ["/api/stats", "/api/articles/999", "/", "/articles/999", "/static/style.css", "/docs"]:
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
