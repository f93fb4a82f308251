"""Stages 5 and 6, quotes and attribute: every attributed statement in an article.

Needs: the Article (cleaned text, title) and its spaCy Doc (parsed once by the
pipeline from ``article.text``; never parsed again here).
Adds: a list of :class:`~onrecord.model.Quote` - kind (direct, indirect, mixed),
content parts with offsets into ``article.text``, the cue and its lemma, the speaker
mention (subject of the cue, agent after "by", source after "according to", or the
nearest plausible speaker of a quote with no cue), whether the attribution is the
headline, and a confidence (lower where quotation marks were guessed). Speaker names
are then resolved within the article by :mod:`onrecord.quotes.resolve` when present.

Modules: ``marks`` (quotation marks), ``lexicon`` (the cue lexicon in data/cues.tsv),
``candidates`` (cheap sentence candidacy), ``mentions`` (speaker mention spans),
``extract`` (the rules).
"""

from __future__ import annotations

import importlib

from spacy.tokens import Doc

from ..model import Article, Quote, Span, SpeakerRef
from ..settings import Settings
from .candidates import is_candidate
from .extract import Extractor
from .lexicon import load_lexicon
from .marks import find_quotes

VERSION = "quotes-1"

__all__ = ["VERSION", "extract_quotes", "find_quotes", "is_candidate", "load_lexicon"]


def extract_quotes(doc: Doc, article: Article, settings: Settings) -> list[Quote]:
    """Every attributed statement of ``article`` (``doc`` is its parse), in text order."""
    text = article.text
    if not text.strip():
        return []
    found = Extractor(doc, text, load_lexicon(), article.title).run()
    quotes: list[Quote] = []
    for f in found:
        parts = [Span(text[s:e], s, e) for s, e in f.parts if e > s]
        if not parts:
            continue
        cue = Span(text[f.cue[0] : f.cue[1]], f.cue[0], f.cue[1]) if f.cue else None
        speaker = SpeakerRef(name=None, mention=None, start=None, end=None)
        if f.speaker is not None:
            s, e = f.speaker
            speaker = SpeakerRef(name=None, mention=text[s:e], start=s, end=e,
                                 resolution="name" if f.cue else "nearest")
        quotes.append(
            Quote(kind=f.kind, parts=parts, cue=cue, speaker=speaker, confidence=round(f.confidence, 3),
                  in_headline=f.in_headline, cue_lemma=f.cue_lemma, version=VERSION)
        )
    _name_speakers(doc, quotes, article)
    return quotes


def _name_speakers(doc: Doc, quotes: list[Quote], article: Article) -> None:
    """Resolve speaker names with the resolver when it is installed, else name proper-noun mentions."""
    try:
        resolve = importlib.import_module(f"{__name__}.resolve")
    except ImportError:
        resolve = None
    if resolve is not None and hasattr(resolve, "resolve_speakers"):
        resolve.resolve_speakers(doc, quotes, article)
        return
    from .mentions import entity_type, is_proper

    for q in quotes:
        sp = q.speaker
        if sp.start is None or sp.end is None:
            continue
        span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sp.type = entity_type(span)
        if is_proper(span):
            sp.name = sp.mention
            sp.resolution = "name"
        elif sp.resolution == "name":
            sp.resolution = "pronoun" if span.root.pos_ == "PRON" else "description"
