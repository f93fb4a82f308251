"""A Dask job on a 2-worker LocalCluster, then ``load``: the store a single-process ingest makes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from onrecord.errors import InputError
from onrecord.ingest import ingest
from onrecord.scale.job import local_cluster, run_job
from onrecord.scale.load import load_parquet
from onrecord.settings import load_settings
from onrecord.store import Store
from scale.compare import assert_same_store, store_state
from scale.corpus import write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.cluster]


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    """The corpus, the single-process reference store, and the job's output (run once)."""
    root = tmp_path_factory.mktemp("cluster")
    corpus = (root / "corpus").resolve()
    write_corpus(corpus, 2000)
    settings = load_settings(env={}, today="2026-11-22", embeddings="off", workers=1)
    timings = {}
    started = time.monotonic()
    reference = ingest([str(corpus)], settings.replace(db_path=str(root / "single.db")))
    timings["single"] = time.monotonic() - started
    started = time.monotonic()
    with local_cluster(2) as client:
        summary = run_job([str(corpus)], settings, root / "out", client, shard_bytes=64 << 10)
        timings["job"] = time.monotonic() - started
        again = run_job([str(corpus)], settings, root / "out", client)
    print(f"\ntimings: {json.dumps({k: round(v, 1) for k, v in timings.items()})}")
    return {"root": root, "corpus": corpus, "settings": settings, "reference": reference, "summary": summary,
            "again": again}


def test_the_job_ran_on_both_workers_over_many_shards(job):
    summary = job["summary"]
    assert summary.shards >= 10 and summary.shards_run == summary.shards
    assert len(summary.processes) == 2
    reference = job["reference"]
    assert summary.documents == reference.read
    assert summary.failures == len(reference.skipped) >= 6
    # The corpus repeats one record verbatim: the job makes it twice, ingest stores it once.
    assert summary.articles == reference.stored + reference.duplicates
    assert reference.stored >= 2000 and reference.duplicates == 1


def test_a_finished_job_run_again_runs_nothing(job):
    again = job["again"]
    assert (again.shards_run, again.shards_done_before) == (0, job["summary"].shards)


def test_load_gives_the_single_process_store_and_loading_twice_adds_nothing(job):
    root, settings = job["root"], job["settings"]
    db = root / "dask.db"
    with Store(db) as store:
        loaded = load_parquet(root / "out", store, settings)
    assert loaded.stored == job["reference"].stored >= 2000
    state = store_state(str(db))
    assert len(state["statements"]) > 1000 and len(state["speakers"]) > 10
    assert_same_store(str(db), str(root / "single.db"))
    with Store(db) as store:
        second = load_parquet(root / "out", store, settings)
    assert (second.stored, second.duplicates) == (0, loaded.stored + loaded.duplicates)
    assert store_state(str(db)) == state


def test_an_unfinished_job_is_not_loaded(job, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(job["root"] / "out", out)
    (out / "_done" / "000003.json").unlink()
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(InputError) as info:
            load_parquet(out, store, job["settings"])
        assert store.counts()["articles"] == 0  # checked before anything is stored
    assert "1 of" in info.value.message and "(3)" in info.value.message


def test_a_job_directory_is_not_reused_for_other_inputs(job):
    other = Path(job["corpus"]) / "files"
    with pytest.raises(InputError) as info:
        from onrecord.scale.job import plan_job

        plan_job([str(other)], job["settings"], job["root"] / "out", workers=2)
    assert "another job" in info.value.message
