"""When and where a statement was said: ``said_on``, ``said_on_text`` and ``said_where``.

Needs: the article (text, published date or range) and its quotes (content parts, cue and
speaker offsets, the speaker's resolved name). Adds: each quote's ``said_on`` (YYYY-MM-DD or
None), ``said_on_text`` (the time expression it was read from) and ``said_where`` (the
occasion phrase), in place.

How a report says when and where, and how we read it:

1. *The statement's own sentence.* A time expression attached to the attribution - right
   after the cue ("said on Monday", "told reporters on Monday"), between the speaker and the
   cue ("Lavrov on Wednesday said"), opening the sentence ("Last week, Davutoglu said"), or
   inside the occasion phrase ("In a Thursday briefing with reporters in Moscow") - and an
   occasion phrase in the sentence, outside quoted content. Times and occasions inside a
   quote's content are what the speaker talked about, never when they spoke.
2. *An occasion stated once applies to every statement from it.* Each sentence that states a
   time or an occasion makes an *event*. A statement without its own is given the event of its
   speaker nearest before it in the same section (or the nearest after it: a lead that says
   "Lavrov says" before "In a Thursday briefing, Lavrov said"). An occasion stated right after
   a dated lead without a date of its own is the lead's event ("Russia stressed on Wednesday
   ... Lavrov said in a press conference"); an occasion that names an earlier one ("at the end
   of their meeting") shares its date.
3. *Participants.* People named in an event's occasion ("following talks with ... Steinmeier")
   share its date; they share its venue only when the occasion is a multi-party one (talks,
   not a press conference), per ``data/occasions.tsv``.
4. *Resolution against the publication date.* A weekday is the one on or before publication
   ("last Monday": before it), "yesterday" the day before, "on June 30" the last 30 June on
   or before it; "last week", "earlier this month" and the like name no day: said_on stays
   None but said_on_text keeps them. Without an exact publication date a relative expression
   resolves only when every day of the published range gives the same answer.
5. Statements by anyone else - other speakers reported in passing ("what Susan Rice stated",
   "claims in the West", "Moscow says") - get no date and no occasion: the text does not say.
   A second news item on the page (a sub-headline, "Meanwhile,") starts a new section.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model import Article, Quote
from ..settings import Settings
from .days import ONE_DAY, month_day_on_or_before, to_day, weekday_on_or_before
from .mentions import Mention, find_mentions
from .occasions import ANAPHORIC, Occasion, find_occasions
from .sentences import Sentences

VERSION = "said-1"

_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "his", "its", "their",
                       "this", "that", "who"})
_TIME_KINDS = frozenset({"weekday", "relday", "relperiod", "full", "month_day", "ago"})
_OPENERS = re.compile(
    r"^(?:(?:on|in|at|during|earlier|later|also|and|but|then|speaking|meanwhile|late|early)(?:\s+|$))*"
    r"(?:(?:a|an|the)(?:\s+|$))?$",
    re.IGNORECASE,
)


@dataclass
class _Event:
    section: int
    sentence: int
    time: Mention | None = None
    occasion: Occasion | None = None
    speakers: list[str] = field(default_factory=list)

    @property
    def participants(self) -> set[str]:
        return self.occasion.participants if self.occasion else set()


def _key(quote: Quote) -> str | None:
    """A speaker's identity for matching: the resolved name, else a non-pronoun mention."""
    name = quote.speaker.name or quote.speaker.mention
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip().lower()
    return None if name in _PRONOUNS else name


def _same_speaker(a: str, b: str) -> bool:
    if a == b:
        return True
    from rapidfuzz import fuzz

    ta, tb = a.split(), b.split()
    if len(ta) == 1 or len(tb) == 1:
        # "Lavrov" and "sergei lavrov"; "steimeier" (a typo in the file) and "frank-walter steinmeier"
        one, other = (ta, tb) if len(ta) == 1 else (tb, ta)
        return fuzz.ratio(one[0], other[-1]) >= 85
    return len(ta) == len(tb) and ta[-1] == tb[-1] and fuzz.ratio(a, b) >= 90


def _is_participant(key: str, participants: set[str]) -> bool:
    if not participants:
        return False
    from rapidfuzz import fuzz

    surname = key.split()[-1]
    return any(fuzz.ratio(surname, p.lower()) >= 85 for p in participants if len(p) > 2)


def _attached(text: str, sent: tuple[int, int], t: Mention, quote: Quote, occasions: list[Occasion]) -> bool:
    """Whether time ``t`` dates the attribution of ``quote`` (rule 1 of the module docstring)."""
    if any(o.start <= t.start < o.end for o in occasions):
        return True
    if _OPENERS.match(text[sent[0] : t.start].strip(" \t\n\"“‘")):
        return True  # the sentence opens with it: "Last week, Davutoglu said", "On Monday Lavrov said"
    cue, spk = quote.cue, quote.speaker
    if cue and cue.end <= t.start:
        gap = text[cue.end : t.start]
        if not re.search(r"[,.;:\"“”]", gap) and len(gap.split()) <= 6:
            return True
    if spk.end is not None and spk.start is not None and spk.end <= t.start:
        gap = text[spk.end : t.start]
        before_cue = cue is not None and t.end <= cue.start
        after_cue = cue is not None and cue.end <= spk.start  # "said Lavrov on Monday"
        if (before_cue and not re.search(r"[.;:\"“”]", gap)) or (after_cue and not re.search(r"[,.;:\"“”]", gap)
                                                               and len(gap.split()) <= 4):
            return True
    return False


_SENTENCE_OPENING = re.compile(r"^(?:(?:speaking|addressing|writing|also|and|but|meanwhile|later|earlier)(?:\s+|$))*$", re.IGNORECASE)
_RELATIVE = re.compile(r"^\s*,?\s*(?:in|at|during|through)\s+which\s+(?:\S+\s+){0,2}$", re.IGNORECASE)


def _near_after(text: str, a: int, b: int, words: int = 6) -> bool:
    gap = text[a:b] if b > a else ""
    return not re.search(r"[,.;:\"“”]", gap) and len(gap.split()) <= words


def _occasion_attached(text: str, sent: tuple[int, int], occ: Occasion, quote: Quote) -> bool:
    """Whether occasion ``occ`` is where ``quote`` was said (not a gloss elsewhere in the sentence)."""
    cue, spk = quote.cue, quote.speaker
    if _SENTENCE_OPENING.match(text[sent[0] : occ.start].strip(" \t\n\"“‘")):
        return True  # "Speaking at a press conference ..., Lavrov said"; "In a Thursday briefing ..."
    if cue is not None:
        if cue.start <= occ.start and _near_after(text, cue.end, occ.start):
            return True  # "said in a statement"; "said on Monday following talks with"; "told the press conference"
        if occ.end <= cue.start and _RELATIVE.match(text[occ.end : cue.start]):
            return True  # "issued a joint declaration ..., in which they expressed"
        if spk.end is not None and spk.end <= occ.start and occ.end <= cue.start:
            return True  # "Lavrov, speaking at a news conference, said"
    elif spk.end is not None and spk.end <= occ.start and _near_after(text, spk.end, occ.start):
        return True
    return False


def _starts(quote: Quote) -> tuple[int | None, int | None]:
    return (quote.cue.start if quote.cue is not None else None), quote.speaker.start


def _resolve(t: Mention, lo: dt.date | None, hi: dt.date | None) -> str | None:
    """The day ``t`` names, given that publication lies in [lo, hi] (None when it names no day)."""
    if t.kind == "full":
        day = t.date
        return day.isoformat() if day and (hi is None or day <= hi) else None
    if lo is None or hi is None or t.future:
        return None
    a, b = _relative(t, lo), _relative(t, hi)
    return a.isoformat() if a is not None and a == b else None


def resolve_time_expression(expression: str, published: dt.date, latest: dt.date | None = None) -> str | None:
    """The day a time expression names for a report published on ``published`` (or within
    [``published``, ``latest``]): "on Wednesday", "yesterday", "on June 30", "June 30, 2012".
    None when it names no day ("last week", "earlier this month") or a day ahead ("next Monday")."""
    mention = next((m for m in find_mentions(expression) if m.kind in _TIME_KINDS), None)
    if mention is None:
        return None
    return _resolve(mention, published, latest or published)


def _relative(t: Mention, pub: dt.date) -> dt.date | None:
    if t.kind == "weekday" and t.weekday is not None:
        if t.modifier in {"next", "coming", "this"}:
            return None
        base = pub - ONE_DAY if t.modifier in {"last", "past", "previous"} else pub
        return weekday_on_or_before(base, t.weekday)
    if t.kind == "relday":
        offsets = {"yesterday": 1, "last night": 1, "the day before yesterday": 2, "today": 0, "tonight": 0,
                   "this morning": 0, "this afternoon": 0, "this evening": 0, "earlier today": 0,
                   "later today": 0, "earlier in the day": 0, "later in the day": 0}
        days = offsets.get(t.rel or "")
        return pub - dt.timedelta(days=days) if days is not None else None
    if t.kind == "month_day" and t.month and t.day:
        return month_day_on_or_before(pub, t.month, t.day)
    if t.kind == "ago" and t.unit and t.count and t.unit[0] and not t.modifier:
        return pub - dt.timedelta(days=t.count * t.unit[0])
    return None


def _publication_window(article: Article) -> tuple[dt.date | None, dt.date | None]:
    if article.published and article.published_precision == "day":
        day = to_day(article.published)
        return day, day
    if article.published_range:
        return to_day(article.published_range[0]), to_day(article.published_range[1])
    return None, None


def resolve_said(quotes: list[Quote], article: Article, settings: Settings) -> None:
    """Fill ``said_on``, ``said_on_text`` and ``said_where`` of each quote in place."""
    if not quotes:
        return
    text = article.text
    sents = Sentences(text)
    blocked = sorted((p.start, p.end) for q in quotes for p in q.parts)
    times = [m for m in find_mentions(text) if m.kind in _TIME_KINDS
             and not any(s <= m.start < e for s, e in blocked)]
    lo, hi = _publication_window(article)

    def anchor(q: Quote) -> int:
        if q.cue is not None:
            return q.cue.start
        if q.speaker.start is not None:
            return q.speaker.start
        return q.start

    order = sorted(range(len(quotes)), key=lambda i: anchor(quotes[i]))
    by_sentence: dict[int, list[int]] = {}
    for i in order:
        by_sentence.setdefault(sents.index(anchor(quotes[i])), []).append(i)

    # Rule 1 and 2: one event per sentence that states a time or an occasion.
    events: list[_Event] = []
    own: dict[int, _Event] = {}
    for s_idx in sorted(by_sentence):
        members = by_sentence[s_idx]
        span = sents.spans[s_idx]
        stops = [x for i in members for x in _starts(quotes[i]) if x is not None]
        occs = [o for o in find_occasions(text, span[0], span[1], blocked, stops)
                if any(_occasion_attached(text, span, o, quotes[i]) for i in members)]
        time = next((t for t in times if span[0] <= t.start < span[1] and not t.future
                     and any(_attached(text, span, t, quotes[i], occs) for i in members)), None)
        occ = occs[0] if occs else None
        if time is None and occ is None:
            continue
        section = sents.section(span[0])
        keys = [k for i in members if (k := _key(quotes[i]))]
        stated = _link(events, section, s_idx, time, occ, keys)
        for i in members:
            own[i] = stated

    previous: _Event | None = None
    for i in order:
        q = quotes[i]
        section = sents.section(anchor(q))
        event = own.get(i)
        venue = True
        if event is None:
            key = _key(q)
            if key is None:
                event = previous if previous and previous.section == section else None
            else:
                event, venue = _nearest(events, section, sents.index(anchor(q)), key)
        q.said_on = q.said_on_text = q.said_where = None
        if event is not None:
            if event.time is not None:
                q.said_on_text = event.time.text
                q.said_on = _resolve(event.time, lo, hi)
            if venue and event.occasion is not None:
                q.said_where = event.occasion.where
        previous = event


def _link(events: list[_Event], section: int, s_idx: int, time: Mention | None, occ: Occasion | None,
          keys: list[str]) -> _Event:
    """The event a sentence states: a new one, or an earlier one it continues or refers to."""
    same_section = [e for e in events if e.section == section]
    if occ is not None and time is None:
        if occ.determiner in ANAPHORIC:
            # "told the press conference": the press conference already reported.
            for e in reversed(same_section):
                if e.occasion and (e.occasion.noun == occ.noun or occ.noun in e.occasion.text.lower()):
                    e.speakers += [k for k in keys if k not in e.speakers]
                    return e
        referred = next((e for e in reversed(same_section) if e.time is not None and e.occasion
                         and any(n in e.occasion.text.lower() for n in occ.refers_to)), None)
        if referred is not None:
            # "a joint declaration at the end of their meeting": the meeting's date, its own venue.
            time = referred.time
        elif (same_section and same_section[0] is same_section[-1] and same_section[0].occasion is None
              and same_section[0].time is not None and s_idx - same_section[0].sentence <= 2):
            # A dated lead, then its occasion: "Russia stressed on Wednesday ... Lavrov said in a
            # press conference ..." is one event.
            lead = same_section[0]
            lead.occasion = occ
            lead.speakers += [k for k in keys if k not in lead.speakers]
            return lead
    event = _Event(section, s_idx, time, occ, list(dict.fromkeys(keys)))
    events.append(event)
    return event


def _nearest(events: list[_Event], section: int, s_idx: int, key: str) -> tuple[_Event | None, bool]:
    """The event of ``key``'s statement without its own time or occasion, and whether it shares the venue.

    In order: the speaker's own event before it; an event before it that names the speaker
    as a participant; the speaker's own event after it (a lead before its occasion); a
    later event naming the speaker as a participant.
    """
    here = [e for e in events if e.section == section]
    before = sorted((e for e in here if e.sentence <= s_idx), key=lambda e: -e.sentence)
    after = sorted((e for e in here if e.sentence > s_idx), key=lambda e: e.sentence)
    for group in (before, after):
        own = next((e for e in group if any(_same_speaker(key, k) for k in e.speakers)), None)
        if own is not None:
            return own, True
        met = next((e for e in group if e.time is not None and _is_participant(key, e.participants)), None)
        if met is not None:
            return met, met.occasion is not None and met.occasion.parties == "multi"
    return None, False
