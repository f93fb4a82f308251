"""Ingest: read -> pipeline -> store, batch by batch, with a run summary.

Inputs already in the store (same input hash) are recognised before any work is
done, so a re-run after a crash or kill only processes what is missing.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import Extraction, RawDocument
from .pipeline import Pipeline, input_hash
from .settings import Settings
from .store import Store

if TYPE_CHECKING:
    from .scale.local import Runner


@dataclass
class RunSummary:
    """What a run did: counts and every skip with its reason."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (source, stage, reason)
    partial: list[tuple[str, str, str]] = field(default_factory=list)  # stored, but a later stage failed
    quotes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    words: int = 0
    seconds: float = 0.0
    links: Any = None  # the link stage's LinkSummary, when it ran (onrecord.link.update_links)

    def add(self, ex: Extraction, outcome: str) -> None:
        self.read += 1
        if outcome == "stored":
            self.stored += 1
        elif outcome == "duplicate":
            self.duplicates += 1
        if ex.article is None:
            assert ex.skipped is not None
            self.skipped.append((ex.source, ex.skipped.stage, ex.skipped.reason))
            return
        if ex.skipped is not None:
            self.partial.append((ex.source, ex.skipped.stage, ex.skipped.reason))
        if outcome != "duplicate":
            self.quotes += len(ex.quotes)
            self.kinds.update(q.kind for q in ex.quotes)
            self.words += len(ex.article.text.split())

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "skipped": [{"source": s, "stage": st, "reason": r} for s, st, r in self.skipped],
            "partial": [{"source": s, "stage": st, "reason": r} for s, st, r in self.partial],
            "statements": self.quotes,
            "statements_by_kind": dict(self.kinds),
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "links": self.links.to_dict() if self.links is not None else None,
        }


def _batches(items: Iterable[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    batch: list[RawDocument] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_documents(
    raws: Iterable[RawDocument],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    on_progress: Callable[[Extraction, str], None] | None = None,
    runner: Runner | None = None,
) -> RunSummary:
    """Run the pipeline over ``raws`` and store the results, one transaction per batch.

    ``runner`` (:mod:`onrecord.scale.local`) runs the pipeline elsewhere, e.g. in worker
    processes, with up to ``runner.in_flight`` batches ahead of the one being stored;
    batches are stored in input order all the same.
    """
    from .scale.local import SerialRunner

    runner = runner or SerialRunner(pipeline or Pipeline(settings))
    summary = RunSummary()
    started = time.monotonic()
    pending: deque[tuple[list[RawDocument], list[str], set[str], Any]] = deque()
    for batch in _batches(raws, settings.batch_size):
        hashes = [input_hash(raw) for raw in batch]
        known = store.known_inputs(h for raw, h in zip(batch, hashes, strict=True) if not raw.skipped)
        todo = [raw for raw, h in zip(batch, hashes, strict=True) if raw.skipped or h not in known]
        pending.append((batch, hashes, known, runner.submit(todo)))
        while len(pending) > runner.in_flight:
            _store_batch(*pending.popleft(), runner, store, summary, on_progress)
    while pending:
        _store_batch(*pending.popleft(), runner, store, summary, on_progress)
    summary.seconds = time.monotonic() - started
    return summary


def _store_batch(
    batch: list[RawDocument],
    hashes: list[str],
    known: set[str],
    handle: Any,
    runner: Runner,
    store: Store,
    summary: RunSummary,
    on_progress: Callable[[Extraction, str], None] | None,
) -> None:
    """Store one processed batch (one transaction) and count every document of it."""
    processed = runner.result(handle)
    outcomes = iter(store.save_batch(processed) if processed else [])
    results = iter(processed)
    for raw, h in zip(batch, hashes, strict=True):
        if raw.skipped or h not in known:
            ex, outcome = next(results), next(outcomes)
            summary.add(ex, outcome)
        else:
            ex, outcome = Extraction(id=raw.id, source=raw.source, article=None, input_hash=h), "duplicate"
            summary.read += 1
            summary.duplicates += 1
        if on_progress:
            on_progress(ex, outcome)


def ingest(
    paths: Iterable[str],
    settings: Settings,
    *,
    store: Store | None = None,
    on_progress: Callable[[Extraction, str], None] | None = None,
    input_bytes: int | None = -1,
    on_bytes: Callable[[int], None] | None = None,
    on_linking: Callable[[], None] | None = None,
) -> RunSummary:
    """Ingest files and folders into the store at ``settings.db_path`` (or ``store``).

    The pipeline runs in ``settings.workers`` processes (0 = one per core; see
    :func:`onrecord.scale.local.resolve_workers`); they are spawned, so a script that calls
    this with more than one worker needs the usual ``if __name__ == "__main__":`` guard.
    ``input_bytes`` is the size of the input
    (:func:`onrecord.scale.inputs.total_bytes`; counted here when not given, None when
    unknown); ``on_bytes`` receives the input bytes consumed as each document is counted;
    ``on_linking`` is called when the corpus-wide steps start.
    """
    from .scale.inputs import iter_pieces, read_pieces, total_bytes
    from .scale.local import pipeline_runner, resolve_workers

    paths = list(paths)
    if input_bytes == -1:
        input_bytes = total_bytes(iter_pieces(paths))
    positions: deque[int] = deque()

    def documents() -> Iterator[RawDocument]:
        for raw, done in read_pieces(iter_pieces(paths), settings):
            positions.append(done)
            yield raw

    def progress(ex: Extraction, outcome: str) -> None:
        done = positions.popleft()  # documents are counted in the order they were read
        if on_bytes:
            on_bytes(done)
        if on_progress:
            on_progress(ex, outcome)

    own = store is None
    store = store or Store(settings.db_path)
    try:
        with pipeline_runner(settings, resolve_workers(settings, input_bytes)) as runner:
            summary = ingest_documents(documents(), store, settings, on_progress=progress, runner=runner)
        # The corpus-wide steps: speaker registry, near-duplicates, statements, drift.
        from .link import update_links

        if on_linking:
            on_linking()
        summary.links = update_links(store, settings)
        return summary
    finally:
        if own:
            store.close()
