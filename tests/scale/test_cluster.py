"""A Dask job on a 2-worker LocalCluster, then ``load``: the store a single-process ingest makes."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from onrecord.errors import InputError
from onrecord.ingest import ingest
from onrecord.scale.job import local_cluster, plan_job, run_job
from onrecord.scale.load import load_parquet
from onrecord.settings import load_settings
from onrecord.store import Store
from scale.compare import assert_same_store, store_state
from scale.corpus import write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.cluster]


def test_dask_job_and_load_equal_the_single_process_ingest(tmp_path):
    """One test, one corpus: pytest-xdist would build a module fixture once per worker process."""
    corpus = (tmp_path / "corpus").resolve()
    write_corpus(corpus, 2000)
    settings = load_settings(env={}, today="2026-11-22", embeddings="off", workers=1)
    started = time.monotonic()
    reference = ingest([str(corpus)], settings.replace(db_path=str(tmp_path / "single.db")))
    timings = {"single": time.monotonic() - started}
    started = time.monotonic()
    with local_cluster(2) as client:
        summary = run_job([str(corpus)], settings, tmp_path / "out", client, shard_bytes=64 << 10)
        timings["job"] = time.monotonic() - started
        again = run_job([str(corpus)], settings, tmp_path / "out", client)
    print(f"\ntimings: {json.dumps({k: round(v, 1) for k, v in timings.items()})}")

    # The job ran on both workers over many shards, and saw every document once.
    assert summary.shards >= 10 and summary.shards_run == summary.shards
    assert len(summary.processes) == 2
    assert summary.documents == reference.read
    assert summary.failures == len(reference.skipped) >= 6
    # The corpus repeats one record verbatim: the job makes it twice, ingest stores it once.
    assert summary.articles == reference.stored + reference.duplicates
    assert reference.stored >= 2000 and reference.duplicates == 1
    # A finished job run again runs nothing.
    assert (again.shards_run, again.shards_done_before) == (0, summary.shards)

    # Load gives the single-process store; loading twice adds nothing.
    db = tmp_path / "dask.db"
    with Store(db) as store:
        loaded = load_parquet(tmp_path / "out", store, settings)
    assert loaded.stored == reference.stored
    state = store_state(str(db))
    assert len(state["statements"]) > 1000 and len(state["speakers"]) > 10
    assert_same_store(str(db), str(tmp_path / "single.db"))
    with Store(db) as store:
        second = load_parquet(tmp_path / "out", store, settings)
    assert (second.stored, second.duplicates) == (0, loaded.stored + loaded.duplicates)
    assert store_state(str(db)) == state

    # An unfinished job is not loaded, and the directory of a job is not reused for other inputs.
    unfinished = tmp_path / "unfinished"
    shutil.copytree(tmp_path / "out", unfinished)
    (unfinished / "_done" / "000003.json").unlink()
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(InputError) as info:
            load_parquet(unfinished, store, settings)
        assert store.counts()["articles"] == 0  # checked before anything is stored
    assert "1 of" in info.value.message and "(3)" in info.value.message
    with pytest.raises(InputError) as info:
        plan_job([str(corpus / "files")], settings, tmp_path / "out", workers=2)
    assert "another job" in info.value.message
