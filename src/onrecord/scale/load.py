"""``onrecord load``: merge a Dask job's Parquet output into a store, then the corpus-wide steps.

Shards are loaded in order, documents in input order, so the store ends up as a
single-process ingest of the same inputs would leave it. One transaction per batch
(``LOAD_BATCH`` documents); an input already in the store is a duplicate and adds
nothing, so loading twice, or again after a kill, is safe. The corpus-wide steps
(speaker registry, near-duplicates, statements, drift: :func:`onrecord.link.update_links`)
run once at the end, on this one writer.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ingest import RunSummary
from ..model import Extraction
from ..settings import Settings
from ..store import Store
from .job import manifest_shards, read_manifest
from .parquet import done_marker, read_shard_extractions

# Bigger than an ingest batch: loading does no pipeline work, so a transaction's cost
# (the WAL commit) is what there is to spread.
LOAD_BATCH = 500


def job_status(out: str | os.PathLike[str]) -> dict[str, Any]:
    """Shards planned and done in a job's output directory, and the totals of the done ones."""
    manifest = read_manifest(out)
    shards = manifest_shards(manifest)
    done = [json.loads(done_marker(Path(out), s.index).read_text()) for s in shards if done_marker(Path(out), s.index).exists()]
    return {
        "shards": len(shards),
        "done": len(done),
        "missing": [s.index for s in shards if not done_marker(Path(out), s.index).exists()],
        "documents": sum(d.get("documents", 0) for d in done),
        "total_bytes": manifest.get("total_bytes", 0),
    }


def iter_job_extractions(out: str | os.PathLike[str]) -> Iterator[Extraction]:
    """Every extraction of a finished job, in input order; an unfinished job is an error."""
    status = job_status(out)
    if status["missing"]:
        shown = ", ".join(str(i) for i in status["missing"][:10])
        raise InputError(
            f"the job in {out} is not finished: {len(status['missing'])} of {status['shards']} shards missing ({shown})",
            "run the same onrecord ingest --cluster/--dask command with the same --out again: it runs only what is missing",
        )
    for index in range(status["shards"]):
        yield from read_shard_extractions(out, index)


def load_parquet(
    out: str | os.PathLike[str],
    store: Store,
    settings: Settings,
    *,
    link: bool = True,
    on_progress: Callable[[Extraction, str], None] | None = None,
    on_linking: Callable[[], None] | None = None,
) -> RunSummary:
    """Store every extraction of the job in ``out`` (idempotent), then run the corpus-wide steps."""
    summary = RunSummary()
    started = time.monotonic()
    batch: list[Extraction] = []

    def save() -> None:
        for ex, outcome in zip(batch, store.save_batch(batch), strict=True):
            summary.add(ex, outcome)
            if on_progress:
                on_progress(ex, outcome)
        batch.clear()

    for ex in iter_job_extractions(out):
        batch.append(ex)
        if len(batch) >= LOAD_BATCH:
            save()
    if batch:
        save()
    summary.seconds = time.monotonic() - started
    if link:
        from ..link import update_links

        if on_linking:
            on_linking()
        summary.links = update_links(store, settings)
    return summary
