"""Parse a date string from metadata or HTML: ISO 8601, RFC 2822, "Sep 10, 2015", epoch...

``parse_date_string(value)`` returns ``(date, precision)`` or None. The common formats are
parsed here with regular expressions (microseconds per call: this runs on millions of
records); anything else that carries a four-digit year goes to dateparser (other languages,
odd layouts), which is imported and warmed only when first needed.

A date-time is read as the local date it was written in ("2015-09-10T23:30:00-05:00" is
10 September): the publication day is the publisher's day, not UTC's. An epoch number has no
zone and is read in UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_tz
from functools import lru_cache
from typing import Any

from .days import MIN_YEAR, make_day
from .mentions import find_mentions

Parsed = tuple[dt.date, str]  # (date, precision: day | month | year)

_ISO = re.compile(
    r"^\s*(?P<y>(?:19|20)\d{2})(?P<sep>[-/.]?)(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])"
    r"(?:(?:[T\s_]|\s*,\s*)\d{1,2}(?::?\d{2}){0,2}(?:[.,]\d+)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{3,4})?)?\s*$",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:T\d{4,6}(?:Z|[+-]\d{4})?)?\s*$")
_YEAR_MONTH = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})[-/.](?P<m>0?[1-9]|1[0-2])\s*$")
_YEAR = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*$")
_EPOCH = re.compile(r"^\s*(?P<n>\d{9,10}|\d{12,13})(?:\.\d+)?\s*$")
_NUMERIC = re.compile(r"^\s*(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})(?:[T\s,].*)?$")
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _day(y: str | int, m: str | int, d: str | int) -> Parsed | None:
    day = make_day(int(y), int(m), int(d))
    return (day, "day") if day else None


def parse_date_string(value: Any) -> Parsed | None:
    """``value`` (a string, a number, a date) -> (date, precision), or None if it is no date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, int | float):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 200:
        return None
    if m := _ISO.match(text):
        return _day(m.group("y"), m.group("m"), m.group("d"))
    if m := _COMPACT.match(text):
        return _day(m.group("y"), m.group("m"), m.group("d"))
    if m := _YEAR_MONTH.match(text):
        return dt.date(int(m.group("y")), int(m.group("m")), 1), "month"
    if m := _YEAR.match(text):
        return dt.date(int(m.group("y")), 1, 1), "year"
    if m := _EPOCH.match(text):
        n = int(m.group("n"))
        seconds = n / 1000 if len(m.group("n")) > 11 else n
        try:
            day = dt.datetime.fromtimestamp(seconds, dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
        return (day, "day") if day.year >= MIN_YEAR else None
    if m := _NUMERIC.match(text):
        a, b = int(m.group("a")), int(m.group("b"))
        # Dots and dashes are day-first; slashes month-first unless that is impossible.
        if m.group("sep") in ".-" or a > 12:
            return _day(m.group("y"), b, a)
        return _day(m.group("y"), a, b)
    rfc = parsedate_tz(text) if "," in text or re.search(r"\d{2}:\d{2}", text) else None
    if rfc and rfc[0] >= MIN_YEAR:
        parsed = _day(rfc[0], rfc[1], rfc[2])
        if parsed:
            return parsed
    # Month names: the text mention finder knows "Sep 10, 2015", "10 September 2015",
    # "Thu Sep 10, 2015 18:55:50", "September 2015".
    for mention in find_mentions(text):
        if mention.kind == "full" and mention.date:
            return mention.date, "day"
        if mention.kind == "month_year" and mention.year and mention.month:
            return dt.date(mention.year, mention.month, 1), "month"
    if _HAS_YEAR.search(text):
        return _dateparser(text)
    return None


@lru_cache(maxsize=1)
def _date_data_parser() -> Any:
    from dateparser.date import DateDataParser

    # No relative dates ("2 days ago" in a metadata field has no anchor we trust), past preferred.
    return DateDataParser(
        settings={"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                  "PARSERS": ["absolute-time", "custom-formats"]}
    )


def _dateparser(text: str) -> Parsed | None:
    try:
        data = _date_data_parser().get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd strings; no date then
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if day.year < MIN_YEAR:
        return None
    period = data.period or "day"
    if period == "month":
        return day.replace(day=1), "month"
    if period == "year":
        return day.replace(month=1, day=1), "year"
    return day, "day"
