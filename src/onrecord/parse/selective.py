"""The selective parse: run each part of the spaCy pipeline only on the sentences that need it.

The whole article is tokenised once (the same tokenizer as the full parse, so every token
and offset is the same). A cheap pass splits it into sentences on the text and sorts each
sentence into what it needs (:mod:`onrecord.parse.plan`); consecutive sentences of one
paragraph that need the same components are processed together as one small ``Doc``, in
batches across articles; their annotations are then copied back into the article's
``Doc``. Tokens that were not parsed have no head (``dep_ == ""``), no tag and no entity;
each unparsed sentence is a sentence of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc

from ..quotes.mentions import mention_span, subject_of
from .attributes import FastAttributes, FastLemmatizer, write_array
from .plan import Plan, plan_doc

# What each layer hands back to the article Doc.
_PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
_NER_ATTRS = [ENT_IOB, ENT_TYPE]
# Pieces per call of a component (the parser batches states across them).
# The parts of speech whose lemmas the quote stage reads (verb and noun cues), with verb tags.
LEMMATISED = ("VERB", "AUX", "NOUN")
PIECE_BATCH = 256


@dataclass
class Components:
    """The pipeline's components as the two layers run them."""

    parse: list[tuple[str, Any]] = field(default_factory=list)
    ner: list[tuple[str, Any]] = field(default_factory=list)


_COMPONENTS: dict[int, Components] = {}


def components(nlp: Language) -> Components:
    """The components of ``nlp`` for the parse layer (all but ``ner``, the attribute ruler swapped
    for its array form) and for the entity layer (``ner`` alone: it has its own tok2vec)."""
    got = _COMPONENTS.get(id(nlp))
    if got is None:
        got = Components()
        for name, proc in nlp.pipeline:
            if name == "ner":
                got.ner.append((name, proc))
            elif name == "attribute_ruler":
                got.parse.append((name, FastAttributes(proc)))
            elif name == "lemmatizer" and getattr(proc, "mode", None) == "rule":
                got.parse.append((name, FastLemmatizer(proc, only=LEMMATISED)))
            elif not name.startswith("onrecord_"):  # pieces never cross a paragraph break
                got.parse.append((name, proc))
        _COMPONENTS[id(nlp)] = got
    return got


def _run(procs: list[tuple[str, Any]], docs: list[Doc]) -> list[Doc]:
    if not docs:
        return docs
    stream: Iterable[Doc] = docs
    for _, proc in procs:
        if hasattr(proc, "pipe"):
            stream = proc.pipe(stream, batch_size=PIECE_BATCH)
        else:
            stream = map(proc, stream)
    return list(stream)


def parse_selective(nlp: Language, texts: Sequence[str], titles: Sequence[str | None] | None = None) -> list[Doc]:
    """Docs of ``texts`` with the parse, tags and entities where the quote stage can use them."""
    comps = components(nlp)
    docs = [nlp.make_doc(t) for t in texts]
    plans = [plan_doc(doc, t, (titles[i] if titles else None)) for i, (doc, t) in enumerate(zip(docs, texts, strict=True))]
    where = [(a, start) for a, plan in enumerate(plans) for start, _ in plan.parse]
    parsed = _run(comps.parse, [_piece(nlp, docs[a], texts[a], s, e) for a, plan in enumerate(plans) for s, e in plan.parse])
    parsed_by_doc: list[list[tuple[int, Doc]]] = [[] for _ in docs]
    for (a, start), piece in zip(where, parsed, strict=True):
        parsed_by_doc[a].append((start, piece))
        _flag_speakers(piece, start, plans[a])
    where = [(a, start) for a, plan in enumerate(plans) for start, _ in plan.ner_ranges()]
    entities = _run(comps.ner, [_piece(nlp, docs[a], texts[a], s, e) for a, plan in enumerate(plans) for s, e in plan.ner_ranges()])
    ents_by_doc: list[list[tuple[int, Doc]]] = [[] for _ in docs]
    for (a, start), piece in zip(where, entities, strict=True):
        ents_by_doc[a].append((start, piece))
    for doc, plan, p, e in zip(docs, plans, parsed_by_doc, ents_by_doc, strict=True):
        assemble(doc, plan, p, e)
    return docs


def _flag_speakers(piece: Doc, start: int, plan: Plan) -> None:
    """Flag for the entity layer the likely speaker mentions of a parsed piece: the subjects of
    its cue words and the source of "according to", with some context within their sentence."""
    flags = plan.ner_flags
    cues = numpy.nonzero(plan.cue_flags[start : start + len(piece)])[0]
    for i in cues:
        tok = piece[int(i)]
        head = None
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            head = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        elif tok.pos_ in ("VERB", "AUX"):
            head = subject_of(tok)
        if head is None:
            continue
        span = mention_span(head)
        if not len(span):
            continue
        sent = span.sent
        lo = max(sent.start, span.start - MENTION_CONTEXT)
        hi = min(sent.end, span.end + MENTION_CONTEXT)
        flags[start + lo : start + hi] = True


# Tokens of context on each side of a speaker mention for the entity recogniser. Three
# against six: the same statements on seeds, PolNeAR dev and 200 train articles, the same eval
# figures, the same agreement of speaker names with the full parse (bench/accuracy_gate.py);
# 2 speaker names of 4,650 statements differ; 13% fewer tokens for the recogniser.
MENTION_CONTEXT = 3


def _piece(nlp: Language, doc: Doc, text: str, start: int, end: int) -> Doc:
    """Tokens ``start:end`` of ``doc`` as a Doc of their own. The tokenizer splits at whitespace
    first, so the text of whole tokens tokenises the same (checked; else the tokens are copied)."""
    lo = doc[start].idx
    last = doc[end - 1]
    piece = nlp.make_doc(text[lo : last.idx + len(last.text)])
    if len(piece) != end - start:
        piece = doc[start:end].as_doc()
    return piece


def assemble(doc: Doc, plan: Plan, parsed: list[tuple[int, Doc]], entities: list[tuple[int, Doc]]) -> Doc:
    """Copy the pieces' annotations into ``doc``; sentence starts outside the parse from the plan;
    the words of a quotation left out of the parse hang from where its marks hang."""
    n = len(doc)
    if n == 0:
        return doc
    arr = numpy.zeros((n, len(_PARSE_ATTRS)), dtype="uint64")
    has_parse = numpy.zeros(n, dtype=bool)
    for start, piece in parsed:
        arr[start : start + len(piece)] = piece.to_array(_PARSE_ATTRS)
        has_parse[start : start + len(piece)] = True
    heads = numpy.arange(n, dtype="int64") + arr[:, _HEAD].astype("int64")
    planned = numpy.zeros(n, dtype=bool)
    planned[plan.sent_starts] = True
    attached = numpy.zeros(n, dtype=bool)
    dep_ids = {label: doc.vocab.strings.add(label) for label in ("ccomp", "dep", "ROOT", "punct")}
    for i, j, o, c, tail in plan.masked:
        _hang_quotation(i, j, o, c, tail, heads, arr, has_parse, planned, attached, dep_ids, doc)
    arr[:, _HEAD] = (heads - numpy.arange(n, dtype="int64")).astype("uint64")
    ents = numpy.zeros((n, len(_NER_ATTRS)), dtype="uint64")
    for start, piece in entities:
        ents[start : start + len(piece)] = piece.to_array(_NER_ATTRS)
    write_array(doc, _PARSE_ATTRS + _NER_ATTRS, numpy.hstack([arr, ents]))
    starts = doc.to_array([SENT_START]).astype("int64")
    # Outside the parse, the plan's sentences; a piece that starts inside one of them (after
    # a quotation left out of the parse) continues it.
    free = ~has_parse | attached
    starts[free] = -1
    starts[planned & free] = 1
    for start, _ in parsed:
        if not planned[start]:
            starts[start] = -1
    starts[0] = 1
    write_array(doc, [SENT_START], starts.astype("uint64"))
    return doc


_HEAD = _PARSE_ATTRS.index(HEAD)
_DEP = _PARSE_ATTRS.index(DEP)


def _hang_quotation(i: int, j: int, o: int, c: int, tail: int, heads: numpy.ndarray, arr: numpy.ndarray, has_parse: numpy.ndarray,
                    planned: numpy.ndarray, attached: numpy.ndarray, dep_ids: dict[str, int], doc: Doc) -> None:
    """Give the words of a quotation left out of the parse the place the parser gives them:
    the sentence that opens with the quotation hangs from the head of its opening mark ('said
    "A"'), the one that the attribution closes from the head of the closing mark ('"A," he
    said'); a sentence in between is a flat tree of its own. Subtrees then span the quotation
    as they would in the full parse. A closing mark left out of the parse, and the punctuation
    after it up to ``tail``, hang from the verb that took the quotation when that is in the
    same sentence, else from the root of the quotation's last sentence."""
    segments: list[tuple[int, int]] = []
    s = i
    for k in range(i + 1, j):
        if planned[k]:
            segments.append((s, k))
            s = k
    segments.append((s, j))
    outer = -1
    for n_seg, (a, b) in enumerate(segments):
        anchor = -1
        if n_seg == 0 and has_parse[o] and heads[o] != o:
            anchor = int(heads[o])
        elif n_seg == len(segments) - 1 and has_parse[c] and heads[c] != c:
            anchor = int(heads[c])
        if anchor >= 0:
            if n_seg == 0:
                outer = anchor
            heads[a] = anchor
            verb = doc.vocab.strings[int(arr[anchor, _PARSE_ATTRS.index(TAG)])].startswith("VB")
            arr[a, _DEP] = dep_ids["ccomp" if verb else "dep"]
        else:
            heads[a] = a
            arr[a, _DEP] = dep_ids["ROOT"]
            if n_seg == 0 and not has_parse[o]:
                heads[o] = a  # the opening mark of a sentence that is the quotation alone
                arr[o, _DEP] = dep_ids["punct"]
                has_parse[o] = True
                attached[o] = True
        heads[a + 1 : b] = a
        arr[a + 1 : b, _DEP] = dep_ids["dep"]
        has_parse[a:b] = True
        attached[a:b] = True
    if not has_parse[c]:
        last_root = segments[-1][0]
        for k in range(c, tail):
            heads[k] = outer if outer >= 0 and len(segments) == 1 else last_root
            arr[k, _DEP] = dep_ids["punct"]
            has_parse[k] = True
            attached[k] = True
