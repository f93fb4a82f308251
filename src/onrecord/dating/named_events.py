"""Events the text names without dating them, and the durations it counts from them.

``event_constraints(text, mentions)`` reads two things against ``data/events.tsv``:

1. *A named event is past.* "the annexation of Crimea", "the JCPOA", "Security Council
   Resolution 2254": a report that names it was written on or after the day the name could be
   written (the row's ``named_from``). Not when the clause puts it ahead or makes it hypothetical
   ("the planned ...", "a ... would"), after "a"/"an", nor when the sentence dates an earlier
   instance ("annexed Crimea in 1783").
2. *A duration counted from it* bounds the report on both sides, with the slack of the event's
   date (a month when only the month is known) and of the phrase (:mod:`.durations`):

   - "the conflict ... in Syria has been continuing for 20 months now", "has lasted four years"
     (the event is the subject: no other verb between them);
   - "an armed militancy broke out there over four years ago", "since the start of the war five
     years ago", "the 9/11 attacks 15 years ago" (a point event may take "ago" directly; an event
     that lasts needs its start said: "broke out", "began", "the outbreak of");
   - "the Syrian war, now in its sixth year", "in the third year of the war";
   - "the four-year violence", "five years into the war", "after five years of war" - of a war
     that has ended, the count may be its whole length, and then the report is from any day after
     its end.

A generic word ("the conflict", "the violence") is the event only in a sentence that names its
place and no other conflict's (the row's ``places`` and ``unless``); a phrase that could be two
events is none. Everything here is regular expressions over the text (no parse).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from .constraints import Constraint
from .durations import elapsed_window, shift_units
from .knowledge import Event, EventName, events, norm_name
from .lexicon import date_words
from .mentions import Mention, _alt, clause_left
from .scan import matches_at, starts_of
from .sentences import sentence_spans


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    text: str
    event: Event
    weak: bool


_QUAL = r"just over|well over|more than|less than|fewer than|at least|close to|just under|nearly|almost|about|around|some|roughly|approximately|over|under"
_START = (r"(?:first\s+)?(?:began|begun|begin|started|broke\s+out|erupted|flared(?:\s+up)?|kicked\s+off|launched|signed|"
          r"adopted|reached|took\s+place|happened|occurred|held|struck|hit|emerged|issued|agreed|declared|unfolded)\b")
_START_VERB = re.compile(r"\b" + _START, re.IGNORECASE)
_START_VERB_NEXT = re.compile(r"\s+" + _START, re.IGNORECASE)
_START_NOUN = re.compile(r"\b(?:start|beginning|outbreak|onset|eruption|launch|signing|outset)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# Words that end the event's clause before a duration: the duration belongs to something else.
_GAP_STOP = re.compile(r"[;:!?\"“”()]|\b(?:after|before|until|when|while|whereas|because|although|but|if)\b", re.IGNORECASE)
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|said|says|say|told|who|which|that|where|since)\b", re.IGNORECASE)
_AUX_TAIL = re.compile(r"^(?P<gap>.*?)(?:,?\s*(?:which|that)\s*)?$", re.DOTALL)
_MAX_PER_SENTENCE = 20
_PRESENT = re.compile(r"\b(?:now|is|are|has|have|remains?|continues?|still|ongoing|enters|marks)\b", re.IGNORECASE)
_VAGUE = re.compile(r"\b(?:few|several|couple|many)\b", re.IGNORECASE)
_HYPOTHETICAL = frozenset({"would", "could", "might", "if", "unless", "whether", "imagine", "possible", "potential",
                           "planned", "proposed", "upcoming", "forthcoming", "expected", "prevent", "avoid", "fear", "fears",
                           "threat", "threatened", "warned", "risk"})


@dataclass(frozen=True)
class _Patterns:
    running: re.Pattern[str]
    ordinal: re.Pattern[str]
    nth_of: re.Pattern[str]
    adjective: re.Pattern[str]
    into: re.Pattern[str]
    of_years: re.Pattern[str]
    cue: re.Pattern[str]
    year: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    w = date_words()
    num = rf"(?:\d{{1,3}}|{_alt(list(w.numbers))})"
    unit = rf"(?:{_alt(list(w.units))})"
    ords = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_alt(list(w.ordinals))})"
    running = re.compile(
        rf"\b(?:has|have)\s+(?:now\s+|already\s+)?(?:been\s+)?(?:(?:[a-z]+\s+){{0,2}}?for|lasted|raged|continued|dragged\s+on|gone\s+on)\s+"
        rf"(?:the\s+(?:past|last)\s+)?(?:(?P<qual>{_QUAL})\s+)?(?P<num>{num})\s+(?P<unit>{unit})s?\b", re.IGNORECASE)
    ordinal = re.compile(rf"(?:\bnow\s+)?\b(?:in|entering|entered|enters|into)\s+its\s+(?P<ord>{ords})\s+(?P<unit>{unit})\b", re.IGNORECASE)
    nth_of = re.compile(rf"\bin\s+the\s+(?P<ord>{ords})\s+(?P<unit>{unit})\s+of\s+(?:the\s+)?$", re.IGNORECASE)
    adjective = re.compile(rf"(?:\b(?:the|this|its|a|an)|['’]s)\s+(?P<num>{num}|\d{{1,3}})[- ](?P<unit>{unit})s?(?:[- ](?:old|long))?\s+(?:[a-z\-]+\s+)?$", re.IGNORECASE)
    into = re.compile(rf"\b(?:(?P<qual>{_QUAL})\s+)?(?P<num>{num})\s+(?P<unit>{unit})s?\s+into\s+(?:the\s+)?$", re.IGNORECASE)
    of_years = re.compile(rf"\b(?:after|following|despite|amid|in|with)\s+(?:(?P<qual>{_QUAL})\s+)?(?P<num>{num})\s+(?P<unit>{unit})s?\s+of\s+(?:the\s+)?$", re.IGNORECASE)
    # Run on lower-cased text (IGNORECASE makes these alternations several times slower).
    cue = re.compile(rf"\bago\b|\bfor\s+(?:the\s+(?:past|last)\s+)?(?:(?:{_QUAL})\s+)?{num}\s+{unit}|\b(?:lasted|raged|continued)\s+{num}\s+{unit}"
                     rf"|\bits\s+{ords}\s+{unit}|\bthe\s+{ords}\s+{unit}\s+of\b|{num}[- ]{unit}s?\b|{num}\s+{unit}s?\s+(?:into|of)\b")
    return _Patterns(running, ordinal, nth_of, adjective, into, of_years, cue, re.compile(r"(?<![\d,.$])(1\d{3}|20\d{2})(?![\d,])"))


def _count(value: str) -> int | None:
    if value.isdigit():
        return int(value)
    digits = re.match(r"\d+", value)
    if digits:
        return int(digits.group(0))
    w = date_words()
    return w.numbers.get(value.lower()) or w.ordinals.get(value.lower())


@lru_cache(maxsize=256)
def _places_in(sentence: str) -> frozenset[str]:
    return frozenset(events().place_word.findall(sentence))


def _resolve(text: str, match: re.Match[str], sentence: str, strong_only: bool) -> _Found | None:
    """The one event a name found in ``sentence`` stands for, or None (unknown, wrong place, ambiguous)."""
    rows: list[EventName] = events().names.get(norm_name(match.group(0)), [])
    if strong_only:
        rows = [r for r in rows if not r.weak]
    if not rows:
        return None
    found_places: frozenset[str] | None = None
    kept: list[EventName] = []
    for r in rows:
        if r.places or r.unless:
            if found_places is None:
                found_places = _places_in(sentence)
            if r.places and not (r.places & found_places):
                continue
            if r.unless & found_places:
                continue
        kept.append(r)
    ids = {r.event.id for r in kept}
    if len(ids) != 1:
        return None
    return _Found(match.start(), match.end(), text[match.start() : match.end()], kept[0].event, all(r.weak for r in kept))


def _span_constraint(key: str, event: Event, lo_units: float, hi_units: float | None, unit: tuple[int, int],
                     why: str, whole_length: bool = False) -> Constraint:
    lo = shift_units(event.start[0], lo_units, unit)
    hi = shift_units(event.start[1], hi_units, unit) if hi_units is not None else dt.date.max
    spans = [(lo, hi)]
    if whole_length and event.end is not None:
        # A war that has ended: "the eight-year war" may be its whole length, said on any later day.
        shortest, longest = shift_units(event.start[1], lo_units, unit), (
            shift_units(event.start[0], hi_units, unit) if hi_units is not None else dt.date.max)
        if shortest <= event.end <= longest:
            spans.append((event.end, dt.date.max))
    return Constraint(key, tuple(spans), why)


def _past_mention_ok(text: str, found: _Found, sentence: str, sentence_start: int) -> bool:
    """Whether a bare name can be read as an event behind the writer (see the module docstring)."""
    assert found.event.named_from is not None
    left = clause_left(text, found.start)
    words = set(re.findall(r"[a-z']+", left))
    if words & _HYPOTHETICAL or words & date_words().words("future") or re.search(r"\b(?:an?)\s+(?:[\w\-]+\s+)?$", left):
        return False
    after = text[found.end : found.end + 30].lower()
    if re.match(r"\W*(?:will|would|could|might|is\s+(?:expected|scheduled|set|due|planned)|are\s+(?:expected|scheduled))\b", after):
        return False
    return not any(y < found.event.named_from.year for y in _years_in(sentence))


@lru_cache(maxsize=256)
def _years_in(sentence: str) -> tuple[int, ...]:
    return tuple(int(y) for y in _patterns().year.findall(sentence))


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # "İ" lower-cases to two characters


_CUE_HINT = re.compile(r"\bago\b|\b(?:day|week|fortnight|month|year|decade)s?\b")
_CUE_HINT_STARTS = ("ago", "day", "week", "fortnight", "month", "year", "decade")  # what a hint starts with


def event_constraints(text: str, mentions: list[Mention], spans: list[tuple[int, int]] | None = None) -> list[Constraint]:
    """Constraints on the publication date from events ``text`` names (see the module docstring).

    ``spans`` are the text's sentences (:func:`.sentences.sentence_spans`), if already computed.
    """
    if not text:
        return []
    ev = events()
    p = _patterns()
    low = _lower_same_length(text)
    out: list[Constraint] = []
    spans = spans if spans is not None else sentence_spans(text)
    starts = [s for s, _ in spans]

    def sentence_of(pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        return spans[i] if spans else (0, len(text))

    for m in ev.strong_name.finditer(low):
        s, e = sentence_of(m.start())
        named = _resolve(text, m, text[s:e], strong_only=True)
        if named and named.event.named_from and _past_mention_ok(text, named, text[s:e], s):
            day = named.event.named_from
            out.append(Constraint(f"event:{named.event.id}:named", ((day, dt.date.max),),
                                  f"'{named.text}' is past (named from {day})"))

    # The hint is only tried where one of its words starts (speed): the same hits as a whole scan.
    hints = matches_at(_CUE_HINT, low, starts_of(low, _CUE_HINT_STARTS))
    cue_sentences = sorted({sentence_of(c.start()) for c in hints})
    agos = [m for m in mentions if m.kind == "ago" and m.count and m.unit and not _VAGUE.search(m.text)]
    for s, e in cue_sentences:
        if not p.cue.search(low, s, e):
            continue
        sentence = text[s:e]
        # A real sentence names a few events and counts a few durations; the caps keep a run-on
        # "sentence" of unpunctuated text from costing the square of its length.
        found = [f for m in itertools.islice(ev.any_name.finditer(low, s, e), _MAX_PER_SENTENCE)
                 if (f := _resolve(text, m, sentence, False))]
        if not found:
            continue
        out += _durations(text, s, e, found, [a for a in agos if s <= a.start < e][:_MAX_PER_SENTENCE])
    return out


def _durations(text: str, s: int, e: int, found: list[_Found], agos: list[Mention]) -> list[Constraint]:
    p = _patterns()
    w = date_words()
    out: list[Constraint] = []

    def key(f: _Found, phrase: str) -> str:
        return f"event:{f.event.id}:{norm_name(phrase)}"

    def why(f: _Found, phrase: str) -> str:
        return f"'{phrase}' counted from '{f.text}' ({f.event.id}, {f.event.start[0]}..{f.event.start[1]})"

    # "N units ago": the event (its start said, or a point event right before it) N units before.
    for a in agos:
        best: tuple[int, _Found] | None = None
        for f in found:
            if f.end <= a.start:
                gap = text[f.end : a.start]
                if len(gap) > 80 or _GAP_STOP.search(gap):
                    continue
                ok = bool(_START_VERB.search(gap)) or (len(gap.strip(" ,")) == 0 and (
                    f.event.kind == "point" or _START_NOUN.search(text[max(s, f.start - 40) : f.start])))
            elif a.end <= f.start:
                gap = text[a.end : f.start]
                ok = bool(re.fullmatch(r"\s*,?\s*(?:the\s+|an?\s+)?", gap, re.IGNORECASE)) and bool(
                    _START_VERB_NEXT.match(text, f.end))
            else:
                ok = False
            distance = min(abs(a.start - f.end), abs(f.start - a.end))
            if ok and (best is None or distance < best[0]):
                best = (distance, f)
        if best:
            f = best[1]
            lo_u, hi_u = elapsed_window(a.count or 0, a.modifier)
            out.append(_span_constraint(key(f, a.text), f.event, lo_u, hi_u, a.unit or (0, 12), why(f, a.text)))

    spans_only = [f for f in found if f.event.kind == "span"]
    # "EVENT ... has been continuing for N units (now)": the event is the subject.
    for m in p.running.finditer(text, s, e):
        subject = _subject(text, m.start(), found)
        unit = w.units.get(m.group("unit").lower())
        count = _count(m.group("num"))
        if subject and unit and count:
            lo_u, hi_u = elapsed_window(count, m.group("qual"), running=True)
            out.append(_span_constraint(key(subject, m.group(0)), subject.event, lo_u, hi_u, unit, why(subject, m.group(0))))
    # "EVENT, now in its Nth year".
    for m in p.ordinal.finditer(text, s, e):
        head = next((f for f in spans_only if f.end <= m.start() and re.fullmatch(
            r"\s*,?\s*(?:(?:which|that)\s+)?(?:(?:is|has|have|are)\s+)?(?:now\s+|already\s+)?", text[f.end : m.start()], re.IGNORECASE)), None)
        unit = w.units.get(m.group("unit").lower())
        n = _count(m.group("ord"))
        if head and unit and n:
            out.append(_span_constraint(key(head, m.group(0)), head.event, n - 1, n, unit, why(head, m.group(0))))
    # "in the third year of EVENT", "the four-year EVENT", "five years into EVENT", "after five years of
    # EVENT" count to now only in a sentence that speaks of now ("In the sixth year of the war, the
    # army retook Aleppo" may be history) and gives no year. Of a war that has ended, a count that
    # may be its whole length says at least that much time has passed, in any tense.
    sentence = text[s:e]
    if _years_in(sentence):
        return out
    now = bool(_PRESENT.search(sentence))
    for f in spans_only:
        before = text[max(s, f.start - 60) : f.start]
        if now and (m2 := p.nth_of.search(before)):
            unit, n = w.units.get(m2.group("unit").lower()), _count(m2.group("ord"))
            if unit and n:
                phrase = m2.group(0) + f.text
                out.append(_span_constraint(key(f, phrase), f.event, n - 1, n, unit, why(f, phrase)))
        for pattern, whole in ((p.adjective, True), (p.into, False), (p.of_years, True)):
            if m3 := pattern.search(before):
                unit, count = w.units.get(m3.group("unit").lower()), _count(m3.group("num"))
                if unit and count:
                    lo_u, hi_u = elapsed_window(count, m3.groupdict().get("qual"))
                    phrase = m3.group(0) + f.text
                    found_c = _span_constraint(key(f, phrase), f.event, lo_u, hi_u, unit, why(f, phrase), whole_length=whole)
                    if now:
                        out.append(found_c)
                    elif len(found_c.spans) > 1:  # the whole length of an ended war: a lower bound only
                        out.append(Constraint(found_c.key, ((found_c.spans[0][0], dt.date.max),), found_c.why))
    return out


def _subject(text: str, verb_at: int, found: list[_Found]) -> _Found | None:
    """The event that is the subject of the verb phrase at ``verb_at``: before it, nothing verb-like between."""
    candidates = [f for f in found if f.end <= verb_at and f.event.kind == "span"]
    if not candidates:
        return None
    f = max(candidates, key=lambda x: x.end)
    gap = text[f.end : verb_at]
    inner = _AUX_TAIL.match(gap)
    body = inner.group("gap") if inner else gap
    if len(gap) > 90 or re.search(r"[,;:!?\"“”()]", body) or _FINITE.search(body) or _GAP_STOP.search(body):
        return None
    return f
