"""Build extractions by hand for the link-stage tests (no parsing needed)."""

from __future__ import annotations

from onrecord.model import Article, Extraction, Quote, Span, SpeakerRef


def extraction(
    doc_id: str,
    outlet: str,
    published: str | None,
    quotes: list[tuple[str, str, str, str]],
    *,
    text: str | None = None,
    said_on: str | None = None,
    said_where: str | None = None,
) -> Extraction:
    """quotes: (kind, quote text, speaker name, speaker mention); the article text holds them all."""
    body = text or "\n\n".join(f"{mention} said: {q}" for _kind, q, _name, mention in quotes)
    article = Article(id=doc_id, source=f"{doc_id}.txt", text=body, outlet=outlet, published=published)
    out = []
    for kind, q, name, mention in quotes:
        start = body.index(q)
        m = body.find(mention)
        out.append(
            Quote(
                kind=kind,
                parts=[Span(q, start, start + len(q))],
                cue=None,
                speaker=SpeakerRef(name=name, mention=mention, start=m, end=m + len(mention), type="person"),
                confidence=0.9,
                said_on=said_on,
                said_where=said_where,
            )
        )
    return Extraction(id=doc_id, source=article.source, article=article, quotes=out, input_hash=f"hash-{doc_id}")
