"""Stage 2, clean: raw document -> cleaned article text.

Needs: a RawDocument (text or html).
Adds: :class:`Cleaned` - the body text with paragraphs separated by a blank line,
the title (kept as the first paragraph of the text), the removed boilerplate
lines with reasons, the language, and metadata found in HTML (date, site name, url).

(Placeholder implementation: the real classifier lands with issue 2's cleaning work.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import RawDocument, RemovedLine
from ..settings import Settings

VERSION = "clean-0"


@dataclass
class Cleaned:
    text: str
    title: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    language: str | None = None
    # Metadata the cleaner found (HTML: date, sitename, url, author...) for later stages.
    found: dict[str, Any] = field(default_factory=dict)


def clean_document(raw: RawDocument, settings: Settings) -> Cleaned:
    text = raw.text or ""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
    return Cleaned(text="\n\n".join(paragraphs), title=raw.title, language="en")
