"""HTML -> plain paragraphs and page metadata, through trafilatura.

trafilatura (``bare_extraction``) finds the main text, one paragraph a line, without
comments, and the page metadata (title, original publication date through htmldate,
site name, canonical URL, author, description, categories). Its text then goes through the
plain-text cleaner with one paragraph per line, which drops the boilerplate trafilatura
kept ("Read more: ...", captions, credits). When trafilatura finds no text (a fragment,
malformed markup, a page under its size threshold) or fails, a tag-stripped text of the
page goes through the same cleaner instead.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass, field
from typing import Any

# Recall first: the line classifier after it is the precision pass, and a body paragraph
# lost here cannot be recovered. Comments are never article text.
_EXTRACTION_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "favor_recall": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}
FOUND_KEYS = ("title", "date", "sitename", "url", "author", "description", "categories")

_DROP_BLOCKS = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|svg|head|iframe|object)\b[^>]*>.*?</\1\s*>",
    re.S | re.I,
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|blockquote|figure|"
    r"figcaption|nav|aside|main|pre|hr|dd|dt|dl|address|form|fieldset|title|body|html)\b[^<>]*>",
    re.I,
)
_ANY_TAG = re.compile(r"<[^<>]*>")
_WHITESPACE = re.compile(r"\s+")
_TITLE_TAG = re.compile(r"<title\b[^>]*>(.*?)</title", re.S | re.I)
_HTML_LANG = re.compile(
    r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I
)

log = logging.getLogger(__name__)


@dataclass
class HtmlText:
    """What the HTML gave: plain text with one paragraph a line, and page metadata."""

    text: str
    found: dict[str, Any] = field(default_factory=dict)
    extractor: str = "trafilatura"  # trafilatura | tags
    html_language: str | None = None


def strip_tags(markup: str) -> str:
    """A plain-text rendering of ``markup`` without a parser: block elements become line
    breaks, other tags vanish, entities are decoded. Never fails on broken markup."""
    text = _DROP_BLOCKS.sub(" ", markup)
    text = _WHITESPACE.sub(" ", text)  # source line breaks inside a paragraph are not breaks
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html_lib.unescape(text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _metadata(doc: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in FOUND_KEYS:
        value = getattr(doc, key, None)
        if isinstance(value, str):
            value = value.strip()
        if value:
            found[key] = list(value) if isinstance(value, (list, tuple)) else value
    return found


def extract_html(markup: str, *, url: str | None, max_date: str) -> HtmlText:
    """Main text and metadata of one HTML page (see the module docstring)."""
    lang = _HTML_LANG.search(markup[:5000])
    html_language = lang.group(1).lower() if lang else None
    date_params = {"original_date": True, "extensive_search": False, "max_date": max_date}
    doc = None
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            markup, url=url, date_extraction_params=date_params, **_EXTRACTION_OPTIONS
        )
    except Exception as exc:  # trafilatura/lxml on hostile markup: fall back, never fail
        log.debug(
            "trafilatura failed (%s: %s); falling back to tag stripping", type(exc).__name__, exc
        )
    text = getattr(doc, "text", None) if doc is not None else None
    if isinstance(text, str) and text.strip():
        return HtmlText(text, _metadata(doc), "trafilatura", html_language)

    found: dict[str, Any] = {}
    try:
        from trafilatura import extract_metadata

        meta = extract_metadata(markup, default_url=url, date_config=date_params)
        if meta is not None:
            found = _metadata(meta)
    except Exception as exc:
        log.debug("metadata extraction failed (%s: %s)", type(exc).__name__, exc)
    if "title" not in found:
        m = _TITLE_TAG.search(markup)
        title = (
            _WHITESPACE.sub(" ", html_lib.unescape(_ANY_TAG.sub("", m.group(1)))).strip()
            if m
            else ""
        )
        if title:
            found["title"] = title
    return HtmlText(strip_tags(markup), found, "tags", html_language)
