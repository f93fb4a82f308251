"""The world knowledge the date stage reads: ``data/events.tsv`` and ``data/office_terms.tsv``.

Both are loaded once per process into lookup structures with their patterns compiled, so that
reading an article costs a few regular-expression passes (see :mod:`.named_events` and
:mod:`.offices`, and docs/dates.md for the file formats).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..quotes.speakers import fold, lexicon, surname_key
from .days import month_span
from .lexicon import _data_lines

Span = tuple[dt.date, dt.date]


def parse_when(value: str) -> Span:
    """``YYYY-MM-DD`` -> that day; ``YYYY-MM`` -> the month; ``A/B`` -> from A's first to B's last day."""
    if "/" in value:
        a, b = value.split("/", 1)
        return parse_when(a)[0], parse_when(b)[1]
    if len(value) == 7:
        return month_span(int(value[:4]), int(value[5:7]))
    day = dt.date.fromisoformat(value)
    return day, day


def _cells(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip() and x.strip() != "-")


# -- events ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    id: str
    kind: str  # point | span
    start: Span  # the days it may have happened or begun on
    end: dt.date | None  # the last day of a span that has ended
    named_from: dt.date | None  # naming it (by a strong name) means it is past from this day


@dataclass(frozen=True)
class EventName:
    event: Event
    weak: bool  # anchors durations only
    places: frozenset[str]  # one must be in the sentence (empty: none needed)
    unless: frozenset[str]  # none may be in the sentence


@dataclass(frozen=True)
class Events:
    names: dict[str, list[EventName]]  # normalised name -> the rows that carry it
    any_name: re.Pattern[str]  # every name, longest first
    strong_name: re.Pattern[str]  # names that bound alone (not ~)
    place_word: re.Pattern[str]  # every place and unless word (case-sensitive)


def norm_name(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _tokens(name: str) -> list[str]:
    """A lower-case name as regex tokens: any run of spaces between words, either apostrophe."""
    return [r"\s+" if ch == " " else "['’]" if ch == "'" else re.escape(ch) for ch in name]


def _trie(names: list[str]) -> str:
    """One regex for many names, factored by common prefixes (Python's re tries alternatives one by
    one, so a flat alternation of hundreds of names costs hundreds of attempts at every position)."""
    root: dict[str, dict] = {}
    for name in names:
        node = root
        for tok in _tokens(name):
            node = node.setdefault(tok, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [tok + build(child) for tok, child in sorted(node.items()) if tok]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer name is tried first

    return build(root)


def _alternation(names: list[str]) -> re.Pattern[str]:
    """Whole-word matches of any of ``names`` (lower case) in lower-cased text, longest first."""
    return re.compile(r"(?<![\w\-/])" + _trie(sorted({norm_name(n) for n in names})) + r"(?![\w\-]|/\d)")


@lru_cache(maxsize=1)
def events() -> Events:
    names: dict[str, list[EventName]] = {}
    places: set[str] = set()
    for row in _data_lines("events.tsv"):
        row = [*row, "-", "-", "-"][:8]
        ident, kind, when, end, named_from, name_cell, place_cell, unless_cell = row
        named = parse_when(named_from)[0] if named_from != "-" else None
        event = Event(ident, kind, parse_when(when), parse_when(end)[1] if end != "-" else None, named)
        row_places, row_unless = frozenset(_cells(place_cell)), frozenset(_cells(unless_cell))
        places |= row_places | row_unless
        for name in _cells(name_cell):
            weak = name.startswith("~") or named is None
            names.setdefault(norm_name(name.lstrip("~")), []).append(EventName(event, weak, row_places, row_unless))
    strong = [n for n, rows in names.items() if any(not r.weak for r in rows)]
    place_alt = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
    return Events(names, _alternation(list(names)), _alternation(strong),
                  re.compile(r"(?<![\w\-])(?:" + place_alt + r")(?![\w\-])"))


# -- office terms ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    body: str  # a country name (data/speakers/countries.tsv) or an organisation
    offices: frozenset[str]  # role concepts (data/speakers/roles.json) that name the office
    requires: tuple[str, ...]  # folded words one of which the title must contain
    names: tuple[str, ...]  # the holder's written forms, the usual one first
    start: dt.date
    last: dt.date  # the last day in office (dt.date.max while in office)
    is_country: bool
    title_kept: bool  # the title outlives the term: only the start bounds a report


@dataclass(frozen=True)
class Offices:
    by_surname: dict[str, list[Term]]


@lru_cache(maxsize=1)
def offices() -> Offices:
    countries = {fold(c.name) for c in lexicon().countries}
    by_surname: dict[str, list[Term]] = {}
    for row in _data_lines("office_terms.tsv"):
        body, office_cell, requires_cell, holder_cell, start, end, title = [*row, "", "", "", "", "", "", ""][:7]
        if end in ("", "-"):
            last = dt.date.max
        elif len(end) == 7:
            last = month_span(int(end[:4]), int(end[5:7]))[1]
        else:
            # A day is the successor's first: the holder's last day is the one before.
            last = dt.date.fromisoformat(end) - dt.timedelta(days=1)
        names = _cells(holder_cell)
        term = Term(body, frozenset(_cells(office_cell)), tuple(fold(r) for r in _cells(requires_cell)), names,
                    parse_when(start)[0], last, fold(body) in countries, title == "kept")
        for key in {surname_key(n) for n in names}:
            if key:
                by_surname.setdefault(key, []).append(term)
    return Offices(by_surname)
