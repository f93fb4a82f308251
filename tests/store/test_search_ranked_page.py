"""A relevance search reads only its page's share of the ranking: same pages, same counts
as when every match is ranked (queries.search's top-k paths for statements and articles)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from onrecord.store import Store
from onrecord.store import queries as Q

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.synthetic_store import build  # noqa: E402 - bench/ is a folder of the repository

QUERIES = [
    {"q": "talks"},  # broad: thousands of reports
    {"q": "unit*"},
    {"q": "troop OR talks"},
    {"q": '"debt relief"'},
    {"q": "talks", "speaker": "1"},
    {"q": "agreement", "outlet": "Reuters"},
    {"q": "talks", "date_from": "2015", "date_to": "2018"},
    {"q": "sanctions", "kind": "direct"},
    {"q": "zzzznotaword"},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("ranked") / "store.db", 3000, seed=9, drift=False)
    with Store(db) as s:
        yield s


def _full(store: Store, f: Q.Filters) -> tuple[list[int], list[int]]:
    """Statement quote ids and article ids in the order of the full ranking."""
    matches = Q._statement_matches(store, f, facets=True)  # the full pass (cached under its own key)
    source, params = Q._article_source(store, f)
    articles = store.query(f"SELECT a.id {source} ORDER BY articles_fts.rank, a.id", params)
    return [matches.shown[k] for k in matches.keys], [r[0] for r in articles]


@pytest.mark.parametrize("params", QUERIES, ids=lambda p: " ".join(f"{k}={v}" for k, v in p.items()))
def test_ranked_pages_equal_the_full_ranking(store, params):
    f = Q.make_filters(**params)
    Q._CACHES.clear()
    pages = []
    for offset in (0, 20, 40, 100):
        result = Q.search(store, f, limit=20, offset=offset)
        pages.append((result["counts"], [(i["type"], i.get("quote_id") or i["article_id"]) for i in result["items"]]))
    Q._CACHES.clear()
    statements, articles = _full(store, f)
    if f.kind not in (None, "article"):
        articles = []  # a statement kind searches no articles
    combined = [("statement", q) for q in statements] + [("article", a) for a in articles]
    for offset, (counts, items) in zip((0, 20, 40, 100), pages, strict=True):
        assert counts == {"statements": len(statements), "articles": len(articles)}
        assert items == combined[offset : offset + 20]
    if params["q"] == "talks" and len(params) == 1:
        assert len(statements) > 100  # the broad query pages past what the first page's top-k read holds


def test_a_page_deeper_than_the_topk_read_falls_back_to_the_full_ranking(store):
    f = Q.make_filters("talks")
    Q._CACHES.clear()
    assert Q._statement_page_ranked(store, f, 20, 0) is not None
    statements, _ = _full(store, f)
    Q._CACHES.clear()
    deep = len(statements) - 5
    total, ids = Q._statement_page_ranked(store, f, 20, deep) or (None, None)
    if ids is not None:  # read enough: it must still be the full ranking's tail
        assert ids == statements[deep:]
        assert total == len(statements)
    result = Q.search(store, f, limit=20, offset=deep)
    assert [i["quote_id"] for i in result["items"] if i["type"] == "statement"] == statements[deep:]
