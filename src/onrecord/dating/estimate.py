"""Estimate the publication date from the article text: a range, and a date when it is narrow.

The rules (docs/dates.md explains them with examples):

1. *Stamps.* A line that states the publication date ("Published: 28 November 2012",
   "Thu Sep 10, 2015 18:55:50", "By Jane Doe | Nov. 28, 2012", a dateline
   "MOSCOW, Nov. 28, 2012 (Xinhua) --") gives the date itself; "Updated: ..." bounds it from
   above. A dateline without a year ("BEIJING, April 17 (Xinhua) --") pins the month and day.
2. *Past dates bound it from below* (firm): a report cannot describe as past an event after
   its own date. An absolute date ("at a meeting in Geneva on June 30, 2012") counts unless
   its clause puts it ahead ("will be hosted on April 20", "by 2030", "the June 30 summit
   will"); a bare year or month and year ("in 2011", "communique of 2012") counts only when
   its sentence speaks of the past and nothing in it points ahead, and never when it names a
   season, a race or a product ("the 2016 election", "a reelection fight in 2018", "the 2017
   Ford Fusion"). A date alone on a line (a print edition's date) and a stamp's own date are
   no events. An ISO date or an embedded post's date ("(@cspan) September 1, 2016") is a UTC
   timestamp: it bounds from the day before. Dates after the run day are not used.
3. *A weekday with a month and day fixes the year* (soft): "last Friday, January 29" is a
   day within the year before publication that fell on a Friday, so publication is on or
   after the first such day no more than a year before the firm bound. A bare weekday
   ("on Wednesday", "a Thursday briefing") is a day of the week before publication; it may
   lie before the latest dated event as well as after it, so alone it narrows nothing.
   (Measured on PolNeAR train: assuming it lies after would narrow 211 of 347 ranges by at
   most six days and put 9 of them past the true date.)
4. *Durations counted from a dated event the text names* narrow it on both sides (soft):
   "since March 2011 ... for 20 months now", "the June 30, 2012 meeting, five months ago".
   A duration whose start the text does not date ("for 20 months now" of an undated
   conflict, "over four years ago") says nothing and is ignored.
5. *Future dates with a year bound it from above* (soft): "the talks will resume on
   May 3, 2016" was written before 3 May 2016.
6. The run day (and a WARC record's crawl: its UTC day plus one, as a page east of UTC can
   carry the next day's date) bound it from above (hard). A date the text describes as past
   that lies after these is a misreading or a contradiction, and is not used.

Soft bounds give way when they contradict the firm ones. The range is ``None`` when nothing
in the text bounds the date from below.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .constraints import narrow
from .days import (
    MIN_YEAR,
    ONE_DAY,
    make_day,
    month_span,
    shift,
    span_precision,
    year_span,
)
from .durations import elapsed_window, shift_units
from .lexicon import date_words
from .mentions import Mention, find_mentions
from .named_events import event_constraints
from .offices import office_constraints
from .sentences import sentence_spans


@dataclass
class TextEstimate:
    range: tuple[dt.date, dt.date] | None = None
    published: dt.date | None = None
    precision: str | None = None
    firm_lower: dt.date | None = None  # the latest date the text describes as past
    firm_lower_text: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def evidence(self) -> str:
        return "; ".join(self.notes)


@dataclass
class _Bound:
    day: dt.date
    why: str
    firm: bool


def mention_span(m: Mention) -> tuple[dt.date, dt.date] | None:
    """The days an absolute mention covers (one day, a month, a year)."""
    try:
        if m.kind == "full" and m.date:
            return m.date, m.date
        if m.kind == "month_year" and m.year and m.month:
            return month_span(m.year, m.month)
        if m.kind == "year" and m.year:
            return year_span(m.year)
    except ValueError:
        return None
    return None


# -- stamps -------------------------------------------------------------------------------------

_ISO_TEXT = re.compile(r"(?:19|20)\d{2}-\d{2}-\d{2}")
_EMBED_BEFORE = re.compile(r"(?:\(@\w+\)|=)\s*[\"']?\s*$")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
_TIME_ONLY = re.compile(
    r"^[\s\d:|,.\-–—/()·•]*(?:(?:a\.?m\.?|p\.?m\.?|gmt|utc|[a-z]{2,4}t|local time|hrs|h)\b[\s\d:|,.\-–—/()·•+]*)*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\s*by\s+[^|,·•]{2,60}?\s*[|,·•–—-]\s*", re.IGNORECASE)
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z .'’\-]{1,40},\s+(?:[A-Z][a-z]+,\s+)?(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)"
    r"\s*(?:\((?P<agency>[^)]{1,40})\)|/[^/]{1,30}/)?\s*[-–—]+"
)


def _label_pattern() -> re.Pattern[str]:
    w = date_words()
    labels = sorted(w.words("stamp_published") | w.words("stamp_updated"), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?P<label>" + "|".join(re.escape(x) for x in labels) + r")\b\s*(?:on|at)?\s*[:\-–—|]?\s*", re.IGNORECASE)


_LABELS: re.Pattern[str] | None = None


_Stamps = tuple[list[tuple[dt.date, str]], list[tuple[dt.date, str]], list[tuple[int, int, str]]]


def find_stamps(lines: list[str]) -> _Stamps:
    """(published stamps, updated stamps, year-less datelines (month, day, text)) in ``lines``."""
    published: list[tuple[dt.date, str]] = []
    updated: list[tuple[dt.date, str]] = []
    datelines: list[tuple[int, int, str]] = []
    # The head and tail of the cleaned and of the raw text mostly hold the same lines: each
    # distinct line is read once (speed), and its stamps are listed wherever it occurs.
    read: dict[str, _Stamps] = {}
    for raw in lines:
        line = raw.strip()
        if not line or len(line) > 160:
            continue
        if line not in read:
            read[line] = _line_stamps(line)
        p, u, d = read[line]
        published += p
        updated += u
        datelines += d
    return published, updated, datelines


def _line_stamps(line: str) -> _Stamps:
    """find_stamps of one stripped line."""
    global _LABELS
    if _LABELS is None:
        _LABELS = _label_pattern()
    w = date_words()
    published: list[tuple[dt.date, str]] = []
    updated: list[tuple[dt.date, str]] = []
    datelines: list[tuple[int, int, str]] = []
    labelled = False
    for m in _LABELS.finditer(line):
        # A label opens the line or follows a separator ("By Jane Doe | Published: ..."):
        # "released on July 26, 2015" inside a caption is no stamp.
        before = line[: m.start()].rstrip()
        if before and before[-1] not in "|·•" and not _BYLINE.match(before + " |"):
            continue
        rest = line[m.end() : m.end() + 60]
        first = next((x for x in find_mentions(rest) if x.kind == "full" and x.date), None)
        if first is None or first.start > 12:
            continue
        labelled = True
        label = m.group("label").lower()
        target = updated if label in w.words("stamp_updated") else published
        target.append((first.date, line))  # type: ignore[arg-type]
    if labelled:
        return published, updated, datelines
    body = _BYLINE.sub("", line, count=1)
    mentions = [x for x in find_mentions(body) if x.kind == "full" and x.date]
    if len(mentions) == 1:
        m0 = mentions[0]
        rest = body[: m0.start] + body[m0.end :]
        # A date alone on a line is a stamp only with a time of day ("Thu Sep 10, 2015
        # 18:55:50"): a bare "Saturday, December 19, 2015." may be a print edition's date.
        if _TIME_ONLY.match(rest) and (_CLOCK.search(rest) or _BYLINE.match(line)):
            published.append((m0.date, line))  # type: ignore[arg-type]
            return published, updated, datelines
    d = _DATELINE.match(line)
    if d:
        found = find_mentions(d.group("date"))
        if found and found[0].kind == "full" and found[0].date:
            published.append((found[0].date, d.group(0).strip()))
        elif found and found[0].kind == "month_day" and found[0].month and found[0].day:
            datelines.append((found[0].month, found[0].day, d.group(0).strip()))
    return published, updated, datelines


# -- the estimate ------------------------------------------------------------------------------

_ELAPSED = re.compile(
    r"\bfor\s+(?:the\s+(?:past|last)\s+)?(?:(?P<qual>more than|over|nearly|almost|about|around|some|at least)\s+)?"
    r"(?P<num>\d{1,3}|[a-z]+)\s+(?P<unit>day|week|month|year|decade)s?\b",
    re.IGNORECASE,
)


def _duration_bounds(text: str, mentions: list[Mention], spans: list[tuple[int, int]]) -> list[tuple[_Bound, _Bound]]:
    """(lower, upper) pairs from durations counted from a date named in the same sentence."""
    w = date_words()
    out: list[tuple[_Bound, _Bound]] = []
    for start, end in spans:
        inside = [m for m in mentions if start <= m.start < end]
        anchors = [m for m in inside if mention_span(m) and not m.future and not m.no_bound]
        if len(anchors) != 1:
            continue  # no dated event, or several: which one the duration counts from is unclear
        anchor = anchors[0]
        span = mention_span(anchor)
        assert span is not None
        durations: list[tuple[int, tuple[int, int], str | None, str, bool]] = []
        for m in inside:
            # "the June 30, 2012 meeting, five months ago" / "five months ago, on June 30, 2012": the
            # two must sit together; an "ago" elsewhere in the sentence may count from anything.
            near = 0 <= m.start - anchor.end <= 30 or 0 <= anchor.start - m.end <= 30
            if m.kind == "ago" and m.count and m.unit and near:
                durations.append((m.count, m.unit, m.modifier, m.text, False))
        since = re.search(r"\bsince\s*$", text[max(start, anchor.start - 12) : anchor.start], re.IGNORECASE)
        if since:
            for e in _ELAPSED.finditer(text, start, end):
                num = e.group("num")
                count = int(num) if num.isdigit() else w.numbers.get(num.lower())
                unit = w.units.get(e.group("unit").lower())
                if count and unit:
                    durations.append((count, unit, (e.group("qual") or "").lower() or None, e.group(0), True))
        for count, unit, qual, phrase, running in durations:
            lo_units, hi_units = elapsed_window(count, qual, running)
            why = f"'{phrase}' counted from '{anchor.text}'"
            lo = shift_units(span[0], lo_units, unit)
            hi = shift_units(span[1], hi_units, unit) if hi_units is not None else dt.date.max
            out.append((_Bound(lo, why, False), _Bound(hi, why, False)))
    return out


def estimate_from_text(
    body: str,
    extras: list[str],
    stamp_lines: list[str],
    run_day: dt.date,
    crawl_upper: dt.date | None = None,
    knowledge: bool = True,
) -> TextEstimate:
    """The publication date range the text allows (see the module docstring for the rules).

    ``body`` is the cleaned article text; ``extras`` are other texts of the page read for dates
    (photo captions the cleaner removed); ``stamp_lines`` are lines that may hold a date stamp.
    ``knowledge=False`` skips rule 7 (events and office terms): the firm lower bound, which is
    all a day-precision source is checked against, does not depend on it.
    """
    est = TextEstimate()
    hard_hi = min(run_day, crawl_upper) if crawl_upper else run_day
    hard_why = f"crawled by {crawl_upper}" if crawl_upper and crawl_upper < run_day else f"run day {run_day}"
    published, updated, datelines = find_stamps(stamp_lines)
    # A stamp's own date is no event the report describes ("Updated: 29 November 2012"), nor is
    # a line that is only a date (a print edition's date, a stamp without a label).
    stamped = {line for _, line in published + updated}
    stamped |= {line.strip() for t in [body, *extras] for line in t.splitlines() if _is_date_line(line)}
    texts = [body, *extras]
    sentence_cache: dict[int, list[tuple[int, int]]] = {}

    def spans_of(text: str) -> list[tuple[int, int]]:
        if id(text) not in sentence_cache:
            sentence_cache[id(text)] = sentence_spans(text)
        return sentence_cache[id(text)]

    all_mentions = [(t, [m for m in find_mentions(t) if _line_of(t, m.start) not in stamped]) for t in texts if t]

    lowers: list[_Bound] = []
    uppers: list[_Bound] = [_Bound(hard_hi, hard_why, True)]
    for _text, mentions in all_mentions:
        for m in mentions:
            span = mention_span(m)
            if span is None or m.no_bound:
                continue
            if m.future:
                # Only a full date ahead of the writer bounds from above.
                if m.kind == "full" and span[0] <= hard_hi:
                    uppers.append(_Bound(span[0], f"'{m.text}' is ahead", False))
                continue
            if span[0] > hard_hi:
                continue
            start = span[0]
            if _ISO_TEXT.fullmatch(m.text) or _EMBED_BEFORE.search(_text[max(0, m.start - 40) : m.start]):
                # "2016-07-23" in running text, 'datetime="..."', "— Jane (@jane) July 23, 2016":
                # an embedded post's timestamp, in UTC: the local day of publication may be the day before.
                start -= ONE_DAY
            lowers.append(_Bound(start, f"'{m.text}' is past", True))
    firm = max(lowers, key=lambda b: b.day) if lowers else None
    if firm:
        est.firm_lower, est.firm_lower_text = firm.day, firm.why

    for day, line in updated:
        if day <= hard_hi and (firm is None or day >= firm.day):
            uppers.append(_Bound(day, f"updated stamp '{line}'", True))
    for day, line in published:
        if day <= hard_hi and (firm is None or day >= firm.day) and all(day <= u.day for u in uppers if u.firm):
            est.range = (day, day)
            est.published, est.precision = day, "day"
            est.notes.append(f"date stamp '{line}'")
            return est

    if firm is not None:
        for _text, mentions in all_mentions:
            for m in mentions:
                if m.future or m.no_bound or m.weekday is None or m.kind != "month_day" or not (m.month and m.day):
                    continue
                # "last Friday, January 29": a day of the year before publication, on that weekday.
                # Publication is after the firm bound, so the day is at most a year before it.
                earliest = shift(firm.day, months=-12)
                pinned = _first_weekday_date(earliest, hard_hi, m.month, m.day, m.weekday)
                if pinned and pinned > firm.day:
                    lowers.append(_Bound(pinned, f"'{m.text}' (the year fixed by the weekday)", False))
        for text, mentions in all_mentions:
            for low, high in _duration_bounds(text, mentions, spans_of(text)):
                lowers.append(low)
                uppers.append(high)

    lo_b, hi_b = _combine(lowers, uppers)
    lo_day, lo_why = (lo_b.day, lo_b.why) if lo_b else (None, None)
    hi_day, hi_why = hi_b.day, hi_b.why
    if knowledge and body:
        body_mentions = all_mentions[0][1] if all_mentions and all_mentions[0][0] is body else []
        spans = spans_of(body)
        found = narrow(lo_day or dt.date(MIN_YEAR, 1, 1), hi_day,
                       office_constraints(body, body_mentions, spans) + event_constraints(body, body_mentions, spans))
        if found is not None:
            if found.lo_why:
                lo_day, lo_why = found.lo, found.lo_why
            if found.hi_why:
                hi_day, hi_why = found.hi, found.hi_why
            est.notes += [f"set aside: {c.why}" for c in found.set_aside]
    if lo_day is None:
        if datelines:
            est.notes.append("dateline without a year and no date to fix it: " + datelines[0][2])
        return est
    lo, hi = lo_day, hi_day
    for month, dom, line in datelines:
        cands = [d for y in range(lo.year, hi.year + 1) if (d := make_day(y, month, dom)) is not None and lo <= d <= hi]
        if cands:
            lo, hi = cands[0], cands[-1]
            est.notes.append(f"dateline '{line}'")
            break
    est.range = (lo, hi)
    est.notes.append(f"from {lo} ({lo_why})")
    est.notes.append(f"to {hi} ({hi_why})")
    est.precision = span_precision(lo, hi)
    if est.precision == "day":
        est.published = lo
    elif est.precision == "month":
        est.published = lo.replace(day=1)
    return est


def _is_date_line(line: str) -> bool:
    if len(line) > 80 or not any(c.isdigit() for c in line):
        return False
    mentions = [m for m in find_mentions(line) if m.kind == "full"]
    if len(mentions) != 1:
        return False
    rest = line[: mentions[0].start] + line[mentions[0].end :]
    return bool(_TIME_ONLY.match(rest))


def _line_of(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)].strip()


def _first_weekday_date(lo: dt.date, hi: dt.date, month: int, dom: int, weekday: int) -> dt.date | None:
    for year in range(lo.year, hi.year + 1):
        d = make_day(year, month, dom)
        if d and lo <= d <= hi and d.weekday() == weekday:
            return d
    return None


def _combine(lowers: list[_Bound], uppers: list[_Bound]) -> tuple[_Bound | None, _Bound]:
    """The tightest consistent (lower, upper); soft bounds that contradict firm ones are dropped."""
    firm_up = min((u for u in uppers if u.firm), key=lambda b: b.day)
    firm_lo = max((b for b in lowers if b.firm), key=lambda b: b.day, default=None)
    floor = firm_lo.day if firm_lo else dt.date.min
    soft_up = [u for u in uppers if not u.firm and floor <= u.day <= firm_up.day]
    hi = min([firm_up, *soft_up], key=lambda b: b.day)
    soft_lo = [b for b in lowers if not b.firm and floor <= b.day <= hi.day]
    if firm_lo is None and not soft_lo:
        return None, hi
    lo = max([b for b in [firm_lo, *soft_lo] if b is not None], key=lambda b: b.day)
    if lo.day > hi.day:  # soft uppers against soft lowers: keep the lowers, drop the soft uppers
        hi = firm_up
    return lo, hi

