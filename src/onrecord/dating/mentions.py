"""Time expressions in article text, found with regular expressions (fast; no parse needed).

``find_mentions(text)`` returns every date-like expression with its offsets and what it
says: an absolute date ("June 30, 2012", "30 June 2012", "2012-06-30"), a month and year,
a bare year ("a 2012 accord", "in 2011"), a month and day without a year ("on April 20"),
a weekday ("on Wednesday", "a Thursday briefing"), a relative day ("yesterday"), a relative
period ("last week", "earlier this month"), or a count back ("over four years ago").

Each mention also carries its context: ``future`` when its clause puts it ahead of the
writer ("will be hosted by Istanbul on April 20", "the upcoming ... meeting"), and
``no_bound`` when it must not bound the publication date from below even though it is not
marked as future ("by 2030", "the 2016 election", "Resolution 2042" is no year at all).
The words behind these judgements live in ``data/date_words.tsv``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .days import make_day
from .lexicon import date_words
from .memo import per_text
from .scan import key_windows, lowered, matches_at

KINDS = ("full", "month_year", "year", "month_day", "weekday", "relday", "relperiod", "ago")


@dataclass
class Mention:
    kind: str
    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    modifier: str | None = None  # last/this/next/on/... for weekdays; over/nearly/... for "ago"
    rel: str | None = None  # yesterday/today/... ; last week/earlier this month/...
    count: int | None = None  # "ago": how many units
    unit: tuple[int, int] | None = None  # "ago": (days, months) per unit
    future: bool = False
    no_bound: bool = False

    @property
    def date(self) -> dt.date | None:
        if self.year and self.month and self.day:
            return make_day(self.year, self.month, self.day)
        return None


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    full_mdy: re.Pattern[str]
    full_dmy: re.Pattern[str]
    iso: re.Pattern[str]
    numeric: re.Pattern[str]
    month_year: re.Pattern[str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    relday: re.Pattern[str]
    relperiod: re.Pattern[str]
    ago: re.Pattern[str]
    month_hint: re.Pattern[str]
    ago_hint: re.Pattern[str]
    relday_lower: re.Pattern[str]
    relperiod_lower: re.Pattern[str]
    weekday_name: re.Pattern[str]
    month_of: dict[str, int]
    weekday_of: dict[str, int]


def month_number(name: str) -> int | None:
    return _patterns().month_of.get(name.rstrip(".").lower())


def weekday_number(name: str) -> int | None:
    return _patterns().weekday_of.get(name.lower())


_RELDAY = (
    r"\b(?P<rel>the day before yesterday|yesterday|today|tonight|tomorrow|this morning|this afternoon|"
    r"this evening|last night|earlier today|later today|earlier in the day|later in the day)\b"
)
_RELPERIOD = (
    r"\b(?P<rel>(?:earlier|later) (?:this|last) (?:week|month|year)|(?:last|this|next|past|previous|coming) "
    r"(?:week|weekend|month|year)|in recent (?:days|weeks|months)|recently|(?:a few|several|some) "
    r"(?:days|weeks|months|years) ago|days ago|weeks ago|months ago|years ago)\b"
)
# Every match of _RELDAY (of _RELPERIOD) holds one of these: the lower-cased patterns only run
# in windows around them (speed; see .scan.key_windows). Keep them in step with the patterns.
_RELDAY_KEYS = ("yesterday", "today", "tonight", "tomorrow", "morning", "afternoon", "evening", "night", "in the day")
_RELPERIOD_KEYS = ("week", "month", "year", "recent", "ago")
_WEEKDAY_MODS = ("last", "this", "next", "past", "previous", "coming", "on", "early", "late")
_DIGIT_RUN = re.compile(r"\d+")


def _max_width(pattern: str) -> int:
    from re import _parser  # type: ignore[attr-defined]  # the regex parser's own width bound

    return int(_parser.parse(pattern).getwidth()[1])


_RELDAY_PAD = _max_width(_RELDAY) + 2
_RELPERIOD_PAD = _max_width(_RELPERIOD) + 2


def _weekday_starts(text: str, name: re.Pattern[str]) -> list[int]:
    """Where a weekday match can start: at a weekday's name, or at a modifier spaces before it."""
    starts = []
    for m in name.finditer(text):
        w = j = m.start()
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if j < w:
            starts += [j - len(mod) for mod in _WEEKDAY_MODS if j >= len(mod) and text.startswith(mod, j - len(mod))]
        starts.append(w)
    return sorted(set(starts))


def _windows(text: str, hint: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged windows around every hit of ``hint``: the full patterns only run there (speed)."""
    out: list[tuple[int, int]] = []
    for m in hint.finditer(text):
        lo, hi = max(0, m.start() - before), min(len(text), m.end() + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _scan(pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]) -> list[re.Match[str]]:
    seen: dict[tuple[int, int], re.Match[str]] = {}
    for lo, hi in windows:
        for m in pattern.finditer(text, lo, hi):
            seen.setdefault(m.span(), m)
    return list(seen.values())


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    w = date_words()
    month_forms: list[str] = []
    for name in w.months:
        forms = {name, name.upper()}
        # Abbreviations may carry a full stop ("Sept. 9"); full names may not ("in June. The").
        month_forms += [f + "." for f in forms if len(name) <= 4 and name not in {"May", "June", "July"}] + list(forms)
    month = rf"(?P<month>{_alt(month_forms)})(?![\w])"
    day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d{2})"
    long_weekdays = [d for d in w.weekdays if d.endswith("day")]
    wd_forms = list(w.weekdays) + [d.upper() for d in w.weekdays] + [d + "." for d in w.weekdays if len(d) <= 5]
    wd_prefix = rf"(?:(?P<wd>{_alt(wd_forms)})(?![\w]),?\s+\(?)?"
    numbers = _alt(sorted(w.numbers))
    units = _alt(sorted(w.units))
    qual = r"(?P<qual>just over|well over|more than|less than|fewer than|at least|close to|nearly|almost|about|around|some|roughly|over|under)"
    return _Patterns(
        full_mdy=re.compile(rf"\b{wd_prefix}{month}\s+{day}(?:\s*,\s*|\s+){year}(?!\d)"),
        full_dmy=re.compile(rf"\b{wd_prefix}{day}\.?(?:\s+of)?\s+{month},?\s+{year}(?!\d)"),
        iso=re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\d])"),
        numeric=re.compile(r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})(?![\d])"),
        month_year=re.compile(rf"\b(?:(?P<part>early|mid|late)[- ])?{month},?\s+(?:of\s+)?{year}(?!\d)"),
        month_day=re.compile(rf"\b{wd_prefix}{month}\s+{day}(?![\d:,.]\d)(?!\w)"),
        day_month=re.compile(rf"(?<![\d,.])\b{wd_prefix}{day}(?:\s+of)?\s+{month}"),
        year=re.compile(r"(?<![\w$€£#.,/\-–])(?P<year>(?:19|20)\d{2})(?![\w%]|[.,]\d|[-–/]\d)"),
        weekday=re.compile(
            rf"\b(?:(?P<mod>{'|'.join(_WEEKDAY_MODS)})\s+)?(?P<wd>{_alt(long_weekdays)})(?P<plural>s)?(?![\w])"
            r"(?:['’]s)?(?:\s+(?P<part>morning|afternoon|evening|night))?"
        ),
        relday=re.compile(_RELDAY, re.IGNORECASE),
        relperiod=re.compile(_RELPERIOD, re.IGNORECASE),
        ago=re.compile(
            rf"\b(?:{qual}\s+)?(?P<num>\d{{1,3}}|{numbers})\s+(?P<unit>{units})s?\s+ago\b", re.IGNORECASE
        ),
        month_hint=re.compile(month),
        ago_hint=re.compile(r"\bago\b", re.IGNORECASE),
        relday_lower=re.compile(_RELDAY),
        relperiod_lower=re.compile(_RELPERIOD),
        # Weekday names do not overlap one another, so one scan finds every occurrence.
        weekday_name=re.compile(_alt(long_weekdays)),
        month_of={k.lower(): v for k, v in w.months.items()},
        weekday_of={k.lower(): v for k, v in w.weekdays.items()},
    )


_CLAUSE_STOP = re.compile(r"[.!?;:“”\"()\n,]")


def _prev_words(text: str, start: int, n: int) -> list[str]:
    chunk = text[max(0, start - 40) : start]
    return re.findall(r"[\w.’']+", chunk.lower())[-n:]


def _next_words(text: str, end: int, n: int) -> list[str]:
    return re.findall(r"[\w’']+", text[end : end + 50].lower())[:n]


@lru_cache(maxsize=32)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w’'])(?:{alternation})(?![\w’'])")


def _has_word(chunk: str, words: frozenset[str]) -> bool:
    """Whether lower-case ``chunk`` holds one of ``words`` (multi-word entries included) as a whole word."""
    return bool(words) and _word_pattern(words).search(chunk) is not None


def clause_left(text: str, start: int, limit: int = 100) -> str:
    """The text of the mention's clause before it (back to punctuation, at most ``limit`` chars)."""
    chunk = text[max(0, start - limit) : start]
    stops = list(_CLAUSE_STOP.finditer(chunk))
    if stops:
        chunk = chunk[stops[-1].end() :]
    return chunk.lower()


def _sentence_left(text: str, pos: int, limit: int = 200) -> str:
    """The part of the sentence before ``pos`` (up to ``limit`` chars), lower case."""
    left = text[max(0, pos - limit) : pos]
    stops = list(re.finditer(r"[.!?\n]\s", left))
    return (left[stops[-1].end() :] if stops else left).lower()


def _sentence_around(text: str, m: Mention, limit: int = 200) -> str:
    """The mention's sentence (up to ``limit`` chars each side), lower case, the mention left out."""
    left = _sentence_left(text, m.start, limit)
    right = text[m.end : m.end + limit]
    stop = re.search(r"[.!?](?:\s|$)|\n", right)
    if stop:
        right = right[: stop.start()]
    return left + " " + right.lower()


_PAST_FORM = re.compile(r"\b[a-z]{3,}ed\b")


def classify(text: str, m: Mention) -> None:
    """Set ``future`` and ``no_bound`` from the words around the mention.

    Every mention looks at its own clause before it (commas end it: "Russia will act, Lavrov
    said on Monday"; "would drop them, beginning in January 2017" is caught by "beginning").
    A bare year or a month and year also looks at the rest of its clause, and its sentence must
    speak of the past: years are often named ahead ("a reelection fight in 2018").
    """
    w = date_words()
    future = w.words("future")
    left = clause_left(text, m.start)
    # "'ll" sits on the word before it: look at the raw clause too.
    if _has_word(left, future) or re.search(r"\w['’]ll\b", left):
        m.future = True
    nxt = _next_words(text, m.end, 3)
    if nxt and (nxt[0] in {"will", "would", "shall"} or (nxt[0] in {"is", "are", "was", "were"} and len(nxt) > 1
                                                       and nxt[1] in {"expected", "scheduled", "set", "due", "slated", "to"})):
        m.future = True
    prev = _prev_words(text, m.start, 1)
    if prev and prev[-1] in w.words("future_adjacent"):
        m.no_bound = True
    following = " ".join(nxt[:2])
    nouns = w.words("future_noun")
    if nxt and (nxt[0] in nouns or following in nouns):
        m.no_bound = True
    if m.kind in {"year", "month_year"}:
        if any(word in nouns for word in _prev_words(text, m.start, 5)):
            m.no_bound = True  # "the nomination in 2020", "a reelection fight in 2018"
        if m.kind == "year" and re.match(r"\s+[A-Z][a-z]", text[m.end : m.end + 3]):
            m.no_bound = True  # "the 2017 Ford Fusion", "the 2016 Rio Olympics": a name, maybe ahead
        after = re.match(r"[ \t]+([a-z][\w’'\-]*)", text[m.end : m.end + 30])
        if m.kind == "year" and after and after.group(1) not in w.words("function_word"):
            m.no_bound = True  # "the 2016 candidates", "2020 campaigns": attributive, often ahead
        if re.search(r"\bto [a-z]+", left):
            m.future = True  # "to reduce emissions 26 percent in 2025": a purpose lies ahead
        if m.kind == "year" and text[m.end : m.end + 1] == ":":
            m.no_bound = True  # "2016: Obama's America": a title
        # The rest of its clause may put it ahead too ("in 2017 America will"), up to a new
        # clause ("said in 2012 that talks would go on" is a past saying); so may anything
        # before it in the sentence, quotation marks included ('said it will "be adding this
        # missing data in January 2016').
        right = re.split(r"[,;:.!?“”\"()\n]|\b(?:that|which|who|when|where|because|but|and)\b", text[m.end : m.end + 100])[0]
        sentence = _sentence_around(text, m)
        before = _sentence_left(text, m.start)
        if _has_word(right.lower(), future) or _has_word(before, future):
            m.future = True
        elif not (_has_word(sentence, w.words("past")) or _PAST_FORM.search(sentence)):
            m.no_bound = True  # nothing says the year is behind the writer


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"“‘(")
    return not before or before[-1] in ".!?\n:;"


def _year_ok(text: str, m: re.Match[str]) -> bool:
    """A bare four-digit number is a year unless a label or a proper name sits before it."""
    w = date_words()
    prev = _prev_words(text, m.start(), 1)
    if prev and prev[-1].rstrip(".") in {p.rstrip(".") for p in w.words("number_label")}:
        return False
    # "Vision 2030", "Euro 2016", "Windows 2000": a capitalised word (not sentence-initial,
    # not a possessive, not a month) naming something.
    before = text[max(0, m.start() - 30) : m.start()]
    word = re.search(r"([A-Z][\w’'\-]*)\s+$", before)
    if word and not word.group(1).endswith(("'s", "’s")) and month_number(word.group(1)) is None:
        return _sentence_initial(text, word.start(1) + max(0, m.start() - 30))
    return True


def _weekday_ok(text: str, m: re.Match[str]) -> bool:
    w = date_words()
    if m.group("plural"):
        return False  # "on Mondays": a habit, not a day
    prev = " ".join(_prev_words(text, m.start("wd"), 2))
    blocked = w.words("weekday_not_before")
    if any(prev == b or prev.endswith(" " + b) for b in blocked):
        return False
    nxt = _next_words(text, m.end("wd"), 2)
    after = w.words("weekday_not_after")
    return not (nxt and (nxt[0] in after or " ".join(nxt) in after))


def _num(value: str) -> int | None:
    if value.isdigit():
        return int(value)
    return date_words().numbers.get(value.lower())


@per_text
def find_mentions(text: str) -> list[Mention]:
    """Every time expression in ``text`` (longest first wins where they overlap), in text order."""
    p = _patterns()
    found: list[Mention] = []

    def wd_of(m: re.Match[str]) -> int | None:
        name = m.groupdict().get("wd")
        return weekday_number(name.rstrip(".")) if name else None

    runs = [(m.start(), m.end()) for m in _DIGIT_RUN.finditer(text)]
    # Every pattern read around a month name has a day or a year: no digit, no window.
    months = _windows(text, p.month_hint, 40, 30) if runs else []
    for m in _scan(p.full_mdy, text, months):
        found.append(Mention("full", m.start(), m.end(), m.group(0), int(m.group("year")),
                             month_number(m.group("month")), int(m.group("day")), wd_of(m)))
    for m in _scan(p.full_dmy, text, months):
        found.append(Mention("full", m.start(), m.end(), m.group(0), int(m.group("year")),
                             month_number(m.group("month")), int(m.group("day")), wd_of(m)))
    # The ISO, numeric and year patterns start a digit run (their look-behinds exclude a digit
    # before): they are only tried at the starts of runs of the right length (speed), which
    # gives what a scan of the whole text gives (see .scan.matches_at).
    years = [s for s, e in runs if e - s == 4 and text.startswith(("19", "20"), s)]
    for m in matches_at(p.iso, text, [s for s in years if text.startswith("-", s + 4)]):
        found.append(Mention("full", m.start(), m.end(), m.group(0), int(m.group("year")),
                             int(m.group("month")), int(m.group("day"))))
    for m in matches_at(p.numeric, text, [s for s, e in runs if e - s <= 2 and text.startswith((".", "/"), e)]):
        a, b = int(m.group("a")), int(m.group("b"))
        # Dots are day-first everywhere; slashes are month-first unless that is impossible.
        if m.group("sep") == "." or a > 12:
            dd, mm = a, b
        else:
            mm, dd = a, b
        found.append(Mention("full", m.start(), m.end(), m.group(0), int(m.group("year")), mm, dd))
    for m in _scan(p.month_year, text, months):
        found.append(Mention("month_year", m.start(), m.end(), m.group(0), int(m.group("year")),
                             month_number(m.group("month")), modifier=m.group("part")))
    for m in _scan(p.month_day, text, months):
        found.append(Mention("month_day", m.start(), m.end(), m.group(0), None, month_number(m.group("month")),
                             int(m.group("day")), wd_of(m)))
    for m in _scan(p.day_month, text, months):
        found.append(Mention("month_day", m.start(), m.end(), m.group(0), None, month_number(m.group("month")),
                             int(m.group("day")), wd_of(m)))
    for m in matches_at(p.year, text, years):
        if _year_ok(text, m):
            found.append(Mention("year", m.start(), m.end(), m.group(0), int(m.group("year"))))
    for m in matches_at(p.weekday, text, _weekday_starts(text, p.weekday_name)):
        if _weekday_ok(text, m):
            mod = (m.group("mod") or "").lower() or None
            found.append(Mention("weekday", m.start(), m.end(), m.group(0), weekday=weekday_number(m.group("wd")),
                                 modifier=mod))
    # Matching lower-cased text case-sensitively is much faster than IGNORECASE, where it finds
    # the same (scan.lowered: not for a few letters like "İ" or "ſ").
    lower = lowered(text)
    if lower is not None:
        relday = _scan(p.relday_lower, lower, key_windows(lower, _RELDAY_KEYS, _RELDAY_PAD))
        relperiod = _scan(p.relperiod_lower, lower, key_windows(lower, _RELPERIOD_KEYS, _RELPERIOD_PAD))
    else:
        relday, relperiod = list(p.relday.finditer(text)), list(p.relperiod.finditer(text))
    for m in relday:
        found.append(Mention("relday", m.start(), m.end(), text[m.start() : m.end()], rel=m.group("rel").lower()))
    for m in relperiod:
        found.append(Mention("relperiod", m.start(), m.end(), text[m.start() : m.end()], rel=m.group("rel").lower()))
    # "ago" lower-cased is "ago" only where the text has it in some case.
    agos = _windows(text, p.ago_hint, 45, 0) if lower is None or "ago" in lower else []
    for m in _scan(p.ago, text, agos):
        count = _num(m.group("num"))
        unit = date_words().units.get(m.group("unit").lower())
        if count is not None and unit is not None:
            found.append(Mention("ago", m.start(), m.end(), m.group(0), count=count, unit=unit,
                                 modifier=(m.group("qual") or "").lower() or None))
    # Drop invalid calendar dates, then overlaps: the longer span wins, then the earlier kind.
    found = [f for f in found if f.kind not in ("full", "month_day") or _valid_md(f)]
    for f in found:
        if f.kind == "full" and f.weekday is not None and f.date and f.date.weekday() != f.weekday:
            f.weekday = None  # "Wednesday, June 30, 2012" when 30 June 2012 was a Saturday: trust the date
    found.sort(key=lambda f: (-(f.end - f.start), KINDS.index(f.kind), f.start))
    taken: list[Mention] = []
    for f in found:
        if all(f.end <= t.start or f.start >= t.end for t in taken):
            taken.append(f)
    out = sorted(taken, key=lambda f: f.start)
    for f in out:
        classify(text, f)
    return out


def _valid_md(m: Mention) -> bool:
    if m.month is None or m.day is None:
        return False
    if m.year is not None:
        return make_day(m.year, m.month, m.day) is not None
    return make_day(2000, m.month, m.day) is not None  # 2000 is a leap year: 29 Feb is valid
