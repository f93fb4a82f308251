"""Stage 3, date: the publication date of an article, with precision and provenance.

Needs: the RawDocument (metadata ``published``, ``url``, ``html``, ``meta['crawled_at']``)
and the Cleaned text (``found['date']``/``found['url']`` from trafilatura, removed lines).
Adds: :class:`PublishedDate` - ``published`` (YYYY-MM-DD or None), ``precision``
(day | month | year), ``source`` (metadata | html | url | text), ``range`` (earliest,
latest) and ``evidence`` (what the date was read from, and what was set aside).

Sources in order of trust: the record's metadata, the HTML (trafilatura's date, which is
htmldate's original-date search; htmldate itself when the cleaner found none), a date in the
URL, else an estimate from the text (:mod:`onrecord.dating.estimate`, narrowed by what world
knowledge says of the undated events and office holders the text names: :mod:`.named_events`,
:mod:`.offices`). A source's date is set aside when it lies after the run day, after the crawl
(WARC), or before a date the text describes as past: never a date after the run day, never
before what the text allows.
A month- or year-precision date is narrowed by the text estimate when the two agree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..clean import Cleaned
from ..model import RawDocument
from ..settings import Settings
from .days import ONE_DAY, month_span, to_day, year_span
from .estimate import TextEstimate, estimate_from_text
from .lexicon import date_words
from .parse import parse_date_string
from .urls import date_from_url

VERSION = "date-2"  # 2: text ranges narrowed by events and office terms

__all__ = ["VERSION", "PublishedDate", "date_article"]


@dataclass
class PublishedDate:
    published: str | None = None
    precision: str | None = None
    source: str | None = None
    range: tuple[str, str] | None = None
    evidence: str | None = None


def _period(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    if precision == "month":
        return month_span(day.year, day.month)
    if precision == "year":
        return year_span(day.year)
    return day, day


def _read_removed(reason: str) -> bool:
    """Removed lines worth reading for dates: captions, credits, bylines; not teasers or footers."""
    skip = date_words().words("removed_skip")
    return not (set(re.split(r"[-_\s/]+", reason.lower())) & skip)


def _head_tail(text: str, n: int = 6) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[:n] + lines[-3:] if len(lines) > n + 3 else lines


def _crawl_day(meta: dict[str, Any]) -> dt.date | None:
    value = meta.get("crawled_at") if isinstance(meta, dict) else None
    parsed = parse_date_string(value) if value else None
    return parsed[0] if parsed and parsed[1] == "day" else None


def _html_date(raw: RawDocument, cleaned: Cleaned, run_day: dt.date) -> tuple[Any, str] | None:
    if cleaned.found.get("date"):
        return cleaned.found["date"], "trafilatura"
    if raw.html and "date" not in cleaned.found:
        # The cleaner did not look: ask htmldate for the original (not the "updated") date,
        # from the markup only - the URL and the text are read by our own rules.
        try:
            from htmldate import find_date

            found = find_date(raw.html, extensive_search=False, original_date=True,
                              max_date=run_day.isoformat(), outputformat="%Y-%m-%d")
        except Exception:  # htmldate fails on some broken markup: no HTML date then
            found = None
        if found:
            return found, "htmldate"
    return None


def date_article(raw: RawDocument, cleaned: Cleaned, settings: Settings, knowledge: bool = True) -> PublishedDate:
    """The publication date of one document (see the module docstring for the order of trust).

    ``knowledge=False`` leaves out what the text's undated events and office holders' titles say
    (data/events.tsv, data/office_terms.tsv): the text's own dates only (for measuring).
    """
    run_day = to_day(settings.run_day) or dt.date.today()
    crawl = _crawl_day(raw.meta)
    # A page can be dated a day after the crawl's UTC day (east of UTC), never later.
    hard_hi = min(run_day, crawl + ONE_DAY) if crawl else run_day
    extras = [r.text for r in cleaned.removed if _read_removed(r.reason)]
    stamp_lines = _head_tail(cleaned.text) + extras + (_head_tail(raw.text) if raw.text else [])
    crawl_upper = crawl + ONE_DAY if crawl else None
    notes: list[str] = []

    candidates: list[tuple[str, Any, str]] = []
    if raw.published:
        candidates.append(("metadata", raw.published, f"metadata '{raw.published}'"))
    html = _html_date(raw, cleaned, run_day)
    if html:
        candidates.append(("html", html[0], f"HTML ({html[1]}) '{html[0]}'"))
    url = raw.url or cleaned.found.get("url")

    # A day from a source is only checked against the text's own bounds; events and office terms
    # (more work) are read where a range is needed: no source, or a month or year to narrow.
    sources = bool(candidates or url)
    estimate = estimate_from_text(cleaned.text, extras, stamp_lines, run_day, crawl_upper,
                                  knowledge=knowledge and not sources)
    full: list[TextEstimate] = [estimate] if not (knowledge and sources) else []

    def with_knowledge() -> TextEstimate:
        if not full:
            full.append(estimate_from_text(cleaned.text, extras, stamp_lines, run_day, crawl_upper))
        return full[0]

    for source, value, why in candidates:
        parsed = parse_date_string(value)
        if parsed is None:
            notes.append(f"{why} is not a date")
            continue
        chosen = _accept(source, parsed[0], parsed[1], why, hard_hi, estimate if parsed[1] == "day" else with_knowledge(), notes)
        if chosen:
            return chosen
    from_url = date_from_url(url, run_day) if url else None
    if from_url:
        chosen = _accept("url", from_url[0], from_url[1], f"URL '{from_url[2]}'", hard_hi,
                         estimate if from_url[1] == "day" else with_knowledge(), notes)
        if chosen:
            return chosen
    estimate = with_knowledge()
    if estimate.range is None:
        why = "; ".join([*notes, estimate.evidence, "no date in metadata, HTML, URL or text"]).strip("; ")
        return PublishedDate(evidence=why or None)
    lo, hi = estimate.range
    return PublishedDate(
        estimate.published.isoformat() if estimate.published else None,
        estimate.precision,
        "text",
        (lo.isoformat(), hi.isoformat()),
        "; ".join([*notes, "text: " + estimate.evidence]),
    )


def _accept(
    source: str, day: dt.date, precision: str, why: str, hard_hi: dt.date, est: TextEstimate, notes: list[str]
) -> PublishedDate | None:
    """The date from ``source`` if it is consistent with the run day, the crawl and the text."""
    lo, hi = _period(day, precision)
    if lo > hard_hi:
        notes.append(f"{why} set aside: after {hard_hi}")
        return None
    if est.firm_lower and hi < est.firm_lower:
        notes.append(f"{why} set aside: before {est.firm_lower}, which the text describes as past ({est.firm_lower_text})")
        return None
    hi = min(hi, hard_hi)
    if est.firm_lower:
        lo = max(lo, est.firm_lower)
    if precision != "day" and est.range:
        # A month or year from the source, narrowed by the text where they agree.
        a, b = max(lo, est.range[0]), min(hi, est.range[1])
        if a <= b:
            lo, hi = a, b
            notes.append(f"narrowed by the text ({est.evidence})")
    published = day if precision == "day" else (lo if lo == hi else _period(day, precision)[0])
    if precision != "day" and lo == hi:
        precision = "day"
    return PublishedDate(published.isoformat(), precision, source, (lo.isoformat(), hi.isoformat()), "; ".join([*notes, why]))
