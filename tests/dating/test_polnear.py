"""Dates and outlets on PolNeAR (../shared/datasets/polnear; skipped when absent).

PolNeAR's ``meta`` carries each article's publication date and publisher; its texts are
plain (no URL, no HTML). Floors pinned here are only raised, never lowered without a reason
in the commit message. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter
from pathlib import Path

import pytest

from conftest import POLNEAR_DIR, need_shared  # tests/ is on pythonpath (pyproject)
from onrecord.clean import clean_document
from onrecord.clean.outlets import detect_outlet, load_registry
from onrecord.dating import date_article
from onrecord.model import RawDocument
from onrecord.settings import Settings


def _days(span: tuple[str, str]) -> int:
    return (dt.date.fromisoformat(span[1]) - dt.date.fromisoformat(span[0])).days + 1


def measure(path: Path, settings: Settings) -> Counter[str]:
    """Counts over the articles; ``median_width``/``own_median_width`` are the median range widths
    in days with and without world knowledge (events, office terms)."""
    reg = load_registry()
    c: Counter[str] = Counter()
    widths: list[int] = []
    own_widths: list[int] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold_date = record["meta"]["publication_date"]
        gold_outlet = reg.lookup_name(record["meta"]["publisher"])
        gold_wire = reg.lookup_name(record["meta"].get("wire") or "")
        c["articles"] += 1
        # Text alone: the record's metadata withheld.
        raw = RawDocument(id=record["id"], source=str(path), text=record["text"])
        cleaned = clean_document(raw, settings)
        date = date_article(raw, cleaned, settings)
        if date.range:
            c["text_range"] += 1
            c["text_range_holds_gold"] += date.range[0] <= gold_date <= date.range[1]
            widths.append(_days(date.range))
            c["text_range_below_run_day"] += date.range[1] < settings.run_day
        own = date_article(raw, cleaned, settings, knowledge=False)  # the text's own dates only
        if own.range:
            c["own_range"] += 1
            c["own_range_holds_gold"] += own.range[0] <= gold_date <= own.range[1]
            own_widths.append(_days(own.range))
            c["narrowed_by_knowledge"] += bool(date.range) and _days(date.range) < _days(own.range)
        c["text_date_right"] += date.published == gold_date and date.precision == "day"
        outlet = detect_outlet(raw, cleaned, settings)
        c["text_outlet_found"] += outlet.outlet is not None
        c["text_outlet_right"] += bool(gold_outlet and outlet.outlet == gold_outlet.name)
        if gold_wire:
            c["gold_wire"] += 1
            c["text_wire_right"] += outlet.wire == gold_wire.name
        # With the metadata: it is kept and normalised.
        raw = RawDocument(id=record["id"], source=str(path), text=record["text"], published=gold_date,
                          outlet=record["meta"]["publisher"])
        c["metadata_date_kept"] += date_article(raw, cleaned, settings).published == gold_date
        c["metadata_outlet_normalised"] += bool(gold_outlet and detect_outlet(raw, cleaned, settings).outlet == gold_outlet.name)
    c["median_width"] = int(statistics.median(widths)) if widths else 0
    c["own_median_width"] = int(statistics.median(own_widths)) if own_widths else 0
    return c


def test_polnear_dev(settings: Settings) -> None:
    c = measure(need_shared(POLNEAR_DIR / "dev.jsonl"), settings)
    print("\nPolNeAR dev:", dict(c))
    assert c["articles"] == 84
    assert c["text_range"] >= 50 and c["text_range_holds_gold"] == c["text_range"]
    assert c["text_range_below_run_day"] >= 8  # office terms end ranges that the text leaves open
    assert c["metadata_date_kept"] == c["metadata_outlet_normalised"] == 84


@pytest.mark.slow
def test_polnear_train_ranges_hold_the_true_date(settings: Settings) -> None:
    c = measure(need_shared(POLNEAR_DIR / "train.jsonl"), settings)
    print("\nPolNeAR train:", dict(c))
    assert c["text_range"] >= 450
    assert c["text_range_holds_gold"] / c["text_range"] >= 0.99
    assert c["narrowed_by_knowledge"] >= 70 and c["text_range_below_run_day"] >= 60
    assert c["metadata_date_kept"] / c["articles"] >= 0.99
