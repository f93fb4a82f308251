"""Extractions survive the trip through Parquet unchanged, and the tables are usable as a dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds

from onrecord.model import Extraction, Skip
from onrecord.pipeline import Pipeline
from onrecord.read import read_inputs
from onrecord.scale.parquet import done_marker, read_shard_extractions, write_extractions

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def _seed_extractions(settings, nlp) -> list[Extraction]:
    exs = list(Pipeline(settings, nlp=nlp).run(read_inputs([str(SEEDS)], settings)))
    assert sum(len(ex.quotes) for ex in exs) > 50
    return exs


def test_round_trip_is_exact(tmp_path, settings, nlp):
    exs = _seed_extractions(settings, nlp)
    exs[1].skipped = Skip("said", "ValueError: a stage failed after the article was made")
    exs[2].article.published_range = ("2013-04-01", "2013-04-30")  # type: ignore[union-attr]
    exs[2].article.meta = {"crawled_at": "2013-04-18T10:00:00Z", "tags": ["a", "b"], "n": 3}  # type: ignore[union-attr]
    failure = Extraction(id="bad", source="bad.bin", article=None, skipped=Skip("read", "binary file"), input_hash="h-bad",
                         versions={"read": "read-1"})
    docs = [exs[0], failure, *exs[1:]]
    assert write_extractions(tmp_path, 3, docs) == 6
    back = list(read_shard_extractions(tmp_path, 3))
    assert back == docs
    # The store writes these dicts as JSON: their key order is part of what must not change.
    assert [(list(b.versions), list(b.article.meta) if b.article else None) for b in back] == [
        (list(d.versions), list(d.article.meta) if d.article else None) for d in docs
    ]
    assert json.loads(done_marker(tmp_path, 3).read_text())["documents"] == 6
    assert not list(tmp_path.rglob("*.tmp-*"))


def test_tables_read_as_a_partitioned_dataset(tmp_path, settings, nlp):
    exs = _seed_extractions(settings, nlp)
    write_extractions(tmp_path, 0, exs[:2])
    write_extractions(tmp_path, 1, exs[2:])
    quotes = ds.dataset(tmp_path / "quotes", format="parquet", partitioning="hive").to_table()
    assert quotes.num_rows == sum(len(ex.quotes) for ex in exs)
    assert set(quotes.column("shard").to_pylist()) == {0, 1}
    mentions = ds.dataset(tmp_path / "speaker_mentions", format="parquet", partitioning="hive").to_table()
    lavrov = [m for m in mentions.to_pylist() if m["name"] == "Sergei Lavrov"]
    assert len(lavrov) == sum(1 for ex in exs for q in ex.quotes if q.speaker.name == "Sergei Lavrov") > 10
    articles = ds.dataset(tmp_path / "articles", format="parquet", partitioning="hive").to_table(columns=["doc_id", "words"])
    assert sorted(articles.column("doc_id").to_pylist()) == sorted(ex.id for ex in exs)
    assert sum(articles.column("words").to_pylist()) == sum(len(ex.article.text.split()) for ex in exs if ex.article)


def test_an_empty_shard_has_every_table(tmp_path):
    assert write_extractions(tmp_path, 7, []) == 0
    assert list(read_shard_extractions(tmp_path, 7)) == []
    for table in ("articles", "quotes", "speaker_mentions", "failures"):
        assert (tmp_path / table / "shard=000007" / "part-0.parquet").is_file()
