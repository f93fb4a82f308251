"""Single-document files: .txt, .html/.htm (and text of an unknown extension)."""

from __future__ import annotations

from ..model import RawDocument, Skip
from .decode import NotText, decode_bytes


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in head or "<head" in head or "<p>" in head or "<div" in head
    )


def read_plain(data: bytes, *, doc_id: str, source: str, as_html: bool | None) -> RawDocument:
    """Decode one file's bytes. ``as_html=None`` sniffs the content."""
    try:
        text, encoding = decode_bytes(data)
    except NotText as exc:
        return RawDocument(id=doc_id, source=source, skipped=Skip("read", str(exc)))
    html = looks_like_html(text) if as_html is None else as_html
    if html:
        return RawDocument(id=doc_id, source=source, html=text, encoding=encoding)
    return RawDocument(id=doc_id, source=source, text=text, encoding=encoding)
