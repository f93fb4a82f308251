"""The pipeline's account of where its time goes (``Pipeline.timings``, printed by bench/throughput.py)."""

from __future__ import annotations

import time

from conftest import SEEDS_DIR
from onrecord.model import RawDocument
from onrecord.pipeline import Pipeline


def test_timings_account_for_each_stage_and_add_up(settings, nlp):
    raws = [RawDocument(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8")) for p in sorted(SEEDS_DIR.glob("*.txt"))]
    pipeline = Pipeline(settings, nlp=nlp)
    assert set(pipeline.timings) == {"prepare", "parse", "quotes", "said"}
    assert not any(pipeline.timings.values())
    started = time.perf_counter()
    out = list(pipeline.run(raws))
    wall = time.perf_counter() - started
    assert sum(len(ex.quotes) for ex in out) > 50
    first = dict(pipeline.timings)
    assert all(v > 0 for v in first.values()), first
    assert sum(first.values()) <= wall
    list(pipeline.run(raws[:1]))
    assert all(pipeline.timings[k] > first[k] for k in first)  # they accumulate over runs


def test_skipped_stages_take_no_time(settings, nlp):
    pipeline = Pipeline(settings.replace(skip_stages=("said",)), nlp=nlp)
    list(pipeline.run([RawDocument(id="a", source="a.txt", text='"We will not allow it," Lavrov said on Monday.')]))
    assert pipeline.timings["said"] == 0.0
    assert pipeline.timings["quotes"] > 0
