"""The command line of scale: ingest --workers, ingest --dask/--cluster --out, load."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scale.compare import assert_same_store
from scale.corpus import write_corpus

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "onrecord.cli", "--set", "today=2026-11-22", "--set", "embeddings=off", *args],
        capture_output=True, cwd=REPO, timeout=600,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli").resolve()
    write_corpus(root / "corpus", 40)
    return root


@pytest.mark.slow
@pytest.mark.cluster
def test_dask_job_then_load_then_load_again(corpus):
    one = run("ingest", str(corpus / "corpus"), "--db", str(corpus / "one.db"), "--workers", "2", "--json")
    assert one.returncode == 0, one.stderr.decode()
    expected = json.loads(one.stdout)
    assert expected["stored"] >= 40

    job = run("ingest", str(corpus / "corpus"), "--dask", "--workers", "2", "--out", str(corpus / "out"), "--no-load", "--json")
    assert job.returncode == 0, job.stderr.decode()
    summary = json.loads(job.stdout)["job"]
    assert summary["documents"] == expected["read"] and summary["shards_run"] == summary["shards"] >= 1
    assert not (corpus / "dask.db").exists()

    loaded = run("load", str(corpus / "out"), "--db", str(corpus / "dask.db"), "--json")
    assert loaded.returncode == 0, loaded.stderr.decode()
    result = json.loads(loaded.stdout)
    assert (result["stored"], result["store"]) == (expected["stored"], expected["store"])
    assert_same_store(str(corpus / "dask.db"), str(corpus / "one.db"))

    again = run("load", str(corpus / "out"), "--db", str(corpus / "dask.db"), "--json")
    assert json.loads(again.stdout)["stored"] == 0
    assert_same_store(str(corpus / "dask.db"), str(corpus / "one.db"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cluster", "tcp://127.0.0.1:1"], "--cluster needs --out DIR"),
        (["--dask", "--no-load"], "--no-load needs --out DIR"),
        (["-", "--dask", "--out", "OUT"], "a cluster job cannot read stdin"),
    ],
)
def test_job_options_that_cannot_work_say_why(corpus, args, message, tmp_path):
    args = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    paths = [] if args[0] == "-" else [str(corpus / "corpus")]
    result = run("ingest", *paths, *args, "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert message in " ".join(result.stderr.decode().split())  # Rich wraps long lines


def test_load_of_a_directory_that_holds_no_job(tmp_path):
    result = run("load", str(tmp_path), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert "holds no onrecord job output" in " ".join(result.stderr.decode().split())
