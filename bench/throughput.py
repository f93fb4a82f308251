"""Throughput of onrecord against its physical limit and a peer, side by side in one run.

    .venv/bin/python -m bench.throughput [--words 200000] [--no-polnear] [--json PATH]

On the same corpus (the five seed articles repeated to about 200,000 words, plus
PolNeAR dev when ../shared is present) and in this one process, it measures:

1. ``parse``    the bare full spaCy pipeline over every text (the floor onrecord
                cannot beat while it parses everything);
2. ``tokenize`` tokenizer + rule sentencizer only (the cheap pass);
3. ``onrecord`` the whole onrecord pipeline (clean, date, parse, quotes, speakers, said) in
                the default ``parse_mode``, then ``onrecord:MODE`` in the other mode
                (``--no-other-mode`` leaves it out);
4. ``textacy``  textacy 0.13's direct_quotations over a full parse (a peer extractor).

For each: words/s, articles/s, peak resident memory of the process, statements found; then
onrecord's seconds by stage. The last line is ``ratio_vs_parse=X.XX`` (onrecord words/s, default mode, over the bare parse words/s).
Runs are interleaved in one process so the machine's state is the same for all.
"""

from __future__ import annotations

import argparse
import gc
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
POLNEAR_DEV = REPO.parent / "shared" / "datasets" / "polnear" / "dev.jsonl"


def build_corpus(words: int, polnear: bool) -> list[dict[str, Any]]:
    """Records as a user would load them: the seeds repeated to ``words`` words, then PolNeAR dev."""
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    records: list[dict[str, Any]] = []
    total = 0
    i = 0
    while total < words:
        stem, text = seeds[i % len(seeds)]
        records.append({"id": f"{stem}-{i}", "text": text})
        total += len(text.split())
        i += 1
    if polnear and POLNEAR_DEV.exists():
        with POLNEAR_DEV.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                records.append({"id": row["id"], "text": row["text"], "meta": row.get("meta", {})})
    return records


class PeakRSS:
    """Samples this process's resident memory every 20 ms (tracemalloc would slow the runs down)."""

    def __init__(self) -> None:
        import psutil

        self.proc = psutil.Process()
        self.peak = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)


def measure(name: str, fn: Callable[[], int], n_words: int, n_docs: int) -> dict[str, Any]:
    gc.collect()
    with PeakRSS() as rss:
        started = time.perf_counter()
        found = fn()
        seconds = time.perf_counter() - started
    peak = rss.peak
    return {
        "name": name,
        "seconds": round(seconds, 2),
        "words_per_s": round(n_words / seconds, 1),
        "articles_per_s": round(n_docs / seconds, 2),
        "peak_mb": round(peak / 1e6, 1),
        "statements": found,
    }


def stage_table(timings: dict[str, float], total: float, n_words: int) -> dict[str, Any]:
    """Seconds per stage of one run (``Pipeline.timings``), the rest as "other", with shares and
    seconds per 100,000 words: where the time goes, against the bare parse's seconds."""
    seconds = {k: round(v, 2) for k, v in timings.items()}
    seconds["other"] = round(max(0.0, total - sum(timings.values())), 2)
    names = {"prepare": "prepare (clean, outlet, date)", "parse": "parse (selective or full)",
             "quotes": "quotes (+ speakers, entities)", "said": "said (when, where)", "other": "other (reading, batching)"}
    lines = [f"  {names.get(k, k):<32}{v:>8.2f} s{v / max(total, 1e-9) * 100:>7.1f}%{v / n_words * 1e5:>8.2f} s/100k words"
             for k, v in seconds.items()]
    return {"seconds": seconds, "lines": lines}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=200_000, help="words of repeated seed text")
    parser.add_argument("--no-polnear", action="store_true", help="leave PolNeAR dev out even when present")
    parser.add_argument("--no-peer", action="store_true", help="skip the textacy peer")
    parser.add_argument("--no-other-mode", action="store_true", help="skip onrecord in the non-default parse_mode")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)

    from onrecord.model import RawDocument
    from onrecord.pipeline import Pipeline, load_nlp
    from onrecord.settings import load_settings

    settings = load_settings(env={}, today="2026-11-22")
    nlp = load_nlp(settings.spacy_model)
    records = build_corpus(args.words, not args.no_polnear)
    texts = [r["text"] for r in records]
    n_words = sum(len(t.split()) for t in texts)
    n_docs = len(texts)
    print(f"corpus: {n_docs} articles, {n_words:,} words")
    # Warm up every path once so that lazy loads (dateparser, lexicons) are not timed.
    list(nlp.pipe(texts[:2]))
    other_mode = next(m for m in ("full", "selective") if m != settings.parse_mode)
    pipelines = {settings.parse_mode: Pipeline(settings, nlp=nlp),
                 other_mode: Pipeline(settings.replace(parse_mode=other_mode), nlp=nlp)}
    for pipeline in pipelines.values():
        list(pipeline.run([RawDocument(id="warm", source="warm", text=texts[0])]))

    def bare_parse() -> int:
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        return 0

    from spacy.pipeline import Sentencizer

    rule_sentencizer = Sentencizer()

    def tokenize_only() -> int:
        for text in texts:
            rule_sentencizer(nlp.make_doc(text))
        return 0

    def onrecord_extract(mode: str) -> Callable[[], int]:
        def run() -> int:
            pipelines[mode].timings = dict.fromkeys(pipelines[mode].timings, 0.0)
            raws = [
                RawDocument(id=r["id"], source="bench", text=r["text"], published=(r.get("meta") or {}).get("publication_date"))
                for r in records
            ]
            return sum(len(ex.quotes) for ex in pipelines[mode].run(raws))

        return run

    def textacy_quotes() -> int:
        from textacy.extract import triples

        found = 0
        for doc in nlp.pipe(texts, batch_size=32):
            try:
                found += sum(1 for _ in triples.direct_quotations(doc))
            except ValueError:  # textacy refuses texts with an odd number of quotation marks
                continue
        return found

    runs = [
        measure("parse", bare_parse, n_words, n_docs),
        measure("tokenize", tokenize_only, n_words, n_docs),
        measure("onrecord", onrecord_extract(settings.parse_mode), n_words, n_docs),
    ]
    if not args.no_other_mode:
        runs.append(measure(f"onrecord:{other_mode}", onrecord_extract(other_mode), n_words, n_docs))
    if not args.no_peer:
        runs.append(measure("textacy", textacy_quotes, n_words, n_docs))
    parse_wps = runs[0]["words_per_s"]
    print(f"default parse_mode={settings.parse_mode}")
    header = f"{'run':<20}{'seconds':>9}{'words/s':>11}{'articles/s':>12}{'peak RSS MB':>13}{'statements':>12}{'vs parse':>10}"
    print(header)
    print("-" * len(header))
    for r in runs:
        print(
            f"{r['name']:<20}{r['seconds']:>9.2f}{r['words_per_s']:>11,.0f}{r['articles_per_s']:>12.2f}"
            f"{r['peak_mb']:>13.1f}{r['statements']:>12}{r['words_per_s'] / parse_wps:>10.2f}"
        )
    stages = stage_table(pipelines[settings.parse_mode].timings, runs[2]["seconds"], n_words)
    print(f"\nonrecord ({settings.parse_mode}) by stage:")
    print("\n".join(stages["lines"]))
    ratio = runs[2]["words_per_s"] / parse_wps
    result = {"corpus": {"articles": n_docs, "words": n_words}, "runs": runs, "stages": stages["seconds"],
              "ratio_vs_parse": round(ratio, 2)}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    print(f"ratio_vs_parse={ratio:.2f}")
    return result


if __name__ == "__main__":
    main()
