"""The nouns users see, as plain dataclasses.

- :class:`RawDocument` - one input record as read (a file, a JSONL line, a WARC record).
- :class:`Article` - one report: cleaned text, title, outlet, dates, provenance.
- :class:`Quote` - one attributed statement inside one article (the "statements" of
  the ``onrecord extract`` output contract, which keeps that field name).
- :class:`Statement` - the same utterance reported by several articles (issue 5).
- :class:`Extraction` - what the pipeline makes of one raw document.

All character offsets are Python ``str`` indices into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """A piece of article text with its offsets: ``article.text[start:end] == text``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Skip:
    """Why a document was not (fully) processed, and at which stage."""

    stage: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"stage": self.stage, "reason": self.reason}


@dataclass
class RawDocument:
    """One input record with whatever metadata it carried.

    ``text`` or ``html`` holds the content (``html`` wins when both are set).
    ``skipped`` is set by the reader when the record cannot be read at all
    (binary, empty, too large, undecodable); such documents still flow through the
    pipeline so that they are counted and recorded, never dropped silently.
    """

    id: str
    source: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    skipped: Skip | None = None

    @property
    def content(self) -> str:
        return self.html if self.html is not None else (self.text or "")


@dataclass(frozen=True)
class RemovedLine:
    """A line (or inline span) the cleaner dropped from the article, and why."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass
class Article:
    """One cleaned report. ``text`` starts with the title paragraph when a title is known."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    outlet_evidence: str | None = None
    outlet_source: str | None = None  # metadata | url | text | null
    wire: str | None = None
    url: str | None = None
    language: str | None = None
    published: str | None = None
    published_precision: str | None = None  # day | month | year
    published_source: str | None = None  # metadata | url | html | text | override
    published_range: tuple[str, str] | None = None
    published_evidence: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def contract(self) -> dict[str, Any]:
        """The ``article`` object of the ``onrecord extract`` output contract."""
        return {
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "language": self.language,
            "text": self.text,
            "published": self.published,
            "published_precision": self.published_precision,
            "published_source": self.published_source,
            "published_range": list(self.published_range) if self.published_range else None,
        }


SPEAKER_TYPES = ("person", "organization", "group", "unknown")
QUOTE_KINDS = ("direct", "indirect", "mixed")


@dataclass
class SpeakerRef:
    """Who a quote is attributed to: the mention in the text and the resolved name."""

    name: str | None
    mention: str | None
    start: int | None
    end: int | None
    type: str = "unknown"  # person | organization | group | unknown
    # How the mention was resolved: name | pronoun | description | nearest | none.
    resolution: str = "none"
    # The role seen with the person in the article ("Russian Foreign Minister"), if any.
    role: str | None = None
    # For joint speakers ("Russia and Turkey"): the participants, in text order.
    members: list[str] = field(default_factory=list)

    def contract(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": self.mention,
            "start": self.start,
            "end": self.end,
            "type": self.type,
        }


@dataclass
class Quote:
    """One attributed statement inside one article."""

    kind: str  # direct | indirect | mixed
    parts: list[Span]
    cue: Span | None
    speaker: SpeakerRef
    confidence: float
    said_on: str | None = None
    said_where: str | None = None
    said_on_text: str | None = None
    in_headline: bool = False
    cue_lemma: str | None = None
    version: str = ""

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts)

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    def contract(self) -> dict[str, Any]:
        """One element of ``statements`` in the ``onrecord extract`` output contract."""
        return {
            "kind": self.kind,
            "text": self.text,
            "parts": [p.to_dict() for p in self.parts],
            "start": self.start,
            "end": self.end,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.contract(),
            "said_on": self.said_on,
            "said_where": self.said_where,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Extraction:
    """What the pipeline made of one raw document."""

    id: str
    source: str
    article: Article | None
    quotes: list[Quote] = field(default_factory=list)
    skipped: Skip | None = None
    input_hash: str = ""
    versions: dict[str, str] = field(default_factory=dict)

    def contract(self) -> dict[str, Any]:
        """The ``onrecord extract`` JSON object for this document (field names are fixed)."""
        return {
            "id": self.id,
            "source": self.source,
            "article": self.article.contract() if self.article else None,
            "statements": [q.contract() for q in self.quotes],
            "skipped": self.skipped.to_dict() if self.skipped else None,
        }


@dataclass
class Statement:
    """The same utterance as reported by one or more articles (a cluster of quotes)."""

    id: str
    speaker: str | None
    said_on: str | None
    said_where: str | None
    reports: list[dict[str, Any]] = field(default_factory=list)
    drift: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
