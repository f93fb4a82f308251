"""Every core of one machine: worker processes give the store one process gives; kill -9 leaves no orphan."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import psutil
import pytest

from onrecord.errors import ModelNotInstalled
from onrecord.ingest import ingest
from onrecord.scale.local import SMALL_INPUT_BYTES, cpu_count, resolve_workers
from onrecord.settings import load_settings
from scale.compare import assert_same_store
from scale.corpus import write_corpus


def test_resolve_workers():
    settings = load_settings(env={})
    assert settings.workers == 0  # the default: one per core
    assert resolve_workers(settings.replace(workers=3), 10) == 3
    assert resolve_workers(settings, SMALL_INPUT_BYTES - 1) == 1  # starting workers would cost more than it saves
    assert resolve_workers(settings, SMALL_INPUT_BYTES) == cpu_count()
    assert resolve_workers(settings, None) == cpu_count()  # stdin: size unknown


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    root = tmp_path_factory.mktemp("local")
    write_corpus(root / "corpus", 160)
    settings = load_settings(env={}, today="2026-11-22", embeddings="off", workers=1, batch_size=8)
    summary = ingest([str(root / "corpus")], settings.replace(db_path=str(root / "one.db")))
    return root, settings, summary


@pytest.mark.slow
def test_two_worker_processes_store_what_one_process_stores(reference):
    root, settings, one = reference
    two = ingest([str(root / "corpus")], settings.replace(db_path=str(root / "two.db"), workers=2))
    assert (two.read, two.stored, two.duplicates, two.skipped, two.quotes) == (
        one.read, one.stored, one.duplicates, one.skipped, one.quotes
    )
    assert one.stored >= 160
    assert_same_store(str(root / "two.db"), str(root / "one.db"))


def _children_with_model(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [c for c in proc.children(recursive=True) if "spawn" in " ".join(c.cmdline())]
    except psutil.Error:
        return []


@pytest.mark.slow
def test_kill_9_of_the_writer_stops_its_workers_and_a_rerun_completes(reference):
    root, _, _ = reference
    db = root / "killed.db"
    env = {**os.environ, "ONRECORD_BATCH_SIZE": "8", "ONRECORD_TODAY": "2026-11-22", "ONRECORD_EMBEDDINGS": "off"}
    cmd = [sys.executable, "-m", "onrecord.cli", "ingest", str(root / "corpus"), "--db", str(db), "--workers", "2"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 240
    workers: list[psutil.Process] = []
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children_with_model(parent) or workers
        try:
            con = sqlite3.connect(db, timeout=1)
            stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            con.close()
        except sqlite3.Error:
            stored = 0
        if stored >= 16 and len(workers) == 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    assert len(workers) == 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"workers outlived their writer: {[p.pid for p in alive]}"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=600)
    assert_same_store(str(db), str(root / "one.db"))


def test_a_missing_model_in_the_workers_is_the_usual_error(tmp_path):
    write_corpus(tmp_path / "c", 4)
    settings = load_settings(env={}, db_path=str(tmp_path / "s.db"), workers=2, spacy_model="no_such_pipeline_xyz")
    with pytest.raises(ModelNotInstalled) as info:
        ingest([str(tmp_path / "c")], settings)
    assert "pip install" in info.value.hint
