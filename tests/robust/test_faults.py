"""kill -9 at random points, a full disk: the store always opens, is intact, holds no
half-written article, and re-running the command completes the work. User corrections
(speaker merges, date overrides) are never lost.

The kill test reuses one reference run per command and a small corpus with a small batch
size, so that kills land in every phase (start-up and migrations, batches, the link stage)
within a few minutes. Each run is the real CLI (``onrecord.cli.main``) in a child process
forked from the test, which has the spaCy model loaded already, so a run costs its work and
not a model load; ``kill -9`` (SIGKILL) stops it. Extends tests/store/test_store.py (one
kill of a freshly started ``onrecord ingest`` process) and tests/store/test_backup.py.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import store_snapshot
from onrecord.errors import StoreFull
from onrecord.ingest import ingest_documents
from onrecord.model import RawDocument
from onrecord.settings import load_settings
from onrecord.store import Store

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "examples" / "seeds"
CLI = [sys.executable, "-m", "onrecord.cli"]
ENV = {**os.environ, "ONRECORD_BATCH_SIZE": "2", "ONRECORD_TODAY": "2026-11-22", "ONRECORD_EMBEDDINGS": "off"}
KILLS_INGEST, KILLS_MERGE, KILLS_DATE, KILLS_AFTER_CORRECTIONS, KILLS_LOAD = 30, 12, 12, 10, 16
NAMES = [("Sergei Lavrov", "Ahmet Davutoglu"), ("Walid Muallem", "Catherine Ashton"), ("Lakhdar Brahimi", "Kofi Annan")]


def write_corpus(path: Path, n: int, start: int = 0) -> None:
    """``n`` short articles from seed paragraphs, each with its own speaker names and number."""
    paragraphs = [
        p.strip()
        for f in sorted(SEEDS.glob("*.txt"))
        for p in re.split(r"\n\s*\n", f.read_text(encoding="utf-8"))
        if 60 < len(p.strip()) < 600 and ("said" in p or "“" in p or '"' in p)
    ]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            a, b = NAMES[i % len(NAMES)]
            body = "\n\n".join(paragraphs[(i * 3 + k) % len(paragraphs)] for k in range(3))
            body = body.replace("Lavrov", a.split()[1]).replace("Davutoglu", b.split()[1])
            text = f"Report number {i} on the talks\n\n{a} said on Monday that talks would resume in round {i}.\n\n{body}"
            fh.write(json.dumps({"id": f"doc{i}", "text": text, "outlet": f"Outlet {i % 4}"}) + "\n")


def with_db(args: list[str], db: Path) -> list[str]:
    # `speakers` takes --db before its subcommand; the other commands after theirs.
    if args[0] == "speakers":
        return ["speakers", "--db", str(db), *args[1:]]
    return [*args, "--db", str(db)]


def fork_cli(args: list[str], log: Path) -> int:
    """``onrecord ARGS`` in a forked child (stdout and stderr to ``log``); returns its pid."""
    pid = os.fork()
    if pid == 0:  # the child: run the command line and leave without the parent's exit handlers
        code = 1
        try:
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.environ.update({k: v for k, v in ENV.items() if k.startswith("ONRECORD_")})
            if args[0] == "load":  # small transactions, so that kills land between and inside them
                import onrecord.scale.load

                onrecord.scale.load.LOAD_BATCH = 2
            sys.argv = ["onrecord", *args]
            from onrecord.cli import main

            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def run(*args: str, db: Path) -> float:
    started = time.monotonic()
    log = db.with_name("run.log")
    _, status = os.waitpid(fork_cli(with_db(list(args), db), log), 0)
    assert os.waitstatus_to_exitcode(status) == 0, log.read_text()
    return time.monotonic() - started


def kill_at_random(args: list[str], db: Path, delay: float) -> bool:
    """Start the command, kill -9 it after ``delay`` seconds; True when it was killed (not finished)."""
    pid = fork_cli(with_db(args, db), db.with_name("killed.log"))
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0, db.with_name("killed.log").read_text()
            return False
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return True


def check_intact(db: Path, reference: dict) -> dict:
    """The store opens, passes integrity_check, and every article it holds has exactly its reference quotes."""
    if not db.exists():
        return {"articles": [], "quotes": [], "failures": []}
    Store(db, readonly=True).close() if _has_schema(db) else None
    with Store(db) as store:  # opens for writing: rolls back a torn transaction, finishes migrations
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    snap = store_snapshot(str(db))
    held = {a[0] for a in snap["articles"]}
    assert held <= {a[0] for a in reference["articles"]}
    assert set(snap["quotes"]) == {q for q in reference["quotes"] if q[0] in held}, "a half-written article"
    return snap


def _has_schema(db: Path) -> bool:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone() is not None
    finally:
        con.close()


def merged(db: Path, a: str, b: str) -> tuple[bool, bool]:
    """(the two names are one speaker, a merge correction is recorded)."""
    con = sqlite3.connect(db)
    try:
        ids = {con.execute("SELECT speaker_id FROM speaker_aliases WHERE alias = ?", (n,)).fetchone() for n in (a, b)}
        recorded = con.execute("SELECT COUNT(*) FROM corrections WHERE kind = 'speaker_merge'").fetchone()[0] > 0
    finally:
        con.close()
    return len(ids) == 1 and None not in ids, recorded


def dated(db: Path, doc_id: str, day: str) -> tuple[bool, bool]:
    """(every article of ``doc_id`` carries the override, a date correction is recorded)."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT published, published_source FROM articles WHERE doc_id = ?", (doc_id,)).fetchall()
        recorded = con.execute(
            "SELECT COUNT(*) FROM corrections WHERE kind = 'date_override' AND target = ?", (doc_id,)
        ).fetchone()[0] > 0
    finally:
        con.close()
    return bool(rows) and all(r == (day, "override") for r in rows), recorded


class Killer:
    """Runs one command and kills it at a random point. A run that finishes before its kill
    shortens the range of delays to what a run takes now, so that most runs are killed
    mid-way however busy the machine is (the reference run's time is only the first guess)."""

    def __init__(self, args: list[str], db: Path, rng: random.Random, longest: float) -> None:
        self.args, self.db, self.rng, self.longest = args, db, rng, longest

    def __call__(self) -> bool:
        started = time.monotonic()
        killed = kill_at_random(self.args, self.db, self.rng.uniform(0.02, self.longest))
        if not killed:
            self.longest = max(0.1, 0.8 * (time.monotonic() - started))
        return killed


def kill_until_done(args: list[str], db: Path, reference: dict, n: int, rng: random.Random, longest: float) -> list[bool]:
    """Runs of ``args`` killed at random points until ``n`` were killed mid-run, each followed by
    the checks; a run that finishes is compared with the reference and the store started afresh
    (so kills also land in its creation). Then one run to the end, which must give the reference.
    Returns killed or not per run."""
    outcomes: list[bool] = []
    kill = Killer(args, db, rng, longest)
    while sum(outcomes) < n and len(outcomes) < 3 * n:
        killed = kill()
        outcomes.append(killed)
        snap = check_intact(db, reference)
        if not killed:
            assert snap == reference
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
    run(*args, db=db)
    assert store_snapshot(str(db)) == reference
    return outcomes


@pytest.mark.slow
def test_kill_9_anywhere_loses_nothing(tmp_path, nlp):
    rng = random.Random(20261122)
    corpus, more = tmp_path / "corpus.jsonl", tmp_path / "more.jsonl"
    write_corpus(corpus, 12)
    write_corpus(more, 6, start=12)
    date_args = ["date", "set", "doc3", "2014-05-06"]

    # One reference run of each command.
    ref_db = tmp_path / "reference.db"
    t_ingest = run("ingest", str(corpus), db=ref_db)
    reference = store_snapshot(str(ref_db))
    assert len(reference["articles"]) == 12 and len(reference["quotes"]) >= 24
    con = sqlite3.connect(ref_db)
    two = [r[0] for r in con.execute("SELECT name FROM speakers WHERE type = 'person' ORDER BY statement_count DESC, name LIMIT 2")]
    con.close()
    assert len(two) == 2
    merge_args = ["speakers", "merge", *two]
    t_merge = run(*merge_args, db=ref_db)
    t_date = run(*date_args, db=ref_db)
    assert merged(ref_db, *merge_args[2:]) == (True, True) and dated(ref_db, "doc3", "2014-05-06") == (True, True)
    run("ingest", str(more), db=ref_db)
    reference_all = store_snapshot(str(ref_db))

    # 1. ingest, killed at random points.
    db = tmp_path / "killed.db"
    log = [("ingest", k) for k in kill_until_done(["ingest", str(corpus)], db, reference, KILLS_INGEST, rng, t_ingest)]

    # 2. the corrections, killed at random points: all or nothing, and re-running completes them.
    for args, t, state in ((merge_args, t_merge, lambda: merged(db, *merge_args[2:])),
                           (date_args, t_date, lambda: dated(db, "doc3", "2014-05-06"))):
        target, kill, done = KILLS_MERGE if args is merge_args else KILLS_DATE, Killer(args, db, rng, t), []
        while sum(done) < target and len(done) < 3 * target:
            before = state()
            killed = kill()
            done.append(killed)
            log.append((args[0], killed))
            check_intact(db, reference)
            applied, recorded = state()
            assert applied == recorded, f"{args}: a correction half applied"
            assert not before[0] or applied, "a correction was lost"
        run(*args, db=db)
        assert state() == (True, True)

    # 3. an ingest killed after the corrections never loses them.
    kill, done = Killer(["ingest", str(more)], db, rng, t_ingest * 0.6), []
    while sum(done) < KILLS_AFTER_CORRECTIONS and len(done) < 3 * KILLS_AFTER_CORRECTIONS:
        killed = kill()
        done.append(killed)
        log.append(("ingest after corrections", killed))
        check_intact(db, reference_all)
        assert merged(db, *merge_args[2:]) == (True, True) and dated(db, "doc3", "2014-05-06") == (True, True)
    run("ingest", str(more), db=db)
    assert store_snapshot(str(db)) == reference_all
    assert merged(db, *merge_args[2:]) == (True, True) and dated(db, "doc3", "2014-05-06") == (True, True)

    kills = sum(1 for _, k in log if k)
    print(f"\nkill -9 runs: {len(log)}, killed mid-run: {kills}, by command: "
          f"{ {c: sum(1 for x, k in log if x == c and k) for c, _ in log} }")
    assert kills >= KILLS_INGEST + KILLS_MERGE + KILLS_DATE + KILLS_AFTER_CORRECTIONS - 4


@pytest.mark.slow
def test_kill_9_during_load_loses_nothing(tmp_path, nlp):
    """``onrecord load DIR`` (a Dask job's Parquet into the store), killed at random points."""
    from onrecord.scale.job import plan_job, process_shard

    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 12)
    out = tmp_path / "job"
    settings = load_settings(env={k: v for k, v in ENV.items() if k.startswith("ONRECORD_")})
    job_settings, shards = plan_job([str(corpus)], settings, out, workers=1, shard_bytes=4000)
    for shard in shards:  # the job's tasks, run here: the Parquet output onrecord load reads
        process_shard(shard, job_settings, str(out))
    assert len(shards) >= 2
    ref_db = tmp_path / "reference.db"
    t_load = run("load", str(out), db=ref_db)
    reference = store_snapshot(str(ref_db))
    assert len(reference["articles"]) == 12

    killed = kill_until_done(["load", str(out)], tmp_path / "killed.db", reference, KILLS_LOAD, random.Random(7), t_load)
    print(f"\nkill -9 runs of onrecord load: {len(killed)}, killed mid-run: {sum(killed)}")
    assert sum(killed) >= KILLS_LOAD - 2


# -- a full disk ------------------------------------------------------------------------------------


def _doc(i: int, size: int) -> RawDocument:
    words = " ".join(f"word{i}x{k}" for k in range(size // 10))
    return RawDocument(id=f"big{i}", source=f"big{i}.txt", text=f"Lavrov said talks go on.\n\n{words}.")


def test_regression_a_full_store_is_a_clear_error_and_stays_intact(tmp_path, settings):
    """SQLite's max_page_count stands in for a full disk: SQLITE_FULL, as ENOSPC gives.

    Regression: SQLite rolls the transaction back itself on SQLITE_FULL, and the store's
    second ROLLBACK raised "cannot rollback - no transaction is active", which hid StoreFull."""
    db = tmp_path / "full.db"
    settings = settings.replace(db_path=str(db), batch_size=2, skip_stages=("quotes", "said"))
    with Store(db) as store:
        ingest_documents([_doc(i, 2000) for i in range(4)], store, settings)
        before = store_snapshot(str(db))
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 20}")
        with pytest.raises(StoreFull) as info:
            ingest_documents([_doc(i, 50_000) for i in range(4, 12)], store, settings)
    error = info.value
    assert error.code == "E401" and "is full" in error.message and "re-run" in error.hint
    assert "store is intact" in error.hint
    with Store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after = store_snapshot(str(db))
    # Whole batches only: what was there is there, anything new is complete.
    assert set(before["articles"]) <= set(after["articles"])
    new = {a[0] for a in after["articles"]} - {a[0] for a in before["articles"]}
    assert len(new) % 2 == 0
    # With room again, re-running completes the work.
    with Store(db) as store:
        summary = ingest_documents([_doc(i, 50_000) for i in range(4, 12)], store, settings)
    assert summary.stored + summary.duplicates == 8
    assert len(store_snapshot(str(db))["articles"]) == 12


def test_the_cli_says_what_to_do_when_the_store_is_full(tmp_path):
    """The command line's answer to a full store: exit status 2, the message, the hint."""
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    db = tiny / "s.db"
    (tmp_path / "a.txt").write_text("Lavrov said talks go on. " + "word " * 20_000, encoding="utf-8")
    Store(db).close()
    con = sqlite3.connect(db)
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    # The CLI opens the store itself; a sitecustomize on PYTHONPATH caps its page count, as a full disk would.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import sqlite3\n_connect = sqlite3.connect\n"
        "def connect(*a, **k):\n    con = _connect(*a, **k)\n"
        f"    con.execute('PRAGMA max_page_count = {pages + 5}')\n    return con\n"
        "sqlite3.connect = connect\n"
    )
    env = {**ENV, "PYTHONPATH": str(hook) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([*CLI, "ingest", str(tmp_path / "a.txt"), "--db", str(db)], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    said = " ".join(done.stderr.split())  # rich wraps long lines
    assert "is full" in said and "(E401)" in said and "what to do:" in said and "the store is intact" in said
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
    con.close()
    shutil.rmtree(hook)
