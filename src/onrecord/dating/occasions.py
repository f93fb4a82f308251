"""Occasion phrases: where and at what event a statement was made ("said_where").

An occasion phrase is an occasion noun from ``data/occasions.tsv`` ("press conference",
"talks", "statement", "interview") introduced by a trigger from ``data/date_words.tsv``
("at", "in", "following", "issued", "told"), with what describes it: up to three modifiers
before the noun and the phrase after it ("with reporters in Moscow", "following a meeting
with Turkish Foreign Minister Ahmet Davutoglu", "from the newspaper Argumenty i Fakty,
published on the Russian Foreign Ministry website") up to the end of the clause. Occasions
in a future context ("at the upcoming meeting") are not occasions of a statement.

``where`` is the phrase without the trigger, the determiner and any time expression
("In a Thursday briefing with reporters in Moscow" -> "briefing with reporters in Moscow").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import date_words, occasions
from .memo import per_text
from .mentions import clause_left, find_mentions
from .scan import lowered

_DETERMINERS = ("a", "an", "the", "his", "her", "their", "its", "this", "that", "our", "one")
ANAPHORIC = frozenset({"the", "their", "this", "that", "its", "his", "her", "our"})
_CONTINUATION = r"published|held|hosted|organi[sz]ed|broadcast|aired|posted|carried|run|attended|chaired|convened|issued"


@dataclass
class Occasion:
    start: int
    end: int
    text: str  # the whole phrase as written, trigger included
    where: str  # the phrase users see
    noun: str  # the head noun, lower case
    parties: str  # single | multi
    determiner: str | None
    participants: set[str] = field(default_factory=set)  # capitalised words after "with"
    refers_to: set[str] = field(default_factory=set)  # occasion nouns it names with the/their


@dataclass(frozen=True)
class _Patterns:
    noun: re.Pattern[str]
    noun_lower: re.Pattern[str]  # the same, case-sensitive, for lower-cased text (scan.lowered)
    left: tuple[re.Pattern[str], ...]
    stop: re.Pattern[str]
    anaphor: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    nouns = occasions().nouns_longest_first()
    alt = "|".join(re.escape(n) for n in nouns)
    triggers = sorted(date_words().words("occasion_trigger"), key=len, reverse=True)
    trig = "|".join(re.escape(t) for t in triggers)
    dets = "|".join(_DETERMINERS)
    return _Patterns(
        noun=re.compile(rf"\b(?P<noun>{alt})\b", re.IGNORECASE),
        noun_lower=re.compile(rf"\b(?P<noun>{alt.lower()})\b"),
        # One pattern per number of modifiers, tried from none up: the trigger nearest to the
        # noun wins ("said on Monday following talks": "following", not "on").
        left=tuple(
            re.compile(
                rf"(?P<trig>\b(?:{trig}))\s+(?:(?P<ger>[a-z]+ing)\s+)?(?:(?P<det>{dets})\s+)?(?P<mods>(?:[\w’'\-]+\s+){{{k}}})$",
                re.IGNORECASE,
            )
            for k in range(4)
        ),
        stop=re.compile(
            rf",(?!\s*(?:{_CONTINUATION})\b)|[.;:!?\"“”()\[\]]|\n\s*\n|\s(?:that|said|says|told|where|when|which|who|whose|as|adding|saying|while)\b"
        ),
        anaphor=re.compile(rf"\b(?P<det>the|their|this|that|its|his|her|our)\s+(?:[\w’'\-]+\s+)?(?P<noun>{alt})\b", re.IGNORECASE),
    )


# The said stage scans one article's text once per sentence: its lower-cased form is kept per text.
_lowered = per_text(lowered)


@lru_cache(maxsize=8)
def _word_search(words: frozenset[str]) -> re.Pattern[str] | None:
    """One search for "any of ``words`` as a whole word" (an alternation: same answer as one
    search per word)."""
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")\b")


def _blocked(start: int, end: int, blocked: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in blocked)


def find_occasions(
    text: str, start: int, end: int, blocked: list[tuple[int, int]] = (), stops: list[int] = ()  # type: ignore[assignment]
) -> list[Occasion]:
    """Occasion phrases in ``text[start:end]`` outside the ``blocked`` spans (quoted content).

    ``stops`` are offsets a phrase must not run past (the start of a cue or speaker mention).
    """
    p = _patterns()
    stop_words = date_words().words("occasion_stop")
    parties = occasions().parties
    out: list[Occasion] = []
    low = _lowered(text)
    nouns = p.noun_lower.finditer(low, start, end) if low is not None else p.noun.finditer(text, start, end)
    future = _word_search(date_words().words("future"))
    for m in nouns:
        if _blocked(m.start(), m.end(), blocked) or any(o.start <= m.start() < o.end for o in out):
            continue
        before = text[max(start, m.start() - 80) : m.start()]
        left = next((found for pattern in p.left if (found := pattern.search(before))), None)
        if left is None:
            continue
        mods = left.group("mods").split()
        if any(w.lower() in stop_words for w in mods):
            continue
        left_start = max(start, m.start() - 80) + left.start("trig")
        if _blocked(left_start, m.start(), blocked):
            continue
        clause = clause_left(text, left_start)
        if (future is not None and future.search(clause)) or any(
            w.lower() in {"upcoming", "forthcoming", "next", "planned"} for w in mods
        ):
            continue
        # Extend to the right to the end of the clause, a quotation, a cue or a speaker.
        limit = min([end, m.end() + 160] + [s for s in stops if s >= m.end()] + [s for s, _ in blocked if s >= m.end()])
        tail = text[m.end() : limit]
        cut = p.stop.search(tail)
        phrase_end = m.end() + (cut.start() if cut else len(tail))
        phrase_end = m.end() + len(text[m.end() : phrase_end].rstrip())
        where_start = max(start, m.start() - 80) + (left.start("ger") if left.group("ger") else left.start("mods"))
        noun = m.group("noun").lower()
        occ = Occasion(
            start=left_start,
            end=phrase_end,
            text=text[left_start:phrase_end],
            where=_where(text[where_start:phrase_end]),
            noun=noun,
            parties=parties.get(noun, "single"),
            determiner=(left.group("det") or "").lower() or None,
        )
        occ.participants = _participants(text[m.end() : phrase_end])
        occ.refers_to = {a.group("noun").lower() for a in p.anaphor.finditer(text, m.end(), phrase_end)}
        out.append(occ)
    return out


def _where(phrase: str) -> str:
    """The phrase without time expressions (kept apart in said_on_text) and loose ends."""
    cut = phrase
    for m in reversed(find_mentions(phrase)):
        if m.kind in {"weekday", "relday", "full", "month_day"}:
            cut = cut[: m.start] + cut[m.end :]
    cut = re.sub(r"\s+", " ", cut).strip(" ,")
    cut = re.sub(r"\b(?:on|at)\s*$", "", cut).strip(" ,")
    return cut


def _participants(tail: str) -> set[str]:
    """Capitalised words of the people an occasion was held with ("talks with ... Steinmeier")."""
    m = re.search(r"\bwith\s+(.*)", tail, re.DOTALL)
    if not m:
        return set()
    who = re.split(r"\s+in\s+(?:the\s+)?|\s+at\s+|\s+on\s+|,", m.group(1))[0]
    return {w for w in re.findall(r"[A-Z][\w’'\-]+", who)}
