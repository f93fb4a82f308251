"""The table of hand-made date cases in cases.tsv: relative expressions, URLs, metadata, texts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from onrecord.clean import clean_document
from onrecord.dating import date_article
from onrecord.dating.parse import parse_date_string
from onrecord.dating.said import resolve_time_expression
from onrecord.dating.urls import date_from_url
from onrecord.model import RawDocument
from onrecord.settings import load_settings

RUN_DAY = dt.date(2026, 11, 22)


def _cases() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in (Path(__file__).parent / "cases.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        kind, text, anchor, expected = line.split("\t")
        rows.append((kind, text.replace("\\n", "\n"), anchor, expected))
    return rows


CASES = _cases()


def test_the_table_is_big_enough() -> None:
    kinds = [c[0] for c in CASES]
    assert len(CASES) >= 100
    assert kinds.count("expr") >= 50 and kinds.count("url") >= 25


def _dated(value: tuple[dt.date, str] | tuple[dt.date, str, str] | None) -> str:
    return "-" if value is None else f"{value[0].isoformat()} {value[1]}"


@pytest.mark.parametrize(("kind", "text", "anchor", "expected"), CASES, ids=[f"{c[0]}:{c[1][:40]}@{c[2]}" for c in CASES])
def test_case(kind: str, text: str, anchor: str, expected: str) -> None:
    if kind == "expr":
        lo, _, hi = anchor.partition("..")
        got = resolve_time_expression(text, dt.date.fromisoformat(lo), dt.date.fromisoformat(hi or lo))
        assert (got or "-") == expected
    elif kind == "url":
        assert _dated(date_from_url(text, RUN_DAY)) == expected
    elif kind == "meta":
        assert _dated(parse_date_string(text)) == expected
    elif kind == "text":
        settings = load_settings(env={}, today=anchor)
        raw = RawDocument(id="case", source="case.txt", text=text)
        date = date_article(raw, clean_document(raw, settings), settings)
        got = "-" if date.range is None else "..".join(date.range)
        assert got == expected, date.evidence
        if date.range and date.range[0] == date.range[1]:
            assert (date.published, date.precision, date.source) == (date.range[0], "day", "text")
    else:  # pragma: no cover - a typo in the table
        raise AssertionError(f"unknown kind {kind!r}")
