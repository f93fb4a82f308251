"""`onrecord search` and `onrecord timeline`: the same query functions as the API, in the terminal."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from onrecord.cli import app

runner = CliRunner()


def test_search_json_matches_the_api(client, fixture_store):
    result = runner.invoke(app, ["search", "resolution", "--db", fixture_store["path"], "--json"])
    assert result.exit_code == 0, result.output
    cli_items = [json.loads(line) for line in result.stdout.splitlines()]
    api_items = client.get("/api/search", params={"q": "resolution"}).json()["items"]
    assert cli_items == api_items


def test_search_table_and_filters(fixture_store):
    result = runner.invoke(app, ["search", "--speaker", "Lavrov", "--from", "2015", "--db", fixture_store["path"]])
    assert result.exit_code == 0, result.output
    assert "2 statements, 1 articles" in result.stdout and "Press TV" in result.stdout


def test_timeline_per_year(fixture_store):
    result = runner.invoke(app, ["timeline", "Sergey Lavrov", "--bucket", "year", "--json", "--db", fixture_store["path"]])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(b["label"], b["statements"]) for b in data["buckets"]] == [("2012", 4), ("2015", 2)]
    missing = runner.invoke(app, ["timeline", "Nobody", "--db", fixture_store["path"]])
    assert missing.exit_code != 0 and "no speaker" in str(missing.exception)
