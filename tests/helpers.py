"""Helpers shared by several test modules (tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import sqlite3

from onrecord.model import Article, Extraction, Quote, Span, SpeakerRef


def store_snapshot(path: str) -> dict:
    """What a store holds, independent of row ids and timestamps."""
    con = sqlite3.connect(path)
    try:
        articles = sorted(con.execute("SELECT input_hash, doc_id, text, published, outlet FROM articles"))
        quotes = sorted(
            con.execute(
                'SELECT a.input_hash, q.seq, q.kind, q.text, q.start, q."end", q.speaker_name '
                "FROM quotes q JOIN articles a ON a.id = q.article_id"
            )
        )
        failures = sorted(con.execute("SELECT source, stage, reason FROM failures"))
    finally:
        con.close()
    return {"articles": articles, "quotes": quotes, "failures": failures}


def make_extraction(doc_id: str, text: str) -> Extraction:
    article = Article(id=doc_id, source=f"{doc_id}.txt", text=text)
    quote = Quote(
        kind="direct",
        parts=[Span(text[1:5], 1, 5)],
        cue=Span("said", 8, 12),
        speaker=SpeakerRef("Sergei Lavrov", "Lavrov", 13, 19, "person", "name"),
        confidence=0.9,
        version="t",
    )
    return Extraction(id=doc_id, source=article.source, article=article, quotes=[quote], input_hash=f"h-{doc_id}")
