"""The serial part of a scaled-out run: ``load`` into SQLite, then the corpus-wide steps.

    .venv/bin/python -m bench.scale_serial [--statements 10000 20000] [--json PATH]

The per-document stages scale with workers; these two run on the one writer whatever
the cluster, so they bound a 100-million-article run (docs/scaling.md). For each size:

1. synthetic extractions as the pipeline makes them (bench/synthetic_store.py: Zipf-
   distributed speakers, statements said over fifteen years at named occasions, one to
   five reports each, packed into articles), each article padded with filler sentences
   to about 550 words, the length of a news report, so that the full-text index does
   real work;
2. written as a job's Parquet output (shards of 2,000 articles) and brought in with
   ``load_parquet(link=False)``: articles/s and words/s into SQLite (FTS5 included);
3. ``update_links`` on that store (lexical path): registry, near-duplicates, statements,
   drift; seconds and CPU seconds per article.

Two sizes show how the linking cost grows with the corpus; ``--compress K`` squeezes the
fifteen years into 15/K (K times as many statements of a speaker per week, as a bigger
corpus has), which is what the linking cost follows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synthetic_store import CITIES, FILLER, articles_from, generate

WORDS_PER_ARTICLE = 550


def _squeeze(day: str | None, k: float) -> str | None:
    if day is None or k == 1:
        return day
    end = dt.date(2024, 12, 31).toordinal()
    return dt.date.fromordinal(end - round((end - dt.date.fromisoformat(day).toordinal()) / k)).isoformat()


def extractions(n_statements: int, seed: int = 7, compress: float = 1.0) -> list[Any]:
    rng = random.Random(seed + 1)
    _, reports, statements = generate(n_statements, seed)
    for r in reports:
        r.published = _squeeze(r.published, compress)
    for st in statements.values():
        st["said_on"] = _squeeze(st["said_on"], compress)
    out = []
    for ex, owners in articles_from(rng, reports):
        for q, owner in zip(ex.quotes, owners, strict=True):
            q.speaker.name = statements[owner]["speaker"]
            q.said_on = statements[owner]["said_on"]
            q.said_where = statements[owner]["said_where"]
        words = len(ex.article.text.split())
        pad = []
        while words < WORDS_PER_ARTICLE:
            sentence = rng.choice(FILLER).format(day="Monday", city=rng.choice(CITIES))
            pad.append(sentence)
            words += len(sentence.split())
        ex.article.text += "\n\n" + " ".join(pad)  # after every quote: their offsets stay right
        out.append(ex)
    return out


def measure(n_statements: int, tmp: Path, compress: float = 1.0) -> dict[str, Any]:
    from onrecord.link import update_links
    from onrecord.scale.load import load_parquet
    from onrecord.scale.parquet import write_extractions
    from onrecord.settings import load_settings
    from onrecord.store import Store

    settings = load_settings(env={}, today="2026-11-22", embeddings="off")
    exs = extractions(n_statements, compress=compress)
    words = sum(len(ex.article.text.split()) for ex in exs)
    quotes = sum(len(ex.quotes) for ex in exs)
    out = tmp / f"job-{n_statements}-{compress:g}"
    shards = [exs[i : i + 2000] for i in range(0, len(exs), 2000)]
    for index, shard in enumerate(shards):
        write_extractions(out, index, shard)
    # A minimal manifest: load checks that every planned shard is done.
    (out / "_job.json").write_text(json.dumps({"shards": [[] for _ in shards], "total_bytes": 0}))
    db = tmp / f"serial-{n_statements}-{compress:g}.db"
    with Store(db) as store:
        started, cpu = time.monotonic(), time.process_time()
        summary = load_parquet(out, store, settings, link=False)
        load_s, load_cpu = time.monotonic() - started, time.process_time() - cpu
        started, cpu = time.monotonic(), time.process_time()
        links = update_links(store, settings)
        link_s, link_cpu = time.monotonic() - started, time.process_time() - cpu
    n = summary.stored
    return {
        "statements": n_statements, "compress": compress, "articles": n,
        "parquet_bytes_per_article": round(sum(f.stat().st_size for f in out.rglob("*.parquet")) / len(exs)), "quotes": quotes, "words": words,
        "db_mb": round(db.stat().st_size / 2**20),
        "load_s": round(load_s, 1), "load_cpu_s": round(load_cpu, 1), "load_articles_per_s": round(n / load_s),
        "load_words_per_s": round(words / load_s),
        "link_s": round(link_s, 1), "link_cpu_s": round(link_cpu, 1),
        "link_cpu_ms_per_article": round(1000 * link_cpu / n, 2), "link_cpu_ms_per_quote": round(1000 * link_cpu / quotes, 2),
        "linked": links.statements,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, nargs="+", default=[10_000, 20_000])
    parser.add_argument("--compress", type=float, default=1.0, help="K: the same statements in 1/K of the time")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-serial-") as tmpdir:
        for n in args.statements:
            row = measure(n, Path(tmpdir), args.compress)
            print(json.dumps(row), flush=True)
            results.append(row)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
