"""Scoring extraction against gold sets (``onrecord eval GOLD...``).

Each gold set is run through the same path as a user's input: the seed files are
read as plain files (no metadata), JSONL records as JSONL records; the whole set goes
through the pipeline, then the corpus-wide speaker canonicalisation when present
(``onrecord.quotes.speakers.canonicalize_corpus``), then the scorers in
:mod:`onrecord.eval.score` (definitions there and in docs/eval.md).
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from ..model import Extraction, Quote
from ..settings import Settings
from .gold import GoldSet, load_gold_set
from .score import score_articles

__all__ = ["evaluate_sets", "render_report", "run_set", "score_set"]


def run_set(gs: GoldSet, settings: Settings, pipeline: Any = None) -> list[Extraction]:
    """Run the pipeline over every article of a gold set, then canonicalise speakers corpus-wide."""
    from ..pipeline import Pipeline

    pipe = pipeline or Pipeline(settings)
    extractions = list(pipe.run(a.raw for a in gs.articles))
    try:
        speakers = importlib.import_module("onrecord.quotes.speakers")
    except ImportError:
        speakers = None
    if speakers is not None and hasattr(speakers, "canonicalize_corpus"):
        speakers.canonicalize_corpus(extractions)
    return extractions


def _speaker_of(q: Quote) -> tuple[str | None, str | None]:
    return q.speaker.name, q.speaker.mention


def score_set(gs: GoldSet, extractions: list[Extraction]) -> dict[str, Any]:
    by_id = {ex.id: ex for ex in extractions}
    items = [(a, by_id.get(a.raw.id)) for a in gs.articles]
    result = score_articles(items, gs.speaker_field, _speaker_of)
    return {"name": gs.name, "path": gs.path, **result}


def evaluate_sets(paths: list[str], settings: Settings, limit: int | None = None,
                  keep: dict[str, list[Extraction]] | None = None) -> dict[str, Any]:
    """Score every gold set in ``paths``; ``limit`` keeps the first N articles of each.
    ``keep``, when given, receives each set's extractions by set name."""
    from ..pipeline import Pipeline

    pipe = Pipeline(settings)
    sets = []
    for path in paths:
        started = time.monotonic()
        gs = load_gold_set(path, settings, limit)
        extractions = run_set(gs, settings, pipe)
        result = score_set(gs, extractions)
        if keep is not None:
            keep[result["name"]] = extractions
        result["seconds"] = round(time.monotonic() - started, 2)
        sets.append(result)
    return {"sets": sets, "versions": pipe.versions}


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def render_report(results: dict[str, Any], console: Any) -> None:
    """One Rich table per gold set."""
    from rich.table import Table

    for s in results.get("sets", []):
        table = Table(title=f"{s['name']}  ({s['articles']} articles, {s['skipped']} skipped, {s.get('seconds', 0)}s)",
                      title_justify="left")
        table.add_column("measure", style="bold")
        table.add_column("precision", justify="right")
        table.add_column("recall", justify="right")
        table.add_column("F1", justify="right")
        table.add_column("matched / predicted / gold", justify="right")
        for key, label in (("statements", "statements (token F1 >= 0.5)"), ("statements_exact", "statements (exact content)"),
                           ("direct", "direct quotes (token F1 >= 0.5)"), ("direct_exact", "direct quotes (exact content)")):
            t = s[key]
            table.add_row(label, _fmt(t["precision"]), _fmt(t["recall"]), _fmt(t["f1"]),
                          f"{t['tp']} / {t['predicted']} / {t['gold']}")
        for kind, r in s["recall_by_kind"].items():
            table.add_row(f"recall, {kind}", "", _fmt(r["accuracy"]), "", f"{r['correct']} / {r['n']}")
        for key, label in (("speaker", f"speaker accuracy ({s['speaker']['compared']}, matched statements)"),
                           ("said_on", "said_on accuracy (matched statements)"),
                           ("published", "published date accuracy (articles)"), ("outlet", "outlet accuracy (articles)")):
            r = s[key]
            if r["n"]:
                table.add_row(label, "", "", _fmt(r["accuracy"]), f"{r['correct']} / {r['n']}")
        console.print(table)
