"""The link stage on a store: registry, corrections, near-duplicates, statements, drift, export, CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.link import update_links
from onrecord.link.neardup import dup_group, dup_groups
from onrecord.link.queries import (
    iter_statement_export,
    list_statements,
    statement_detail,
    write_statements,
)
from onrecord.link.registry import list_speakers, merge_speakers, split_speaker, who_held
from onrecord.settings import Settings
from onrecord.store import Store

from .helpers import extraction

LINE = "We will not lift a single sanction until the last soldier has left our territory."
PARA = "his government would not lift any sanctions until the last soldier had left its territory"
WIRE = ("The foreign ministers met in Brussels on Tuesday to discuss the sanctions package, the talks and the "
        "ceasefire proposal that several governments put forward last week. ") * 4


@pytest.fixture
def lexical(settings: Settings) -> Settings:
    return settings.replace(embeddings="off")


def _first_batch() -> list:
    return [
        extraction("reuters-1", "Reuters", "2024-03-12", [("direct", LINE, "Sergei Lavrov", "Russian Foreign Minister Sergei Lavrov")]),
        extraction("ap-1", "AP", "2024-03-12", [("indirect", PARA, "Sergey Lavrov", "Sergey Lavrov")]),
        extraction("tass-1", "TASS", "2024-05-20", [("direct", LINE, "Lavrov", "Lavrov")], said_on="2024-05-20"),
        extraction("wire-a", "Wire A", "2024-03-13", [], text=WIRE),
        extraction("wire-b", "Wire B", "2024-03-13", [], text=WIRE + "Copyright Wire B."),
    ]


def _speaker_names(store: Store) -> list[str]:
    return [r["name"] for r in store.query("SELECT name FROM speakers ORDER BY name")]


def test_update_links_registry_statements_and_near_duplicates(lexical: Settings) -> None:
    with Store(lexical.db_path) as store:
        store.save_batch(_first_batch())
        summary = update_links(store, lexical)
        assert summary.path == "lexical"
        assert _speaker_names(store) == ["Sergei Lavrov"]
        speakers = list_speakers(store.conn)
        assert speakers[0]["aliases"] == ["Lavrov", "Sergey Lavrov"]
        assert speakers[0]["roles"] == [{"role": "Russian Foreign Minister", "first_seen": "2024-03-12", "last_seen": "2024-03-12"}]
        assert speakers[0]["statements"] == 2
        # March (two outlets, one paraphrasing) is one statement; the same line in May is another.
        rows = list_statements(store.conn, speaker="Sergey Lavrov")
        assert sorted(r["n_reports"] for r in rows) == [1, 2]
        two = next(r for r in rows if r["n_reports"] == 2)
        detail = statement_detail(store.conn, two["id"])
        assert [d["role"] for d in detail["drift"]] == ["base", "report"]
        assert detail["drift"][1]["flags"] == ["words_changed", "direct_to_paraphrase"]
        # The two wire copies are near-duplicates; the quote articles are not.
        groups = dup_groups(store.conn)
        assert len(groups) == 1 and groups[0]["size"] == 2
        group = dup_group(store.conn, groups[0]["group"])
        assert [m["doc_id"] for m in group["members"]] == ["wire-a", "wire-b"]
        assert group["members"][1]["differences"] == [{"op": "added", "base_text": "", "text": "Copyright Wire B"}]
        # Nothing new: nothing to do, and the statement ids stay.
        again = update_links(store, lexical)
        assert again.statements["linked_quotes"] == 0 and again.near_duplicates["signed"] == 0
        assert list_statements(store.conn, speaker="Lavrov") == rows


def test_incremental_ingest_joins_existing_statement_and_group(lexical: Settings) -> None:
    with Store(lexical.db_path) as store:
        store.save_batch(_first_batch())
        update_links(store, lexical)
        march = next(r for r in list_statements(store.conn) if r["n_reports"] == 2)["id"]
        store.save_batch(
            [
                extraction("dw-1", "DW", "2024-03-14", [("direct", "We will not lift a single sanction", "S. Lavrov", "S. Lavrov")]),
                extraction("wire-c", "Wire C", "2024-03-14", [], text=WIRE + "Reporting by C."),
            ]
        )
        summary = update_links(store, lexical)
        assert summary.statements["linked_quotes"] == 1 and summary.statements["statements_created"] == 0
        detail = statement_detail(store.conn, march)
        assert sorted(r["article_id"] for r in detail["reports"]) == ["ap-1", "dw-1", "reuters-1"]
        assert next(d for d in detail["drift"] if d["article_id"] == "dw-1")["flags"] == ["shortened", "words_dropped"]
        assert dup_groups(store.conn)[0]["size"] == 3


def test_corrections_survive_reingest_and_relinking(lexical: Settings) -> None:
    with Store(lexical.db_path) as store:
        store.save_batch(_first_batch())
        update_links(store, lexical)
        with store.transaction() as conn:
            split_speaker(conn, "Sergei Lavrov", ["Lavrov"])
        assert _speaker_names(store) == ["Lavrov", "Sergei Lavrov"]
        store.save_batch([extraction("tass-2", "TASS", "2024-06-01", [("direct", "Another line entirely.", "Lavrov", "Lavrov")])])
        update_links(store, lexical, full=True)
        assert _speaker_names(store) == ["Lavrov", "Sergei Lavrov"]
        assert store.query("SELECT COUNT(*) AS n FROM quotes q JOIN speakers s ON s.id = q.speaker_id WHERE s.name = 'Lavrov'")[0]["n"] == 2
        with store.transaction() as conn:
            merge_speakers(conn, ["Sergei Lavrov", "Lavrov"])
        update_links(store, lexical, full=True)
        assert _speaker_names(store) == ["Sergei Lavrov"]
        kinds = [r["kind"] for r in store.query("SELECT kind FROM corrections ORDER BY id")]
        assert kinds == ["speaker_split", "speaker_merge"]


def test_who_held_a_role_on_a_date(lexical: Settings) -> None:
    with Store(lexical.db_path) as store:
        store.save_batch(
            [
                extraction("a", "X", "2012-05-01", [("direct", "One.", "Sergei Lavrov", "Russian Foreign Minister Sergei Lavrov")]),
                extraction("b", "X", "2016-05-01", [("direct", "Two.", "Sergei Lavrov", "Russian Foreign Minister Sergei Lavrov")]),
                extraction("c", "X", "2004-03-01", [("direct", "Three.", "Igor Ivanov", "Russian Foreign Minister Igor Ivanov")]),
            ]
        )
        update_links(store, lexical)
        assert who_held(store.conn, "the foreign minister", "2014-01-01")["name"] == "Sergei Lavrov"
        assert who_held(store.conn, "Russia's foreign minister", "2004-06-01")["name"] == "Igor Ivanov"
        assert who_held(store.conn, "the foreign minister", "2008-01-01") is None  # between two holders' sightings
        assert who_held(store.conn, "the prime minister", "2014-01-01") is None


def test_export_jsonl_and_csv(lexical: Settings) -> None:
    with Store(lexical.db_path) as store:
        store.save_batch(_first_batch())
        update_links(store, lexical)
        rows = list(iter_statement_export(store.conn, min_reports=2))
        assert len(rows) == 1
        row = rows[0]
        assert list(row) == ["id", "speaker", "said_on", "said_where", "reports", "drift"]
        assert row["speaker"] == "Sergei Lavrov"
        assert [(r["article_id"], r["kind"], r["outlet"], r["published"]) for r in row["reports"]] == [
            ("reuters-1", "direct", "Reuters", "2024-03-12"), ("ap-1", "indirect", "AP", "2024-03-12")]
        buf = io.StringIO()
        assert write_statements(iter(rows), "csv", buf) == 1
        table = list(csv.DictReader(io.StringIO(buf.getvalue())))
        assert [(t["article_id"], t["drift_role"], t["drift_flags"]) for t in table] == [
            ("reuters-1", "base", ""), ("ap-1", "report", "words_changed direct_to_paraphrase")]


def test_cli_commands(lexical: Settings) -> None:
    with Store(lexical.db_path) as store:
        store.save_batch(_first_batch())
        update_links(store, lexical)
    runner = CliRunner()
    db = ["--db", lexical.db_path]
    res = runner.invoke(app, ["--set", "embeddings=off", "statements", *db, "--speaker", "Lavrov", "--json"])
    assert res.exit_code == 0, res.output
    listed = [json.loads(line) for line in res.output.splitlines()]
    assert sorted(r["n_reports"] for r in listed) == [1, 2]
    march = next(r["id"] for r in listed if r["n_reports"] == 2)
    res = runner.invoke(app, ["statement", str(march), *db, "--json"])
    assert res.exit_code == 0
    assert [d["flags"] for d in json.loads(res.output)["drift"]] == [[], ["words_changed", "direct_to_paraphrase"]]
    res = runner.invoke(app, ["statement", str(march), *db], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "fullest report" in res.output and "direct_to_paraphrase" in res.output
    res = runner.invoke(app, ["statement", "999", *db])
    assert res.exit_code != 0
    res = runner.invoke(app, ["export", "statements", *db, "--format", "jsonl", "--min-reports", "2"])
    assert res.exit_code == 0 and json.loads(res.output.splitlines()[0])["speaker"] == "Sergei Lavrov"
    res = runner.invoke(app, ["speakers", *db, "--json"])
    assert res.exit_code == 0 and json.loads(res.output.splitlines()[0])["name"] == "Sergei Lavrov"
    res = runner.invoke(app, ["--set", "embeddings=off", "speakers", *db, "split", "Sergei Lavrov", "Lavrov"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["speakers", *db, "--json"])
    assert sorted(json.loads(line)["name"] for line in res.output.splitlines()) == ["Lavrov", "Sergei Lavrov"]


def test_cli_duplicates(lexical: Settings) -> None:
    with Store(lexical.db_path) as store:
        store.save_batch(_first_batch())
        update_links(store, lexical)
    runner = CliRunner()
    res = runner.invoke(app, ["duplicates", "--db", lexical.db_path, "--json"])
    assert res.exit_code == 0, res.output
    groups = json.loads(res.output)
    assert [g["size"] for g in groups] == [2]
    res = runner.invoke(app, ["duplicates", str(groups[0]["group"]), "--db", lexical.db_path, "--json"])
    members = json.loads(res.output)["members"]
    assert [(m["doc_id"], m["differences"]) for m in members] == [
        ("wire-a", []), ("wire-b", [{"op": "added", "base_text": "", "text": "Copyright Wire B"}])]
