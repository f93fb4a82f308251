"""The clean stage against the seed gold (../shared/examples/seeds/gold.json).

For each seed: every gold boilerplate line is absent from the cleaned text; every other line
of the file has all its words in the cleaned text, in order and together (re-joined wraps
are fine; words inside the gold's boilerplate spans are excepted); the title is the gold
title (None where the gold has none) and opens the text.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import SEEDS_DIR, SEEDS_GOLD, need_shared
from onrecord.clean import clean_document
from onrecord.model import RawDocument
from onrecord.settings import Settings

WORD = re.compile(r"\w+")


def _gold() -> list[dict]:
    return json.loads(need_shared(SEEDS_GOLD).read_text(encoding="utf-8"))


def _seed_text(name: str) -> str:
    for folder in (SEEDS_GOLD.parent, SEEDS_DIR):
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    pytest.skip(f"seed file {name} not found")


def _words(text: str) -> str:
    return " " + " ".join(WORD.findall(text)) + " "


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return _gold()


@pytest.mark.parametrize("index", range(5))
def test_seed_against_gold(gold: list[dict], index: int) -> None:
    if index >= len(gold):
        pytest.skip("fewer seeds in gold.json")
    record = gold[index]
    source = _seed_text(record["file"])
    cleaned = clean_document(
        RawDocument(id=record["file"], source=record["file"], text=source), Settings()
    )

    for line in record["boilerplate_lines"]:
        assert line not in cleaned.text, f"boilerplate kept: {line!r}"

    body = source
    for span in record.get("boilerplate_spans") or []:
        assert span in body
        body = body.replace(span, "\n")
    text_words = _words(cleaned.text)
    for line in body.split("\n"):
        if line in record["boilerplate_lines"] or not WORD.search(line):
            continue
        assert _words(line) in text_words, f"body words lost from line {line!r}"

    assert cleaned.title == record["title"]
    if record["title"] is not None:
        assert cleaned.text.startswith(record["title"] + "\n\n")
    assert cleaned.language == "en"
    assert "\n\n\n" not in cleaned.text and cleaned.text == cleaned.text.strip()


def test_removed_lines_name_the_outlet_evidence(gold: list[dict]) -> None:
    """Signatures the outlet stage needs survive in Cleaned.removed or the text."""
    for record in gold:
        evidence = record.get("outlet_evidence")
        if not evidence:
            continue
        source = _seed_text(record["file"])
        cleaned = clean_document(RawDocument(id="s", source="s", text=source), Settings())
        assert evidence in cleaned.text or any(evidence in r.text for r in cleaned.removed), (
            evidence
        )
