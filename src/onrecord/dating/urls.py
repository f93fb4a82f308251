"""A publication date written in a URL.

News sites put the date in the path in a handful of layouts; each is tried in turn and
the first valid date wins:

- ``/2012/11/28/`` (also ``/2012/1/8/``)            -> day
- ``/2013-04/17/`` (china.org.cn)                    -> day
- ``/2015/sep/10/`` (The Guardian)                    -> day
- ``/2012-11-28/``, ``-2012-11-28-``, ``_2012_11_28`` -> day
- ``/20120118/`` or ``20120118`` between non-digits    -> day
- ``/2013apr18/``, ``/18apr2013/``                   -> day
- ``?date=2015-09-10``, ``&d=20150910`` (any query value that is a whole date) -> day
- ``/2015/09/`` (no day after it), ``/2015-09/``      -> month
- ``/2015/`` followed by more path                  -> year

A candidate must be a real calendar date, not before 1990 (earlier "dates" in URLs are
almost always identifiers) and not after the run day. The host is never read: numbers in
host names are not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from .days import make_day
from .mentions import month_number

EARLIEST = 1990

_Y = r"(?P<y>(?:19|20)\d{2})"
_M = r"(?P<m>0?[1-9]|1[0-2])"
_D = r"(?P<d>0?[1-9]|[12]\d|3[01])"
_MON = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"

# (pattern, precision), tried in order on the path.
_PATH_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"/{_Y}/{_M}/{_D}(?=/|$|[._-])"), "day"),
    (re.compile(rf"/{_Y}-{_M}/{_D}(?=/|$|[._-])"), "day"),
    (re.compile(rf"/{_Y}/{_MON}/{_D}(?=/|$|[._-])", re.IGNORECASE), "day"),
    (re.compile(rf"(?<![\d]){_Y}(?P<s>[-_.]){_M}(?P=s){_D}(?![\d])"), "day"),
    (re.compile(rf"(?<![\d]){_Y}(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?![\d])"), "day"),
    (re.compile(rf"(?<![a-z\d]){_Y}{_MON}{_D}(?![\d])", re.IGNORECASE), "day"),
    (re.compile(rf"(?<![a-z\d]){_D}{_MON}{_Y}(?![\d])", re.IGNORECASE), "day"),
    (re.compile(rf"/{_Y}/{_M}(?=/|$)"), "month"),
    (re.compile(rf"/{_Y}-{_M}(?=/|$)"), "month"),
    (re.compile(rf"/{_Y}(?=/[^/]+)"), "year"),
]
_QUERY_YMD = re.compile(rf"^{_Y}(?P<s>[-/.]?){_M}(?P=s){_D}$")
_QUERY_DMY = re.compile(rf"^{_D}(?P<s>[-/.]){_M}(?P=s){_Y}$")


def _build(groups: dict[str, str | None], precision: str) -> dt.date | None:
    year = int(groups["y"] or 0)
    if year < EARLIEST:
        return None
    mon = groups.get("mon")
    month = (month_number(mon.capitalize()) or 0) if mon else int(groups.get("m") or 1)
    day = int(groups.get("d") or 1) if precision == "day" else 1
    if precision == "year":
        month = 1
    return make_day(year, month, day)


def date_from_url(url: str | None, run_day: dt.date) -> tuple[dt.date, str, str] | None:
    """(date, precision, the matched part of the URL), or None when the URL carries no date."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    path = unquote(parts.path or "")
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        m = _QUERY_YMD.match(value.strip()) or _QUERY_DMY.match(value.strip())
        if m:
            day = _build(m.groupdict(), "day")
            if day and day <= run_day:
                return day, "day", f"{key}={value}"
    for pattern, precision in _PATH_PATTERNS:
        for m in pattern.finditer(path):
            day = _build(m.groupdict(), precision)
            if day and day <= run_day:
                return day, precision, m.group(0)
    return None
