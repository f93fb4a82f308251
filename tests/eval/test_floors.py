"""The accuracy gate: ``onrecord eval`` on the seeds must stay above pinned floors.

Floors are only raised as the extractor improves; lowering one needs a written reason
in the commit message. Skipped when the shared gold data is not on this machine.
"""

from __future__ import annotations

import pytest

from conftest import SEEDS_GOLD, need_shared
from onrecord.eval import evaluate_sets

FLOORS = {
    ("statements", "f1"): 0.93,
    ("statements", "precision"): 0.95,
    ("statements", "recall"): 0.89,
    ("statements_exact", "f1"): 0.83,
    ("direct", "f1"): 0.97,
}
SPEAKER_FLOOR = 0.95


@pytest.fixture(scope="module")
def seeds(nlp):
    path = need_shared(SEEDS_GOLD)
    from onrecord.settings import load_settings

    result = evaluate_sets([str(path)], load_settings(env={}, today="2026-11-22"))
    (one,) = result["sets"]
    return one


@pytest.mark.parametrize(("measure", "field"), sorted(FLOORS))
def test_seed_floor(seeds, measure, field):
    assert seeds[measure][field] >= FLOORS[(measure, field)], (measure, seeds[measure])


def test_seed_speaker_floor(seeds):
    assert seeds["speaker"]["accuracy"] >= SPEAKER_FLOOR, seeds["speaker"]


def test_every_seed_article_scored(seeds):
    assert seeds["articles"] == 5
    assert seeds["skipped"] == 0
    assert seeds["statements"]["gold"] == 93
