"""Stage 2, clean: raw document -> cleaned article text.

Needs: a RawDocument (``text`` or ``html``; ``title`` and ``url`` when the record has them).
Adds: :class:`Cleaned` - the body text with paragraphs separated by a blank line, the title
(kept as the first paragraph of the text), the removed boilerplate lines with a reason code
each, the language, and metadata found in HTML (``found``: date, sitename, url, author,
title, description, categories).

- Plain text (:mod:`.plain`): boilerplate lines dropped by a data-driven classifier
  (:mod:`.lines`, rules in ``onrecord/data/boilerplate.tsv``), teaser tails dropped,
  hard-wrapped lines re-joined, " . " joins repaired, inline photo captions cut, the
  headline recognised.
- HTML (:mod:`.html`): trafilatura's main text and metadata, then the plain-text cleaner
  with one paragraph a line; a tag-stripped fallback when trafilatura finds nothing.
- Language (:mod:`.language`): script and stop-word ratios; "en", another ISO code when
  clear, else None.

Reason codes in ``Cleaned.removed``: cookie, social, share, comments, teaser,
section-label, nav, ad, newsletter, app, paywall, appeal, copyright, credit, caption,
byline, timestamp, tags, note, contact, separator. Later stages may read them: the outlet
stage looks for signatures ("All rights reserved by ...", "Presstv.com") in copyright and
credit lines; the dating stage may read timestamp lines.

The stage never raises on bad input: any text, however hostile, gives a Cleaned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import RawDocument, RemovedLine
from ..settings import Settings
from .html import extract_html
from .language import detect_language
from .plain import clean_plain

VERSION = "clean-1"


@dataclass
class Cleaned:
    text: str
    title: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    language: str | None = None
    # Metadata the cleaner found (HTML: date, sitename, url, author...) for later stages.
    found: dict[str, Any] = field(default_factory=dict)


def clean_document(raw: RawDocument, settings: Settings) -> Cleaned:
    """Clean one raw document: HTML through trafilatura, plain text through our cleaner."""
    if raw.html is not None:
        page = extract_html(raw.html, url=raw.url, max_date=settings.run_day)
        title = raw.title or page.found.get("title")
        result = clean_plain(page.text, title=title, one_paragraph_per_line=True)
        language = detect_language(result.text)
        if language is None and page.html_language and result.text:
            language = page.html_language  # the page's own declaration when the text is unclear
        return Cleaned(result.text, result.title, result.removed, language, page.found)
    result = clean_plain(raw.text or "", title=raw.title)
    return Cleaned(result.text, result.title, result.removed, detect_language(result.text))
