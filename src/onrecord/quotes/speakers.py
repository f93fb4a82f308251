"""Speaker names: matching keys, transliteration variants, roles, and canonical forms.

Plain string functions over the lexicons in ``onrecord/data/speakers/``; no spaCy. They are
shared by the in-article resolver (:mod:`onrecord.quotes.resolve`), by
:func:`canonicalize_corpus` (one name per person across a batch of articles) and by the
store's speaker registry, which keeps aliases and roles:

- :func:`split_role` - ``"Russian Foreign Minister Sergei Lavrov"`` -> ``("Russian Foreign Minister", "Sergei Lavrov")``
- :func:`name_key` - a normalised matching key: ``"Sergey Lavrov"`` and ``"Sergei Lavrov"`` -> ``"sergei lavrov"``
- :func:`surname_key` - the family-name part of the key (``"lavrov"``)
- :func:`same_person` - could two name forms denote one person (``"Lavrov"``, ``"S. Lavrov"``, ``"Sergei Lavrov"``)
- :func:`preferred_form` - the usual English spelling of a well-known name, if listed
- :func:`cluster_names` - name forms -> canonical form, for a whole corpus
- :func:`is_unnamed` - a generic label ("unnamed Western sources"), not an identity
- :func:`collect_speakers` - after :func:`canonicalize_corpus`: one record per speaker with its
  aliases (the name forms it was mentioned by), roles with first and last dates, type and count

Everything here is deterministic: the same inputs give the same canonical names.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Extraction

VERSION = "speakers-1"

_DATA = "data/speakers"

# Characters NFKD does not decompose into ASCII letters.
_FOLD_EXTRA = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "ł": "l",
                             "Ł": "L", "đ": "d", "Đ": "D", "œ": "oe", "’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")
_PAREN = re.compile(r"\s*\([^)]*\)")
_INITIAL = re.compile(r"^[A-Za-z]\.$|^[A-Z]$")
_DETERMINERS = {"the", "a", "an"}


# ---------------------------------------------------------------------------
# Lexicons (loaded once per process)
# ---------------------------------------------------------------------------


def _read_text(name: str) -> str:
    return resources.files("onrecord").joinpath(f"{_DATA}/{name}").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    peoples: tuple[str, ...]
    capitals: tuple[str, ...]
    government: str


@dataclass
class Lexicon:
    """Everything the name and role functions look up, folded to lowercase."""

    given_variants: dict[str, str] = field(default_factory=dict)
    surname_variants: dict[str, str] = field(default_factory=dict)
    preferred: list[str] = field(default_factory=list)
    keep_initials: set[str] = field(default_factory=set)
    honorifics: dict[str, str | None] = field(default_factory=dict)
    particles: set[str] = field(default_factory=set)
    suffixes: set[str] = field(default_factory=set)
    first_names: dict[str, str] = field(default_factory=dict)
    role_phrases: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    role_words: set[str] = field(default_factory=set)  # every word of the role phrases
    max_phrase: int = 1
    title_words: set[str] = field(default_factory=set)
    role_modifiers: set[str] = field(default_factory=set)
    subordinate: set[str] = field(default_factory=set)
    gendered: dict[str, str | None] = field(default_factory=dict)
    group_heads: set[str] = field(default_factory=set)
    org_heads: set[str] = field(default_factory=set)
    document_heads: set[str] = field(default_factory=set)
    joint_phrases: set[str] = field(default_factory=set)
    regions: dict[str, str] = field(default_factory=dict)
    countries: list[Country] = field(default_factory=list)
    # folded surface form -> country, for names/aliases, adjectives, peoples, capitals
    country_names: dict[str, Country] = field(default_factory=dict)
    country_adjectives: dict[str, Country] = field(default_factory=dict)
    country_peoples: dict[str, Country] = field(default_factory=dict)
    country_capitals: dict[str, Country] = field(default_factory=dict)
    organizations: dict[str, str] = field(default_factory=dict)


def _split_list(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The speaker lexicons from ``onrecord/data/speakers`` (cached)."""
    lex = Lexicon()
    names: dict[str, Any] = json.loads(_read_text("names.json"))
    for group in names["given_name_variants"]:
        key = fold(group[0])
        for v in group:
            lex.given_variants.setdefault(fold(v), key)
    for group in names["surname_variants"]:
        key = _strip_particle(fold(group[0]))
        for v in group:
            lex.surname_variants.setdefault(_strip_particle(fold(v)), key)
    lex.honorifics = {fold(k): v for k, v in names["honorifics"].items()}
    lex.particles = {fold(p) for p in names["particles"]}
    lex.suffixes = {fold(s) for s in names["suffixes"]}
    for line in _read_text("first_names.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            name, gender = line.split("\t")
            lex.first_names[fold(name)] = gender.strip()
    roles: dict[str, Any] = json.loads(_read_text("roles.json"))
    for phrase, concepts in roles["role_phrases"].items():
        toks = tuple(fold(phrase).split())
        lex.role_phrases[toks] = list(concepts)
        lex.max_phrase = max(lex.max_phrase, len(toks))
        lex.role_words.update(toks)
    lex.title_words = {fold(w) for w in roles["title_words"]}
    lex.role_modifiers = {fold(w) for w in roles["role_modifiers"]}
    lex.subordinate = {fold(w) for w in roles["subordinate_modifiers"]}
    lex.gendered = {fold(k): v for k, v in roles["gendered"].items()}
    lex.group_heads = {fold(w) for w in roles["group_heads"]}
    lex.org_heads = {fold(w) for w in roles["org_heads"]}
    lex.document_heads = {fold(w) for w in roles["document_heads"]}
    lex.joint_phrases = {fold(w) for w in roles["joint_phrases"]}
    lex.regions = {fold(k): v for k, v in roles["regions"].items()}
    rows = csv.reader((ln for ln in _read_text("countries.tsv").splitlines() if ln and not ln.startswith("#")),
                      delimiter="\t")
    for row in rows:
        row = [*row, "", "", "", "", ""][:6]
        c = Country(row[0], _split_list(row[1]), _split_list(row[2]), _split_list(row[3]), _split_list(row[4]),
                    row[5] or f"{row[0]} government")
        lex.countries.append(c)
        for n in (c.name, *c.aliases):
            lex.country_names.setdefault(fold(n), c)
            lex.country_names.setdefault(fold(_strip_det(n)), c)
        for a in c.adjectives:
            lex.country_adjectives.setdefault(fold(a), c)
        for p in c.peoples:
            lex.country_peoples.setdefault(fold(p), c)
        for cap in c.capitals:
            lex.country_capitals.setdefault(fold(cap), c)
            lex.country_capitals.setdefault(fold(_strip_det(cap)), c)
    for line in _read_text("organizations.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [*line.split("\t"), ""]
        canonical = cells[0].strip()
        for n in (canonical, *_split_list(cells[1])):
            lex.organizations.setdefault(fold(n), canonical)
            lex.organizations.setdefault(fold(_strip_det(n)), canonical)
    lex.preferred = list(names["preferred"])
    lex.keep_initials = {fold(n) for n in names["keep_initials"]}
    return lex


def _lex() -> Lexicon:
    return lexicon()


@lru_cache(maxsize=1)
def _preferred_by_surname() -> dict[str, list[str]]:
    """The preference list indexed by surname key (built after the lexicon, as it uses the variants)."""
    out: dict[str, list[str]] = {}
    for form in _lex().preferred:
        sk = _parts(form).surname
        if sk:
            out.setdefault(sk, []).append(form)
    return out


# ---------------------------------------------------------------------------
# Folding and name parts
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lowercase ASCII-ish form for matching: no diacritics, straight apostrophes, single spaces."""
    text = text.translate(_FOLD_EXTRA)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def _strip_det(text: str) -> str:
    parts = text.split(None, 1)
    if len(parts) == 2 and parts[0].lower() in _DETERMINERS:
        return parts[1]
    return text


def _strip_particle(tok: str) -> str:
    """'al-assad' -> 'assad'; 'el-sisi' -> 'sisi' (folded tokens)."""
    for p in ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-", "bin-", "ibn-", "abu-"):
        if tok.startswith(p) and len(tok) > len(p) + 1:
            return tok[len(p):]
    return tok


def clean_name(name: str) -> str:
    """Whitespace, parentheses ("(I-Vt.)"), a trailing possessive and surrounding punctuation removed."""
    text = _PAREN.sub("", name)
    text = " ".join(text.split())
    text = text.strip(" ,;:\"“”'‘’«»()[]")
    text = _POSSESSIVE.sub("", text).strip()
    return text


@dataclass(frozen=True)
class NameParts:
    """A person's name split for matching (all folded): given names, initials, surname."""

    given: tuple[str, ...]  # full given names, mapped to their variant key
    initials: tuple[str, ...]  # first letter of every given name, full or initial, in order
    surname: str  # variant key of the family name ("" if none)
    honorific_gender: str | None = None


def _is_initial(tok: str) -> bool:
    return bool(_INITIAL.match(tok))


@lru_cache(maxsize=8192)
def _parts(name: str) -> NameParts:
    lex = _lex()
    raw = clean_name(name)
    toks = [t for t in raw.split() if t]
    gender: str | None = None
    # Drop leading honorifics and titles ("Mr.", "Dr.", "President").
    while len(toks) > 1:
        f = fold(toks[0]).rstrip(".")
        if f in lex.honorifics:
            gender = gender or lex.honorifics[f]
            toks.pop(0)
        elif fold(toks[0]) in lex.title_words and fold(toks[0]) not in lex.first_names:
            toks.pop(0)
        else:
            break
    while toks and fold(toks[-1]).rstrip(".") in {s.rstrip(".") for s in lex.suffixes}:
        toks.pop()
    if not toks:
        return NameParts((), (), "", gender)
    # Surname: the last token that is not a particle ("Staffan de Mistura" -> "mistura").
    folded = [fold(t) for t in toks]
    surname_i = len(folded) - 1
    sur = _strip_particle(folded[surname_i])
    sur = sur.strip(".'")
    sur = _lex().surname_variants.get(sur, sur)
    given: list[str] = []
    initials: list[str] = []
    for t, f in zip(toks[:surname_i], folded[:surname_i], strict=True):
        f = f.strip(",")
        if f in lex.particles or f.rstrip("-") in lex.particles:
            continue
        if _is_initial(t):
            initials.append(f[0])
            continue
        # "Frank-Walter" is one given name; "H.W." two initials.
        if re.fullmatch(r"(?:[a-z]\.){2,}", f):
            initials.extend(ch for ch in f if ch.isalpha())
            continue
        key = lex.given_variants.get(f, f)
        given.append(key)
        initials.append(key[0])
    return NameParts(tuple(given), tuple(initials), sur, gender)


def name_key(name: str) -> str:
    """A normalised matching key: variants folded, honorifics, titles, middle initials and particles dropped.

    >>> name_key("Sergey Lavrov") == name_key("Sergei Lavrov") == "sergei lavrov"
    True
    """
    p = _parts(name)
    return " ".join((*p.given, p.surname)).strip()


def surname_key(name: str) -> str:
    """The family-name key (``"lavrov"`` for ``"Russian Foreign Minister Sergei Lavrov"``)."""
    return _parts(split_role(name)[1] or name).surname


def given_names(name: str) -> tuple[str, ...]:
    """The given-name keys (``("muhammad", "javad")`` for ``"Mohammad Jawad Zarif"``)."""
    return _parts(name).given


def same_person(a: str, b: str) -> bool:
    """Could the name forms ``a`` and ``b`` denote one person?

    True when the surnames match (after transliteration variants) and the given names of the
    shorter form all appear in the longer one (an initial matches a name with that letter).
    A surname alone matches any form with that surname: whether that is unambiguous is the
    caller's decision (see :func:`cluster_names`).
    """
    pa, pb = _parts(split_role(a)[1] or a), _parts(split_role(b)[1] or b)
    if not pa.surname or pa.surname != pb.surname:
        return False
    ga, gb = name_gender(a), name_gender(b)
    if ga and gb and ga != gb:
        return False
    if not pa.initials or not pb.initials:
        return True
    short, long_ = (pa, pb) if len(pa.initials) <= len(pb.initials) else (pb, pa)
    long_given = set(long_.given)
    long_initials = list(long_.initials)
    # Full names of the shorter form must appear in the longer; its initials must match a given name.
    for g in short.given:
        if g not in long_given:
            return False
    for ini in short.initials:
        if ini not in long_initials:
            return False
    # The first given names must agree unless the shorter form uses a later given name
    # ("Javad Zarif" for "Mohammad Javad Zarif").
    return bool(short.given) or short.initials[0] == long_.initials[0]


@lru_cache(maxsize=8192)
def name_gender(name: str) -> str | None:
    """'m' or 'f' from an honorific or the first given name, else None."""
    lex = _lex()
    p = _parts(name)
    if p.honorific_gender:
        return p.honorific_gender
    toks = clean_name(name).split()
    for t in toks[:-1] if len(toks) > 1 else []:
        f = fold(t).rstrip(".")
        if f in lex.honorifics or f in lex.title_words:
            g = lex.gendered.get(f)
            if g:
                return g
            continue
        g2 = lex.first_names.get(f)
        if g2 is None:
            # try the variant group's key ("Sergey" -> "sergei")
            g2 = lex.first_names.get(lex.given_variants.get(f, f))
        return g2 if g2 in ("m", "f") else None
    return None


def is_initialism_kept(name: str) -> bool:
    return fold(name) in _lex().keep_initials


def display_name(name: str) -> str:
    """The display form of a person's name: no title, honorific or possessive; middle initials dropped.

    ``"Susan E. Rice"`` -> ``"Susan Rice"``; names listed under ``keep_initials`` keep them.
    """
    text = clean_name(name)
    lex = _lex()
    toks = text.split()
    while len(toks) > 1 and fold(toks[0]).rstrip(".") in lex.honorifics:
        toks.pop(0)
    text = " ".join(toks)
    if is_initialism_kept(text):
        return text
    if len(toks) >= 3:
        kept = [toks[0]] + [t for t in toks[1:-1] if not _is_initial(t) and not re.fullmatch(r"(?:[A-Z]\.){2,}", t)]
        kept.append(toks[-1])
        text = " ".join(kept)
    return text


def preferred_form(name: str) -> str | None:
    """The listed usual English spelling of ``name`` (``"Sergey Lavrov"`` -> ``"Sergei Lavrov"``), if any.

    A form matches a listed name with the same key, or one whose given names include all of the
    form's given names; a form that matches two listed names ("George Bush") gets none.
    """
    p = _parts(name)
    if not p.surname or not p.given:
        return None
    hits = []
    for form in _preferred_by_surname().get(p.surname, []):
        q = _parts(form)
        if q.given == p.given or (set(p.given) <= set(q.given) and same_person(name, form)):
            hits.append(form)
    if len(hits) == 1:
        return hits[0]
    exact = [h for h in hits if _parts(h).given == p.given]
    return exact[0] if len(exact) == 1 else None


# ---------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------


def _looks_like_name_token(tok: str) -> bool:
    t = tok.strip(",")
    if not t:
        return False
    if _is_initial(t) or re.fullmatch(r"(?:[A-Z]\.){2,}", t):
        return True
    # "al-Assad", "el-Sisi", "bin Salman": a particle glued to a capitalised name
    t = re.sub(r"^(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu|ben)[-‐]", "", t)
    first = t[0] if t else ""
    return first.isupper() or (fold(t).rstrip("-") in _lex().particles and len(t) <= 4)


_REGNAL = {"king", "queen", "pope", "prince", "princess", "emir", "sheikh", "sheikha", "sultan", "patriarch"}


@lru_cache(maxsize=8192)
def split_role(mention: str) -> tuple[str | None, str]:
    """Split a mention into its role and its name.

    ``"Russian Foreign Minister Sergei Lavrov"`` -> ``("Russian Foreign Minister", "Sergei Lavrov")``;
    ``"Sergei Lavrov, Russia's foreign minister"`` -> ``("Russia's foreign minister", "Sergei Lavrov")``;
    ``"Mr. Trump"`` -> ``(None, "Trump")``; ``"the top Russian diplomat"`` -> ``("top Russian diplomat", "")``.
    Regnal names keep their title (``"Pope Francis"``, ``"King Salman"``).
    """
    lex = _lex()
    text = _PAREN.sub("", mention)
    text = " ".join(text.split()).strip(" ,;:\"“”«»")
    text = _POSSESSIVE.sub("", text).strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    if not text:
        return None, ""
    if "," in text:
        pieces = [p.strip() for p in text.split(",") if p.strip()]
        named = [(split_role(p), p) for p in pieces]
        with_name = [(r, n) for (r, n), _ in named if n]
        roles = [r for (r, n), _ in named if r]
        if len(with_name) == 1:
            role_parts = [r for r in roles if r]
            return (", ".join(role_parts) or None), with_name[0][1]
    toks = text.split()
    end = len(toks)
    while end > 1 and fold(toks[end - 1]).rstrip(".") in {s.rstrip(".") for s in lex.suffixes}:
        end -= 1
    i = end - 1
    name_start = end
    while i >= 0:
        tok = toks[i]
        f = fold(tok)
        if not _looks_like_name_token(tok):
            break
        stop_word = (
            f in lex.title_words
            or f.rstrip(".") in lex.honorifics
            or f in lex.org_heads
            or f in lex.country_adjectives
            or f in lex.country_names
            or _possessive(tok)
        )
        # The rightmost token is a name even if it is also a title word ("Martin Luther King").
        if stop_word and i != end - 1:
            break
        if stop_word and i == end - 1 and (f in lex.country_adjectives or f in lex.country_names or f in lex.org_heads):
            break
        name_start = i
        i -= 1
    name_toks = toks[name_start:]
    if name_toks and all(fold(t) in lex.title_words or fold(t).rstrip(".") in lex.honorifics for t in name_toks):
        name_start = end  # "the Russian Foreign Minister": all title, no name
        name_toks = []
    # Particles cannot start a name ("de Mistura" keeps them only after a given name or alone).
    role_toks = toks[:name_start]
    honorific = False
    while role_toks and fold(role_toks[-1]).rstrip(".") in lex.honorifics:
        role_toks.pop()
        honorific = True
    if name_toks and role_toks and not honorific and len(name_toks) == 1 and fold(role_toks[-1]) in _REGNAL:
        name_toks = [role_toks.pop(), *name_toks]
    while role_toks and fold(role_toks[0]) in _DETERMINERS:
        role_toks.pop(0)
    role = " ".join(role_toks) or None
    name = " ".join(name_toks)
    if name and fold(name) in lex.title_words and not role:
        return name, ""
    return role, name


def _possessive(tok: str) -> bool:
    return bool(re.search(r"(?:'s|’s|s'|s’)$", tok))


def role_concepts(role: str) -> tuple[list[str], str | None]:
    concepts, country = _role_concepts(role)
    return list(concepts), country


@lru_cache(maxsize=8192)
def _role_concepts(role: str) -> tuple[tuple[str, ...], str | None]:
    """The concepts a role carries (``"Russian Foreign Minister"`` -> ``["foreign minister", "minister", ...]``)
    and the country of its nationality word, if any (``"Russia"``)."""
    lex = _lex()
    toks = [t for t in re.split(r"\s+|(?<=\w)(?='s\b)|(?<=\w)(?=’s\b)", fold(role)) if t]
    toks = [t for t in toks if t not in ("'s", "’s")]
    country = role_country(role)
    # Nationality words are matched separately: "top Russian diplomat" is the phrase "top diplomat".
    toks = [t for t in toks if t.rstrip(".") not in lex.country_adjectives and t not in lex.country_adjectives
            and t not in lex.country_names]
    concepts: list[str] = []
    i = 0
    while i < len(toks):
        match = None
        for n in range(min(lex.max_phrase, len(toks) - i), 0, -1):
            key = tuple(toks[i : i + n])
            if key in lex.role_phrases:
                match = (n, lex.role_phrases[key])
                break
        # "deputy foreign minister": the modifier belongs to the role after it
        if (match is not None and toks[i] in lex.subordinate and i + 1 < len(toks)
                and any(tuple(toks[i + 1 : i + 1 + n]) in lex.role_phrases for n in range(1, lex.max_phrase + 1))):
            match = None
        if match is None:
            i += 1
            continue
        n, cs = match
        sub = next((t for t in toks[max(0, i - 2) : i] if t in lex.subordinate), None)
        if sub:
            cs = [f"{sub} {c}" for c in cs if c not in ("official", "diplomat", "leader")] + [
                c for c in cs if c in ("official", "diplomat")
            ]
        for c in cs:
            if c not in concepts:
                concepts.append(c)
        i += n
    return tuple(concepts), country.name if country else None


def head_concept(text: str) -> str | None:
    """The main concept of the role a description ends on: "the president's spokesman" -> "spokesperson"."""
    lex = _lex()
    toks = [re.sub(r"(?:'s|’s)$", "", t) for t in fold(text).split()]
    toks = [t for t in toks if t not in lex.country_adjectives and t not in lex.country_names]
    best: tuple[int, str] | None = None
    for i in range(len(toks)):
        for n in range(min(lex.max_phrase, len(toks) - i), 0, -1):
            key = tuple(toks[i : i + n])
            if key in lex.role_phrases:
                if best is None or i + n > best[0]:  # the phrase that ends last; the longest of those
                    main = lex.role_phrases[key][0]
                    sub = next((t for t in toks[max(0, i - 2) : i] if t in lex.subordinate), None)
                    best = (i + n, f"{sub} {main}" if sub else main)
                break
    return best[1] if best else None


@lru_cache(maxsize=8192)
def role_country(text: str) -> Country | None:
    """The first country named in ``text`` by an adjective, a name or a possessive ("Russia's")."""
    lex = _lex()
    toks = [re.sub(r"(?:'s|’s|')$", "", t) for t in fold(text).replace(",", " ").split()]
    for i in range(len(toks)):
        for n in (3, 2, 1):
            gram = " ".join(toks[i : i + n])
            if len(toks[i : i + n]) < n:
                continue
            c = lex.country_adjectives.get(gram) or lex.country_names.get(gram)
            if c:
                return c
    return None


def is_unnamed(name: str | None) -> bool:
    """A generic label for an unnamed speaker ("unnamed foreign officials"), not an identity."""
    return not name or name.startswith("unnamed ")


# ---------------------------------------------------------------------------
# Across articles
# ---------------------------------------------------------------------------


def _choose(forms: Counter[str]) -> str:
    """Most frequent full form; ties to the longer, then alphabetical (deterministic)."""
    return sorted(forms.items(), key=lambda kv: (-kv[1], -len(kv[0].split()), kv[0]))[0][0]


def cluster_names(names: Iterable[str]) -> dict[str, str]:
    """Map every person-name form in ``names`` (with repeats: counts matter) to its canonical form.

    Full names with the same :func:`name_key` are one person; a form whose given names are a
    subset of exactly one other person's ("Javad Zarif") joins it; a surname alone joins the one
    full name with that surname, and stays as it is when there are several (two Clintons).
    The canonical form is the listed usual spelling if any (:func:`preferred_form`), else the
    most frequent full form.
    """
    counts = Counter(n for n in names if n and n.strip())
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    surname_only: dict[str, Counter[str]] = defaultdict(Counter)
    for form, c in counts.items():
        p = _parts(form)
        if not p.surname:
            continue
        if p.given:
            by_key[name_key(form)][form] += c
        else:
            surname_only[p.surname][form] += c
    # Subset joins: "javad zarif" -> "muhammad javad zarif" when that is the only superset.
    keys = sorted(by_key, key=lambda k: (-len(k.split()), k))
    parent = {k: k for k in keys}
    for k in sorted(keys, key=lambda k: (len(k.split()), k)):
        rep = next(iter(by_key[k]))
        supers = [o for o in keys if o != k and len(o.split()) > len(k.split())
                  and same_person(rep, next(iter(by_key[o])))]
        roots = {_find(parent, o) for o in supers}
        if len(roots) == 1:
            parent[k] = roots.pop()
    clusters: dict[str, Counter[str]] = defaultdict(Counter)
    for k in keys:
        clusters[_find(parent, k)].update(by_key[k])
    by_surname: dict[str, list[str]] = defaultdict(list)
    for root, forms in clusters.items():
        by_surname[_parts(next(iter(forms))).surname].append(root)
    for sur, forms in surname_only.items():
        owners = by_surname.get(sur, [])
        if len(owners) == 1:
            clusters[owners[0]].update(forms)
        else:
            clusters[f"~{sur}"].update(forms)
    mapping: dict[str, str] = {}
    for forms in clusters.values():
        full = Counter({f: c for f, c in forms.items() if _parts(f).given})
        base = _choose(full) if full else _choose(forms)
        canonical = preferred_form(base) or next(
            (pf for pf in (preferred_form(f) for f in sorted(full)) if pf), None
        ) or display_name(base)
        for f in forms:
            mapping[f] = canonical
    return mapping


def _find(parent: dict[str, str], k: str) -> str:
    while parent[k] != k:
        parent[k] = parent[parent[k]]
        k = parent[k]
    return k


def canonicalize_corpus(extractions: list[Extraction]) -> None:
    """Give every person speaker one name across ``extractions`` (rewrites ``q.speaker.name`` in place).

    "Sergei Lavrov", "Sergey Lavrov", "S. Lavrov" and a bare "Lavrov" become the same name; the
    members of joint speakers are renamed the same way. Organisations, groups and unnamed
    speakers are left as they are.
    """
    forms: list[str] = []
    for ex in extractions:
        for q in ex.quotes:
            sp = q.speaker
            if sp.type == "person" and sp.name and not is_unnamed(sp.name):
                forms.append(sp.name)
            forms.extend(m for m in sp.members if m and not is_unnamed(m) and _parts(m).given)
    mapping = cluster_names(forms)
    for ex in extractions:
        for q in ex.quotes:
            sp = q.speaker
            if sp.type == "person" and sp.name in mapping:
                sp.name = mapping[sp.name]
            if sp.members:
                sp.members = [mapping.get(m, m) for m in sp.members]


@dataclass
class SpeakerRecord:
    """What the speaker registry keeps about one speaker (see :func:`collect_speakers`)."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)  # name forms seen in mentions, sorted
    roles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # role -> (first, last) date
    statements: int = 0


def collect_speakers(extractions: list[Extraction]) -> list[SpeakerRecord]:
    """One record per named speaker across ``extractions`` (run :func:`canonicalize_corpus` first).

    Aliases are the name parts of the mentions ("Sergey Lavrov", "Lavrov"; not pronouns or
    descriptions); a role's dates are the first and last publication dates of the articles it
    was seen in. Sorted by statement count, then name.
    """
    records: dict[tuple[str, str], SpeakerRecord] = {}
    for ex in extractions:
        published = ex.article.published if ex.article else None
        for q in ex.quotes:
            sp = q.speaker
            if not sp.name or is_unnamed(sp.name):
                continue
            rec = records.setdefault((sp.name, sp.type), SpeakerRecord(sp.name, sp.type))
            rec.statements += 1
            if sp.resolution == "name" and sp.mention:
                alias = display_name(split_role(sp.mention)[1]) if sp.type == "person" else clean_name(sp.mention)
                if alias and alias not in rec.aliases and alias != sp.name:
                    rec.aliases.append(alias)
            if sp.role:
                first, last = rec.roles.get(sp.role, (None, None))
                if published:
                    first = min(first or published, published)
                    last = max(last or published, published)
                rec.roles[sp.role] = (first, last)
    out = sorted(records.values(), key=lambda r: (-r.statements, r.name, r.type))
    for r in out:
        r.aliases.sort()
    return out
