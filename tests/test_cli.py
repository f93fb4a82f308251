"""The command line: the extract contract, ingest summary, and errors that say what to do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
CONTRACT_ARTICLE = {
    "title", "outlet", "url", "language", "text", "published", "published_precision", "published_source", "published_range"
}


def run(*args: str, input: bytes | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "onrecord.cli", "--set", "today=2026-11-22", *args],
        input=input, capture_output=True, cwd=cwd, timeout=300,
    )


def test_extract_writes_the_contract_for_every_document(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("extract", str(SEEDS), str(tmp_path / "empty.txt"))
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["id"] for r in rows] == [p.stem for p in sorted(SEEDS.glob("*.txt"))] + ["empty"]
    for row in rows[:5]:
        assert set(row) == {"id", "source", "article", "statements", "skipped"}
        assert set(row["article"]) == CONTRACT_ARTICLE
        assert row["skipped"] is None and row["article"]["text"]
        for st in row["statements"]:
            assert row["article"]["text"][st["start"]:st["end"]].startswith(st["parts"][0]["text"][:10])
    assert rows[5]["article"] is None and rows[5]["skipped"] == {"stage": "read", "reason": "empty file"}
    assert "skipped" in result.stderr.decode()


def test_extract_from_stdin():
    result = run("extract", "-", input=b'{"id": "s1", "text": "Lavrov said talks would continue."}\n')
    (row,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert row["id"] == "s1" and row["source"] == "<stdin>:1"


def test_ingest_prints_summary_and_json(tmp_path):
    db = tmp_path / "c.db"
    result = run("ingest", str(SEEDS), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr.decode()
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["stored"], summary["store"]["articles"]) == (5, 5, 5)
    again = run("ingest", str(SEEDS), "--db", str(db))
    assert b"already in store" in again.stdout and again.returncode == 0


def test_missing_path_is_an_error_with_a_hint(tmp_path):
    result = run("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "no such file or folder" in err and "what to do" in err and "(E200)" in err
    assert not (tmp_path / "x.db").exists()


def test_query_on_missing_store_says_how_to_create_one(tmp_path):
    result = run("quotes", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and b"onrecord ingest" in result.stderr


def test_bad_setting_is_reported():
    result = run("--set", "batch_size=lots", "settings")
    assert result.returncode == 2 and b"batch_size" in result.stderr


def test_missing_spacy_model_names_the_package(tmp_path):
    result = run("--set", "spacy_model=en_core_web_nonexistent", "extract", str(SEEDS / "000_b5b0193dc55e6cc6.txt"))
    assert result.returncode == 2
    assert b"pip install en-core-web-nonexistent" in result.stderr
