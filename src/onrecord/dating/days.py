"""Calendar arithmetic on ``datetime.date`` used by the date stage (no text handling here)."""

from __future__ import annotations

import calendar
import datetime as dt

MIN_YEAR = 1900  # dates before this are not publication dates of news reports we read
ONE_DAY = dt.timedelta(days=1)


def to_day(value: str | dt.date | None) -> dt.date | None:
    """``YYYY-MM-DD`` (or a date) -> date; anything else -> None."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def make_day(year: int, month: int, day: int) -> dt.date | None:
    """A valid date or None (no exception for 31 June or 29 February 2015)."""
    if not (MIN_YEAR <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, the day clamped to the month's length."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    year = min(max(year, 1), 9999)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def shift(day: dt.date, days: int = 0, months: int = 0) -> dt.date:
    """``day`` moved by ``months`` then ``days`` (either may be negative), kept in range."""
    out = add_months(day, months) if months else day
    try:
        return out + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    """The last ``weekday`` (Monday = 0) on or before ``day``."""
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    """The first ``weekday`` (Monday = 0) on or after ``day``."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def month_day_on_or_before(day: dt.date, month: int, dom: int) -> dt.date | None:
    """The last ``month``/``dom`` on or before ``day`` (29 Feb: the last leap year's)."""
    for year in range(day.year, max(day.year - 8, MIN_YEAR - 1), -1):
        cand = make_day(year, month, dom)
        if cand is not None and cand <= day:
            return cand
    return None


def month_day_on_or_after(day: dt.date, month: int, dom: int, limit: dt.date | None = None) -> dt.date | None:
    """The first ``month``/``dom`` on or after ``day`` (and not after ``limit``)."""
    for year in range(day.year, day.year + 9):
        cand = make_day(year, month, dom)
        if cand is not None and cand >= day:
            return cand if limit is None or cand <= limit else None
    return None


def span_precision(lo: dt.date, hi: dt.date) -> str | None:
    """``day`` for a one-day span, ``month`` for a span inside one calendar month, else None."""
    if lo == hi:
        return "day"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return "month"
    return None
