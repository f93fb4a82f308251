"""Finding statements in a parsed article: direct quotes, reported speech and mixed quotes.

The order of work:

1. quotation marks (``marks.find_quotes``) give the quoted passages;
2. each candidate sentence (``candidates.is_candidate``) is searched for cues: reporting
   verbs and phrases of the lexicon with their complement (the reported content) and
   subject (the speaker mention), "according to X", nominal cues ("claims that"),
   participial add-ons (", adding that ...") and "X: claim" headlines;
3. a quoted passage becomes a direct statement when a cue sits next to it
   ('"A," he said' / 'he said: "A"'), or when it stands alone after a statement
   (the nearest plausible speaker); an attribution that splits one quotation joins
   both halves into one statement;
4. the remaining cues give indirect statements; a quoted fragment inside the
   content makes them mixed. A quote that is neither (a title, a scare quote) is
   not a statement.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy
from spacy.attrs import LEMMA, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .candidates import is_candidate
from .lexicon import SPEECH_CLASSES, Cue, Lexicon
from .marks import Marked, find_quotes
from .mentions import mention_span, subject_of
from .tokens import Columns, sentences

# Verbs below this prior (lexicon weight) are not used as cues at all.
MIN_WEIGHT = 0.15
# A cue with a complement of a given frame (ccomp, obj, xcomp, surface) gives a statement when
# the lexicon's weight for that pair (learned on PolNeAR train, see docs/cues.md) reaches this.
MIN_FRAME_WEIGHT = 0.3
# Drop statements whose cue lies inside another statement's content (counting rule 2).
DROP_NESTED = True
_SENT_END = re.compile(r"[.!?…][\"'”’»)]*\s+")
# A full stop after a title, an initial or a dotted abbreviation ends no sentence: "''A,'' Mr.
# Cruz said", "U.S. officials said", "George H.W. Bush". Nor does one before a lower-case word.
_NO_END_WORD = re.compile(r"(?:Mr|Mrs|Ms|Messrs|Mmes|Dr|Gov|Govs|Sen|Sens|Rep|Reps|Gen|Lt|Col|Maj|Sgt|Cpl|Capt|Cmdr|Adm|"
                          r"Prof|Rev|Hon|Pres|Amb|Atty|Supt|Insp|Det|Jr|Sr|St|Mt|Ft|Jan|Feb|Aug|Sept|Oct|Nov|Dec|"
                          r"[A-Z]|(?:[A-Za-z]\.)+[A-Za-z])")
# A transcript line: an upper-case speaker label, a colon, what was said.
_LABEL_RE = re.compile(r"^(?:(?<=\n)|(?<=\A))([A-Z][A-Z.'’\- ]{1,40}[A-Z.])\s*:[ \t]+(\S[^\n]*)$", re.MULTILINE)
# Words that may follow a complete quote without making it part of a longer clause.
_RUN_ON_OK = {"and", "but", "or", "he", "she", "they", "we", "i", "it", "before", "after", "while", "as", "when",
              "said", "says", "adding", "according", "then", "so", "because", "though", "although"}
# A dateline opening a paragraph: "WASHINGTON (AP) —", "MOSCOW, Nov 28 (Reuters) -", "Moscow, SANA-",
# "BEIJING, April 17 (Xinhua) --". Never a subject, never content.
_DATELINE_RE = re.compile(
    r"^[ \t]*(?P<city>[A-Z][A-Za-z.'’]*(?:[ -][A-Z][A-Za-z.'’]*){0,3})"
    r"(?:,[ \t]*(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?)(?:,?[ \t]*\d{4})?)?"
    r"(?P<agency>[ \t]*\([A-Za-z][\w .&/-]{0,24}\)|,[ \t]*[A-Z][A-Za-z]{1,9}\b)?"
    r"[ \t]*(?:[-–—―]{1,2}|:)[ \t]*(?=\S)",
    re.MULTILINE,
)
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
             "tonight", "earlier", "later"}
_HEADLINE_TAGS = {"watch", "video", "breaking", "update", "updated", "exclusive", "live", "opinion", "analysis",
                  "photos", "photo", "editorial", "review", "read", "listen", "podcast", "audio", "correction", "new"}


@dataclass
class Found:
    """A statement before it becomes a :class:`~onrecord.model.Quote`."""

    kind: str
    parts: list[tuple[int, int]]
    cue: tuple[int, int] | None
    cue_lemma: str | None
    speaker: tuple[int, int] | None
    confidence: float
    in_headline: bool = False
    cue_token: int | None = None  # token index of the cue (one cue, one statement)
    quotes: list[Marked] = field(default_factory=list)
    frame: str = ""  # how the content was found: quote | ccomp | obj | xcomp | surface | according | colon | label


def title_span(text: str, title: str | None) -> tuple[int, int] | None:
    """The title paragraph: the known title at the start of the text, else a short first line that reads like one."""
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if not first.strip() or first_end < 0:
        return None
    if title and text.startswith(title.strip()[: max(1, len(title.strip()) - 1)]):
        return (0, len(first.rstrip()))
    words = first.split()
    if len(words) > 20:
        return None
    long_words = [w for w in words if len(w.strip("\"'“”‘’:,")) > 3]
    capitalised = sum(1 for w in long_words if w.lstrip("\"'“‘")[:1].isupper())
    title_case = bool(long_words) and capitalised / len(long_words) >= 0.6
    unpunctuated = first.rstrip()[-1:] not in ".!?\"”’"
    return (0, len(first.rstrip())) if (title_case or unpunctuated) else None


def datelines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the datelines opening paragraphs (an upper-case place or a news agency
    before a dash)."""
    out = []
    for m in _DATELINE_RE.finditer(text):
        city = m.group("city")
        if m.group("agency") or (city.replace(" ", "").replace(".", "").replace("-", "").isupper() and len(city) >= 3):
            out.append((m.start(), m.end()))
    return out


def _sentence_ends(text: str, start: int, limit: int) -> Iterator[int]:
    """Where the sentences in ``text[start:limit]`` end (after the stop, its closing marks and spaces)."""
    for m in _SENT_END.finditer(text, start, limit):
        if text[m.start()] == ".":
            word = text[max(start, m.start() - 12) : m.start()].rsplit(None, 1)[-1:] or [""]
            if _NO_END_WORD.fullmatch(word[0].lstrip("\"'“‘(")) or text[m.end() : m.end() + 1].islower():
                continue
        yield m.end()


class Extractor:
    """One article's statements; build it once per document and call :meth:`run`."""

    def __init__(self, doc: Doc, text: str, lexicon: Lexicon, title: str | None = None) -> None:
        self.doc = doc
        self.cols = Columns(doc)
        self.text = text
        self.lex = lexicon
        self.marked = find_quotes(text)
        self.top = [m for m in self.marked if m.depth == 0]
        self._top_bounds = [(m, m.outer_start, m.outer_end) for m in self.top]  # the marks' offsets, computed once
        self.title = title_span(text, title)
        self.datelines = datelines(text)
        self.found: list[Found] = []
        self.used_cues: set[int] = set()
        self.deferred: list[tuple[Marked, float]] = []
        # token index -> the top-level quote it lies in (content, not the marks)
        self.in_quote: dict[int, Marked] = {}
        for m in self.top:
            span = doc.char_span(m.outer_start, m.outer_end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.in_quote[i] = m
        # A sentence's text is a slice of the text (Span.text would join its tokens' texts).
        last = doc[-1] if len(doc) else None
        same_text = last is not None and len(text) == last.idx + len(last.text_with_ws)
        self.candidate_sents = [
            s for s in sentences(doc)
            if is_candidate(text[s.start_char : s.end_char] if same_text else s.text, lexicon, in_title=self._in_title(s.start_char))
        ]
        self._marks_before: list[int] | None = None
        # The words of the candidate sentences; the cue finders look at no others.
        in_candidate = numpy.zeros(len(doc), dtype=bool)
        for s in self.candidate_sents:
            in_candidate[s.start : s.end] = True
        self._in_candidate = in_candidate

    def _candidate_tokens(self, mask: numpy.ndarray) -> list[tuple[SpacySpan, Token]]:
        """(sentence, token) for the tokens of the candidate sentences that ``mask`` keeps, in order."""
        doc = self.doc
        keep = numpy.flatnonzero(self._in_candidate & mask).tolist()
        out: list[tuple[SpacySpan, Token]] = []
        for sent in self.candidate_sents:
            lo = bisect.bisect_left(keep, sent.start)
            hi = bisect.bisect_left(keep, sent.end, lo)
            out.extend((sent, doc[i]) for i in keep[lo:hi])
        return out

    # -- helpers -------------------------------------------------------------------------
    def _in_dateline(self, tok: Token) -> bool:
        return any(s <= tok.idx < e for s, e in self.datelines)

    def _subject(self, verb: Token) -> Token | None:
        """The subject of ``verb``; never a dateline or a word inside a quotation."""
        return subject_of(verb, self._not_subject)

    def _not_subject(self, tok: Token) -> bool:
        # A word of a quoted utterance is what was said, not who said it (a name in scare
        # quotes, 'the “Gang of Eight” said', may be).
        quote = self.in_quote.get(tok.i)
        if quote is not None and self._utterance(quote):
            return True
        return bool(self.datelines) and self._in_dateline(tok)

    def _in_title(self, char: int) -> bool:
        return self.title is not None and self.title[0] <= char < self.title[1]

    def _cue_of(self, tok: Token) -> tuple[Cue, list[Token]] | None:
        """The lexicon entry a verb token is a cue of, with the cue's tokens (phrasal particles)."""
        if not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
            return None
        lemma = tok.lemma_.lower()
        if lemma in ("be", "have", "do"):
            return None
        if tok.dep_ in ("amod", "compound") or self.text[tok.idx - 1 : tok.idx] == "-" or self.text[tok.idx + len(tok) : tok.idx + len(tok) + 1] == "-":
            return None  # "so-called", "self-described", "much-touted": an adjective, not a cue
        if tok.tag_ == "VBG" and not self._is_addon(tok) and not any(c.dep_ in ("aux", "nsubj", "auxpass") for c in tok.children):
            return None  # "by maintaining X", "information indicating X": not a reporting clause
        prts = [c for c in tok.children if c.dep_ == "prt"]
        preps = [c for c in tok.children if c.dep_ == "prep" and c.i > tok.i]
        for prt in prts:
            for prep in preps:
                cue = self.lex.phrases.get(f"{lemma} {prt.lower_} {prep.lower_}")
                if cue:
                    return cue, [tok, prt, prep]
            cue = self.lex.phrases.get(f"{lemma} {prt.lower_}")
            if cue:
                return cue, [tok, prt]
        for prep in preps[:1]:
            cue = self.lex.phrases.get(f"{lemma} {prep.lower_}")
            if cue and prep.i == tok.i + 1:
                return cue, [tok, prep]
        cue = self.lex.verb(lemma)
        if cue is None and tok.lower_ in self.lex.surface:
            cue = next((c for c in self.lex.verbs.values() if tok.lower_ in c.forms), None)
        if cue is None or cue.weight < MIN_WEIGHT:
            return None
        return cue, [tok]

    def _span(self, lo: int, hi: int) -> tuple[int, int] | None:
        """Char span of tokens lo..hi (inclusive) with edge punctuation and "that" trimmed."""
        doc = self.doc
        while lo <= hi and self.datelines and self._in_dateline(doc[lo]):
            lo += 1
        while lo <= hi and (doc[lo].is_punct or doc[lo].is_space or (doc[lo].lower_ in ("that",) and doc[lo].dep_ == "mark")
                            or (doc[lo].dep_ == "cc" and lo < hi)):
            if doc[lo].text in ("“", '"', "‘", "«") and lo < hi:
                break  # keep an opening mark of a quoted fragment
            lo += 1
        while hi >= lo and (doc[hi].is_punct or doc[hi].is_space or doc[hi].dep_ == "cc"):
            if doc[hi].text in ("”", '"', "’", "»") and self._closes_fragment(lo, hi):
                break
            hi -= 1
        if hi < lo:
            return None
        # A quoted fragment that the parse left out of the clause keeps its closing mark.
        marks_before = self._opening_marks_before()
        opened = marks_before[hi + 1] - marks_before[lo]
        if opened > 0 and hi + 1 < len(doc) and doc[hi + 1].text in ("”", "»"):
            hi += 1
        elif opened > 0 and hi + 2 < len(doc) and doc[hi + 1].is_punct and doc[hi + 2].text in ("”", "»"):
            hi += 2
        return doc[lo].idx, doc[hi].idx + len(doc[hi].text)

    def _opening_marks_before(self) -> list[int]:
        """Per token index i: the opening marks (“ «) less the closing marks (” ») among tokens 0..i-1."""
        if self._marks_before is None:
            marks = self.cols.mask(ORTH, ("“", "«")).astype(numpy.int64) - self.cols.mask(ORTH, ("”", "»"))
            self._marks_before = [0, *numpy.cumsum(marks).tolist()]
        return self._marks_before

    def _closes_fragment(self, lo: int, hi: int) -> bool:
        """Keep a closing mark when its opening mark is inside the content."""
        doc = self.doc
        opener = {"”": "“", '"': '"', "’": "‘", "»": "«"}[doc[hi].text]
        inner = [t.text for t in doc[lo:hi]]
        return opener in inner

    def _mention(self, head: Token | None) -> tuple[int, int] | None:
        if head is None:
            return None
        span = mention_span(head)
        if len(span) == 0:
            return None
        return span.start_char, span.end_char

    # -- cues ----------------------------------------------------------------------------
    def _complement(self, tok: Token, cue: Cue, cue_toks: list[Token]) -> tuple[list[Token], str] | None:
        """The children that carry the reported content, and the frame (ccomp | xcomp | obj)."""
        kids = list(tok.children)
        ccomp = [c for c in kids if c.dep_ in ("ccomp",) and c.i not in {t.i for t in cue_toks}]
        if ccomp:
            return ccomp, "ccomp"
        # "said in a statement that X": the that-clause hangs on the prepositional object.
        for prep in kids:
            if prep.dep_ != "prep" or prep.i < tok.i:
                continue
            for pobj in prep.children:
                for clause in pobj.children:
                    if clause.dep_ in ("acl", "relcl", "ccomp") and any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children):
                        return [clause], "ccomp"
        xcomp = [c for c in kids if c.dep_ == "xcomp" and c.i > tok.i]
        dobj = [c for c in kids if c.dep_ in ("dobj", "obj") and c.i > tok.i]
        prep_objs: list[Token] = []
        for p in cue_toks[1:]:
            if p.dep_ == "prep":
                prep_objs.extend(c for c in p.children if c.dep_ in ("pobj", "pcomp"))
        if prep_objs:
            return prep_objs + xcomp, "obj"
        if dobj and xcomp:
            return dobj + xcomp, "obj"
        if xcomp:
            return xcomp, "xcomp"
        if dobj:
            return dobj, "obj"
        return None

    def _surface_that(self, tok: Token, cue: Cue) -> tuple[list[Token], str] | None:
        """When the parse missed the complement: "adding at the same time that X" - the words after "that"."""
        if cue.cls not in SPEECH_CLASSES:
            return None
        sent = tok.sent
        for j in range(tok.i + 1, min(tok.i + 9, sent.end - 1)):
            t = self.doc[j]
            if t.lower_ == "that" and not self.doc[j + 1].is_punct:
                if any(x.is_punct and x.text not in (",",) for x in self.doc[tok.i + 1 : j]):
                    return None
                return [self.doc[k] for k in range(j + 1, sent.end)], "surface"
            if t.is_punct and t.text != ",":
                return None
        return None

    def _is_addon(self, tok: Token) -> bool:
        """A participial add-on: ", adding that ...", ", saying ...", "..., urging ..."."""
        if tok.tag_ != "VBG" or tok.dep_ not in ("advcl", "xcomp", "conj", "acl", "dep"):
            return False
        left = tok.left_edge.i - 1
        while left > 0 and self.doc[left].text in ("”", "’", '"', "»", "''"):
            left -= 1  # '..., X said,” adding “...' - the comma may sit inside the closing mark
        return left >= 0 and self.doc[left].text in (",", ";", "—", "–", "and")

    def _content(self, tok: Token, comps: list[Token], how: str) -> tuple[int, int] | None:
        if how == "surface":
            lo, hi = comps[0].i, comps[-1].i
        else:
            lo = min(c.left_edge.i for c in comps)
            hi = max(c.right_edge.i for c in comps)
        if how == "obj":
            # The clause runs on past the object ("lashing out at X with the aim of Y",
            # "describing these attempts as Z").
            for child in tok.rights:
                if child.i <= hi or self._after_comma(child):
                    continue
                as_clause = child.dep_ == "advcl" and any(m.lower_ == "as" for m in child.children if m.dep_ == "mark")
                if child.dep_ in ("prep", "advmod", "npadvmod", "oprd", "acomp", "advcl") or as_clause:
                    hi = max(hi, child.right_edge.i)
            for c in comps:
                for child in c.rights:
                    if child.dep_ == "advcl" and any(m.lower_ == "as" for m in child.children if m.dep_ == "mark"):
                        hi = max(hi, child.right_edge.i)
        if how == "ccomp" and lo > tok.i:
            lo = self._skip_cue_time(tok, lo, hi)
        excl = self._excluded_for(tok)
        # Stop before the first excluded token (a trailing add-on or attribution).
        for i in range(lo, hi + 1):
            if i == tok.i or i in excl:
                if i > lo:
                    hi = i - 1
                    break
                lo = i + 1
        lo, hi = self._clamp(tok, lo, hi)
        return self._span(lo, hi)

    def _skip_cue_time(self, tok: Token, lo: int, hi: int) -> int:
        """'Russia said on Wednesday it would ...': a time phrase right after the cue that the parse
        put in the clause dates the saying; the content starts after it."""
        doc = self.doc
        if lo != tok.i + 1:
            return lo
        for t in doc[lo : min(hi, lo + 6)]:
            if t.dep_ in ("prep", "npadvmod", "tmod") and t.left_edge.i == lo:
                words = doc[lo : t.right_edge.i + 1]
                nxt = t.right_edge.i + 1
                if nxt <= hi and (any(w.ent_type_ in ("DATE", "TIME") for w in words) or any(w.lower_ in _WEEKDAYS for w in words)) \
                        and doc[nxt].dep_ in ("nsubj", "nsubjpass", "det", "compound", "poss", "amod", "punct", "mark", "nummod", "expl"):
                    return nxt
            break
        return lo

    def _excluded_for(self, tok: Token) -> set[int]:
        """Tokens that are not content of ``tok``: the clauses of add-ons and trailing attributions
        (", adding that ...", ", X said") other than ``tok`` itself and those it sits in."""
        out: set[int] = set()
        ancestors = {a.i for a in tok.ancestors}
        for b in self.blockers:
            if b != tok.i and b not in ancestors:
                out.update(self.subtrees[b])
        return out

    def _speaker(self, tok: Token, cue: Cue | None = None) -> Token | None:
        """The subject of the cue; an add-on takes the subject of the cue it adds to."""
        if cue is not None and cue.cls == "appearance":
            return None  # "X seems / appears to ...": the writer's impression of X, X says nothing
        if tok.i in self.addons:
            h = tok.head
            for _ in range(8):
                if h.i in self.cue_speech and h.i not in self.in_quote:
                    return self._subject(h)
                if h.head.i == h.i:
                    break
                h = h.head
            # The parse split the sentence (at a quote): the speech cue before it in the paragraph.
            plo, _ = self._para_bounds(tok.idx)
            prev = [i for i in self.cue_speech if i < tok.i and self.doc[i].idx >= plo and i not in self.addons]
            if prev:
                return self._subject(self.doc[max(prev)])
        return self._subject(tok)

    def _clamp(self, tok: Token, lo: int, hi: int) -> tuple[int, int]:
        """Keep content within the cue's paragraph, unless that paragraph break is a hard wrap."""
        plo, phi = self._para_bounds(tok.idx)
        while plo > 2 and not self._real_break(plo):
            plo = self._para_bounds(plo - 2)[0]
        while phi < len(self.text) and not self._real_break(self._next_para(phi)):
            phi = self._para_bounds(self._next_para(phi))[1]
        while lo <= hi and self.doc[lo].idx < plo:
            lo += 1
        while hi >= lo and self.doc[hi].idx >= phi:
            hi -= 1
        return lo, hi

    def _next_para(self, end: int) -> int:
        i = end
        while i < len(self.text) and self.text[i].isspace():
            i += 1
        return i

    def _real_break(self, para_start: int) -> bool:
        """A paragraph break is real unless the paragraph before it ends mid-sentence (hard-wrapped text)."""
        if para_start >= len(self.text) or para_start <= 0:
            return True
        before = self.text[:para_start].rstrip()
        if self.title is not None and len(before) <= self.title[1]:
            return True
        return before[-1:] in ".!?:\"”’)»…" or (before[-1:].isdigit() is False and not before[-1:].isalpha() and before[-1:] not in ",")

    def _after_comma(self, tok: Token) -> bool:
        return tok.i > 0 and self.doc[tok.left_edge.i - 1].text == ","

    def _quote_of(self, i: int) -> Marked | None:
        return self.in_quote.get(i)

    def verb_cues(self) -> list[tuple[Token, Cue, list[Token]]]:
        out = []
        # _cue_of takes only verbs (a verb or auxiliary by its POS or by its tag) whose lemma may
        # start a phrase or is a verb of the lexicon, or whose form is a cue's.
        lex, cols = self.lex, self.cols
        verbs = (cols.mask(POS, ("VERB", "AUX")) | cols.mask(TAG, lambda tag: tag.startswith("VB"), self._in_candidate)) & self._in_candidate

        def cue_lemma(lemma: str) -> bool:
            low = lemma.lower()
            return low not in ("be", "have", "do") and (low in lex.verbs or low in lex.phrase_heads)

        verbs &= cols.mask(LEMMA, cue_lemma, verbs) | cols.mask(LOWER, lex.surface.__contains__, verbs)
        for _, tok in self._candidate_tokens(verbs):
            if tok.i in self.in_quote:
                continue  # speech inside a quotation is not a statement of its own
            got = self._cue_of(tok)
            if got:
                out.append((tok, got[0], got[1]))
        return out

    # -- direct quotes -------------------------------------------------------------------
    def _tokens_between(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="contract")
        return list(span) if span is not None else []

    def _para_bounds(self, char: int) -> tuple[int, int]:
        lo = self.text.rfind("\n", 0, char) + 1
        hi = self.text.find("\n", char)
        return lo, (len(self.text) if hi < 0 else hi)

    def _cue_after(self, m: Marked, cues: dict[int, tuple[Cue, list[Token]]]) -> Token | None:
        """'"A," he said' / '"A," said Lavrov': a cue verb right after the closing mark."""
        _, para_end = self._para_bounds(m.outer_end)
        closing = m.outer_end
        nxt = next((a for _, a, _ in self._top_bounds if a >= closing), para_end)
        stop = self._sentence_stop(m.outer_end, min(nxt, para_end))
        toks = [t for t in self._tokens_between(m.outer_end, stop) if t.i not in self.in_quote]
        if not toks:
            return None
        # '"A," he said' / '"A" - he said': the quote hands over to its attribution; after a
        # full stop ('"A." Trump said.') only when the cue follows at once.
        bridged = toks[0].text in (",", "—", "–", "-", "--") or self.text[m.end - 1 : m.end] in (",", "!", "?", "—", "-", "…")
        # The subject may carry an appositive: '"A," Brent Bozell III, founder of the Media
        # Research Center, tells Breitbart News'.
        for t in toks[: 30 if bridged else 3]:
            if t.i in cues and t.i not in self.used_cues:
                if t.dep_ == "relcl" or any(a.dep_ == "relcl" for a in t.ancestors):
                    continue  # '"A," Harry Bond, 30, who said he left, said': the speaker's own clause
                if not bridged and self._introduces_next(t):
                    return None  # '“A.” He adds, “B.”': the cue belongs to the quote after it
                subj = self._subject(t)
                if subj is not None and subj.i in {x.i for x in toks}:
                    return t
                if subj is None and t.dep_ in ("ROOT", "ccomp", "parataxis") and t.tag_ != "VBG":
                    return t
        return None

    def _introduces_next(self, cue_tok: Token) -> bool:
        """The cue's clause ends in a comma or colon that opens another quotation."""
        for t in self.doc[cue_tok.i + 1 : min(cue_tok.i + 8, len(self.doc))]:
            if t.text in (",", ":"):
                nxt = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
                return nxt is not None and nxt.i in self.in_quote
            if t.is_punct:
                return False
        return False

    def _sentence_stop(self, start: int, limit: int) -> int:
        return next(_sentence_ends(self.text, start, limit), limit)

    def _cue_before(self, m: Marked, cues: dict[int, tuple[Cue, list[Token]]], allow: int | None = None) -> Token | None:
        """'he said: "A"' / 'Lavrov said "A"' / 'saying "A"': a cue verb just before the opening mark."""
        para_start, _ = self._para_bounds(m.outer_start)
        opening = m.outer_start
        prev_q = max([b for _, _, b in self._top_bounds if b <= opening] + [para_start])
        toks = [t for t in self._tokens_between(max(prev_q, para_start), m.outer_start) if t.i not in self.in_quote]
        if not toks:
            return None
        tail = toks[-1]
        colon = tail.text == ":"
        if not colon and tail.text != "," and not self._utterance(m):
            return None  # 'feels “complex”', 'called it “regenerative medicine”': a label, not a quotation
        # Only a short bridge between the cue and the mark: punctuation, "that", an adverb.
        window = toks[-4:] if not colon else toks[-20:]
        for t in reversed(window):
            if t.i in cues and (t.i not in self.used_cues or t.i == allow):
                between = [x for x in toks if x.i > t.i]
                if colon or all(x.is_punct or x.lower_ in ("that", "simply", "only", "just", "again", "then") or x.dep_ in ("prt",) for x in between) or not between:
                    return t
                if all(x.is_punct or x.dep_ in ("dobj", "dative", "prep", "pobj", "det", "compound", "amod", "prt", "advmod", "npadvmod", "poss", "case") for x in between) and tail.text in (",", ":"):
                    return t
        return None

    def _sentence_before(self, m: Marked) -> str:
        """The text of the quotation's sentence before its opening mark, after any quotation
        that ends earlier in that sentence."""
        para_start, _ = self._para_bounds(m.outer_start)
        cut = [x - para_start for x in _sentence_ends(self.text, para_start, m.outer_start)]
        start = para_start + (cut[-1] if cut else 0)
        opening = m.outer_start
        prev_q = [b for _, _, b in self._top_bounds if para_start <= b <= opening]
        if prev_q:
            start = max(prev_q[-1], start)
        return self.text[start : m.outer_start]

    def _opens_sentence(self, m: Marked) -> bool:
        """Nothing of the sentence comes before the opening mark (else it is a partial quote:
        'he was “kind of riding the fence,” Sims said' is one mixed statement)."""
        before = self._sentence_before(m).strip()
        return not before or before[-1] in ":—–-(" or before.lower() in ("and", "but")

    def _utterance(self, m: Marked) -> bool:
        """A quotation that reads as something said: several words, or a full sentence."""
        content = self.text[m.start : m.end].strip()
        return len(content.split()) >= 4 or content[-1:] in (".", "!", "?", "…")

    def _standalone(self, m: Marked) -> bool:
        """A quote that is a sentence (or paragraph) of its own."""
        _, para_end = self._para_bounds(m.outer_start)
        before = self._sentence_before(m).strip()
        before_ok = not before or before.endswith(":")
        after = self.text[m.outer_end : para_end]
        after_ok = not after.strip() or (bool(re.match(r"\s*[.!?…]?(\s|$)", after)) and not after.strip()[:1].isalpha())
        return before_ok and (after_ok or m.close_at is None)

    def direct_quotes(self, cues: dict[int, tuple[Cue, list[Token]]]) -> None:
        pending: Found | None = None  # the last direct statement, for split quotes
        for m in self.top:
            if m.end - m.start < 2 or not any(ch.isalpha() for ch in self.text[m.start : m.end]):
                continue
            after = self._cue_after(m, cues) if self._opens_sentence(m) else None
            before = self._cue_before(m, cues, pending.cue_token if pending else None) if after is None else None
            if before is not None and self._clause_goes_on(m):
                before = None  # 'says “military specialists” are being sent': a fragment of a longer clause
            conf = 0.9 if not m.guessed else 0.6
            if not m.double:
                conf -= 0.1
            if before is not None and pending is not None and pending.cue_token == before.i:
                # '"A," he said, "B."': one quotation split by its attribution.
                pending.parts.append((m.start, m.end))
                pending.quotes.append(m)
                continue
            cue_tok = after if after is not None else before
            if cue_tok is None:
                standalone = self._standalone(m)
                if not standalone or (m.end - m.start) < 15:
                    # A title or scare quote inside the attribution ('Cuban said on NBC's "Meet the
                    # Press."') does not end a split quote; the gap test decides on the next part.
                    continue
                colon = self._colon_cue(m, cues)
                if colon is not None:
                    cue_tok = colon
                elif pending is not None and self._same_paragraph(pending, m) and self._only_attribution_between(pending, m):
                    pending.parts.append((m.start, m.end))
                    pending.quotes.append(m)
                    continue
                else:
                    bare = self._bare_colon(m)
                    if bare is not None:
                        colon_at, bare_subj = bare
                        self.found.append(Found("direct", [(m.start, m.end)], (colon_at, colon_at + 1), ":", self._mention(bare_subj),
                                                conf * 0.7, self._in_title(colon_at), None, [m], "colon"))
                    else:
                        self.deferred.append((m, conf))
                    pending = None
                    continue
            cue, cue_toks = cues[cue_tok.i]
            if cue.frame_weight("quote") < MIN_FRAME_WEIGHT:
                pending = None
                continue
            self.used_cues.add(cue_tok.i)
            subj = self._speaker(cue_tok, cue)
            f = Found("direct", [(m.start, m.end)], self._cue_chars(cue_toks), cue.cue, self._mention(subj),
                      conf * (0.5 + cue.weight / 2) if cue.cls not in SPEECH_CLASSES else conf,
                      self._in_title(cue_tok.idx), cue_tok.i, [m], "quote")
            self.found.append(f)
            pending = f

    def cueless_quotes(self) -> None:
        """A quote standing alone with no cue: the speaker of the statement just before it."""
        for m, conf in self.deferred:
            if any(s <= m.start < e for f in self.found for s, e in f.parts):
                continue
            prev = self._previous_statement(m.outer_start)
            if prev is None:
                continue
            self.found.append(Found("direct", [(m.start, m.end)], None, None, prev.speaker, conf * 0.6,
                                    self._in_title(m.start), None, [m], "nearest"))

    def _clause_goes_on(self, m: Marked) -> bool:
        """The sentence runs on after the closing mark with more of the same clause."""
        _, para_end = self._para_bounds(m.outer_end)
        rest = self.text[m.outer_end : para_end].lstrip()
        word = re.match(r"[a-z][\w’']*", rest)
        return word is not None and word.group() not in _RUN_ON_OK

    def _same_paragraph(self, f: Found, m: Marked) -> bool:
        return self._para_bounds(f.parts[-1][0]) == self._para_bounds(m.outer_start)

    def _only_attribution_between(self, f: Found, m: Marked) -> bool:
        """Between the previous quote and this one there is only its attribution sentence."""
        last = f.quotes[-1]
        gap = self.text[last.outer_end : m.outer_start]
        if "\n" in gap:
            return False
        inner = [q for q in self.top if last.outer_end <= q.outer_start and q.outer_end <= m.outer_start]
        if not inner and ('"' in gap or "“" in gap):
            return False
        if len(gap.split()) <= 8 and not inner:
            return True
        # '"A," Clinton said on Thursday during a speech in New York. "B."': the gap is one
        # sentence, the attribution of the first part, and holds no other cue.
        if f.cue is None or not (last.outer_end <= f.cue[0] < m.outer_start) or len(gap.split()) > 40:
            return False
        if f.cue_token is None:
            return False
        # Other cues in the gap are allowed when they hang on the attribution ('“A,” said one
        # staffer, who said he left on good terms. “B.”', '..., after de Blasio stated X. “B.”').
        others = [i for i in self.cue_idx if last.outer_end <= self.doc[i].idx < m.outer_start and i != f.cue_token
                  and f.cue_token not in {a.i for a in self.doc[i].ancestors}]
        if others:
            return False
        # Quotes in the gap are titles or fragments inside the attribution ('said in an interview
        # on NBC's "Meet the Press."', 'after hinting that “personnel changes” could come').
        cue_sent = self.doc[f.cue_token].sent
        claimed = {id(q) for g in self.found for q in g.quotes}
        if any(id(q) in claimed or not (cue_sent.start_char < q.outer_start and q.outer_end <= cue_sent.end_char + 1) for q in inner):
            return False
        # One sentence: no full stop inside the gap (titles and initials do not count: "N.C.").
        if all(x >= m.outer_start for x in _sentence_ends(self.text, last.outer_end, m.outer_start)):
            return True
        allowed = {cue_sent.start}
        gap_toks = [t for t in self._tokens_between(last.outer_end, m.outer_start) if not t.is_space]
        if gap_toks and gap_toks[0].is_punct:
            allowed.add(gap_toks[0].sent.start)
        return all(t.sent.start in allowed for t in gap_toks)

    def _colon_cue(self, m: Marked, cues: dict[int, tuple[Cue, list[Token]]]) -> Token | None:
        """'Caddell continued:' closing the previous paragraph, then the quote."""
        para_start, _ = self._para_bounds(m.outer_start)
        if para_start < 2:
            return None
        prev_lo, prev_hi = self._para_bounds(para_start - 2)
        prev = self.text[prev_lo:prev_hi].rstrip()
        if not prev.endswith(":") or m.outer_start - para_start > 1:
            return None
        toks = self._tokens_between(prev_lo, prev_hi)
        for t in reversed(toks):
            if t.i in cues and t.i not in self.used_cues and t.i not in self.in_quote:
                return t
        return None

    def _bare_colon(self, m: Marked) -> tuple[int, Token] | None:
        """'She recites the line: "A."' / 'Article 33 affirms: "A."': a clause with no cue ending in
        a colon right before the quote; the speaker is the clause's subject."""
        j = m.outer_start - 1
        while j >= 0 and self.text[j] in " \t\n":
            j -= 1
        if j < 0 or self.text[j] != ":":
            return None
        colon = self.doc.char_span(j, j + 1, alignment_mode="expand")
        if colon is None:
            return None
        sent = self.doc[colon.start].sent
        # The subject of the clause before the colon (the parser may root the sentence in the quote).
        subjects = [t for t in sent if t.i < colon.start and t.dep_ == "nsubj" and t.head.i < colon.start]
        subj = subjects[-1] if subjects else None
        if subj is None or subj.i in self.in_quote or subj.pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        return j, subj

    def _previous_statement(self, char: int) -> Found | None:
        """The statement just before ``char`` in this or the previous paragraph, for a quote with no cue."""
        para_start, _ = self._para_bounds(char)
        prev_para = self._para_bounds(para_start - 2)[0] if para_start >= 2 else para_start
        best = None
        for f in self.found:
            if f.speaker is None or f.in_headline:
                continue
            at = f.cue[0] if f.cue else f.parts[0][0]
            if prev_para <= at < char and (best is None or at > (best.cue[0] if best.cue else best.parts[0][0])):
                best = f
        return best

    def _cue_chars(self, toks: list[Token]) -> tuple[int, int]:
        toks = sorted(toks, key=lambda t: t.i)
        return toks[0].idx, toks[-1].idx + len(toks[-1].text)

    # -- reported speech -----------------------------------------------------------------
    def indirect(self, cues: dict[int, tuple[Cue, list[Token]]]) -> None:
        for i, (cue, cue_toks) in cues.items():
            if i in self.used_cues:
                continue
            tok = self.doc[i]
            got = self._complement(tok, cue, cue_toks)
            if got is None:
                that = self._surface_that(tok, cue)
                if that is None:
                    continue
                got = that
            comps, how = got
            if cue.frame_weight(how) < MIN_FRAME_WEIGHT:
                continue
            content = self._content(tok, comps, how)
            if content is None or len(self.text[content[0] : content[1]].split()) < 2:
                continue
            subj = self._speaker(tok, cue)
            self._add_reported(content, self._cue_chars(cue_toks), cue.cue, self._mention(subj), cue, i, how)

    def _add_reported(self, content: tuple[int, int], cue_chars: tuple[int, int], lemma: str,
                      speaker: tuple[int, int] | None, cue: Cue, cue_i: int, frame: str) -> None:
        s, e = content
        inside = [m for m, a, b in self._top_bounds if s <= a and b <= e + 1]
        within = self._within_one_quote(s, e)
        if within is not None:
            # The parse cut the clause inside the marks ('he yelled “You lie!” at X', 'asks at the
            # school, “Any questions I can answer?”'): the statement is the quotation.
            inside = [within]
        claimed = [f for f in self.found if f.kind == "direct" and any(q in inside for q in f.quotes)]
        if claimed:
            return  # the quote is already a direct statement with its own cue
        kind = "indirect"
        if within is not None:
            s, e = within.start, within.end
            kind = "direct"
        elif inside:
            whole = len(inside) == 1 and inside[0].outer_start <= s + 1 and inside[0].outer_end >= e - 1
            if whole:
                s, e = inside[0].start, inside[0].end
                kind = "direct"
            else:
                kind = "mixed"
        elif any(a < s < b or a < e < b for _, a, b in self._top_bounds):
            kind = "mixed"
        conf = 0.55 + 0.4 * cue.frame_weight(frame)
        self.used_cues.add(cue_i)
        self.found.append(Found(kind, [(s, e)], cue_chars, lemma, speaker, conf, self._in_title(cue_chars[0]), cue_i, inside, frame))

    def _within_one_quote(self, s: int, e: int) -> Marked | None:
        """The one quotation that holds the content [s, e) but for its marks and punctuation."""
        overlap = [m for m, a, b in self._top_bounds if a < e and s < b]
        if len(overlap) != 1:
            return None
        m = overlap[0]
        outside = self.text[s : max(s, m.start)] + self.text[min(e, m.end) : e]
        if any(ch.isalnum() for ch in outside):
            return None
        return m

    def according_to(self) -> None:
        for sent, tok in self._according:
            if tok.i in self.in_quote:
                continue
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            src = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if to is None or src is None:
                continue
            head = tok.head
            while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
                head = head.head
            excl = {t.i for t in tok.subtree}
            toks = [t for t in head.subtree if t.i not in excl and t.sent == sent]
            if not toks:
                continue
            lo, hi = toks[0].i, toks[-1].i
            # The content is the clause on one side of the phrase.
            if tok.i > lo and tok.i < hi:
                if tok.i - lo >= hi - max(excl):
                    hi = min(excl) - 1
                else:
                    lo = max(excl) + 1
            content = self._span(lo, hi)
            if content is None or len(self.text[content[0] : content[1]].split()) < 2:
                continue
            cue = self.lex.phrases.get("according to")
            if cue is None:
                continue
            self._add_reported(content, (tok.idx, to.idx + len(to.text)), "according to", self._mention(src), cue, tok.i,
                              "according")

    def headline_colon(self) -> None:
        if self.title is None:
            return
        lo, hi = self.title
        line = self.text[lo:hi]
        m = re.match(r"\s*([^:]{2,60}?)\s*:\s+(\S.*)$", line)
        if not m:
            return
        who = m.group(1)
        words = who.split()
        if not (1 <= len(words) <= 6) or who.lower().strip() in _HEADLINE_TAGS or who[-1:].isdigit():
            return
        if not any(w[:1].isupper() for w in words):
            return
        c_start, c_end = m.start(2), m.end(2)
        if self.text[c_end - 1] == "." and self.text[c_end - 2 : c_end - 1] not in ("’", "”", '"', "'"):
            c_end -= 1
        colon = lo + line.index(":", m.end(1))
        content = (lo + c_start, lo + c_end)
        inside = [q for q in self.top if content[0] <= q.outer_start and q.outer_end <= content[1] + 1]
        kind = "direct" if len(inside) == 1 and inside[0].outer_start <= content[0] + 1 and inside[0].outer_end >= content[1] - 1 else ("mixed" if inside else "indirect")
        self.found.append(Found(kind, [content], (colon, colon + 1), ":", (lo + m.start(1), lo + m.end(1)), 0.7, True, None, inside, "colon"))

    def noun_cues(self) -> None:
        """Nominal cues: "claims in the West that X", "his call for X", "statements made by X on Y"."""
        nouns = self.lex.nouns

        def noun_cue(word: str) -> bool:
            return word.lower() in nouns

        cols = self.cols
        noun = cols.mask(POS, ("NOUN",), self._in_candidate)
        maybe_cue = cols.mask(LEMMA, noun_cue, noun) | cols.mask(LOWER, noun_cue, noun)
        for sent, tok in self._candidate_tokens(maybe_cue):
            if tok.i in self.in_quote or tok.i in self.used_cues:
                continue
            cue = self.lex.noun(tok.lemma_) or self.lex.noun(tok.lower_)
            if cue is None:
                continue
            content = None
            for child in tok.children:
                if child.dep_ in ("acl", "ccomp", "relcl") and any(m.lower_ == "that" and m.dep_ == "mark" for m in child.children):
                    content = [child]
                elif child.dep_ == "prep" and child.lower_ in ("for", "on", "about", "of", "against") and child.i == tok.i + 1 and content is None:
                    objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                    content = objs or None
            if content is None:
                # The parse hung the that-clause elsewhere: "claims in the West that X".
                for j in range(tok.i + 1, min(tok.i + 6, sent.end - 1)):
                    t = self.doc[j]
                    if t.lower_ == "that" and t.dep_ == "mark" and t.head.i > j:
                        content = [t.head]
                        break
                    if t.is_punct or t.pos_ in ("VERB", "AUX"):
                        break
            if not content or cue.frame_weight("noun") < MIN_FRAME_WEIGHT:
                continue
            src = self._noun_source(tok)
            if src is None:
                continue
            lo = min(c.left_edge.i for c in content)
            hi = max(c.right_edge.i for c in content)
            lo, hi = self._clamp(tok, lo, hi)
            span = self._span(lo, hi)
            if span is None or len(self.text[span[0] : span[1]].split()) < 2:
                continue
            self._add_reported(span, (tok.idx, tok.idx + len(tok.text)), cue.cue, self._mention(src), cue, tok.i, "noun")

    def _noun_source(self, tok: Token) -> Token | None:
        """Who the claim is by: "their claims", "claims by/from/in X", or the subject of "made/issued/leading"."""
        for child in tok.children:
            if child.dep_ == "poss":
                return child
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "in"):
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and (obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ or child.lower_ == "by"):
                    return obj
            if child.dep_ == "acl":  # "statements made by X"
                agent = next((g for g in child.children if g.dep_ == "agent"), None)
                obj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
                if obj is not None:
                    return obj
        if tok.dep_ in ("dobj", "obj") and tok.head.pos_ == "VERB":
            return self._subject(tok.head)
        return None

    def speaker_labels(self) -> None:
        """Interview transcripts: a paragraph opening with a speaker label ("TAPPER: ...", "SEN. MCCAIN: ...")."""
        for m in _LABEL_RE.finditer(self.text):
            label = m.group(1)
            if self._in_title(m.start()) or label.lower().strip(" .") in _HEADLINE_TAGS or sum(ch.isalpha() for ch in label) < 3:
                continue
            s, e = m.start(2), m.end(2)
            if e - s < 2:
                continue
            inside = [q for q in self.top if s <= q.outer_start and q.outer_end <= e + 1]
            whole = len(inside) == 1 and inside[0].outer_start <= s + 1 and inside[0].outer_end >= e - 1
            kind = "direct" if whole else ("mixed" if inside else "indirect")
            parts = [(inside[0].start, inside[0].end)] if whole else [(s, e)]
            colon = m.end(1) + self.text[m.end(1) :].index(":")
            self.found.append(Found(kind, parts, (colon, colon + 1), ":", (m.start(1), m.end(1)), 0.75, False, None, inside, "label"))

    def run(self) -> list[Found]:
        cues = {tok.i: (cue, toks) for tok, cue, toks in self.verb_cues()}
        self.cue_idx = set(cues)
        self.cue_speech = {i for i, (cue, _) in cues.items() if cue.cls in SPEECH_CLASSES}
        self.addons = {i for i in cues if self._is_addon(self.doc[i])}
        self.blockers = self.addons | {i for i in cues if self.doc[i].dep_ == "parataxis"}
        # "he says he respects Clinton and calls her X": a coordinated reporting verb is a cue of its own.
        self.blockers |= {i for i, (cue, _) in cues.items() if self.doc[i].dep_ == "conj" and cue.cls in SPEECH_CLASSES
                          and self.doc[i].head.i not in cues}
        self._according = self._candidate_tokens(self.cols.mask(LOWER, ("according",)))
        self.blockers |= {t.i for _, t in self._according}
        self.subtrees = {b: {t.i for t in self.doc[b].subtree} for b in self.blockers}
        self.headline_colon()
        self.speaker_labels()
        self.direct_quotes(cues)
        self.according_to()
        self.indirect(cues)
        self.noun_cues()
        self.cueless_quotes()
        self.found.sort(key=lambda f: f.parts[0][0])
        found = self._dedupe(self.found)
        if DROP_NESTED:
            found = self._drop_nested(found)
        return found

    def _drop_nested(self, found: list[Found]) -> list[Found]:
        """Speech reported inside another statement's content is not a statement of its own."""
        out = []
        contents = [(s, e, g) for g in found if g.kind != "direct" for s, e in g.parts]
        for f in found:
            if f.cue is None or f.in_headline:
                out.append(f)
                continue
            at = f.cue[0]
            if not any(s <= at < e and g is not f for s, e, g in contents):
                out.append(f)
        return out

    def _dedupe(self, found: list[Found]) -> list[Found]:
        """Two cues that yield the same content: keep the more confident one."""
        out: list[Found] = []
        for f in found:
            dup = next((g for g in out if g.parts == f.parts), None)
            if dup is None:
                out.append(f)
            elif f.confidence > dup.confidence:
                out[out.index(dup)] = f
        return out


def title_doc_span(doc: Doc, bounds: tuple[int, int] | None) -> SpacySpan | None:
    if bounds is None:
        return None
    return doc.char_span(bounds[0], bounds[1], alignment_mode="expand")
