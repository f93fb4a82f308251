"""A small store made by hand for the web tests: known articles, quotes and statements.

Five articles from five outlets, three speakers, one statement reported twice with
drift (a direct quote in SANA, a paraphrase in Xinhua), and two hostile articles
whose text, title, outlet and URL carry <script>, onerror= and javascript: payloads.
Everything goes in through ``Store.save_batch`` like the pipeline's output; the
statements are written the way the link stage writes them (drift from
``onrecord.link.drift.compute_drift``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from onrecord.model import Article, Extraction, Quote, RemovedLine, Span, SpeakerRef
from onrecord.settings import Settings, load_settings
from onrecord.store import Store

LAVROV = "Sergei Lavrov"
ZAKHAROVA = "Maria Zakharova"
DAVUTOGLU = "Ahmet Davutoglu"
XSS_MARK = "__xss"  # every payload below tries to set window.__xss


@dataclass
class Doc:
    """An article under construction: quotes are found by their exact text."""

    id: str
    outlet: str
    published: str
    title: str
    body: str
    url: str | None = None
    quotes: list[dict[str, Any]] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.title + "\n\n" + self.body

    def quote(self, kind: str, content: str, speaker: str, mention: str, cue: str | None, **extra: Any) -> Doc:
        self.quotes.append({"kind": kind, "content": content, "speaker": speaker, "mention": mention, "cue": cue, **extra})
        return self

    def span(self, piece: str, after: int = 0) -> Span:
        start = self.text.index(piece, after)
        return Span(piece, start, start + len(piece))

    def extraction(self) -> Extraction:
        quotes = []
        for q in self.quotes:
            content = self.span(q["content"])
            mention = self.span(q["mention"], q.get("mention_after", 0))
            cue = self.span(q["cue"], content.end if q.get("cue_after_content") else 0) if q["cue"] else None
            quotes.append(
                Quote(
                    kind=q["kind"],
                    parts=[content],
                    cue=cue,
                    speaker=SpeakerRef(q["speaker"], mention.text, mention.start, mention.end, "person", "name"),
                    confidence=0.9,
                    said_on=q.get("said_on"),
                    said_where=q.get("said_where"),
                    version="fixture-1",
                )
            )
        article = Article(
            id=self.id, source=f"fixture/{self.id}.txt", text=self.text, title=self.title, outlet=self.outlet,
            url=self.url, language="en", published=self.published, published_precision="day",
            published_source="metadata", removed=self.removed,
        )
        return Extraction(id=self.id, source=article.source, article=article, quotes=quotes, input_hash="h-" + self.id)


def documents() -> list[Doc]:
    sana = Doc(
        "sana-2012", "SANA", "2012-01-18", "Lavrov: Russia will reject any UN resolution on Syria",
        "Moscow, SANA- Russian Foreign Minister Sergei Lavrov said on Wednesday that Russia will reject any UN "
        "resolution that allows military intervention in Syria. \"We will not support any resolution that opens the "
        "way to foreign interference,\" Lavrov told reporters at a press conference in Moscow.\n\n"
        "He stressed that the Syrian people alone must decide their future.",
        url="http://sana.sy/eng/21/2012/01/18/lavrov.htm",
        removed=[RemovedLine("Share this: Facebook Twitter", "social"), RemovedLine("<script>window.__xss='removed'</script>", "script")],
    )
    sana.quote("indirect", "Russia will reject any UN resolution that allows military intervention in Syria", LAVROV,
               "Russian Foreign Minister Sergei Lavrov", "said", said_on="2012-01-18",
               said_where="a press conference in Moscow")
    sana.quote("direct", "We will not support any resolution that opens the way to foreign interference", LAVROV,
               "Lavrov", "told reporters", said_on="2012-01-18", said_where="a press conference in Moscow",
               mention_after=200, cue_after_content=True)
    sana.quote("indirect", "the Syrian people alone must decide their future", LAVROV, "He", "stressed",
               said_on="2012-01-18", said_where="a press conference in Moscow")

    xinhua = Doc(
        "xinhua-2012", "Xinhua", "2012-01-19", "Russia opposes UN resolution on Syria intervention",
        "MOSCOW, Jan. 19 (Xinhua) -- Russia will not support a resolution that opens the way to interference, "
        "Foreign Minister Sergey Lavrov said Wednesday.\n\n\"Russia will veto any such draft,\" he added.",
    )
    xinhua.quote("indirect", "Russia will not support a resolution that opens the way to interference", LAVROV,
                 "Foreign Minister Sergey Lavrov", "said", said_on="2012-01-18")
    xinhua.quote("direct", "Russia will veto any such draft", LAVROV, "he", "added", said_on="2012-01-18",
                 cue_after_content=True)

    presstv = Doc(
        "presstv-2015", "Press TV", "2015-09-10", "Lavrov says Moscow's military aid to Syria continues",
        "Russia's Foreign Minister Sergei Lavrov says Moscow will continue supplying military equipment to Damascus. "
        "\"Our military specialists are in Syria to help service the equipment,\" Lavrov said on Thursday. "
        "Turkish Foreign Minister Ahmet Davutoglu said that Ankara disagreed.",
    )
    presstv.quote("indirect", "Moscow will continue supplying military equipment to Damascus", LAVROV,
                  "Russia's Foreign Minister Sergei Lavrov", "says")
    presstv.quote("direct", "Our military specialists are in Syria to help service the equipment", LAVROV, "Lavrov",
                  "said", said_on="2015-09-10", mention_after=150, cue_after_content=True)
    presstv.quote("indirect", "Ankara disagreed", DAVUTOGLU, "Turkish Foreign Minister Ahmet Davutoglu", "said",
                  cue_after_content=False, mention_after=0)

    evil_body = (
        "<script>window.__xss = 'text'</script> The spokeswoman Maria Zakharova said that "
        "<img src=x onerror=\"window.__xss='img'\"> nothing happened. "
        "<a href=\"javascript:window.__xss='link'\">click me</a>\n\n"
        "\"<b onmouseover=\"window.__xss='b'\">We deny everything</b>,\" Zakharova said."
    )
    evil = Doc(
        "evil-2016", "Evil <b>Outlet</b>", "2016-08-15", "<script>window.__xss='title'</script>Breaking news",
        evil_body, url="javascript:window.__xss='url'",
        removed=[RemovedLine("<img src=x onerror=\"window.__xss='removed-img'\">", "html")],
    )
    evil.quote("indirect", "<img src=x onerror=\"window.__xss='img'\"> nothing happened", ZAKHAROVA,
               "The spokeswoman Maria Zakharova", "said", said_on="2016-08-15")
    evil.quote("direct", "<b onmouseover=\"window.__xss='b'\">We deny everything</b>", ZAKHAROVA, "Zakharova", "said",
               said_on="2016-08-15", mention_after=250, cue_after_content=True)
    mirror = Doc(
        "mirror-2016", "Mirror <i>", "2016-08-16", "Zakharova denies",
        "\"<b onmouseover=\"window.__xss='b'\">We deny everything</b> <script>window.__xss='drift'</script>,\" "
        "said Zakharova.",
    )
    mirror.quote("direct", "<b onmouseover=\"window.__xss='b'\">We deny everything</b> <script>window.__xss='drift'</script>",
                 ZAKHAROVA, "Zakharova", "said", said_on="2016-08-15", mention_after=20, cue_after_content=True)
    return [sana, xinhua, presstv, evil, mirror]


# Which quotes (doc id, quote index) form each statement; the others stand alone.
GROUPS = [[("sana-2012", 1), ("xinhua-2012", 0)], [("evil-2016", 1), ("mirror-2016", 0)]]


def build_store(path: Path) -> dict[str, Any]:
    """Write the fixture store at ``path``; returns the ids the tests need."""
    from onrecord.link.drift import DriftReport, compute_drift

    docs = documents()
    with Store(path) as store:
        store.save_batch([d.extraction() for d in docs])
        conn = store.conn
        article_ids = {r[0]: r[1] for r in conn.execute("SELECT doc_id, id FROM articles")}
        quote_ids = {
            (r[0], r[1]): r[2]
            for r in conn.execute("SELECT a.doc_id, q.seq, q.id FROM quotes q JOIN articles a ON a.id = q.article_id")
        }
        grouped = {key for group in GROUPS for key in group}
        groups = GROUPS + [[key] for key in sorted(quote_ids) if key not in grouped]
        statement_ids: dict[tuple[str, int], int] = {}
        with store.transaction() as conn:
            for group in groups:
                rows = [
                    conn.execute(
                        "SELECT q.id, q.kind, q.text, q.speaker_id, q.said_on, q.said_where, a.published, a.outlet, "
                        "a.doc_id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id = ?",
                        (quote_ids[key],),
                    ).fetchone()
                    for key in group
                ]
                drift = compute_drift(
                    [DriftReport(quote_id=r[0], article_id=r[8], outlet=r[7], kind=r[1], text=r[2]) for r in rows]
                )
                sid = conn.execute(
                    "INSERT INTO statements (speaker_id, said_on, said_where, first_published, n_reports, drift_json, "
                    "version) VALUES (?, ?, ?, ?, ?, ?, 'fixture') RETURNING id",
                    (rows[0][3], rows[0][4], rows[0][5], min(r[6] for r in rows), len(rows), json.dumps(drift)),
                ).fetchone()[0]
                for key in group:
                    statement_ids[key] = sid
                    conn.execute("UPDATE quotes SET statement_id = ? WHERE id = ?", (sid, quote_ids[key]))
            lavrov = conn.execute("SELECT id FROM speakers WHERE name = ?", (LAVROV,)).fetchone()[0]
            conn.execute("INSERT INTO speaker_aliases (alias, speaker_id) VALUES ('Sergey Lavrov', ?), ('Lavrov', ?)",
                         (lavrov, lavrov))
            conn.execute(
                "INSERT INTO speaker_roles (speaker_id, role, first_seen, last_seen) VALUES (?, 'Russian Foreign Minister', "
                "'2012-01-18', '2015-09-10')",
                (lavrov,),
            )
        speakers = {r[0]: r[1] for r in store.query("SELECT name, id FROM speakers")}
    return {
        "path": str(path),
        "articles": article_ids,
        "quotes": quote_ids,
        "statements": statement_ids,
        "speakers": speakers,
        "docs": {d.id: d for d in docs},
    }


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build_store(tmp_path_factory.mktemp("web") / "fixture.db")


def web_settings(db: str, **overrides: Any) -> Settings:
    return load_settings(env={}, db_path=db, today="2026-11-22", **overrides)


@pytest.fixture(scope="session")
def client(fixture_store: dict[str, Any]) -> TestClient:
    from onrecord.web import create_app

    app = create_app(web_settings(fixture_store["path"]))
    # The test client's default Host is "testserver"; a loopback-bound server answers only loopback names.
    return TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False)
