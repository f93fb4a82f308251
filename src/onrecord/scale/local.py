"""Every core of one machine: worker processes run the pipeline, the caller stays the one writer.

:func:`pipeline_runner` gives ``ingest_documents`` something to submit batches of raw
documents to and collect extractions from, in submission order:

- one worker: the pipeline runs in this process (no pool, no model loaded twice);
- N workers: a pool of N spawned processes, each loading the spaCy pipeline once; at
  most ``2 * N`` batches are in flight, so memory stays bounded however big the input.

Workers never touch the store: SQLite keeps one writer, one transaction per batch,
and results are stored in input order, exactly as a single-process run stores them.
A worker exits on its own when its parent dies (kill -9 included), so no orphan keeps
a model in memory.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Protocol

from ..errors import ModelNotInstalled, OnrecordError, StageError
from ..model import Extraction, RawDocument
from ..pipeline import Pipeline
from ..settings import Settings

# Below this much input, starting workers (each loads the spaCy model, 1-3 s) costs more
# than it saves, so ``workers = 0`` (one per core) stays in one process.
SMALL_INPUT_BYTES = 256 << 10


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def resolve_workers(settings: Settings, input_bytes: int | None) -> int:
    """How many processes run the pipeline: the ``workers`` setting, 0 = one per core for a big input."""
    if settings.workers > 0:
        return settings.workers
    if input_bytes is not None and input_bytes < SMALL_INPUT_BYTES:
        return 1
    return cpu_count()


class Runner(Protocol):
    """Submit batches of raw documents; collect their extractions in the same order."""

    in_flight: int

    def submit(self, raws: list[RawDocument]) -> Any: ...

    def result(self, handle: Any) -> list[Extraction]: ...


class SerialRunner:
    """The pipeline in this process: a batch is processed when it is submitted."""

    in_flight = 0

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def submit(self, raws: list[RawDocument]) -> list[Extraction]:
        return list(self.pipeline.run(raws)) if raws else []

    def result(self, handle: list[Extraction]) -> list[Extraction]:
        return handle


# -- the worker side ------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)  # the writer is gone: nothing would store what this worker makes
        time.sleep(0.5)


def _init_worker(settings: Settings, parent: int) -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="onrecord-watch-parent").start()
    pipeline = Pipeline(settings)
    try:
        pipeline.nlp  # noqa: B018 - load the model now, once per worker
    except OnrecordError as exc:
        _WORKER["error"] = (exc.message, exc.hint)
    _WORKER["pipeline"] = pipeline


def _process_batch(raws: list[RawDocument]) -> list[Extraction] | tuple[str, str]:
    if "error" in _WORKER:
        message, hint = _WORKER["error"]
        return message, hint
    return list(_WORKER["pipeline"].run(raws))


class ProcessRunner:
    """A pool of ``workers`` processes running the pipeline; use as a context manager."""

    def __init__(self, settings: Settings, workers: int) -> None:
        import multiprocessing

        self.workers = workers
        self.in_flight = 2 * workers
        # spawn, not fork: the parent may hold threads (Rich's progress refresh, a web
        # server) and an open SQLite connection, neither of which survives a fork safely.
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(settings, os.getpid()),
        )

    def submit(self, raws: list[RawDocument]) -> Future[Any] | list[Extraction]:
        return self.pool.submit(_process_batch, raws) if raws else []

    def result(self, handle: Future[Any] | list[Extraction]) -> list[Extraction]:
        if isinstance(handle, list):
            return handle
        try:
            value = handle.result()
        except BrokenProcessPool:
            raise StageError(
                "parse",
                "a worker process died (out of memory, or killed) while processing a batch",
                "the store keeps every batch committed so far: re-run the same ingest to complete it "
                "(with --workers 1 to find the document that kills it)",
            ) from None
        if isinstance(value, tuple):
            raise ModelNotInstalled(*value)
        return list(value)

    def close(self, *, wait: bool = True) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=True)


@contextmanager
def pipeline_runner(settings: Settings, workers: int, pipeline: Pipeline | None = None) -> Iterator[Runner]:
    """A :class:`SerialRunner` for one worker, else a :class:`ProcessRunner` (shut down on exit)."""
    if workers <= 1:
        yield SerialRunner(pipeline or Pipeline(settings))
        return
    # Every worker dates against the same run day, even across midnight.
    runner = ProcessRunner(settings.replace(today=settings.run_day), workers)
    try:
        yield runner
    except BaseException:
        runner.close(wait=False)  # an interrupted run does not wait for batches nobody will store
        raise
    runner.close()
