"""Speaker resolution within one article: who each quote's speaker mention refers to.

Needs: the spaCy ``Doc`` of ``article.text`` (tokens, sentences, dependency parse, NER) and the
quotes found in it, each with ``speaker.mention`` / ``start`` / ``end`` set (or no mention,
for a quote with no cue).
Adds, in place, on every ``quote.speaker``: ``name`` (the canonical name within the article),
``type`` (person | organization | group | unknown), ``resolution`` (name | pronoun |
description | nearest | none), ``role`` (the role seen with the person) and ``members`` (the
participants of a joint speaker).

How (rule-based; no coreference model works offline):

1. People are gathered from PERSON entities and from named speaker mentions, with the roles
   written next to them ("Russian Foreign Minister Sergei Lavrov", "Lavrov, Russia's foreign
   minister,", "his German counterpart Frank-Walter Steinmeier"). Forms of one name are merged
   (surname, transliteration variants, a one-letter typo of a long surname); each person is
   named by the fullest form, or its usual English spelling from the preference list.
2. The text is walked in order keeping a discourse history (named mentions, subjects,
   pronouns, quote speakers). A pronoun goes to the most salient compatible entity: gender
   (first names, honorifics, gendered roles, earlier pronouns), number, recency in sentences,
   subject position and being the previous quote's speaker.
3. A description ("the top Russian diplomat") goes to a person whose roles carry the
   description's role concept with a compatible nationality; otherwise it stays an unnamed
   person ("unnamed spokesman").
4. Countries and capitals speaking become their government ("Russian government");
   organisations keep their name; unnamed plural sources become "unnamed <modifiers> <noun>";
   joint speakers ("Russia and Turkey", "both sides", "they" after a meeting) are named by
   their sides in text order, by country when the participants' countries are known.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, ENT_TYPE, IDX, LENGTH, LOWER, ORTH, TAG
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Article, Quote
from . import speakers as names
from .speakers import Country, fold, lexicon, split_role
from .tokens import Columns, sentences

VERSION = "resolve-1"

_log = logging.getLogger(__name__)

_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_PLURAL = {"they", "them", "their", "theirs", "themselves"}
_NEUTER = {"it", "its", "itself"}
_PRONOUN_FORMS = frozenset(_MALE | _FEMALE | _PLURAL | _NEUTER)
_FIRST = {"i", "me", "my", "mine", "myself"}
_FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
_PRONOUN_WORDS = {"his", "her", "its", "their", "our", "my", "your", "this", "that", "these", "those"}
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})
_QUANTIFIERS = {"some", "many", "several", "certain", "other", "others", "most", "few", "all", "both", "various",
                "numerous", "two", "three", "four", "five", "a", "an", "the", "one", "any", "these", "those",
                "such", "more", "multiple", "unnamed", "anonymous", "unidentified"}
_INTERACTION = {"with", "between", "counterpart", "meet", "met", "meeting", "talk", "talks", "discuss",
                "discussed", "host", "hosted", "receive", "received", "visit", "summit", "negotiation",
                "negotiations", "phone", "call", "joint", "together", "held", "hold"}
_GOV_HEADS = {"government", "side", "regime", "administration", "leadership", "authorities", "cabinet",
              "state"}
_GENERIC_ORG = {"group", "organization", "organisation", "body", "company", "firm", "agency", "movement",
                "alliance", "coalition", "watchdog", "institution", "charity", "network", "party", "union"}
_QUOTE_OPEN = {"“": "”", "«": "»", "„": "“"}
_QUOTE_OPENER = re.compile("[" + re.escape("".join(_QUOTE_OPEN)) + '"]')
# How far back (in sentences) history counts, by kind of mention.
_PRONOUN_WINDOW = 6
_PLURAL_WINDOW = 2
_NEUTER_WINDOW = 3
_JOINT_WINDOW = 15
# Weight of a mention per sentence of distance: the newest subject usually wins over older,
# repeated mentions ("Erdogan said X. Erdogan said Y. Rutte rejected it. He said ...").
_DECAY = 0.35
# Weight of a person of unknown gender against one whose gender matches the pronoun.
_UNKNOWN_GENDER = 0.5


@dataclass(eq=False)
class _Entity:
    kind: str  # person | government | organization | group | joint
    name: str
    first: int  # token index of the first mention
    forms: Counter[str] = field(default_factory=Counter)
    gender: str | None = None
    country: str | None = None
    roles: list[tuple[str, int]] = field(default_factory=list)  # (role text, token index)
    concepts: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    events: list[_Event] = field(default_factory=list)
    full: bool = False  # a person named with at least one given name
    forms_pos: list[int] = field(default_factory=list)  # token index of every named mention
    poss_roles: set[str] = field(default_factory=set)  # roles owned by a pronoun ("his assistant")

    @property
    def speaker_type(self) -> str:
        if self.kind == "person":
            return "person"
        if self.kind in ("government", "organization"):
            return "organization"
        return "group"

    @property
    def role(self) -> str | None:
        return self.roles[0][0] if self.roles else None


@dataclass
class _Event:
    ent: _Entity
    tok: int
    sent: int
    subject: bool
    speaker: bool


@dataclass
class _Result:
    name: str | None
    type: str
    resolution: str
    entity: _Entity | None = None
    role: str | None = None


def resolve_speakers(doc: Doc, quotes: list[Quote], article: Article) -> None:
    """Fill ``name``, ``type``, ``resolution``, ``role`` and ``members`` of every quote's speaker, in place.

    ``doc`` must be the parse of ``article.text`` (mention offsets index both). Quotes whose
    mention cannot be aligned to tokens are still resolved from the mention text alone.
    """
    if not quotes:
        return
    try:
        _Resolver(doc, quotes, article.text).run()
    except Exception:  # a resolver bug must not cost the article its quotes
        _log.warning("speaker resolution failed for article %s; names taken from the mentions", article.id,
                     exc_info=True)
        for q in quotes:
            _fallback(q)


def _fallback(q: Quote) -> None:
    """The mention's own name, when the resolver could not run."""
    sp = q.speaker
    name = names.clean_name(split_role(sp.mention or "")[1]) if sp.mention else ""
    proper = bool(name) and name[:1].isupper() and fold(name) not in _MALE | _FEMALE | _PLURAL | _NEUTER
    sp.name = names.display_name(name) if proper else None
    sp.type = "unknown"
    sp.resolution = "name" if proper else "none"


class _Resolver:
    def __init__(self, doc: Doc, quotes: list[Quote], text: str | None = None) -> None:
        self.lex = lexicon()
        self.doc = doc
        self.cols = Columns(doc)
        self.quotes = quotes
        self.sents: list[SpacySpan] = sentences(doc) if len(doc) else []
        bounds = [0] + [s.end for s in self.sents]
        if all(s.start == b for s, b in zip(self.sents, bounds, strict=False)) and bounds[-1] == len(doc):
            # The sentences cover the doc in order: sentence k once per token of it.
            self.sent_of = numpy.repeat(numpy.arange(len(self.sents)), [len(s) for s in self.sents]).tolist()
        else:
            self.sent_of = [0] * len(doc)
            for si, s in enumerate(self.sents):
                for i in range(s.start, s.end):
                    self.sent_of[i] = si
        # Doc.text builds a Token per word; the article's text is the same string.
        n_chars = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
        self.text = text if text is not None and len(text) == n_chars else doc.text
        self.quoted = self._quoted_tokens()
        self._subjects: list[int] = numpy.flatnonzero(self.cols.mask(DEP, _SUBJ_DEPS)).tolist()  # in order
        self.people: list[_Entity] = []
        self.by_surname: dict[str, list[_Entity]] = {}
        self.others: dict[tuple[str, str], _Entity] = {}
        self.person_at: dict[int, tuple[int, _Entity]] = {}  # start token -> (end token, person)
        self.last_speaker: _Event | None = None
        self.history: list[_Event] = []
        self._tok_ends: list[int] | None = None
        self._build_people()

    # ------------------------------------------------------------------ setup

    def _quoted_tokens(self) -> list[bool]:
        """Tokens inside quotation marks (paragraph by paragraph) or inside direct quotes."""
        text = self.text
        inside = bytearray(len(text) + 1)
        pos = 0
        for para in text.split("\n"):
            # An opening mark, then its closing mark; one left open runs to the end of the paragraph.
            k = 0
            while (m := _QUOTE_OPENER.search(para, k)) is not None:
                start = m.start()
                end = para.find(_QUOTE_OPEN.get(m.group(), '"'), start + 1)
                if end < 0:
                    break
                inside[pos + start : pos + end + 1] = b"\x01" * (end + 1 - start)
                k = end + 1
            pos += len(para) + 1
        for q in self.quotes:
            if q.kind == "direct":
                for p in q.parts:
                    s, e = max(0, p.start), min(len(text), p.end)
                    inside[s:e] = b"\x01" * (e - s)
        flags = numpy.frombuffer(bytes(inside), dtype=numpy.uint8)
        return (flags[self.cols.array(IDX)] != 0).tolist()

    def _build_people(self) -> None:
        doc, lex = self.doc, self.lex
        forms: list[tuple[int, int, str, str | None]] = []  # start tok, end tok, name, role
        taken: set[int] = set()
        for ent in self._person_ents():
            role, name = split_role(ent.text)
            name = self._trim_name(names.clean_name(name), ent)
            if not self._valid_person_name(name):
                continue
            # The ent may carry a title; the name is its tail.
            n_name = len(name.split())
            start = max(ent.start, ent.end - n_name)
            end = ent.end
            while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
                end -= 1
            forms.append((start, end, self._with_honorific(start, name), role))
            taken.update(range(start, end))
        for q in self.quotes:
            span = self._span(q.speaker.start, q.speaker.end)
            if span is None or len(span) == 0:
                continue
            role, name = split_role(span.text)
            name = names.clean_name(name)
            if not name or not self._valid_person_name(name) or self._is_place_or_org(name, span):
                continue
            n_name = len(name.split())
            end = span.end
            while end > span.start and doc[end - 1].text in ("'s", "’s", "'", "’"):
                end -= 1
            start = max(span.start, end - n_name)
            if start in taken:
                continue
            labels = {t.ent_type_ for t in doc[start:end]} - {""}
            if labels and labels != {"PERSON"} and not self._known_surname(name, forms):
                continue
            forms.append((start, end, self._with_honorific(start, name), role))
            taken.update(range(start, end))
        self._unlabelled_full_names(forms, taken)
        surnames_full = {names.surname_key(n) for _, _, n, _ in forms if len(n.split()) > 1}
        # Surnames of people the NER mislabelled elsewhere ("Lavrov" as ORG).
        cols = self.cols
        proper = cols.mask(TAG, ("NNP", "NNPS"))
        capitalised = cols.mask(ORTH, lambda text: text[:1].isupper(), proper)
        name_part = (cols.mask(TAG, ("NNP",)) & capitalised).tolist()
        single = capitalised & ~cols.mask(ENT_TYPE, ("GPE", "NORP", "LOC", "DATE"))
        for i in numpy.flatnonzero(single).tolist():
            if i in taken:
                continue
            # Part of a longer name: a capitalised NNP next to it (before it, other than a title).
            if i + 1 < len(doc) and name_part[i + 1]:
                continue
            if i > 0 and name_part[i - 1]:
                prv = doc[i - 1].text
                if fold(prv).rstrip(".") not in lex.honorifics and fold(prv) not in lex.title_words:
                    continue
            t = doc[i]
            if _surname_of_token(t.text) in surnames_full:
                forms.append((t.i, t.i + 1, names.clean_name(t.text), None))
                taken.add(t.i)
        forms.sort()
        full = [f for f in forms if names.given_names(f[2])]
        bare = [f for f in forms if not names.given_names(f[2])]
        for start, end, name, role in full:
            person = self._match_full(name, start)
            if person is None:
                person = _Entity("person", name, start, full=True)
                self.people.append(person)
                self.by_surname.setdefault(names.surname_key(name), []).append(person)
            self._add_form(person, start, end, name, role)
        for start, end, name, role in bare:
            person = self._match_bare(name, start)
            if person is None:
                person = _Entity("person", name, start)
                self.people.append(person)
                self.by_surname.setdefault(names.surname_key(name), []).append(person)
            self._add_form(person, start, end, name, role)
        for person in self.people:
            self._finish_person(person)
        self._inherit_roles()

    def _person_ents(self) -> list[SpacySpan]:
        """PERSON entities, with lists split ("Cruz, Chris Christie" -> "Cruz", "Chris Christie")."""
        out = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            start = ent.start
            for t in ent:
                if t.text in (",", ";", "&") or t.lower_ == "and":
                    if t.i > start:
                        out.append(self.doc[start : t.i])
                    start = t.i + 1
            if start < ent.end:
                out.append(self.doc[start : ent.end])
        return out

    def _trim_name(self, name: str, ent: SpacySpan) -> str:
        """Drop words the NER glued before a name ("Follow Breitbart", "Author Roger Stone")."""
        toks = name.split()
        if len(toks) < 2:
            return name
        by_text = {t.text: t for t in ent}
        lex = self.lex
        # Start at the first known first name when one follows unknown words ("Elections Susan Bucher").
        firsts = [k for k, w in enumerate(toks[:-1]) if lex.first_names.get(fold(w)) in ("m", "f", "?")]
        if firsts and firsts[0] > 0:
            return " ".join(toks[firsts[0]:])
        while len(toks) > 1:
            t = by_text.get(toks[0])
            f = fold(toks[0])
            if (t is not None and t.pos_ in ("VERB", "ADJ", "ADV", "DET", "PRON", "ADP")) or f in lex.title_words \
                    or f in lex.role_modifiers:
                toks.pop(0)
            else:
                break
        return " ".join(toks)

    def _with_honorific(self, start: int, name: str) -> str:
        """'Mr. Clinton' keeps its honorific in the form: it tells which Clinton."""
        if start > 0 and fold(self.doc[start - 1].text).rstrip(".") in self.lex.honorifics:
            return f"{self.doc[start - 1].text} {name}"
        return name

    def _unlabelled_full_names(self, forms: list[tuple[int, int, str, str | None]], taken: set[int]) -> None:
        """'Theresa May' missed by the NER when 'May' is a person elsewhere: first name + known surname."""
        known = {names.surname_key(n) for _, _, n, _ in forms}
        doc, lex = self.doc, self.lex
        nnp = self.cols.mask(TAG, ("NNP",))
        for i in numpy.flatnonzero(nnp[:-1] & nnp[1:]).tolist():
            t, nxt = doc[i], doc[i + 1]
            if t.i in taken or nxt.i in taken:
                continue
            if lex.first_names.get(fold(t.text)) not in ("m", "f") or not nxt.text[:1].isupper():
                continue
            if _surname_of_token(nxt.text) not in known or nxt.ent_type_ in ("GPE", "ORG", "NORP"):
                continue
            name = f"{t.text} {nxt.text}"
            forms.append((t.i, t.i + 2, name, None))
            taken.update((t.i, t.i + 1))

    def _valid_person_name(self, name: str) -> bool:
        if not name or len(name) < 2 or len(name.split()) > 5 or any(ch.isdigit() for ch in name):
            return False
        if not name[0].isupper():
            return False
        if len(name.split()) > 1 and name.isupper():
            return False  # a headline in capitals, not a name
        f = fold(name)
        lex = self.lex
        return not (f in lex.country_names or f in lex.country_capitals or f in lex.organizations
                    or f in lex.country_adjectives or f in lex.country_peoples or f in lex.title_words)

    def _is_place_or_org(self, name: str, span: SpacySpan) -> bool:
        """Not a person's name: a place, a body, a document, a group, a band ("Red Hot Chili Peppers")."""
        f = fold(name)
        lex = self.lex
        if f in lex.country_names or f in lex.country_capitals or f in lex.organizations:
            return True
        words = f.split()
        if words[0] in ("the", "a", "an", "our", "their", "this", "that") or any(
                " ".join(words[k:]) in lex.org_heads for k in range(len(words))):
            return True
        last = words[-1]
        if last in lex.group_heads or last in lex.document_heads:
            return True
        last_tok = next((t for t in reversed(span) if t.text == name.split()[-1]), None)
        if last_tok is not None and last_tok.tag_ == "NNPS":
            return True
        return name.isupper() and len(name) <= 6  # "DOJ", "NAACP": initialisms name bodies

    def _known_surname(self, name: str, forms: list[tuple[int, int, str, str | None]]) -> bool:
        sk = names.surname_key(name)
        return any(names.surname_key(n) == sk for _, _, n, _ in forms)

    def _match_full(self, name: str, pos: int) -> _Entity | None:
        cands = [e for e in self.by_surname.get(names.surname_key(name), [])
                 if e.full and names.same_person(name, e.name)]
        if not cands:
            return None
        key = names.name_key(name)
        exact = [e for e in cands if names.name_key(e.name) == key]
        return (exact or cands)[-1]

    def _match_bare(self, name: str, pos: int) -> _Entity | None:
        """A surname (or first name) alone: the person with that name nearest before, else after."""
        g = names.name_gender(name)
        sk = names.surname_key(name)
        cands = [e for e in self.by_surname.get(sk, []) if not (g and _gender_of(e) not in (g, None))]
        if not cands:
            key = names.name_key(name)
            cands = [e for e in self.people if e.full and names.given_names(e.name)[:1] == (key,)]
        if not cands:
            # a name in the middle of the full form ("Lula" of "Luiz Inacio Lula da Silva")
            f = fold(name)
            cands = [e for e in self.people if e.full and any(f in fold(form).split()[1:-1] for form in e.forms)]
        if not cands and len(sk) >= 6:
            cands = [e for e in self.people if e.full and _near_miss(sk, names.surname_key(e.name))]
        if not cands:
            return None
        if g:
            cands = [e for e in cands if names.name_gender(e.name) in (g, None)] or cands
        before = [e for e in cands if e.first <= pos]
        if before:
            return max(before, key=lambda e: max((p for p in e.forms_pos if p <= pos), default=e.first))
        return min(cands, key=lambda e: e.first)

    def _add_form(self, ent: _Entity, start: int, end: int, name: str, role: str | None) -> None:
        ent.forms[name] += 1
        ent.forms_pos.append(start)
        ent.first = min(ent.first, start)
        if role and self._has_role_word(role):
            ent.roles.append((role, start))
        for r, poss in self._context_roles(start, end):
            ent.roles.append((r, start))
            if poss:
                ent.poss_roles.add(r)
        if not self.quoted[start]:
            self.person_at[start] = (end, ent)

    def _finish_person(self, ent: _Entity) -> None:
        full = [f for f in ent.forms if names.given_names(f)]
        if full:
            best = max(full, key=lambda f: (len(names.given_names(f)), ent.forms[f], -len(f)))
            shown = names.display_name(best)
            ent.name = names.preferred_form(shown) or shown
            ent.full = True
        else:
            ent.name = names.display_name(max(ent.forms, key=lambda f: (ent.forms[f], f)))
        genders = {names.name_gender(f) for f in ent.forms} - {None}
        if len(genders) == 1:
            ent.gender = genders.pop()
        ent.roles.sort(key=lambda r: r[1])
        for role, _ in ent.roles:
            concepts, country = names.role_concepts(role)
            for c in concepts:
                if c not in ent.concepts:
                    ent.concepts.append(c)
            if country and not ent.country:
                ent.country = country
            if ent.gender is None:
                for w in fold(role).split():
                    g = self.lex.gendered.get(w)
                    if g:
                        ent.gender = g
                        break

    def _inherit_roles(self) -> None:
        """'his German counterpart X' takes the role of the other person; 'his assistant' the country."""
        for ent in self.people:
            for role, pos in ent.roles:
                others = [o for o in self._people_in_sentence(self.sent_of[pos]) if o is not ent]
                if not others:
                    continue
                f = fold(role)
                if "counterpart" in f.split():
                    for o in others:
                        for c in o.concepts:
                            if c not in ent.concepts and c != "counterpart":
                                ent.concepts.append(c)
                if ent.country is None and role in ent.poss_roles:
                    before = [o for o in others if o.first < pos and o.country]
                    if before:
                        ent.country = max(before, key=lambda o: o.first).country

    def _people_in_sentence(self, si: int) -> list[_Entity]:
        s = self.sents[si]
        seen: list[_Entity] = []
        for i in range(s.start, s.end):
            hit = self.person_at.get(i)
            if hit and hit[1] not in seen:
                seen.append(hit[1])
        return seen

    def _has_role_word(self, role: str) -> bool:
        return bool(names.role_concepts(role)[0])

    def _context_roles(self, start: int, end: int) -> list[tuple[str, bool]]:
        """Roles written next to a name: before it ("Russian Foreign Minister X") or in apposition after it."""
        doc, lex = self.doc, self.lex
        out: list[tuple[str, bool]] = []
        sent = self.sents[self.sent_of[start]]
        span_start, poss = self._scan_role_left(start, sent.start)
        if span_start < start:
            role = doc[span_start:start].text
            if self._has_role_word(role):
                out.append((role, poss))
                # A second role before a comma: "Russian President's Special Representative ..., Deputy Foreign Minister X".
                if span_start - 1 > sent.start and doc[span_start - 1].text == ",":
                    s2, _ = self._scan_role_left(span_start - 1, sent.start)
                    if s2 < span_start - 1 and (s2 == sent.start or doc[s2 - 1].is_punct):
                        role2 = doc[s2 : span_start - 1].text
                        if self._has_role_word(role2):
                            out.append((role2, False))
        # Apposition: "X, Russia's foreign minister, said"
        k = end
        if k < sent.end and doc[k].text == ",":
            j = k + 1
            while j < sent.end and j - k < 12:
                t = doc[j]
                if t.text in (",", ";", "(", ")") or t.pos_ in ("VERB", "AUX") or t.ent_type_ == "PERSON":
                    break
                if not self._role_token(t):
                    j = -1
                    break
                j += 1
            if j > k + 1 and (j >= sent.end or doc[j].text in (",", ";", ")") or doc[j].pos_ in ("VERB", "AUX")):
                role = doc[k + 1 : j].text
                role = re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.I)
                if self._has_role_word(role) and fold(role) not in lex.group_heads:
                    out.append((role, False))
        return out

    def _role_token(self, t: Token) -> bool:
        lex = self.lex
        f = fold(t.text)
        if f in ("of", "for", "at", "the", "and", "'s", "’s", "on", "to", "a", "an", "in", "-", "&"):
            return True
        if f in lex.title_words or f in lex.role_modifiers or f.rstrip(".") in lex.honorifics:
            return True
        if f in lex.role_words:  # a word of a role phrase
            return True
        if t.ent_type_ in ("NORP", "GPE", "ORG", "LOC", "FAC"):
            return True
        if f.rstrip(".") in lex.country_adjectives or f in lex.country_names:
            return True
        return t.text[:1].isupper() and t.pos_ == "PROPN"

    def _scan_role_left(self, start: int, floor: int) -> tuple[int, bool]:
        """Leftmost token of a role phrase ending just before ``start``; and whether 'his/her' owns it."""
        doc = self.doc
        j = start - 1
        while j >= floor:
            t = doc[j]
            if t.ent_type_ == "PERSON" or t.text in (",", ";", ":", "(", ")", "\n") or t.is_space:
                break
            # A dash with a space after it ends a dateline ("Moscow, SANA- Russian Foreign Minister ...");
            # "Secretary-General" has none.
            if t.text.endswith(("-", "—", "–")) and (t.whitespace_ or len(t.text) > 1):
                break
            if t.pos_ in ("VERB", "AUX") and not t.text[:1].isupper():
                break
            if not self._role_token(t):
                break
            j -= 1
        left = j + 1
        poss = j >= floor and doc[j].lower_ in ("his", "her", "their", "its")
        while left < start and fold(doc[left].text) in ("of", "for", "at", "the", "and", "on", "to", "a", "an",
                                                         "in", "-", "&", "with"):
            left += 1
        return left, poss

    # ------------------------------------------------------------------ the walk

    def run(self) -> None:
        doc = self.doc
        by_start: dict[int, list[Quote]] = {}
        unaligned: list[Quote] = []
        deferred: list[Quote] = []
        for q in self.quotes:
            sp = q.speaker
            span = self._span(sp.start, sp.end)
            if sp.mention and span is not None and len(span):
                if span.text.strip().lower() in _FIRST | _FIRST_PLURAL:
                    deferred.append(q)
                    continue
                by_start.setdefault(span.start, []).append(q)
            else:
                unaligned.append(q)
        nearest = [q for q in unaligned if not q.speaker.mention]
        textual = [q for q in unaligned if q.speaker.mention]
        points = sorted({*self.person_at, *by_start, *self._pronoun_points(), *self._subject_points()})
        nearest.sort(key=lambda q: q.start)
        ni = 0
        for i in points:
            while ni < len(nearest) and self._tok_at(nearest[ni].start) <= i:
                self._resolve_nearest(nearest[ni])
                ni += 1
            if i in by_start:
                for q in by_start[i]:
                    self._resolve_quote(q)
                continue
            self._observe(i)
        while ni < len(nearest):
            self._resolve_nearest(nearest[ni])
            ni += 1
        for q in textual:
            res = self._classify_text(q.speaker.mention or "", len(doc))
            self._apply(q, res)
        for q in deferred:
            self._resolve_first_person(q)

    def _tok_at(self, char: int) -> int:
        """Index of the token that ends after ``char`` (len(doc) past the end)."""
        if self._tok_ends is None:
            self._tok_ends = (self.cols.array(IDX) + self.cols.array(LENGTH)).tolist()
        return bisect.bisect_right(self._tok_ends, char)

    def _pronoun_points(self) -> list[int]:
        pronouns = self.cols.mask(LOWER, _PRONOUN_FORMS)
        return [i for i in numpy.flatnonzero(pronouns).tolist() if not self.quoted[i]]

    def _subject_points(self) -> list[int]:
        """Subjects that are places, organisations or groups: antecedents for 'it' and 'they'."""
        out = []
        for i in self._subjects:
            t = self.doc[i]
            if self.quoted[t.i] or t.i in self.person_at:
                continue
            if t.ent_type_ in ("GPE", "ORG", "NORP") or t.tag_ in ("NNS", "NNPS") or t.lower_ in self.lex.org_heads:
                out.append(self._np(t).start)
        return out

    def _np(self, head: Token) -> SpacySpan:
        """The noun phrase of ``head`` up to the head plus conjuncts ("Russia and Turkey")."""
        left = head.left_edge.i
        right = head.i
        for c in head.rights:
            if c.dep_ in ("cc", "conj", "compound", "flat") or (c.dep_ == "prep" and c.lower_ == "of"):
                right = max(right, c.right_edge.i if c.dep_ != "cc" else c.i)
            else:
                break
        while left < right and (self.doc[left].is_punct or self.doc[left].is_space):
            left += 1
        return self.doc[left : right + 1]

    def _observe(self, i: int) -> None:
        """A point that is not a quote speaker: record who it refers to, for later pronouns."""
        doc = self.doc
        hit = self.person_at.get(i)
        if hit:
            self._event(hit[1], doc[hit[0] - 1])
            return
        t = doc[i]
        low = t.lower_
        if low in _PRONOUN_FORMS and not self.quoted[i]:
            if low in _PLURAL:
                res = self._resolve_plural(i, record=False)
            elif low in _NEUTER:
                res = self._resolve_neuter(i)
            else:
                res = self._resolve_gendered(i, "m" if low in _MALE else "f")
            if res.entity is not None:
                self._event(res.entity, t)
            return
        # A subject NP that starts here: the first subject among the next 12 tokens.
        k = bisect.bisect_left(self._subjects, i)
        if k == len(self._subjects) or self._subjects[k] >= min(len(doc), i + 12):
            return
        head = doc[self._subjects[k]]
        span = self._np(head)
        res = self._classify(span)
        if res.entity is not None and res.entity.kind != "person":
            self._event(res.entity, head)

    def _event(self, ent: _Entity, head: Token, speaker: bool = False) -> _Event:
        ev = _Event(ent, head.i, self.sent_of[head.i], head.dep_ in _SUBJ_DEPS, speaker)
        ent.events.append(ev)
        self.history.append(ev)
        if speaker:
            self.last_speaker = ev
        return ev

    # ------------------------------------------------------------------ quotes

    def _resolve_quote(self, q: Quote) -> None:
        span = self._span(q.speaker.start, q.speaker.end)
        assert span is not None
        res = self._classify(span)
        self._apply(q, res)
        if res.entity is not None:
            head = span.root if len(span) else self.doc[span.start]
            ev = self._event(res.entity, head, speaker=True)
            ev.subject = True

    def _resolve_nearest(self, q: Quote) -> None:
        """No mention: the speaker of the last quote nearby, else the most salient person."""
        i = self._tok_at(q.start)
        si = self.sent_of[min(i, len(self.doc) - 1)] if len(self.doc) else 0
        ent = None
        if self.last_speaker is not None and si - self.last_speaker.sent <= 3:
            ent = self.last_speaker.ent
        if ent is None:
            ranked = self._rank(self.people, i, _PRONOUN_WINDOW)
            ent = ranked[0][1] if ranked else None
        if ent is None:
            q.speaker.name, q.speaker.type, q.speaker.resolution = None, "unknown", "none"
            return
        self._apply(q, _Result(ent.name, ent.speaker_type, "nearest", ent))
        if q.speaker.resolution != "nearest":
            q.speaker.resolution = "nearest"

    def _resolve_first_person(self, q: Quote) -> None:
        """'I' / 'we' as a speaker: the speaker of the direct quote around it, if any."""
        s = q.speaker.start or 0
        for other in self.quotes:
            if other is q or other.kind != "direct" or not other.speaker.name:
                continue
            if any(p.start <= s < p.end for p in other.parts):
                # "I" and "we" inside someone's quotation: what they say is theirs
                q.speaker.name, q.speaker.type = other.speaker.name, other.speaker.type
                q.speaker.role, q.speaker.resolution = other.speaker.role, "pronoun"
                return
        # The quote finder may not have given the enclosing quote; use the speaker named in the
        # same sentence outside the quotation marks ('"I heard ...," Lavrov said').
        span = self._span(q.speaker.start, q.speaker.end)
        if span is not None and self.quoted[span.start]:
            si = self.sent_of[span.start]
            for other in self.quotes:
                o = self._span(other.speaker.start, other.speaker.end)
                if other is q or o is None or not other.speaker.name or self.quoted[o.start]:
                    continue
                if self.sent_of[o.start] == si:
                    q.speaker.name, q.speaker.type = other.speaker.name, other.speaker.type
                    q.speaker.role, q.speaker.resolution = other.speaker.role, "pronoun"
                    return
        q.speaker.name, q.speaker.type, q.speaker.resolution = None, "unknown", "none"

    def _apply(self, q: Quote, res: _Result) -> None:
        sp = q.speaker
        preset_nearest = sp.resolution == "nearest"
        sp.name, sp.type, sp.resolution = res.name, res.type, res.resolution
        if preset_nearest and res.name:
            sp.resolution = "nearest"
        ent = res.entity
        sp.role = res.role or (ent.role if ent is not None and ent.kind == "person" else None)
        sp.members = list(ent.members) if ent is not None and ent.kind == "joint" else []

    # ------------------------------------------------------------------ classification

    def _span(self, start: int | None, end: int | None) -> SpacySpan | None:
        if start is None or end is None or end <= start:
            return None
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span

    def _classify_text(self, mention: str, pos: int) -> _Result:
        """A mention whose offsets do not fit the doc: resolve from its words alone."""
        lex = self.lex
        text = " ".join(mention.split())
        low = _strip_det(fold(text))
        if not low:
            return _Result(None, "unknown", "none")
        c = lex.country_names.get(low) or lex.country_capitals.get(low)
        if c is not None:
            return self._government(c, pos, "name")
        if low in lex.organizations:
            return self._org(lex.organizations[low], pos, "name")
        words = low.split()
        if words[-1] in lex.group_heads:
            kept = [w for w in _strip_det_text(text).split() if fold(w) not in _QUANTIFIERS]
            return self._group("unnamed " + " ".join(kept).lower() if kept else "unnamed sources", pos)
        name = names.clean_name(split_role(text)[1])
        if name and self._valid_person_name(name):
            sk = names.surname_key(name)
            people = [e for e in self.people if names.surname_key(e.name) == sk and names.same_person(name, e.name)]
            if len(people) == 1:
                return _Result(people[0].name, "person", "name", people[0])
            shown = names.display_name(name)
            return _Result(names.preferred_form(shown) or shown, "person", "name")
        return _Result(None, "unknown", "none")

    def _classify(self, span: SpacySpan) -> _Result:
        """Resolve a mention span at its position in the walk."""
        toks = [t for t in span if not t.is_space and t.text not in ("\n",)]
        if not toks:
            return _Result(None, "unknown", "none")
        text = " ".join(span.text.split())
        low = fold(text)
        pos = span.start
        if len(toks) == 1 and toks[0].lower_ in _MALE | _FEMALE | _PLURAL | _NEUTER | _RELATIVE:
            w = toks[0].lower_
            if w in _MALE:
                return self._resolve_gendered(pos, "m")
            if w in _FEMALE:
                return self._resolve_gendered(pos, "f")
            if w in _PLURAL:
                return self._resolve_plural(pos, record=True)
            if w in _NEUTER:
                return self._resolve_neuter(pos)
            ante = self._relative_antecedent(toks[0])
            if ante is not None and not (ante.start <= toks[0].i < ante.end):
                return self._classify(ante)
            return _Result(None, "unknown", "none")
        if low in self.lex.joint_phrases or _strip_det(low) in self.lex.joint_phrases or low in ("both", "the two"):
            return self._resolve_joint(pos)
        parts = self._conjuncts(span)
        if len(parts) > 1:
            results = [self._classify_named(p) for p in parts]
            if all(r.name and r.entity is not None for r in results):
                members = [self._side_name(r) for r in results]
                return self._joint_result(members, [r.entity for r in results if r.entity is not None], pos, "name")
        return self._classify_named(span)

    def _classify_named(self, span: SpacySpan) -> _Result:
        text = " ".join(span.text.split())
        pos = span.start
        low = fold(text)
        nodet = _strip_det(low)
        lex = self.lex
        if nodet in lex.regions or low in lex.regions:
            adj = lex.regions.get(low) or lex.regions[nodet]
            return self._group(f"unnamed {adj} sources", pos)
        bare = names.clean_name(nodet)
        c0 = lex.country_names.get(bare) or lex.country_capitals.get(bare)
        if c0 is not None and not self._person_in(span):
            return self._government(c0, pos, "name")
        if bare in lex.organizations:
            return self._org(lex.organizations[bare], pos, "name")
        root = span.root
        rf = fold(root.text)
        if root.pos_ == "NOUN" and root.ent_type_ != "PERSON":
            # The head decides: "Netanyahu's office" is a body, "a spokesman for the ministry" a person.
            if rf in lex.org_heads and rf not in _role_heads():
                res = self._org_or_government(span, text)
                if res is not None:
                    return res
            elif rf in _role_heads():
                inner = names.clean_name(split_role(text)[1])
                if not inner or self._name_in_pp(span, inner):
                    return self._resolve_description(span, text)  # "the head of the IAEA"
        head_tok = span.root if len(span) else None
        if (head_tok is not None and head_tok.ent_type_ not in ("PERSON", "GPE", "ORG")
                and fold(head_tok.text) in lex.group_heads and head_tok.tag_ in ("NNS", "NNPS", "NN", "NNP")):
            group = self._group_label(span)
            if group is not None:
                return self._group(group, pos)
        hit = self._person_in(span)
        if hit is not None:
            role, _ = split_role(text)
            return _Result(hit.name, "person", "name", hit, role if role and self._has_role_word(role) else None)
        owner_country = self._possessor_country(span)
        if owner_country is not None:
            return self._government(owner_country, pos, "pronoun")
        role, name = split_role(text)
        name = names.clean_name(name)
        if name and not self._name_is_head(span, name):
            name = ""  # "the situation in Deir Ezzor": the name is not who speaks
        fname = fold(name) if name else ""
        if fname:
            c = lex.country_names.get(fname) or lex.country_capitals.get(fname)
            if c is not None and not role:
                return self._government(c, pos, "name")
            if fname in lex.organizations:
                return self._org(lex.organizations[fname], pos, "name")
            peoples = lex.country_peoples.get(fname)
            if peoples is not None and not role:
                if low.startswith("the "):
                    return self._government(peoples, pos, "name")
                return self._group(f"unnamed {name}", pos)
        org_or_gov = self._org_or_government(span, text)
        if org_or_gov is not None:
            return org_or_gov
        if fname and self._valid_person_name(name) and not self._is_place_or_org(name, span):
            labels = {t.ent_type_ for t in span if t.text in name.split()} - {""}
            if labels & {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT"} and "PERSON" not in labels:
                return self._org(_strip_det_text(text), pos, "name")
            if labels & {"GPE"} and "PERSON" not in labels:
                return self._org(f"{name} government", pos, "name", kind="government")
            if labels & {"NORP"} and "PERSON" not in labels:
                return self._group(f"unnamed {name}", pos)
            ent = self._new_person(name, role, pos)
            return _Result(ent.name, "person", "name", ent, role if role and self._has_role_word(role) else None)
        group = self._group_label(span)
        if group is not None:
            return self._group(group, pos)
        if fname and fname[0].isalpha() and name[:1].isupper() and not names.role_concepts(text)[0]:
            return self._org(_strip_det_text(text), pos, "name")
        return self._resolve_description(span, text)

    def _person_in(self, span: SpacySpan) -> _Entity | None:
        # The head of "Breitbart's Joel Pollak" is the last name in it.
        for i in range(span.end - 1, span.start - 1, -1):
            hit = self.person_at.get(i)
            if hit is not None and hit[0] <= span.end:
                return hit[1]
        # Names inside quotes are not in person_at; match by form.
        name = names.clean_name(split_role(span.text)[1])
        if not name or not self._valid_person_name(name) or self._is_place_or_org(name, span):
            return None
        if names.given_names(name):
            return self._match_full(name, span.start)
        return self._match_bare(name, span.start)

    def _new_person(self, name: str, role: str | None, pos: int) -> _Entity:
        ent = _Entity("person", name, pos)
        ent.forms[name] += 1
        if role and self._has_role_word(role):
            ent.roles.append((role, pos))
        self._finish_person(ent)
        self.people.append(ent)
        self.by_surname.setdefault(names.surname_key(name), []).append(ent)
        return ent

    def _org_or_government(self, span: SpacySpan, text: str) -> _Result | None:
        lex = self.lex
        words = _strip_det_text(text).split()
        if not words:
            return None
        root = span.root
        head = fold(root.text) if root.pos_ in ("NOUN", "PROPN") and fold(root.text) in lex.org_heads else fold(words[-1])
        pos = span.start
        if head in _role_heads() and head not in lex.org_heads:
            return None  # "the former secretary of state": a person's role, not a body
        country = names.role_country(text)
        if head in _GOV_HEADS and country is not None and all(
            not w[:1].isupper() or fold(w).rstrip("'s’") in lex.country_adjectives or fold(re.sub(r"(?:'s|’s)$", "", w)) in lex.country_names
            or fold(w) in ("the",) for w in words[:-1]
        ):
            return self._government(country, pos, "name")
        if head in lex.org_heads or head in ("campaign",):
            owner = self._possessor(span)
            if owner is not None:
                return self._org(f"{owner.name}'s {root.text.lower()}", pos, "description")
            proper = [w for w in words if w[:1].isupper() and fold(w) not in _PRONOUN_WORDS]
            if proper:
                return self._org(_org_name(words), pos, "name")
            # "the group", "the organisation": the organisation that spoke or acted last
            if head in _GENERIC_ORG:
                ranked = self._rank([e for e in self.others.values() if e.kind == "organization"], pos, 4)
                if ranked:
                    ent = ranked[0][1]
                    return _Result(ent.name, "organization", "description", ent)
            # "the ministry": the organisation with that head seen last
            prev = self._recent_org(head, pos)
            if prev is not None:
                return _Result(prev.name, prev.speaker_type, "description", prev)
            return _Result(f"unnamed {' '.join(w.lower() for w in words)}", "organization", "none")
        if head in lex.document_heads:
            orgs = [t for t in span if t.ent_type_ == "ORG"]
            if orgs:
                return self._org(" ".join(t.text for t in orgs), pos, "name")
            return _Result(None, "unknown", "none")
        return None

    def _name_in_pp(self, span: SpacySpan, name: str) -> bool:
        """Is the name inside a prepositional phrase of the mention ("the head of the IAEA")?"""
        last = name.split()[-1]
        tok = next((t for t in reversed(span) if t.text == last), None)
        root_i = span.root.i
        # spaCy makes a new Token object on every access: compare indices, never identity.
        while tok is not None and span.start <= tok.i < span.end and tok.i != root_i:
            if tok.dep_ == "prep":
                return True
            if tok.head.i == tok.i:  # a sentence root (a mention across two sentences)
                break
            tok = tok.head
        return False

    def _name_is_head(self, span: SpacySpan, name: str) -> bool:
        if self._name_in_pp(span, name):
            return False
        root = span.root
        if root.text in name.split() or root.pos_ not in ("NOUN",):
            return True
        f = fold(root.text)
        return f in self.lex.title_words or f in _role_heads()

    def _possessor_country(self, span: SpacySpan) -> Country | None:
        """'his country', 'Lavrov's government': the government of that person's country."""
        root = span.root
        if fold(root.text) not in ("country", "government", "nation", "side") or len(span) > 4:
            return None
        owner = self._possessor(span)
        if owner is None or not owner.country:
            return None
        return next((c for c in self.lex.countries if c.name == owner.country), None)

    def _possessor(self, span: SpacySpan) -> _Entity | None:
        for t in span:
            if t.dep_ == "poss":
                if t.lower_ in _MALE:
                    return self._resolve_gendered(t.i, "m").entity
                if t.lower_ in _FEMALE:
                    return self._resolve_gendered(t.i, "f").entity
                for i in range(t.i, span.start - 1, -1):
                    hit = self.person_at.get(i)
                    if hit and hit[0] > t.i:
                        return hit[1]
        return None

    def _recent_org(self, head: str, pos: int) -> _Entity | None:
        best = None
        for ent in self.others.values():
            if ent.kind != "organization" or fold(ent.name).split()[-1:] != [head] or ent.first > pos:
                continue
            if best is None or (ent.events and best.events and ent.events[-1].tok > best.events[-1].tok):
                best = ent
        if best is None:
            for e in self.doc.ents:
                if e.label_ == "ORG" and e.start < pos and fold(e.text).split()[-1:] == [head]:
                    best = self._org(_org_name(_strip_det_text(e.text).split()), e.start, "name").entity
        return best

    def _group_label(self, span: SpacySpan) -> str | None:
        """'unnamed foreign officials' for "the officials of some foreign countries"; None if not a group."""
        lex = self.lex
        toks = [t for t in span if not t.is_space and not t.is_punct]
        if not toks:
            return None
        root = span.root
        head = root if root.i < span.end else toks[-1]
        head_f = fold(head.text)
        if len(toks) == 1 and head_f in _QUANTIFIERS | {"some", "many", "others", "most"}:
            return "unnamed sources"
        is_group = head_f in lex.group_heads or (head.tag_ in ("NNS", "NNPS") and head_f not in lex.document_heads
                                                 and head_f not in lex.org_heads)
        if not is_group:
            return None
        words: list[str] = []
        for t in span:
            if t.i >= head.i:
                break
            f = fold(t.text)
            if f in _QUANTIFIERS or t.is_punct or t.is_space or t.dep_ == "poss" or t.pos_ in ("DET", "NUM"):
                continue
            words.append(_label_word(t))
        # "officials of some foreign countries" -> "foreign officials"
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from") and c.i < span.end:
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None and fold(obj.text) in ("countries", "states", "nations", "governments",
                                                          "capitals", "parties"):
                    for g in obj.children:
                        if g.dep_ in ("amod", "compound") and fold(g.text) not in _QUANTIFIERS:
                            words.insert(0, g.text if g.ent_type_ else g.text.lower())
                elif obj is not None and (obj.ent_type_ in ("GPE", "ORG", "NORP")):
                    c2 = lex.country_names.get(fold(obj.text))
                    words.insert(0, c2.adjectives[0] if c2 and c2.adjectives else obj.text)
        head_word = _label_word(head) if head.ent_type_ else head.text.lower()
        if head_f in _QUANTIFIERS:
            head_word = "sources"
        return "unnamed " + " ".join([*words, head_word])

    def _resolve_description(self, span: SpacySpan, text: str) -> _Result:
        """'the top Russian diplomat' -> the person whose roles carry 'foreign minister' (Russian or unknown)."""
        concepts, country = names.role_concepts(text)
        lex = self.lex
        gender = next((lex.gendered[w] for w in fold(text).split() if lex.gendered.get(w)), None)
        if not concepts:
            if gender and fold(text).split()[-1] in lex.gendered:
                return _Result(None, "person", "none")
            return _Result(None, "unknown", "none")
        label = _strip_det_text(text)
        if fold(text).split()[0] in ("a", "an", "one", "another", "some"):
            return _Result(f"unnamed {label}", "person", "description")  # a new, unnamed person
        want = names.head_concept(text) or concepts[0]
        pos = span.start

        def fits(e: _Entity, need_role: bool = True) -> bool:
            if gender and e.gender and e.gender != gender:
                return False
            if country and e.country and e.country != country:
                return False
            return want in e.concepts if need_role else not e.roles

        cands = [e for e in self.people if fits(e)]
        if cands:
            ranked = self._rank(cands, pos, 40)
            if ranked:
                ent = ranked[0][1]
            else:
                ent = min(cands, key=lambda e: (abs(e.first - pos), e.first))
            return _Result(ent.name, "person", "description", ent)
        # No one has that role: the single salient person with no known role, if the text names no other.
        loose = [e for e in self.people if fits(e, need_role=False)]
        ranked = self._rank(loose, pos, 3)
        if ranked and (len(ranked) == 1 or ranked[0][0] > 2 * ranked[1][0]) and not any(
            e.roles for e in self.people if e is not ranked[0][1]
        ):
            ent = ranked[0][1]
            return _Result(ent.name, "person", "description", ent)
        return _Result(f"unnamed {label}", "person", "none")

    # ------------------------------------------------------------------ pronouns

    def _rank(self, cands: list[_Entity], pos: int, window: int, gender: str | None = None) -> list[tuple[float, _Entity]]:
        """Candidates by salience at token ``pos``: recency, subjects, quote speakers, last speaker."""
        si = self.sent_of[min(pos, len(self.doc) - 1)] if len(self.doc) else 0
        out = []
        for e in cands:
            score = 0.0
            for ev in reversed(e.events):
                if ev.tok >= pos:
                    continue
                dist = si - ev.sent
                if dist > window:
                    break
                w = _DECAY ** dist
                if ev.subject:
                    w *= 2.0
                if ev.speaker:
                    w *= 1.5
                score += w
            if score == 0.0:
                continue
            last = self.last_speaker
            if last is not None and last.ent is e and si - last.sent <= window:
                # the speaker of the previous quote stays the topic unless someone newer took over
                score += _DECAY ** (si - last.sent)
            out.append((score, e))
        if gender is not None and any(e.gender == gender for _, e in out):
            # someone of the right gender is known: people of unknown gender are a weaker reading
            out = [(sc * (_UNKNOWN_GENDER if e.gender is None else 1.0), e) for sc, e in out]
        out.sort(key=lambda se: (-se[0], -max((ev.tok for ev in se[1].events if ev.tok < pos), default=-1)))
        return out

    def _clause_subject_entities(self, pos: int) -> set[int]:
        """Entities that are the subject of the clause an object pronoun sits in ("Moore thanked him"):
        such a pronoun cannot refer to them (a reflexive would be used)."""
        tok = self.doc[pos]
        if tok.dep_ not in ("dobj", "pobj", "dative", "iobj") or tok.lower_ in ("himself", "herself"):
            return set()
        verb = tok.head
        hops = 0
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and hops < 3:
            verb = verb.head
            hops += 1
        subjects = {c.i for c in verb.children if c.dep_ in _SUBJ_DEPS}
        return {id(ev.ent) for ev in self.history if ev.tok in subjects}

    def _resolve_gendered(self, pos: int, gender: str) -> _Result:
        banned = self._clause_subject_entities(pos)
        cands = [e for e in self.people if e.gender in (gender, None) and id(e) not in banned]
        ranked = self._rank(cands, pos, _PRONOUN_WINDOW, gender)
        if not ranked:
            ranked = self._rank(cands, pos, 10_000, gender)
        if ranked:
            ent = ranked[0][1]
        else:
            later = [e for e in cands if e.first > pos]
            if not later:
                return _Result(None, "person", "none")
            ent = min(later, key=lambda e: e.first)
        if ent.gender is None:
            ent.gender = gender
        return _Result(ent.name, "person", "pronoun", ent)

    def _resolve_neuter(self, pos: int) -> _Result:
        cands = [e for e in self.others.values() if e.kind in ("government", "organization")]
        ranked = self._rank(cands, pos, _NEUTER_WINDOW)
        if not ranked:
            return _Result(None, "unknown", "none")
        ent = ranked[0][1]
        return _Result(ent.name, ent.speaker_type, "pronoun", ent)

    def _resolve_plural(self, pos: int, record: bool) -> _Result:
        cands = [e for e in self.others.values() if e.kind in ("group", "joint")]
        ranked = self._rank(cands, pos, _PLURAL_WINDOW)
        if ranked:
            ent = ranked[0][1]
            return _Result(ent.name, ent.speaker_type, "pronoun", ent)
        res = self._resolve_joint(pos, resolution="pronoun", allow_fallback=record)
        return res

    def _relative_antecedent(self, tok: Token) -> SpacySpan | None:
        head = tok.head
        if head.dep_ == "relcl" and head.head.i != head.i:
            noun = head.head
            for e in self.doc.ents:
                if e.start <= noun.i < e.end:
                    return e
            return self.doc[noun.left_edge.i : noun.i + 1]
        return None

    # ------------------------------------------------------------------ joint speakers

    def _conjuncts(self, span: SpacySpan) -> list[SpacySpan]:
        """Split "Russia and Turkey" / "the United States and the NATO" into its sides."""
        text = span.text
        if not re.search(r"\band\b|&", text):
            return [span]
        f = fold(" ".join(text.split()))
        lex = self.lex
        if _strip_det(f) in lex.country_names or _strip_det(f) in lex.organizations:
            return [span]
        ents = [e for e in self.doc.ents if e.start <= span.start and e.end >= span.end]
        if ents:
            return [span]
        parts: list[SpacySpan] = []
        start = span.start
        for t in span:
            if t.lower_ in ("and", "&") or t.text == ",":
                if t.i > start:
                    parts.append(self.doc[start : t.i])
                start = t.i + 1
        if start < span.end:
            parts.append(self.doc[start : span.end])
        parts = [p for p in parts if any(not t.is_space for t in p)]
        # Only names and countries make a joint speaker ("Arab and African Affairs" does not).
        ok = all(any(t.text[:1].isupper() for t in p) for p in parts)
        return parts if ok and len(parts) > 1 else [span]

    def _side_name(self, r: _Result) -> str:
        ent = r.entity
        if ent is not None and ent.kind == "government" and ent.country:
            return ent.country
        return r.name or ""

    def _resolve_joint(self, pos: int, resolution: str = "description", allow_fallback: bool = True) -> _Result:
        """'both sides', 'the two sides', 'they': the participants of the last meeting in the text."""
        si = self.sent_of[min(pos, len(self.doc) - 1)] if len(self.doc) else 0
        recent = [e for e in self.others.values() if e.kind == "joint"]
        ranked = self._rank(recent, pos, _PLURAL_WINDOW)
        if ranked:
            ent = ranked[0][1]
            return _Result(ent.name, "group", resolution, ent)
        for s in range(si, max(-1, si - _JOINT_WINDOW), -1):
            people = [e for e in self._people_in_sentence(s) if any(ev.tok < pos for ev in e.events)
                      or self.sents[s].start < pos]
            if s == si:
                people = [e for e in people if any(p < pos for p in e.forms_pos)]
            if len(people) >= 2 and self._interaction(s):
                return self._joint_from_people(people, pos, resolution)
        if not allow_fallback:
            return _Result(None, "group", "none")
        ranked_p = self._rank(self.people, pos, 8)
        if len(ranked_p) >= 2:
            return self._joint_from_people([ranked_p[0][1], ranked_p[1][1]], pos, resolution)
        return _Result(None, "group", "none")

    def _interaction(self, s: int) -> bool:
        return any(t.lower_ in _INTERACTION or t.lemma_.lower() in _INTERACTION for t in self.sents[s])

    def _joint_from_people(self, people: list[_Entity], pos: int, resolution: str) -> _Result:
        people = sorted(people, key=lambda e: e.first)
        countries: list[str] = []
        for e in people:
            if e.country and e.country not in countries:
                countries.append(e.country)
        sides = countries if len(countries) >= 2 else [e.name for e in people]
        res = self._joint_result(sides, people, pos, resolution)
        ent = res.entity
        if ent is not None:
            ent.members = [e.name for e in people]
        return res

    def _joint_result(self, sides: list[str], ents: list[_Entity], pos: int, resolution: str) -> _Result:
        name = _join(sides)
        ent = self.others.get(("joint", name))
        if ent is None:
            ent = _Entity("joint", name, pos)
            ent.members = list(sides)
            self.others[("joint", name)] = ent
        return _Result(name, "group", resolution, ent)

    # ------------------------------------------------------------------ entity makers

    def _government(self, c: Country, pos: int, resolution: str) -> _Result:
        key = ("government", c.name)
        ent = self.others.get(key)
        if ent is None:
            ent = _Entity("government", c.government, pos, country=c.name)
            self.others[key] = ent
        return _Result(ent.name, "organization", resolution, ent)

    def _org(self, name: str, pos: int, resolution: str, kind: str = "organization") -> _Result:
        name = self.lex.organizations.get(fold(name), name)
        key = (kind, fold(name))
        ent = self.others.get(key)
        if ent is None:
            ent = _Entity(kind, name, pos)
            self.others[key] = ent
        return _Result(ent.name, "organization", resolution, ent)

    def _group(self, label: str, pos: int) -> _Result:
        key = ("group", fold(label))
        ent = self.others.get(key)
        if ent is None:
            ent = _Entity("group", label, pos)
            self.others[key] = ent
        return _Result(ent.name, "group", "description", ent)


# ---------------------------------------------------------------------- helpers


def _role_heads() -> set[str]:
    """Last words of role phrases ("minister", "state" of "secretary of state")."""
    global _ROLE_HEADS
    if _ROLE_HEADS is None:
        _ROLE_HEADS = {k[-1] for k in lexicon().role_phrases}
    return _ROLE_HEADS


_ROLE_HEADS: set[str] | None = None


def _label_word(t: Token) -> str:
    """Keep capitals that are the word's own ("Western", "U.S."), not a sentence start's."""
    if not t.text[:1].isupper():
        return t.text
    lex = lexicon()
    f = fold(t.text)
    own = (t.ent_type_ or t.pos_ == "PROPN" or t.i != t.sent.start or f in lex.country_adjectives
           or f in {fold(v) for v in lex.regions.values()})
    return t.text if own or t.text.isupper() else t.text.lower()


def _gender_of(e: _Entity) -> str | None:
    """The gender known so far, also while the person is still being built."""
    if e.gender:
        return e.gender
    genders = {names.name_gender(f) for f in e.forms} - {None}
    return genders.pop() if len(genders) == 1 else None


def _strip_det(folded: str) -> str:
    parts = folded.split(None, 1)
    return parts[1] if len(parts) == 2 and parts[0] in ("the", "a", "an") else folded


def _strip_det_text(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", " ".join(text.split()), flags=re.I)


def _org_name(words: list[str]) -> str:
    """'Russia's Foreign Ministry' -> 'Russian Foreign Ministry'; determiners dropped."""
    lex = lexicon()
    out = []
    for w in words:
        base = re.sub(r"(?:'s|’s)$", "", w)
        if base != w:
            c = lex.country_names.get(fold(base))
            if c is not None and c.adjectives:
                out.append(c.adjectives[0])
                continue
        out.append(w)
    while out and out[0].lower() in ("the", "a", "an"):
        out.pop(0)
    return " ".join(out)


def _surname_of_token(text: str) -> str:
    return names.surname_key(names.clean_name(text))


def _near_miss(a: str, b: str) -> bool:
    """One edit apart (a typo like 'Steimeier' for 'Steinmeier'), for long surnames only."""
    if a == b or min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


def _join(sides: list[str]) -> str:
    sides = [s for s in sides if s]
    if len(sides) <= 2:
        return " and ".join(sides)
    return ", ".join(sides[:-1]) + " and " + sides[-1]
