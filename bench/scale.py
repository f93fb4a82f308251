"""Throughput of ingest on 1 and N processes, and of the Dask job + load, on one corpus.

    .venv/bin/python -m bench.scale [--articles 300] [--workers 1 2] [--dask] [--json PATH]

The corpus is the five seed articles repeated with a distinct first line each (so every
input hash differs), written as one JSON Lines file: about 550 words an article, the
length of a news report. For each worker count it measures:

- ``local``: the per-document stages through ``ingest_documents`` with the process pool
  (the store written by this process, as ``onrecord ingest --workers N`` does), without the
  corpus-wide steps;
- ``dask`` (with ``--dask``): a LocalCluster of N one-thread workers running the job to
  Parquet (cluster start-up timed apart), then ``load`` into a new store;
- the corpus-wide steps (``update_links``) on the loaded store, once.

Reported per run: wall seconds, articles/s and words/s, CPU seconds of every process
involved (this one and its workers), words per CPU-second (what one dedicated core would
do: the figure that survives a machine shared with other jobs), and peak resident memory
of the writer and of the largest worker. The load average before and after each run says
how noisy the machine was.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"


def write_corpus(path: Path, articles: int) -> int:
    """``articles`` records cycling through the seeds; returns the word count of their texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(articles):
            text = f"Report {i} from the wire desk.\n\n" + texts[i % len(texts)]
            words += len(text.split())
            fh.write(json.dumps({"id": f"bench-{i}", "text": text}) + "\n")
    return words


class Sampler:
    """Peak RSS and last CPU times of this process and its children, sampled every 50 ms."""

    def __init__(self) -> None:
        self.me = psutil.Process()
        self.peak: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for proc in [self.me, *self.me.children(recursive=True)]:
            try:
                rss = proc.memory_info().rss
                times = proc.cpu_times()
            except psutil.Error:
                continue
            self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), rss)
            self.cpu[proc.pid] = times.user + times.system

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            time.sleep(0.05)

    def __enter__(self) -> Sampler:
        self._sample()
        self.cpu0 = dict(self.cpu)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()

    def cpu_seconds(self) -> float:
        return sum(v - self.cpu0.get(pid, 0.0) for pid, v in self.cpu.items())

    def peaks(self) -> dict[str, int]:
        own = self.peak.get(self.me.pid, 0)
        others = [v for pid, v in self.peak.items() if pid != self.me.pid]
        return {"writer_peak_rss_mb": own >> 20, "worker_peak_rss_mb": (max(others) >> 20) if others else 0}


def _rates(n_articles: int, words: int, seconds: float, cpu: float) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 1), "articles_per_s": round(n_articles / seconds, 2),
        "words_per_s": round(words / seconds), "cpu_seconds": round(cpu, 1),
        "words_per_cpu_s": round(words / cpu) if cpu else None,
    }


def run_local(corpus: Path, db: Path, workers: int, words: int, settings: Any) -> dict[str, Any]:
    from onrecord.ingest import ingest_documents
    from onrecord.scale.inputs import plan_pieces, read_pieces
    from onrecord.scale.local import pipeline_runner
    from onrecord.store import Store

    load0 = os.getloadavg()[0]
    with Sampler() as sampler, Store(db) as store:
        started = time.monotonic()
        docs = (raw for raw, _ in read_pieces(plan_pieces([str(corpus)]), settings))
        with pipeline_runner(settings, workers) as runner:
            summary = ingest_documents(docs, store, settings, runner=runner)
        seconds = time.monotonic() - started
    return {"mode": "local", "workers": workers, "articles": summary.stored,
            **_rates(summary.stored, words, seconds, sampler.cpu_seconds()), **sampler.peaks(),
            "load_avg_before": round(load0, 1), "load_avg_after": round(os.getloadavg()[0], 1)}


def run_dask(corpus: Path, tmp: Path, workers: int, words: int, settings: Any) -> dict[str, Any]:
    from onrecord.scale.job import local_cluster, run_job
    from onrecord.scale.load import load_parquet
    from onrecord.store import Store

    load0 = os.getloadavg()[0]
    out = tmp / f"out-{workers}"
    started = time.monotonic()
    with local_cluster(workers) as client:
        startup = time.monotonic() - started
        job = run_job([str(corpus)], settings, out, client)
    db = tmp / f"dask-{workers}.db"
    started = time.monotonic()
    with Store(db) as store:
        loaded = load_parquet(out, store, settings, link=False)
    load_seconds = time.monotonic() - started
    return {"mode": "dask", "workers": workers, "articles": job.articles, "cluster_startup_s": round(startup, 1),
            **_rates(job.articles, words, job.seconds, job.worker_cpu_seconds),
            "worker_peak_rss_mb": job.worker_peak_rss >> 20, "shards": job.shards,
            "load_seconds": round(load_seconds, 1), "load_articles_per_s": round(loaded.stored / load_seconds),
            "load_avg_before": round(load0, 1), "load_avg_after": round(os.getloadavg()[0], 1), "db": str(db)}


def run_links(db: Path, settings: Any) -> dict[str, Any]:
    from onrecord.link import update_links
    from onrecord.store import Store

    with Store(db) as store:
        n = store.counts()["articles"]
        started, cpu = time.monotonic(), time.process_time()
        summary = update_links(store, settings)
        return {"mode": "update_links", "articles": n, "seconds": round(time.monotonic() - started, 1),
                "cpu_seconds": round(time.process_time() - cpu, 1), "path": summary.path}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask", action="store_true", help="also run the Dask job + load for each worker count")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()

    from onrecord.settings import load_settings

    settings = load_settings(env={}, today="2026-11-22", embeddings="off")
    results = []
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-scale-") as tmpdir:
        tmp = Path(tmpdir)
        corpus = tmp / "corpus.jsonl"
        words = write_corpus(corpus, args.articles)
        print(f"corpus: {args.articles} articles, {words} words, {corpus.stat().st_size} bytes; {psutil.cpu_count()} cores")
        for n in args.workers:
            row = run_local(corpus, tmp / f"local-{n}.db", n, words, settings.replace(workers=n))
            print(json.dumps(row))
            results.append(row)
            if args.dask:
                row = run_dask(corpus, tmp, n, words, settings)
                print(json.dumps(row))
                results.append(row)
        last = tmp / f"local-{args.workers[-1]}.db"
        row = run_links(last, settings)
        print(json.dumps(row))
        results.append(row)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
