"""Stages 5 and 6, quotes and attribute: every attributed statement in an article.

Needs: the Article (cleaned text) and its spaCy Doc (parsed once by the pipeline).
Adds: a list of :class:`~onrecord.model.Quote` - kind, content parts with offsets,
cue, speaker mention and the speaker resolved within the article, confidence.

(Placeholder: the extractor lands with issue 3.)
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Article, Quote
from ..settings import Settings

VERSION = "quotes-0"


def extract_quotes(doc: Doc, article: Article, settings: Settings) -> list[Quote]:
    return []
