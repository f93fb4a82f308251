"""onrecord: who said what, when, where - and which outlets reported it, in which words.

The library API: everything the CLI does is a few calls to these.

    >>> from onrecord import load_settings, extract_paths
    >>> settings = load_settings(today="2026-11-22")
    >>> for ex in extract_paths(["examples/seeds"], settings):
    ...     print(ex.id, [(q.speaker.name, q.text[:40]) for q in ex.quotes])

    >>> from onrecord import Store, ingest
    >>> summary = ingest(["examples/seeds"], settings.replace(db_path="my.db"))
"""

from __future__ import annotations

from .errors import OnrecordError
from .ingest import RunSummary, ingest, ingest_documents
from .model import Article, Extraction, Quote, RawDocument, Span, SpeakerRef, Statement
from .pipeline import Pipeline, extract_paths
from .read import read_bytes, read_inputs
from .settings import Settings, load_settings
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Extraction",
    "OnrecordError",
    "Pipeline",
    "Quote",
    "RawDocument",
    "RunSummary",
    "Settings",
    "Span",
    "SpeakerRef",
    "Statement",
    "Store",
    "extract_paths",
    "ingest",
    "ingest_documents",
    "load_settings",
    "read_bytes",
    "read_inputs",
]
