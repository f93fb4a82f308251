"""The linking gold set: its shape, its PolNeAR references, and the linker's scores on it (both paths)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from onrecord.eval.links import evaluate_links, load_gold_reports, pairwise_scores
from onrecord.link.similarity import embeddings_installed
from onrecord.settings import load_settings

POLNEAR_DIR = (Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets" / "polnear").resolve()
GOLD = Path(__file__).with_name("gold_links.json")

# Floors measured with PolNeAR present (raise them when the linker improves; lower only with a reason).
FLOORS = {"off": 0.95, "on": 0.97}


def _gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_gold_has_enough_groups_and_hard_negatives() -> None:
    gold = _gold()
    sizes = Counter(r["group"] for r in gold["reports"])
    assert sum(n >= 2 for n in sizes.values()) >= 30
    assert len(gold["hard_negatives"]) >= 30
    speaker = {r["group"]: r["speaker"] for r in gold["reports"]}
    for a, b in gold["hard_negatives"]:
        assert speaker[a] == speaker[b], (a, b)  # same speaker, different occasion
    # A group's reports come from different articles.
    for grp in sizes:
        sources = [r.get("polnear") or r["id"] for r in gold["reports"] if r["group"] == grp]
        assert len(sources) == len(set(sources)), grp


def test_gold_keeps_no_polnear_text() -> None:
    for r in _gold()["reports"]:
        if "polnear" in r:
            assert "text" not in r and set(r) >= {"spans", "sha1"}


def test_polnear_references_still_match() -> None:
    if not (POLNEAR_DIR / "train.jsonl").exists():
        pytest.skip("PolNeAR not available")
    reports, _hard, notes = load_gold_reports(GOLD)
    assert notes["missing_source"] == 0
    assert notes["changed_source"] == []
    by_id = {r["id"]: r for r in _gold()["reports"]}
    for rep in reports:
        if "polnear" in by_id[rep.id]:
            assert hashlib.sha1(rep.text.encode()).hexdigest()[:12] == by_id[rep.id]["sha1"]


def test_pairwise_scores() -> None:
    s = pairwise_scores([["a", "b", "c"], ["d"]], [["a", "b"], ["c", "d"]])
    assert (s["pairs_predicted"], s["pairs_gold"], s["pairs_correct"]) == (3, 2, 1)
    assert s["precision"] == pytest.approx(1 / 3, abs=1e-4) and s["recall"] == 0.5


@pytest.mark.parametrize("mode", ["off", "on"])
def test_linking_scores_on_gold(mode: str) -> None:
    if mode == "on" and not embeddings_installed():
        pytest.skip("embeddings extra not installed")
    result = evaluate_links(GOLD, load_settings(env={}, embeddings=mode))
    assert result["path"] == ("lexical" if mode == "off" else "embeddings")
    assert result["hard_negatives_merged"] == []
    if result["reports_without_source"]:
        assert result["f1"] >= 0.90  # hand-made part only
    else:
        assert result["f1"] >= FLOORS[mode]
        assert result["precision"] >= 0.98


def test_eval_links_command() -> None:
    from typer.testing import CliRunner

    from onrecord.cli import app

    res = CliRunner().invoke(app, ["--set", "embeddings=off", "eval", "--links", str(GOLD), "--json"])
    assert res.exit_code == 0, res.output
    result = json.loads(res.output)
    assert result["path"] == "lexical" and result["hard_negatives"] == len(_gold()["hard_negatives"])
    assert {"precision", "recall", "f1", "hard_negatives_merged"} <= set(result)
