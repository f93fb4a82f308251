"""The cheap pass of the selective parse: sentences, and which tokens each model must see.

Works on the tokenised article (no model). Sentence boundaries come from the text: a
sentence-final mark that the tokenizer split off, closing marks, whitespace, then something
that can start a sentence; a blank line always ends one. Two layers are planned:

- the **parse layer** (tok2vec, tagger, parser, attribute ruler, lemmatizer): the sentences
  that may hold a statement - a quotation mark, a cue of the lexicon, the title with a
  colon (the extractor's :func:`~onrecord.quotes.candidates.is_candidate`, on tokens) -
  except the words inside a quotation that is a whole utterance ('"A. B," he said',
  'He said: "A."'), which the extractor takes from the text between the marks;
- the **entity layer** (the entity recogniser alone: it has its own tok2vec): a few words
  around each capitalised word that does not open its sentence, outside those quotations,
  for the speaker resolver's people, roles and countries, and around the speaker mentions
  (added after the parse).

Each layer becomes pieces: maximal token ranges inside one paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, SHAPE
from spacy.tokens import Doc

from ..quotes.candidates import _COLON, _QUOTE_CHARS
from ..quotes.extract import title_span
from ..quotes.lexicon import Lexicon, load_lexicon
from ..quotes.marks import Marked, find_quotes

# A sentence-final mark, closing marks, whitespace.
_SENT_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
_CAN_START = re.compile(r"[A-Z0-9\"“‘'(\[«]")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Words a quotation may run on with and still be a whole utterance ('"A," he said').
_RUN_ON = re.compile(r"\s*(?:[,;:.!?…—–-]|$|\n|[A-Z]|(?:and|but|he|she|they|we|i|it|said|says|adding|according|"
                     r"added|asked|told|wrote|says|then|so|the|a|an|his|her|their)\b)")
# Words of context each side of a capitalised word of a parsed sentence for the entity recogniser.
NAME_CONTEXT = 2
# An attribution verb (at the end of the words before a quotation).
_SAID = re.compile(r"\b(?:said|says|say|told|tells|added|adds|asked|asks|wrote|writes|stated|states|declared)\b")
_SAID_END = re.compile(_SAID.pattern + "$")
# Shortest quotation worth leaving out of the parse (a scare quote is part of its clause).
MIN_MASKED_WORDS = 4


@dataclass
class Plan:
    sent_starts: list[int] = field(default_factory=list)  # token index of every sentence start
    parse: list[tuple[int, int]] = field(default_factory=list)  # token ranges of the parse layer
    # Quotation contents left out of the parse: (first token, end token, opening mark token,
    # closing mark token, end of the tokens after the closing mark also left out) - the marks
    # are parsed with the words around them, except at the start or end of a sentence.
    masked: list[tuple[int, int, int, int, int]] = field(default_factory=list)
    ner_flags: numpy.ndarray = field(default_factory=lambda: numpy.zeros(0, dtype=bool))  # entity layer tokens
    cue_flags: numpy.ndarray = field(default_factory=lambda: numpy.zeros(0, dtype=bool))  # cue surface forms
    hard: set[int] = field(default_factory=set)  # tokens that open a paragraph
    space: numpy.ndarray = field(default_factory=lambda: numpy.zeros(0, dtype=bool))
    blank: numpy.ndarray = field(default_factory=lambda: numpy.zeros(0, dtype=bool))  # space or punctuation

    def ner_ranges(self) -> list[tuple[int, int]]:
        """The entity layer's pieces (after :func:`plan_doc` and any flags added since)."""
        return _pieces(self.ner_flags, self.hard, self.space, self.blank)


@dataclass(frozen=True)
class _CueIndex:
    words: numpy.ndarray  # LOWER hashes of one-word surface forms
    firsts: numpy.ndarray  # LOWER hashes of the first word of multi-word forms
    phrases: dict[int, list[tuple[int, ...]]]  # first-word hash -> the hashes of the other words


_CUE_INDEX: dict[tuple[int, int], _CueIndex] = {}


def _cue_index(doc: Doc, lex: Lexicon) -> _CueIndex:
    key = (id(lex), id(doc.vocab))
    got = _CUE_INDEX.get(key)
    if got is None:
        strings = doc.vocab.strings
        words: list[int] = []
        phrases: dict[int, list[tuple[int, ...]]] = {}
        for form in lex.surface:
            parts = form.lower().split()
            if len(parts) == 1:
                words.append(strings.add(parts[0]))
            else:
                phrases.setdefault(strings.add(parts[0]), []).append(tuple(strings.add(p) for p in parts[1:]))
        got = _CueIndex(numpy.array(words, dtype="uint64"), numpy.array(list(phrases), dtype="uint64"), phrases)
        _CUE_INDEX[key] = got
    return got


def _cue_flags(lower: numpy.ndarray, index: _CueIndex) -> numpy.ndarray:
    """Tokens that are (the first word of) a surface form of a cue."""
    flags = numpy.isin(lower, index.words)
    for i in numpy.nonzero(numpy.isin(lower, index.firsts))[0]:
        for rest in index.phrases[int(lower[i])]:
            if tuple(int(x) for x in lower[i + 1 : i + 1 + len(rest)]) == rest:
                flags[i] = True
                break
    return flags


def _capitalised(shapes: numpy.ndarray, doc: Doc) -> numpy.ndarray:
    """Tokens whose first character is an upper-case letter, from their shapes ("Xxxxx", "XX"):
    one look-up per distinct shape instead of a Token object per token."""
    kinds, where = numpy.unique(shapes, return_inverse=True)
    strings = doc.vocab.strings
    upper = numpy.array([strings[int(k)][:1] == "X" for k in kinds], dtype=bool)
    return upper[where.reshape(-1)]


def sentence_starts(text: str, idx: numpy.ndarray) -> tuple[list[int], set[int]]:
    """Token index of each sentence start, and the set of those that open a paragraph."""
    n = len(idx)
    if n == 0:
        return [], set()
    starts = {0}
    hard: set[int] = {0}
    for m in _BLANK_LINE.finditer(text):
        i = int(numpy.searchsorted(idx, m.end()))
        if i < n:
            starts.add(i)
            hard.add(i)
    ends = [m for m in _SENT_END.finditer(text) if m.end() < len(text) and _CAN_START.match(text, m.end())]
    if ends:
        marks = numpy.array([m.start() for m in ends], dtype="int64")
        nexts = numpy.array([m.end() for m in ends], dtype="int64")
        at_mark = numpy.minimum(numpy.searchsorted(idx, marks), n - 1)
        at_next = numpy.minimum(numpy.searchsorted(idx, nexts), n - 1)
        # A mark that is part of a token ("U.S.", "Sept.") ends no sentence.
        found = (idx[at_mark] == marks) & (idx[at_next] == nexts)
        starts.update(int(i) for i in at_next[found])
    return sorted(starts), hard


def _maskable(text: str, quotes: list[Marked]) -> list[Marked]:
    """Quotations that are a whole utterance: they open their sentence (or follow a colon or
    comma), hold a few words and end where the sentence or the attribution takes over."""
    out = []
    for m in quotes:
        if m.depth or m.guessed or m.open_at is None or m.close_at is None:
            continue
        content = text[m.start : m.end]
        if "\n" in content or len(content.split()) < MIN_MASKED_WORDS:
            continue
        line_start = text.rfind("\n", 0, m.outer_start) + 1
        before = text[line_start : m.outer_start]
        cut = [x.end() for x in _SENT_END.finditer(before)]
        before = before[cut[-1] :] if cut else before
        before = before.rstrip()
        if before and before[-1] not in ":,—–(" and not _SAID_END.search(before):
            continue
        if before and before[-1] in ",—–(" and not (content[:1].isupper() and _SAID.search(before)):
            # 'In past campaigns, "we felt ..."', 'If it passes, "I think ..."': the quotation goes
            # on a sentence that is no attribution (a mixed statement), the parse must see it.
            continue
        if not _RUN_ON.match(text, m.outer_end):
            continue
        out.append(m)
    return out


def plan_doc(doc: Doc, text: str, title: str | None = None, lexicon: Lexicon | None = None,
             names: bool = True) -> Plan:
    """Split the tokenised article into sentences and plan the two layers."""
    lex = lexicon or load_lexicon()
    n = len(doc)
    plan = Plan()
    if n == 0:
        return plan
    arr = doc.to_array([IDX, LOWER, IS_SPACE, IS_PUNCT, LENGTH, SHAPE])
    idx = arr[:, 0].astype("int64")
    lower = arr[:, 1]
    space = arr[:, 2] != 0
    blank = space | (arr[:, 3] != 0)
    starts, hard = sentence_starts(text, idx)
    plan.sent_starts = starts
    starts_set = set(starts)
    cues = _cue_flags(lower, _cue_index(doc, lex))
    capital = _capitalised(arr[:, 5], doc)
    tspan = title_span(text, title)
    bounds = [*starts, n]
    parse = numpy.zeros(n, dtype=bool)
    ner = numpy.zeros(n, dtype=bool)
    for k in range(len(starts)):
        s, e = bounds[k], bounds[k + 1]
        lo = int(idx[s])
        hi = int(idx[e]) if e < n else len(text)
        sent = text[lo:hi]
        in_title = tspan is not None and tspan[0] <= lo < tspan[1]
        cand = bool(cues[s:e].any() or _QUOTE_CHARS.search(sent) or (in_title and _COLON.search(sent)))
        if cand:
            parse[s:e] = True
        if names:
            # The entity recogniser is the costliest model: it runs only on the capitalised
            # words after the first one of a sentence, with NAME_CONTEXT words each side (the
            # names the speaker resolver reads), and around the subjects of cue verbs that the
            # parse finds (selective.py, _flag_speakers). Against whole sentences that name
            # someone: no figure of the eval changes (PolNeAR train, dev, seeds); on the seed
            # articles one word of context changes a speaker's name, two change none.
            caps = numpy.nonzero(capital[s + 1 : e])[0] + s + 1
            for w in caps.tolist():
                ner[max(s, w - NAME_CONTEXT) : min(e, w + NAME_CONTEXT + 1)] = True
    ends = idx + arr[:, 4].astype("int64")
    for m in _maskable(text, find_quotes(text)):
        i = int(numpy.searchsorted(idx, m.start))
        j = int(numpy.searchsorted(ends, m.end, side="right"))
        o = int(numpy.searchsorted(idx, m.outer_start))
        c = int(numpy.searchsorted(idx, m.close_at or 0))
        if j > i and o < i and c >= j and c < n:
            # A quotation that opens its sentence takes its opening mark along: parsed with the
            # sentence before, the mark would hang the quotation from that sentence.
            opens = planned_start(o, starts_set, blank)
            # One that ends its sentence leaves its closing mark (and the punctuation after it)
            # out too: parsed with the next sentence, they would start that sentence's piece
            # inside this one.
            after = planned_end(c, starts_set, blank)
            while after > c + 1 and space[after - 1]:
                after -= 1  # whitespace before the next sentence is no punctuation of this one
            parse[o if opens else i : after if after > c else j] = False
            plan.masked.append((i, j, o, c, max(after, c)))
            # Nor does the entity recogniser read it: leaving out the names inside such
            # quotations changed no eval figure and no seed statement (a sixth fewer words).
            ner[i:j] = False
    plan.parse = _pieces(parse, hard, space, blank)
    plan.ner_flags, plan.cue_flags, plan.hard, plan.space, plan.blank = ner, cues, hard, space, blank
    return plan


def planned_start(i: int, starts: set[int], blank: numpy.ndarray) -> bool:
    """Token ``i`` opens its sentence, give or take punctuation before it."""
    while i not in starts and i > 0 and blank[i - 1]:
        i -= 1
    return i in starts


def planned_end(c: int, starts: set[int], blank: numpy.ndarray) -> int:
    """If the closing mark ``c`` ends its sentence (nothing but punctuation before the next
    sentence start or the end), the token after that punctuation; else ``c``."""
    n = len(blank)
    k = c + 1
    while k < n and k not in starts and blank[k]:
        k += 1
    return k if k >= n or k in starts else c


def _pieces(flags: numpy.ndarray, hard: set[int], space: numpy.ndarray, blank: numpy.ndarray) -> list[tuple[int, int]]:
    """Maximal runs of flagged tokens, cut at paragraph starts; leading whitespace dropped and
    runs of punctuation and whitespace alone skipped."""
    cuts = numpy.zeros(len(flags), dtype=bool)
    cuts[sorted(hard)] = True
    out = []
    for i, j in runs(flags, cuts):
        s = i
        while s < j and space[s]:
            s += 1
        if not blank[s:j].all():
            out.append((s, j))
    return out


def runs(flags: numpy.ndarray, cuts: numpy.ndarray) -> list[tuple[int, int]]:
    """Maximal runs ``(start, end)`` of flagged tokens; a run never continues into a token
    whose ``cuts`` flag is set."""
    n = len(flags)
    out = []
    i = 0
    while i < n:
        if not flags[i]:
            i += 1
            continue
        j = i + 1
        while j < n and flags[j] and not cuts[j]:
            j += 1
        out.append((i, j))
        i = j
    return out
