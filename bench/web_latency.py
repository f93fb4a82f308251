"""Latency of search and of the speaker page on a store of 100,000 synthetic statements.

    .venv/bin/python -m bench.web_latency                 # builds (once) and measures
    .venv/bin/python -m bench.web_latency --statements 20000 --requests 100

Starts ``onrecord serve`` as a separate process on 127.0.0.1 (a free port), warms it
with a few hundred requests of the same kinds (not repeated later: nothing measured is
served from a cache of an earlier identical request), then sends a fixed, seeded list
of requests one at a time over loopback with keep-alive and prints p50/p95/p99 per
kind of request. Bounded: a fixed number of requests
and a time limit; every request goes to the server this script started.

Kinds of request:
- ``search api``: GET /api/search with one to three words, phrases, prefixes, OR,
  and in a third of them a speaker, outlet, kind or date filter;
- ``search page``: GET /search (the HTML page, with its facet counts);
- ``speaker page``: GET /speakers/{id} for speakers drawn by how much they said, so
  the busiest (about 20,000 statements) comes up often; the first visit of each
  speaker on each server thread computes its timeline, later ones reuse it;
- ``speaker page, cold``: the busiest speaker's page after a fresh server start
  (nothing cached), one request per restart;
- ``timeline api``: GET /api/speakers/{id}/timeline?bucket=month;
- ``..., CPU in-process``: the search and speaker requests again through the app in
  this process, timed in CPU time (what the latency would be on an idle core: the
  loopback figures include waiting for a core on a shared machine).

The load average at the start and the end is printed with the table: on a machine
shared with other work the loopback figures are wall-clock and include that wait.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.server import Server
from bench.synthetic_store import COUNTRIES, OUTLETS, TOPICS, build

REPO = Path(__file__).resolve().parents[1]


def search_queries(rng: random.Random, n: int, speakers: list[int]) -> list[dict[str, str]]:
    words = sorted({w.strip(",.").lower() for t in TOPICS + COUNTRIES for w in t.split() if len(w) > 3})
    phrases = [t for t in TOPICS if " " in t]
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.35:
            q = rng.choice(words)
        elif roll < 0.6:
            q = " ".join(rng.sample(words, 2))
        elif roll < 0.75:
            q = f'"{rng.choice(phrases)}"'
        elif roll < 0.85:
            q = rng.choice(words)[:4] + "*"
        elif roll < 0.95:
            q = f"{rng.choice(words)} OR {rng.choice(words)}"
        else:
            q = " ".join(rng.sample(words, 3))
        params = {"q": q}
        extra = rng.random()
        if extra < 0.1:
            params["speaker"] = str(rng.choice(speakers[:30]))
        elif extra < 0.2:
            params["outlet"] = rng.choice(OUTLETS)
        elif extra < 0.27:
            params["kind"] = rng.choice(["direct", "indirect", "article"])
        elif extra < 0.34:
            year = rng.randint(2010, 2024)
            params["from"], params["to"] = str(year), str(year)
        out.append(params)
    return out


def timed(client: httpx.Client, url: str, params: dict[str, str] | None = None) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url, params=params)
    response.read()
    return (time.perf_counter() - started) * 1000, response.status_code


def summarise(name: str, samples: list[tuple[float, int]]) -> dict[str, float | int | str]:
    ms = sorted(t for t, _ in samples)
    errors = sum(1 for _, status in samples if status >= 400)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, round(p / 100 * (len(ms) - 1)))]

    return {"kind": name, "requests": len(ms), "errors": errors, "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(pct(95), 1), "p99_ms": round(pct(99), 1), "max_ms": round(ms[-1], 1)}


def run(db: Path, n_requests: int, cold_runs: int, time_limit: float, seed: int) -> list[dict]:
    import sqlite3

    con = sqlite3.connect(db)
    speakers = [r[0] for r in con.execute(
        "SELECT speaker_id, COUNT(*) n FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY n DESC"
    )]
    weights = [r[0] for r in con.execute(
        "SELECT COUNT(*) n FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY n DESC"
    )]
    con.close()
    rng = random.Random(seed)
    queries = search_queries(rng, n_requests, speakers)
    speaker_visits = rng.choices(speakers, weights, k=max(20, n_requests // 3))
    # A different set of the same kinds warms the server (its memory map of the store, the
    # templates); the measured requests are not repeats of it, so no result is cached for them.
    warm = random.Random(seed + 1000)
    warmup = [("/api/search", p) for p in search_queries(warm, n_requests // 2, speakers)]
    warmup += [("/search", p) for p in search_queries(warm, n_requests // 6, speakers)]
    results = []
    deadline = time.monotonic() + time_limit
    server = Server(db)
    try:
        with httpx.Client(base_url=server.base, timeout=60) as client:
            for url, params in warmup:
                client.get(url, params=params)

            def measure(name: str, calls: list[Callable[[], tuple[float, int]]]) -> None:
                samples = []
                for call in calls:
                    if time.monotonic() > deadline:
                        break
                    samples.append(call())
                if samples:
                    results.append(summarise(name, samples))
                    print_row(results[-1])

            print_header()
            measure("search api", [lambda p=p: timed(client, "/api/search", p) for p in queries])
            measure("search page", [lambda p=p: timed(client, "/search", p) for p in queries[: n_requests // 2]])
            measure("speaker page", [lambda s=s: timed(client, f"/speakers/{s}") for s in speaker_visits])
            measure("timeline api", [lambda s=s: timed(client, f"/api/speakers/{s}/timeline", {"bucket": "month"})
                                     for s in speaker_visits[: len(speaker_visits) // 2]])
    finally:
        server.stop()
    results += cpu_in_process(db, queries, speaker_visits, warmup)
    cold = []
    for _ in range(cold_runs):
        if time.monotonic() > deadline:
            break
        server = Server(db)
        try:
            with httpx.Client(base_url=server.base, timeout=60) as client:
                client.get("/api/stats")
                cold.append(timed(client, f"/speakers/{speakers[0]}"))
        finally:
            server.stop()
    if cold:
        results.append(summarise(f"speaker page, cold ({weights[0]:,} statements)", cold))
        print_row(results[-1])
    return results


def cpu_in_process(
    db: Path, queries: list[dict[str, str]], speaker_visits: list[int], warmup: list[tuple[str, dict[str, str]]]
) -> list[dict]:
    """The same requests through the app in this process, timed in CPU seconds of the process.

    CPU time does not count the time spent waiting for a core, so on a shared, loaded
    machine it is what the latency would be on an idle one (client side included).
    """
    from fastapi.testclient import TestClient

    from onrecord.settings import load_settings
    from onrecord.web import create_app

    client = TestClient(create_app(load_settings(env={}, db_path=str(db))), base_url="http://127.0.0.1:8000")
    for url, params in warmup:
        client.get(url, params=params)
    out = []
    for name, calls in (
        ("search api, CPU in-process", [("/api/search", p) for p in queries]),
        ("speaker page, CPU in-process", [(f"/speakers/{s}", None) for s in speaker_visits]),
    ):
        samples = []
        for url, params in calls:
            started = time.process_time()
            status = client.get(url, params=params).status_code
            samples.append(((time.process_time() - started) * 1000, status))
        out.append(summarise(name, samples))
        print_row(out[-1])
    return out


def print_header() -> None:
    print(f"{'request':<42} {'n':>5} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")


def print_row(r: dict) -> None:
    print(f"{r['kind']:<42} {r['requests']:>5} {r['errors']:>6} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['max_ms']:>8}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="Store to use (built when missing).")
    parser.add_argument("--requests", type=int, default=300, help="Search requests (other kinds scale from it).")
    parser.add_argument("--cold-runs", type=int, default=5, help="Server restarts for the cold speaker page.")
    parser.add_argument("--time-limit", type=float, default=900.0, help="Stop measuring after this many seconds.")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    db = Path(args.db or f"bench/results/web-{args.statements // 1000}k.db")
    build(db, args.statements)
    import sqlite3

    con = sqlite3.connect(db)
    counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("statements", "quotes", "articles", "speakers")}
    con.close()
    print(f"store {db}: {counts}", flush=True)
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)", flush=True)
    results = run(db, args.requests, args.cold_runs, args.time_limit, args.seed)
    print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
    out = db.with_name("web_latency.json")
    out.write_text(json.dumps({"store": counts, "results": results}, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()
