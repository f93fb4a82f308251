"""Turn a loose record (a JSON object, a CSV row) into a :class:`RawDocument`.

Field names vary between scrapers and news APIs; the first present of each
alias list wins. Unknown fields are kept in ``meta``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import RawDocument, Skip

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "article_id", "uid", "guid"),
    "url": ("url", "link", "uri", "source_url", "canonical_url"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "publisher", "site_name", "sitename", "source_name", "site", "domain"),
    "published": ("published", "publication_date", "published_at", "date", "pub_date", "datePublished"),
    "text": ("text", "body", "content", "article", "article_text", "maintext"),
    "html": ("html", "raw_html", "content_html", "body_html"),
}


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | bool):
        return str(value)
    return None


def record_to_document(
    record: Mapping[str, Any], *, default_id: str, source: str, max_bytes: int, text_field: str = ""
) -> RawDocument:
    """Map a record's fields to a RawDocument; a record with no content is a skip."""
    meta_in = record.get("meta")
    nested = meta_in if isinstance(meta_in, Mapping) else {}

    def pick(key: str) -> str | None:
        value = _as_text(_first(record, ALIASES[key]))
        if value is None and nested:
            value = _as_text(_first(nested, ALIASES[key]))
        return value.strip() if isinstance(value, str) and key not in ("text", "html") else value

    doc_id = pick("id") or default_id
    text = _as_text(record.get(text_field)) if text_field else pick("text")
    html = pick("html")
    if text and not html and text.lstrip()[:1] == "<" and "</" in text[:5000]:
        html, text = text, None  # an HTML page stored in a text column
    known = {n for names in ALIASES.values() for n in names} | {"meta"}
    meta = {k: v for k, v in record.items() if k not in known}
    meta.update({k: v for k, v in nested.items() if k not in meta})
    doc = RawDocument(
        id=str(doc_id),
        source=source,
        text=text,
        html=html,
        url=pick("url"),
        title=pick("title"),
        outlet=pick("outlet"),
        published=pick("published"),
        meta=meta,
    )
    content = doc.content
    if not content.strip():
        doc.skipped = Skip("read", "record has no text or html field with content")
    elif len(content.encode("utf-8", "surrogatepass")) > max_bytes:
        doc.skipped = Skip("read", f"record larger than max_document_bytes ({max_bytes:,} bytes)")
        doc.text = doc.html = None
    elif "\x00" in content:
        doc.skipped = Skip("read", "record text contains NUL bytes (binary data in a text field)")
        doc.text = doc.html = None
    return doc
