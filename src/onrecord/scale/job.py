"""The Dask job: the per-document stages over shards of the input, written as Parquet.

Each task reads one shard (whole files, or a byte range of a big JSON Lines / WARC file),
runs the pipeline (clean, outlet, date, parse, quotes, speakers, said) and writes the
shard's tables (:mod:`.parquet`). Workers need the inputs and the output directory on a
shared path, onrecord and the spaCy model installed, and nothing else: no store. The
corpus-wide steps (speaker registry, near-duplicates, statements, drift) need the whole
corpus and run on the one writer, after ``onrecord load`` (:func:`.load.load_parquet`).

The job is resumable: shards already done (their ``_done`` marker exists) are not run
again, as long as the plan in ``_job.json`` still matches the inputs.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..pipeline import Pipeline, load_nlp, stage_versions
from ..settings import Settings
from .inputs import (
    Piece,
    Shard,
    auto_shard_bytes,
    plan_pieces,
    plan_shards,
    read_shard,
    split_pieces,
    total_bytes,
)
from .parquet import LAYOUT_VERSION, ShardWriter, done_marker

if TYPE_CHECKING:
    from distributed import Client

try:  # a worker plugin when distributed is importable (it is a core dependency)
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover
    _PluginBase = object  # type: ignore[assignment,misc]

MANIFEST = "_job.json"
# The settings that change what the per-document stages produce: a resumed job must match.
STAGE_SETTINGS = ("spacy_model", "parse_mode", "max_document_bytes", "doc_time_budget_s", "today",
                  "csv_text_column", "outlet_registry", "skip_stages")


class PreloadModel(_PluginBase):
    """Loads the spaCy pipeline once per worker process, when the worker starts."""

    name = "onrecord-preload-model"

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        load_nlp(self.model)


def peak_rss_bytes() -> int:
    """This process's peak resident memory (Linux reports KiB)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def process_shard(shard: Shard, settings: Settings, out: str) -> dict[str, Any]:
    """The Dask task: read one shard, run the pipeline, write its Parquet tables; returns counts."""
    started, cpu = time.monotonic(), time.process_time()
    pipeline = Pipeline(settings)
    pipeline.nlp  # noqa: B018 - loaded (or found cached) before the clock of the documents starts
    writer = ShardWriter(out, shard.index)
    counts = {"documents": 0, "articles": 0, "failures": 0, "quotes": 0, "words": 0}
    try:
        for ex in pipeline.run(read_shard(shard, settings)):
            writer.add(ex)
            counts["documents"] += 1
            if ex.article is None:
                counts["failures"] += 1
            else:
                counts["articles"] += 1
                counts["quotes"] += len(ex.quotes)
                counts["words"] += len(ex.article.text.split())
    except BaseException:
        writer.abort()
        raise
    summary = {"shard": shard.index, "bytes": shard.size, **counts, "seconds": round(time.monotonic() - started, 3),
               "cpu_seconds": round(time.process_time() - cpu, 3), "pid": os.getpid(), "host": os.uname().nodename,
               "peak_rss": peak_rss_bytes()}
    writer.commit(summary)
    return summary


@dataclass
class JobSummary:
    """What a Dask job did (``shards_run`` excludes the shards a previous run had finished)."""

    out: str
    shards: int = 0
    shards_run: int = 0
    shards_done_before: int = 0
    bytes: int = 0
    documents: int = 0
    articles: int = 0
    failures: int = 0
    quotes: int = 0
    words: int = 0
    seconds: float = 0.0
    worker_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0
    worker_peak_rss: int = 0
    workers: int = 0
    processes: list[str] = field(default_factory=list)  # host:pid of every worker that ran a shard

    def add(self, result: dict[str, Any]) -> None:
        self.shards_run += 1
        for key in ("bytes", "documents", "articles", "failures", "quotes", "words"):
            setattr(self, key, getattr(self, key) + int(result[key]))
        self.worker_seconds += float(result["seconds"])
        self.worker_cpu_seconds += float(result.get("cpu_seconds", 0.0))
        self.worker_peak_rss = max(self.worker_peak_rss, int(result.get("peak_rss", 0)))
        process = f"{result.get('host')}:{result.get('pid')}"
        if process not in self.processes:
            self.processes.append(process)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _job_settings(settings: Settings, before: dict[str, Any] | None) -> Settings:
    # One run day for every worker (a resumed job keeps its first run's), and no secret
    # travels to the cluster.
    today = settings.today or (before["settings"]["today"] if before else settings.run_day)
    return settings.replace(today=today, api_token="")


def _manifest(paths: list[str], settings: Settings, shard_bytes: int, shards: list[Shard]) -> dict[str, Any]:
    return {
        "layout": LAYOUT_VERSION,
        "inputs": paths,
        "shard_bytes": shard_bytes,
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in ((k, getattr(settings, k)) for k in STAGE_SETTINGS)},
        "versions": stage_versions(settings.parse_mode),
        "total_bytes": sum(s.size for s in shards),
        "shards": [[asdict(p) for p in s.pieces] for s in shards],
    }


def read_manifest(out: str | os.PathLike[str]) -> dict[str, Any]:
    path = Path(out) / MANIFEST
    if not path.is_file():
        raise InputError(f"{out} holds no onrecord job output (no {MANIFEST})",
                         "point at the --out directory of onrecord ingest --cluster/--dask")
    return dict(json.loads(path.read_text(encoding="utf-8")))


def manifest_shards(manifest: dict[str, Any]) -> list[Shard]:
    return [Shard(i, tuple(Piece(**p) for p in pieces)) for i, pieces in enumerate(manifest["shards"])]


def job_inputs(paths: Iterable[str]) -> list[str]:
    """The inputs as absolute paths (the workers run elsewhere); stdin or a missing path is an error."""
    paths = [str(p) for p in paths]
    if "-" in paths:
        raise InputError("a cluster job cannot read stdin", "write the input to a file on a path the workers share")
    absolute = [str(Path(p).resolve()) for p in paths]
    missing = [p for p in absolute if not Path(p).exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}", "check the path (folders are read recursively)")
    return absolute


def plan_job(
    paths: Iterable[str], settings: Settings, out: str | os.PathLike[str], *, workers: int, shard_bytes: int | None = None
) -> tuple[Settings, list[Shard]]:
    """Shards for ``paths`` (absolute: the workers run elsewhere), checked against a previous run in ``out``.

    Returns the settings the tasks run with (a fixed run day) and the shards.
    """
    absolute = job_inputs(paths)
    previous = Path(out) / MANIFEST
    before = read_manifest(out) if previous.is_file() else None
    settings = _job_settings(settings, before)
    pieces = plan_pieces(absolute)
    if shard_bytes is None:
        shard_bytes = before["shard_bytes"] if before else auto_shard_bytes(total_bytes(pieces) or 0, workers)
    shards = plan_shards(split_pieces(pieces, shard_bytes), shard_bytes)
    manifest = _manifest(absolute, settings, shard_bytes, shards)
    if before is not None and before != manifest:
        raise InputError(
            f"{out} holds the output of another job (other inputs, settings or onrecord version)",
            "use a new --out directory, or delete this one to start over",
        )
    Path(out).mkdir(parents=True, exist_ok=True)
    if before is None:
        tmp = previous.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        os.replace(tmp, previous)
    return settings, shards


def run_job(
    paths: Iterable[str],
    settings: Settings,
    out: str | os.PathLike[str],
    client: Client,
    *,
    shard_bytes: int | None = None,
    on_plan: Callable[[list[Shard]], None] | None = None,
    on_shard: Callable[[dict[str, Any]], None] | None = None,
) -> JobSummary:
    """Run the per-document stages of ``paths`` on the Dask cluster of ``client``, writing Parquet to ``out``."""
    from distributed import as_completed

    started = time.monotonic()
    workers = sum(client.nthreads().values()) or 1
    settings, shards = plan_job(list(paths), settings, out, workers=workers, shard_bytes=shard_bytes)
    summary = JobSummary(out=str(out), shards=len(shards), workers=workers)
    todo = [s for s in shards if not done_marker(Path(out), s.index).exists()]
    summary.shards_done_before = len(shards) - len(todo)
    if on_plan:
        on_plan(todo)
    if todo:
        client.register_plugin(PreloadModel(settings.spacy_model))
        futures = client.map(process_shard, todo, settings=settings, out=str(out), pure=False,
                             key=[f"onrecord-shard-{s.index}-{os.urandom(4).hex()}" for s in todo])
        for future in as_completed(futures):
            result = future.result()
            summary.add(result)
            future.release()
            if on_shard:
                on_shard(result)
    summary.seconds = time.monotonic() - started
    return summary


@contextmanager
def local_cluster(workers: int) -> Iterator[Client]:
    """A LocalCluster of ``workers`` processes on 127.0.0.1, one thread each, and its client."""
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client
