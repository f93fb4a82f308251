"""People the text calls by a current title, and the terms of office that date the report.

``office_constraints(text, mentions)`` finds names of office holders listed in
``data/office_terms.tsv`` (a capitalised word whose surname key is listed; no parse), reads the
title before the name ("Turkish Foreign Minister Ahmet Davutoglu", "UN Special Envoy for Syria
Staffan De Mistura", "his German counterpart Frank-Walter Steinmeier") or the apposition after it
("Sergei Lavrov, Russia's foreign minister,"), and matches the title's role concept and
nationality (:func:`onrecord.quotes.speakers.role_concepts`) and the person
(:func:`~onrecord.quotes.speakers.same_person`: "Sergey"/"Sergei", "Jawad"/"Javad") against the
listed terms. A report that calls someone by a current title was written during one of that
person's terms in that office.

A title says nothing about the report's date when it is not current or not the writer's own:

- "former", "ex-", "then-", "the late", "acting", "interim", "incoming", "-elect", "ousted",
  ... in or right before the title; "a President Trump", "as Secretary of State", "under
  President Bush";
- a hypothetical clause ("would", "could", "if"), past-perfect narrative ("had"), or a sentence
  that places itself in the past (a year or a date, "at the time", "years ago");
- a courtesy title alone ("Secretary Clinton"): only titles that name the office count.

"counterpart" takes the office of the person the text pairs it with ("Lavrov ... his German
counterpart Steinmeier": Germany's foreign minister). A name that fits several listed people
("President Bush") allows any of their terms.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..quotes.speakers import (
    fold,
    lexicon,
    name_key,
    role_concepts,
    same_person,
    split_role,
    surname_key,
)
from .constraints import Constraint
from .knowledge import Term, offices
from .mentions import Mention
from .scan import lowered, matches_at, starts_of
from .sentences import sentence_spans

SLACK_DAYS = 7  # titles are used a few days before a swearing-in and after a departure
_WINDOW = 200  # characters before a name read for its title and clause
_NEXT_WORD = re.compile(r" ([A-Z][\w’'\-]*[\w’'])")

# A capitalised word, with an Arabic particle glued to it ("al-Assad").
_TOKEN = re.compile(r"(?<![\w’'\-])(?:(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu)[-‐])?[A-Z][\w’'\-.]*[\w’']")
_CLAUSE_STOP = re.compile(r"[,;:()\"“”\n]|(?<=[a-z])\.\s")
_NOT_CURRENT = frozenset({
    "former", "ex", "then", "late", "acting", "interim", "incoming", "designate", "elect", "future", "would-be", "next",
    "possible", "potential", "presumptive", "prospective", "likely", "hopeful", "ousted", "deposed", "toppled",
    "overthrown", "exiled", "slain", "assassinated", "deceased", "jailed", "imprisoned", "fugitive", "erstwhile",
    "onetime", "one-time", "previous", "emeritus", "retired", "disgraced", "sacked", "fired", "dismissed", "impeached",
    "defeated", "departing", "ex-president", "candidate", "nominee",
})
_BEFORE_NOT_CURRENT = frozenset({"a", "an", "as", "under", "ex", "former", "then", "late", "another"})
_HYPOTHETICAL = frozenset({"would", "could", "might", "if", "unless", "whether", "imagine", "imagining", "hypothetical",
                           "wants", "want", "hopes", "hope", "should"})
_PAST_MARKERS = re.compile(
    r"\b(?:at\s+the\s+time|back\s+then|in\s+the\s+past|formerly|previously|(?:years|decades|a\s+decade|a\s+year)\s+ago|"
    r"earlier\s+in\s+(?:his|her)\s+(?:career|tenure)|during\s+(?:his|her)\s+(?:time|tenure|term)|was\s+then|"
    r"served\s+as|who\s+was|while\s+(?:he|she)\s+was|(?:19|20)\d0s)\b", re.IGNORECASE)
# After the name: "President Clinton's tenure", "... legacy": the term is looked back on.
_LOOKED_BACK = re.compile(r"['’]s\s+(?:\w+\s+)?(?:tenure|era|years|legacy|term|presidency|premiership|time\s+in\s+office)\b", re.IGNORECASE)
# A person the text treats as running for office: their titles may be hypothetical ("President Trump"
# in a primary season, "Enter President Trump").
_CAMPAIGN = re.compile(
    r"\b(?:candidates?|candidacy|nominee|nomination|hopefuls?|front-?runners?|campaign(?:s|ing|ed)?|primary|primaries|"
    r"caucus(?:es)?|run(?:s|ning)?\s+for|win(?:s|ning)?\s+the\s+(?:presidency|election|nomination|white\s+house)|"
    r"if\s+(?:he|she)\s+wins|if\s+elected|presidential\s+(?:bid|race|run))\b", re.IGNORECASE)
# The words a _CAMPAIGN match starts with (lower case): it is only tried where one occurs (speed).
_CAMPAIGN_STARTS = ("candida", "nomin", "hopeful", "front", "campaign", "primar", "caucus", "run", "win", "if",
                    "presidential")
_CONNECTORS = frozenset({"of", "for", "to", "at", "the", "on", "in"})
_REGNAL = frozenset({"king", "queen", "emir", "sheikh", "sultan", "prince", "pope"})
# "Sergei Lavrov, Russia's foreign minister, said": the apposition runs to the next comma, a
# reporting verb or the end of the sentence (not the dot of "U.S.").
_APPOSITION = re.compile(r"\s*,\s+(?:the\s+)?(?P<role>[^,;:()\"“”\n]{3,90})")
_APPOSITION_END = re.compile(r"\s+(?:said|says|told|tells|added|adds|who|which|and)\b|(?<![A-Z])\.(?:\s|$)")


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """Words a title can be made of (folded): title words, modifiers, role phrases, nationalities, bodies."""
    lex = lexicon()
    words: set[str] = set(lex.title_words) | set(lex.role_modifiers)
    for phrase in lex.role_phrases:
        words.update(phrase)
    for table in (lex.country_adjectives, lex.country_names, lex.organizations):
        for key in table:
            words.update(key.split())
    words.update({"u.s.", "u.n.", "un", "us", "eu", "e.u.", "uk", "u.k.", "nato", "fbi", "cia", "fed", "imf", "iaea", "ecb",
                  "department", "dept", "dept.", "homeland", "press", "middle", "east", "africa", "asia", "europe", "general",
                  "council", "nations", "united", "reserve", "central", "bank", "commission", "league", "arab", "atomic",
                  "agency", "monetary", "fund", "international", "syria", "yemen", "libya", "iraq", "afghanistan",
                  "representative", "envoy", "special"})
    return frozenset(words - {"a", "an", "and", "or", "he", "she", "his", "her", "their"})


@lru_cache(maxsize=65536)
def _bare(token: str) -> str:
    return re.sub(r"(?:['’]s|['’])$", "", fold(token))


def _is_role_word(token: str) -> bool:
    t = _bare(token)
    return t in _role_words() or t.rstrip(".") in _role_words() or t in _CONNECTORS


@dataclass
class _Titled:
    start: int  # where the mention's title begins
    end: int
    name: str
    role: str
    concept: str
    country: str | None
    surname: str


def _title_before(text: str, clause_start: int, name_start: int) -> tuple[str, list[str], int]:
    """The title right before a name, up to four words before it (folded) and where it starts."""
    words = list(re.finditer(r"\S+", text[clause_start:name_start]))
    i = len(words)
    while i > 0 and _is_role_word(words[i - 1].group(0)):
        i -= 1
    j = i
    while j < len(words) and _bare(words[j].group(0)) in _CONNECTORS:
        j += 1
    if j == len(words):
        return "", [], name_start
    title = " ".join(w.group(0) for w in words[j:])
    return title, [_bare(w.group(0)) for w in words[max(0, i - 4) : i]], clause_start + words[j].start()


def _not_current(role: str, before: list[str], raw_window: str) -> bool:
    tokens = {_bare(t) for t in re.split(r"[\s\-]+", role)}
    # "the nephew of the late King", "retired general and CIA director": a word just before the
    # title (or before a coordinated one) that makes it not current.
    if tokens & _NOT_CURRENT or (before and before[-1] in _BEFORE_NOT_CURRENT) or set(before) & _NOT_CURRENT:
        return True
    return bool(re.search(r"\b(?:then|ex|former)-|-(?:elect|designate)\b|\bthe\s+late\b", raw_window, re.IGNORECASE))


def _sentence_is_past(text: str, sentence: tuple[int, int], dated: list[Mention]) -> bool:
    """A sentence that places itself in the past: its titles may be of that time."""
    s, e = sentence
    i = bisect.bisect_left(dated, s, key=lambda m: m.start)
    if i < len(dated) and dated[i].start < e:
        return True  # "In 2009, Secretary of State Hillary Clinton ...": the title is of that time
    return bool(_PAST_MARKERS.search(text, s, e))


def _clause_is_past(text: str, window_start: int, start: int, end: int) -> bool:
    """A hypothetical or past-perfect clause around a title, or a term looked back on."""
    left = text[window_start:start]
    stops = list(_CLAUSE_STOP.finditer(left))
    clause = left[stops[-1].end() :] if stops else left
    if set(re.findall(r"[a-z]+", clause.lower())) & _HYPOTHETICAL or re.search(r"\bhad\b", clause, re.IGNORECASE):
        return True
    after = text[end : end + 40]
    return bool(re.match(r"\W*(?:(?:who|which)\s+)?had\b", after, re.IGNORECASE) or _LOOKED_BACK.match(after))


def _match_terms(name: str, concept: str, country: str | None, role: str, counterpart: bool) -> list[Term]:
    rows = offices().by_surname.get(surname_key(name), [])
    role_folded = f" {fold(role)} "
    out = []
    for t in rows:
        if concept not in t.offices or not any(same_person(name, n) for n in t.names):
            continue
        if country and t.is_country and fold(country) != fold(t.body):
            continue
        if t.requires and (counterpart or not any(re.search(rf"(?<![\w.]){re.escape(r)}(?![\w])", role_folded) for r in t.requires)):
            continue
        out.append(t)
    return out


def _constraint(t_mention: str, name: str, concept: str, terms: list[Term]) -> Constraint:
    holders = {t.names[0] for t in terms}
    who = next(iter(holders)) if len(holders) == 1 else " or ".join(sorted(holders))
    spans = tuple(sorted((t.start, t.last) for t in terms))
    shown = ", ".join(f"{a}..{'' if b == dt.date.max else b}" for a, b in spans)
    if all(t.title_kept for t in terms):
        # The title outlives the term ("President Clinton" in 2016): only the first start bounds.
        spans = ((spans[0][0], dt.date.max),)
        shown = f"from {spans[0][0]}; the title outlives the term"
    key = f"office:{name_key(who) if len(holders) == 1 else surname_key(name)}:{concept}"
    return Constraint(key, spans, f"'{t_mention}' ({who}, {concept} {shown})", SLACK_DAYS)


def office_constraints(text: str, mentions: list[Mention], spans: list[tuple[int, int]] | None = None) -> list[Constraint]:
    """Constraints on the publication date from titled mentions of listed office holders.

    ``spans`` are the text's sentences (:func:`.sentences.sentence_spans`), if already computed.
    """
    if not text:
        return []
    table = offices().by_surname
    spans = spans if spans is not None else sentence_spans(text)
    dated = [m for m in mentions if m.kind in ("full", "month_year", "year") and not m.future]
    titled: list[_Titled] = []
    out: list[Constraint] = []
    running: set[str] | None = None  # computed at the first listed name (most texts have none)
    past_sentences: dict[int, bool] = {}
    si = 0
    for tok in _TOKEN.finditer(text):
        key = _token_key(tok.group(0))
        if key not in table:
            continue
        follow = _NEXT_WORD.match(text, tok.end())
        if follow and _token_key(follow.group(1)) in table:
            continue  # "Tedros Adhanom Ghebreyesus": the name is read at its last listed word
        if running is None:
            running = _running_for_office(text, spans)
        if key in running:
            continue
        while si + 1 < len(spans) and spans[si + 1][0] <= tok.start():
            si += 1
        sentence = spans[si] if spans else (0, len(text))
        if si not in past_sentences:
            past_sentences[si] = _sentence_is_past(text, sentence, dated)
        if past_sentences[si]:
            continue
        # A title and a name are short: a bounded window keeps long unpunctuated text linear.
        window_start = max(sentence[0], tok.start() - _WINDOW)
        left = text[window_start : tok.end()]
        stops = list(_CLAUSE_STOP.finditer(left))
        clause_start = window_start + (stops[-1].end() if stops else 0)
        _, name = split_role(text[clause_start : tok.end()])
        if not name or _token_key(name.split()[-1]) != key:
            continue
        words = list(re.finditer(r"\S+", text[clause_start : tok.end()]))
        n = len(name.split())
        if fold(name.split()[0]) in _REGNAL and n > 1:  # "King Salman": split_role keeps the title in the name
            name, n = name.split(None, 1)[1], n - 1
        if n > len(words):
            continue
        name_start = clause_start + words[-n].start()
        readings: list[tuple[str, list[str], int, int]] = []
        title, before, title_start = _title_before(text, clause_start, name_start)
        if title:
            readings.append((title, before, title_start, tok.end()))
        app = _APPOSITION.match(text, tok.end())
        if app:
            cut = _APPOSITION_END.search(app.group("role"))
            role_text = app.group("role")[: cut.start() if cut else None].strip()
            if role_text and all(_is_role_word(w) for w in role_text.split()):
                readings.append((role_text, [], tok.start(), app.start("role") + len(role_text)))
        for role_text, before, start, end in readings:
            window = text[max(clause_start, start - 12) : end]
            if _not_current(role_text, before, window) or _clause_is_past(text, max(sentence[0], start - _WINDOW), start, end):
                continue
            concepts, country = role_concepts(role_text)
            if not concepts:
                continue
            concept, counterpart = concepts[0], concepts[0] == "counterpart"
            if counterpart:
                ref = _counterpart_of(text, titled, sentence, start)
                if ref is None:
                    continue
                concept = ref.concept
            terms = _match_terms(name, concept, country, role_text, counterpart)
            if not counterpart:
                titled.append(_Titled(start, end, name, role_text, concept, country, key))
            if terms:
                out.append(_constraint(text[start:end] if start < end else name, name, concept, terms))
    return out


def _running_for_office(text: str, spans: list[tuple[int, int]]) -> set[str]:
    """Surname keys of people named in a sentence about campaigns, candidacies or nominations."""
    out: set[str] = set()
    starts = [s for s, _ in spans]
    done: set[int] = set()
    low = lowered(text)
    hits = _CAMPAIGN.finditer(text) if low is None else matches_at(_CAMPAIGN, text, starts_of(low, _CAMPAIGN_STARTS))
    for hit in hits:
        i = max(0, bisect.bisect_right(starts, hit.start()) - 1)
        if i in done or not spans:
            continue
        done.add(i)
        s, e = spans[i]
        out |= {_token_key(t.group(0)) for t in _TOKEN.finditer(text, s, e)}
    return out


@lru_cache(maxsize=65536)
def _token_key(token: str) -> str:
    return surname_key(token)


def _counterpart_of(text: str, titled: list[_Titled], sentence: tuple[int, int], at: int) -> _Titled | None:
    """The titled person a "counterpart" is paired with: named earlier in the sentence, else the last one before."""
    s = max(sentence[0], at - 3 * _WINDOW)
    here = {_token_key(t.group(0)) for t in _TOKEN.finditer(text, s, at)}
    same_sentence = [t for t in titled if t.surname in here]
    if same_sentence:
        return same_sentence[-1]
    before = [t for t in titled if t.end <= at]
    return before[-1] if before else None
