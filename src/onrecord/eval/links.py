"""Score statement linking against a linking gold set (``onrecord eval --links GOLD``).

The gold file (JSON) lists reports, each in a ``group`` (the reports of one utterance),
and ``hard_negatives``: pairs of groups by the same speaker, with similar words, said
on different occasions, that must never be merged. A report either carries its
``text`` (hand-made) or points into a PolNeAR article by ``polnear`` id and character
``spans`` (the text is read from ``datasets/polnear`` beside the project, never copied;
a ``sha1`` of the joined span texts catches a changed dataset). Reports whose source is
not on this machine are left out and counted.

Scores are pairwise: a pair of reports is a true positive when both the gold and the
linker put them in one group. Reported: precision, recall, F1, and the hard negatives
merged (a group pair counts once when any of their reports end up together).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..settings import Settings

__all__ = ["evaluate_links", "load_gold_reports", "pairwise_scores", "render_links_report"]


def _polnear_dir(gold_path: Path) -> Path | None:
    here = Path(__file__).resolve()
    candidates = [
        here.parents[3] / ".." / "shared" / "datasets" / "polnear",  # repo/../shared
        gold_path.resolve().parent / "datasets" / "polnear",
        Path.cwd() / ".." / "shared" / "datasets" / "polnear",
    ]
    for c in candidates:
        if (c / "train.jsonl").exists():
            return c.resolve()
    return None


def _polnear_articles(ids: set[str], directory: Path) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                # Cheap prefilter: parse only the lines of the articles we need.
                head = line[:200]
                if not any(i in head for i in ids):
                    continue
                art = json.loads(line)
                if art["id"] in ids:
                    found[art["id"]] = art
    return found


def load_gold_reports(path: str | Path) -> tuple[list[Any], list[tuple[str, str]], dict[str, Any]]:
    """Reports (as :class:`~onrecord.link.statements.Report` with ``id`` = gold id), hard negatives, notes."""
    from ..link.statements import Report

    gold_path = Path(path)
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw_reports = gold["reports"]
        hard = [(str(a), str(b)) for a, b in gold.get("hard_negatives", [])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the linking gold set {path}: {exc}", "pass a file like tests/link/gold_links.json") from None
    needed = {r["polnear"] for r in raw_reports if "polnear" in r}
    directory = _polnear_dir(gold_path) if needed else None
    articles = _polnear_articles(needed, directory) if directory else {}
    reports: list[Report] = []
    notes: dict[str, Any] = {"missing_source": 0, "changed_source": []}
    for r in raw_reports:
        outlet, published = r.get("outlet"), r.get("published")
        if "polnear" in r:
            art = articles.get(r["polnear"])
            if art is None:
                notes["missing_source"] += 1
                continue
            text = " ".join(art["text"][s:e] for s, e in r["spans"])
            if hashlib.sha1(text.encode()).hexdigest()[:12] != r["sha1"]:
                notes["changed_source"].append(r["id"])
                continue
            outlet = art["meta"].get("publisher")
            published = art["meta"].get("publication_date")
            article = r["polnear"]
        else:
            text = r["text"]
            article = f"{r['id']}-article"
        reports.append(
            Report(
                id=r["id"], speaker=r["speaker"], kind=r["kind"], text=text, published=published,
                said_on=r.get("said_on"), said_where=r.get("said_where"), article=article, outlet=outlet,
            )
        )
    notes["groups"] = {r["id"]: r["group"] for r in raw_reports}
    return reports, hard, notes


def _pairs(clusters: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for c in clusters:
        out.update(combinations(sorted(c), 2))
    return out


def pairwise_scores(predicted: list[list[str]], gold: list[list[str]]) -> dict[str, float | int]:
    """Pairwise precision, recall and F1 of a clustering against gold groups."""
    p, g = _pairs(predicted), _pairs(gold)
    tp = len(p & g)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(g) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "pairs_predicted": len(p), "pairs_gold": len(g), "pairs_correct": tp}


def evaluate_links(path: str | Path, settings: Settings) -> dict[str, Any]:
    """Cluster the gold reports with the linker and score the grouping."""
    from ..link.similarity import load_embedder
    from ..link.statements import cluster_reports

    reports, hard, notes = load_gold_reports(path)
    embedder = load_embedder(settings)
    predicted = [[str(i) for i in c] for c in cluster_reports(reports, embedder)]
    group_of = {str(r.id): notes["groups"][str(r.id)] for r in reports}
    gold: dict[str, list[str]] = {}
    for rid, grp in group_of.items():
        gold.setdefault(grp, []).append(rid)
    scores = pairwise_scores(predicted, list(gold.values()))
    together = {(group_of[a], group_of[b]) for a, b in _pairs(predicted)}
    merged = [
        [a, b] for a, b in hard if (a, b) in together or (b, a) in together
    ]
    errors = {
        "split": sorted(
            [a, b] for a, b in _pairs(gold.values()) - _pairs(predicted)
        ),
        "merged": sorted([a, b] for a, b in _pairs(predicted) - _pairs(gold.values())),
    }
    return {
        "gold": str(path),
        "path": "embeddings" if embedder is not None else "lexical",
        "reports": len(reports),
        "groups": len(gold),
        "multi_report_groups": sum(len(v) > 1 for v in gold.values()),
        "reports_without_source": notes["missing_source"],
        "reports_with_changed_source": notes["changed_source"],
        **scores,
        "hard_negatives": len(hard),
        "hard_negatives_merged": merged,
        "errors": errors,
    }


def render_links_report(result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    table = Table(title=f"statement linking: {result['gold']} ({result['path']} path)", title_justify="left")
    table.add_column("measure", style="bold")
    table.add_column("value", justify="right")
    for key in ("reports", "groups", "multi_report_groups", "pairs_gold", "pairs_predicted", "pairs_correct"):
        table.add_row(key.replace("_", " "), str(result[key]))
    for key in ("precision", "recall", "f1"):
        table.add_row(key, f"{result[key]:.3f}")
    table.add_row("hard negatives merged", f"{len(result['hard_negatives_merged'])} of {result['hard_negatives']}")
    if result["reports_without_source"]:
        table.add_row("reports skipped (PolNeAR not here)", str(result["reports_without_source"]))
    console.print(table)
    for kind in ("split", "merged"):
        for a, b in result["errors"][kind][:20]:
            console.print(f"[dim]{kind}:[/] {a} / {b}", highlight=False)
