"""Load test: concurrent clients against ``onrecord serve`` while an ingest writes to the same store.

    .venv/bin/python -m bench.load                                  # 100k statements, 2,000 requests
    .venv/bin/python -m bench.load --statements 20000 --requests 500 --concurrency 8

Bounded and local: ``onrecord serve`` runs as a second process on 127.0.0.1 (a free port)
over a copy of the synthetic store (bench/synthetic_store.py, built once and cached); a
fixed number of requests is sent by ``--concurrency`` client threads, each with its own
keep-alive connection, and everything stops at ``--time-limit`` seconds. Meanwhile a third
process runs ``onrecord ingest`` on a generated corpus into the same store (WAL: readers
never wait for the writer), restarted with new documents until the requests are done.

The mix (seeded): 50% search (GET /api/search, words, phrases, prefixes, OR, filters),
20% speaker (GET /api/speakers/{id}, the /speakers/{id} page, the timeline), 20%
statement (GET /api/statements/{id}, the /statements/{id} page), 10% export (GET
/api/export?speaker=..&limit=50, JSONL or CSV, read to the end).

Printed: requests/s, p50/p95/p99 latency per kind and overall, errors (any status >= 400,
any timeout or connection error), and what the ingest did; also written to
bench/results/load.json. The figures are wall-clock on this machine, queueing included.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.server import CLI, Server

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
MIX = [("search", 0.5), ("speaker", 0.2), ("statement", 0.2), ("export", 0.1)]


def write_ingest_corpus(path: Path, n: int, start: int) -> None:
    """``n`` new articles (ids from ``start``) made of seed paragraphs, so each ingest has work."""
    paragraphs = [p.strip() for f in sorted(SEEDS.glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n\n") if 80 < len(p.strip()) < 700]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            body = "\n\n".join(paragraphs[(i * 5 + k) % len(paragraphs)] for k in range(4))
            text = f"Load report {i}\n\nThe minister said on Tuesday that round {i} of talks would go ahead.\n\n{body}"
            fh.write(json.dumps({"id": f"load-{i}", "text": text, "outlet": f"Load Outlet {i % 5}",
                                 "published": f"2020-0{1 + i % 9}-1{i % 10}"}) + "\n")


@dataclass
class Writer:
    """Keeps an ``onrecord ingest`` running into the store until stopped."""

    db: Path
    workdir: Path
    docs_per_run: int = 40
    env: dict[str, str] | None = None
    runs: list[dict[str, Any]] = field(default_factory=list)
    writing: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._first = _articles(self.db)
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        """Sets ``writing`` once the ingest has committed its first batch."""
        while not self._stop.is_set() and not self.writing.is_set():
            if _articles(self.db) > self._first:
                self.writing.set()
            time.sleep(0.1)

    def _loop(self) -> None:
        n = 0
        while not self._stop.is_set():
            corpus = self.workdir / f"ingest-{n}.jsonl"
            write_ingest_corpus(corpus, self.docs_per_run, n * self.docs_per_run)
            started = time.monotonic()
            self._proc = subprocess.Popen([*CLI, "ingest", str(corpus), "--db", str(self.db), "--json"], cwd=REPO,
                                          env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            out, err = self._proc.communicate()
            run: dict[str, Any] = {"seconds": round(time.monotonic() - started, 1), "status": self._proc.returncode}
            if self._proc.returncode == 0:
                summary = json.loads(out)
                run.update(stored=summary["stored"], statements=summary["statements"])
            elif not self._stop.is_set():
                run["error"] = err.decode(errors="replace")[-500:]
            else:
                run["status"] = "stopped"
            self.runs.append(run)
            n += 1

    def stop(self) -> None:
        self._stop.set()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
        self._thread.join(timeout=60)


def _articles(db: Path) -> int:
    con = sqlite3.connect(db, timeout=30)
    try:
        return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    finally:
        con.close()


def plan(rng: random.Random, n: int, db: Path) -> list[tuple[str, str, dict[str, str]]]:
    """The seeded list of (kind, path, params)."""
    from bench.synthetic_store import COUNTRIES, TOPICS

    con = sqlite3.connect(db)
    try:
        speakers = [r[0] for r in con.execute("SELECT id FROM speakers ORDER BY statement_count DESC LIMIT 300")]
        statements = [r[0] for r in con.execute("SELECT id FROM statements ORDER BY random() LIMIT 2000")]
    finally:
        con.close()
    words = sorted({w.strip(",.").lower() for t in TOPICS + COUNTRIES for w in t.split() if len(w) > 3})
    phrases = [t for t in TOPICS if " " in t]
    kinds, weights = zip(*MIX, strict=True)
    out: list[tuple[str, str, dict[str, str]]] = []
    for _ in range(n):
        kind = rng.choices(kinds, weights)[0]
        if kind == "search":
            roll = rng.random()
            q = (rng.choice(words) if roll < 0.4 else " ".join(rng.sample(words, 2)) if roll < 0.65
                 else f'"{rng.choice(phrases)}"' if roll < 0.8 else rng.choice(words)[:4] + "*" if roll < 0.9
                 else f"{rng.choice(words)} OR {rng.choice(words)}")
            params = {"q": q}
            if rng.random() < 0.3:
                params["speaker"] = str(rng.choice(speakers[:50]))
            out.append((kind, "/api/search", params))
        elif kind == "speaker":
            sid = rng.choice(speakers)
            path = rng.choice([f"/api/speakers/{sid}", f"/speakers/{sid}", f"/api/speakers/{sid}/timeline"])
            out.append((kind, path, {}))
        elif kind == "statement":
            st = rng.choice(statements)
            out.append((kind, rng.choice([f"/api/statements/{st}", f"/statements/{st}"]), {}))
        else:
            out.append((kind, "/api/export", {"speaker": str(rng.choice(speakers[:100])), "limit": "50",
                                              "format": rng.choice(["jsonl", "csv"])}))
    return out


def drive(base: str, requests: list[tuple[str, str, dict[str, str]]], concurrency: int,
          time_limit: float) -> tuple[list[tuple[str, float, int, str]], float]:
    """Send ``requests`` from ``concurrency`` threads; returns (kind, ms, status, error) per request and the wall time."""
    results: list[tuple[str, float, int, str]] = []
    lock = threading.Lock()
    todo = iter(requests)
    deadline = time.monotonic() + time_limit

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < deadline:
                with lock:
                    item = next(todo, None)
                if item is None:
                    return
                kind, path, params = item
                started = time.perf_counter()
                status, error = 0, ""
                try:
                    response = client.get(path, params=params)
                    response.read()
                    status = response.status_code
                    if status >= 400:
                        error = response.text[:200]
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"
                ms = (time.perf_counter() - started) * 1000
                with lock:
                    results.append((kind, ms, status, error))

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1.0, deadline - time.monotonic() + 65))
    return results, time.monotonic() - started


def summarise(kind: str, rows: list[tuple[str, float, int, str]]) -> dict[str, Any]:
    ms = sorted(r[1] for r in rows)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, round(p / 100 * (len(ms) - 1)))], 1) if ms else 0.0

    return {"kind": kind, "requests": len(ms), "errors": sum(1 for r in rows if r[2] == 0 or r[2] >= 400),
            "p50_ms": round(statistics.median(ms), 1) if ms else 0.0, "p95_ms": pct(95), "p99_ms": pct(99),
            "max_ms": round(ms[-1], 1) if ms else 0.0}


def run_load(db: Path, *, n_requests: int, concurrency: int, time_limit: float, seed: int = 11,
             ingest_docs: int = 40, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The whole test on the store ``db`` (written to: give it a copy). Returns the figures."""
    rng = random.Random(seed)
    requests = plan(rng, n_requests, db)
    env = {**os.environ, "ONRECORD_EMBEDDINGS": "off", **(env or {})}
    with tempfile.TemporaryDirectory(prefix="onrecord-load-") as work:
        server = Server(db, env=env)
        writer = Writer(db, Path(work), docs_per_run=ingest_docs, env=env)
        try:
            writer.start()
            # The first request goes out once the ingest has committed a batch (it takes a few
            # seconds to load its model), so that every request meets a store being written.
            if not writer.writing.wait(timeout=time_limit):
                raise RuntimeError(f"the ingest wrote nothing in {time_limit:.0f} s: {writer.runs}")
            results, wall = drive(server.base, requests, concurrency, time_limit)
        finally:
            writer.stop()
            server.stop()
    rows = [summarise(kind, [r for r in results if r[0] == kind]) for kind, _ in MIX]
    overall = summarise("all", results)
    return {
        "requests_planned": n_requests, "requests_sent": len(results), "concurrency": concurrency,
        "seconds": round(wall, 1), "requests_per_s": round(len(results) / wall, 1) if wall else 0.0,
        "results": rows, "overall": overall, "errors": [r[3] for r in results if r[3]][:20],
        "ingest_runs": writer.runs, "load_average": os.getloadavg(),
        "articles_written_meanwhile": _articles(db) - writer._first,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", default="bench/results/load.json")
    args = parser.parse_args()
    from bench.synthetic_store import build

    cached = build(REPO / "bench" / "results" / f"web-{args.statements // 1000}k.db", args.statements)
    with tempfile.TemporaryDirectory(prefix="onrecord-load-db-") as tmp:
        db = Path(tmp) / "load.db"
        con = sqlite3.connect(cached)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        shutil.copy(cached, db)  # the cached store stays as built: the ingest writes to this copy
        print(f"store: {args.statements:,} statements; {args.requests} requests from {args.concurrency} clients, "
              f"limit {args.time_limit:.0f} s, while onrecord ingest writes", flush=True)
        report = run_load(db, n_requests=args.requests, concurrency=args.concurrency, time_limit=args.time_limit, seed=args.seed)
    report["statements"] = args.statements
    print(f"{report['requests_sent']} requests in {report['seconds']} s: {report['requests_per_s']} requests/s, "
          f"{report['overall']['errors']} errors; load average {report['load_average'][0]:.1f}")
    print(f"{'kind':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for r in [*report["results"], report["overall"]]:
        print(f"{r['kind']:<10} {r['requests']:>8} {r['errors']:>6} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['max_ms']:>8}")
    done = [r for r in report["ingest_runs"] if r.get("status") == 0]
    print(f"ingest meanwhile: {len(report['ingest_runs'])} runs ({len(done)} finished), "
          f"{report['articles_written_meanwhile']} articles written into the store being read")
    for e in report["errors"][:5]:
        print("error:", e)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
