"""Stage 3, date: the publication date of an article, with precision and provenance.

Needs: the RawDocument (metadata, url, html) and the Cleaned text.
Adds: :class:`PublishedDate` - published (YYYY-MM-DD or None), precision
(day|month|year), source (metadata|url|html|text), range (earliest, latest).
Never a date after the run day.

(Placeholder: metadata only; the full stage lands with issue 4.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..clean import Cleaned
from ..model import RawDocument
from ..settings import Settings

VERSION = "date-0"


@dataclass
class PublishedDate:
    published: str | None = None
    precision: str | None = None
    source: str | None = None
    range: tuple[str, str] | None = None
    evidence: str | None = None


def date_article(raw: RawDocument, cleaned: Cleaned, settings: Settings) -> PublishedDate:
    if raw.published:
        try:
            day = dt.date.fromisoformat(raw.published[:10])
        except ValueError:
            return PublishedDate()
        if day.isoformat() <= settings.run_day:
            return PublishedDate(day.isoformat(), "day", "metadata", (day.isoformat(), day.isoformat()), raw.published)
    return PublishedDate()
