"""Fuzzing the read, clean and quote stages: no crash, no hang, bounded memory, valid offsets.

Random inputs (hypothesis, strategies in hostile.py) and the classic hostile cases by name.
The default run tries about 900 random inputs in tens of seconds; the long campaign is
``python tests/robust/fuzz_campaign.py`` (see docs/security.md for its figures).
Regressions that fuzzing found are the ``test_regression_*`` tests.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.clean import clean_document
from onrecord.guards import time_budget
from onrecord.model import Extraction, RawDocument
from onrecord.pipeline import Pipeline
from onrecord.quotes.marks import find_quotes
from onrecord.read import read_bytes
from onrecord.settings import Settings
from robust.hostile import (
    TEXT,
    csv_files,
    encoded,
    gzip_bomb_warc,
    html_page,
    html_pages,
    json_records,
    warc_files,
    warc_record,
)

SETTINGS = Settings(today="2026-11-22", max_document_bytes=2_000_000)
# Only turns a hang into a failure (tens of times what any case needs); it measures nothing.
HANG_GUARD_S = 120.0
NAMES = ["a.txt", "a.html", "a.json", "a.jsonl", "a.csv", "a.warc.gz", "a.jsonl.gz", "noext", "a.bin"]


def check_raw(doc: RawDocument) -> None:
    assert isinstance(doc.id, str) and isinstance(doc.source, str)
    if doc.skipped is not None:
        assert doc.skipped.stage == "read" and doc.skipped.reason
        return
    assert isinstance(doc.content, str) and doc.content.strip()
    doc.content.encode("utf-8", "surrogatepass")


def check_extraction(ex: Extraction) -> None:
    json.dumps(ex.contract())  # the output contract always serialises
    if ex.skipped is not None:
        assert ex.skipped.stage and ex.skipped.reason
    if ex.article is None:
        assert ex.skipped is not None and ex.quotes == []
        return
    text = ex.article.text
    text.encode("utf-8")  # the store writes UTF-8: no lone surrogates
    assert "\x00" not in text
    for q in ex.quotes:
        for p in q.parts:
            assert 0 <= p.start < p.end <= len(text) and text[p.start : p.end] == p.text
        if q.cue is not None:
            assert text[q.cue.start : q.cue.end] == q.cue.text
        sp = q.speaker
        if sp.start is not None:
            assert 0 <= sp.start <= sp.end <= len(text) and text[sp.start : sp.end] == sp.mention
        assert 0.0 <= q.confidence <= 1.0 and q.kind in ("direct", "indirect", "mixed")


# -- random inputs ------------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(encoded(), json_records(), csv_files(), html_pages(), warc_files(), st.binary(max_size=400)),
       name=st.sampled_from(NAMES))
def test_read_takes_any_bytes(data, name):
    docs = list(read_bytes(data, name=name, source=name, settings=SETTINGS))
    assert docs, "every input gives at least one document or one skip"
    for doc in docs:
        check_raw(doc)


@settings(max_examples=400, deadline=None)
@given(text=TEXT, as_html=st.booleans())
def test_clean_and_marks_take_any_text(text, as_html):
    raw = RawDocument(id="x", source="x", html=html_page(text)) if as_html else RawDocument(id="x", source="x", text=text)
    cleaned = clean_document(raw, SETTINGS)
    cleaned.text.encode("utf-8")
    for q in find_quotes(cleaned.text):
        assert 0 <= q.start < q.end <= len(cleaned.text) and q.depth in (0, 1)
        for mark in (q.open_at, q.close_at):
            assert mark is None or 0 <= mark < len(cleaned.text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.one_of(TEXT, TEXT.map(lambda t: "He said: “" + t + "”, Lavrov told reporters.")), min_size=1, max_size=3))
def test_pipeline_takes_any_text(nlp, texts):
    raws = [RawDocument(id=f"d{i}", source=f"d{i}", text=t) for i, t in enumerate(texts)]
    out = list(Pipeline(SETTINGS, nlp=nlp).run(raws))
    assert [ex.id for ex in out] == [r.id for r in raws]
    for ex in out:
        check_extraction(ex)


# -- the classic hostile cases, by name -------------------------------------------------------------


def run_file(nlp, data: bytes, name: str, settings: Settings = SETTINGS) -> list[Extraction]:
    with time_budget(HANG_GUARD_S):
        out = list(Pipeline(settings, nlp=nlp).run(read_bytes(data, name=name, source=name, settings=settings)))
    for ex in out:
        check_extraction(ex)
    return out


def every_category() -> str:
    """One character of every Unicode code point class in steps (controls, marks, format, private use, unassigned...)."""
    return "".join(chr(c) for c in range(0x20, 0x32000, 3) if not 0xD800 <= c <= 0xDFFF) + "\n\nLavrov said talks go on."


HOSTILE = {
    "unbalanced marks": ('He said “yes and then ” no ” and “ “ “ maybe " \' ‘ « end.\n\n“Open, Lavrov said.', "a.txt"),
    "nested marks": ("“" * 50 + "‘" * 50 + "Lavrov said yes." + "’" * 50 + "”" * 50, "a.txt"),
    "100k straight marks": ('"' * 100_000, "a.txt"),
    "100k curly marks": ("“" * 100_000, "a.txt"),
    "10k marks between words": (" ".join(["“word”"] * 5_000) + "\n\nLavrov said yes.", "a.txt"),
    "5 MB line of words": ("Lavrov said that talks would go on and on. " * 120_000, "a.txt"),
    "5 MB line without a space": ("x" * 5_000_000, "a.txt"),
    "every unicode category": (every_category(), "a.txt"),
    "deep html": ("<html><body>" + "<div>" * 100_000 + "<p>Lavrov said talks go on.</p>" + "</div>" * 100_000, "a.html"),
    "huge attribute": ('<html><body><p title="' + "x" * 3_000_000 + '">Lavrov said talks go on.</p></body></html>', "a.html"),
    "unclosed tags": ("<html><body>" + "<p><b><i><table><tr><td>" * 20_000 + "Lavrov said yes.", "a.html"),
    "entity expansion": ('<!DOCTYPE html [<!ENTITY a "' + "x" * 1000 + '"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                         "<html><body><p>&b;&b;&b; Lavrov said.</p></body></html>", "a.html"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_text_is_processed_or_skipped_with_a_reason(nlp, case):
    text, name = HOSTILE[case]
    data = text.encode("utf-8", "surrogatepass")
    settings = SETTINGS.replace(max_document_bytes=10_000_000)
    out = run_file(nlp, data, name, settings)
    assert len(out) == 1
    ex = out[0]
    if case == "5 MB line of words":
        assert ex.article is not None and ex.skipped.stage == "parse" and "max_parse_chars" in ex.skipped.reason
    elif "Lavrov said" in text and case != "entity expansion":
        assert ex.article is not None and "Lavrov said" in ex.article.text


def test_nul_bytes_and_mixed_encodings(nlp):
    nul = run_file(nlp, b"Lavrov said \x00\x00 yes.", "a.txt")
    assert nul[0].skipped.reason == "binary file (contains NUL bytes)"
    record = run_file(nlp, json.dumps({"id": "n", "text": "Lavrov\u0000 said yes."}).encode(), "a.json")
    assert "NUL" in record[0].skipped.reason
    mixed = "“We will not,” Lavrov said in Moscow. ".encode() + "Der Minister sagte: „Nein“ – café".encode("cp1252")
    out = run_file(nlp, mixed, "a.txt")
    assert out[0].article is not None and out[0].article.text.startswith("“We will not,” Lavrov said")
    assert "„Nein“ – café" in out[0].article.text  # each part in its own encoding


def test_csv_with_broken_quoting(nlp):
    data = b'id,text\n1,"Lavrov said yes.""\n2,"unclosed\n3,Zakharova said no.\n'
    out = run_file(nlp, data, "a.csv")
    assert out and all(ex.article is not None or ex.skipped.reason for ex in out)
    ragged = run_file(nlp, b"id,text\n1,Lavrov said yes,extra,cells\n2\n,,,\n", "a.csv")
    assert ragged[0].article is not None and ragged[0].article.text == "Lavrov said yes"
    assert [ex.skipped.reason for ex in ragged[1:]] == ["record has no text or html field with content"] * 2


def test_gzip_bomb_in_a_warc_is_skipped_in_bounded_memory(nlp):
    # 300 MB inflated from ~300 KB; the record after it is still read.
    data = gzip_bomb_warc(300_000_000, tail=gzip.compress(warc_record(b"<html><body><p>Lavrov said talks go on.</p></body></html>")))
    assert len(data) < 1_000_000
    settings = SETTINGS.replace(max_document_bytes=1_000_000)
    tracemalloc.start()
    try:
        with time_budget(HANG_GUARD_S):
            docs = list(read_bytes(data, name="bomb.warc.gz", source="bomb.warc.gz", settings=settings))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.skipped.reason if d.skipped else None for d in docs] == [
        "WARC record larger than max_document_bytes (1,000,000 bytes)", None
    ]
    assert peak < 150_000_000, f"reading the bomb held {peak:,} bytes"  # not the 300 MB it inflates to


def test_gzip_bomb_in_jsonl_gz_is_skipped_in_bounded_memory():
    line = b'{"text": "' + b"a" * 200_000_000 + b'"}\n'
    data = gzip.compress(line, compresslevel=1) + gzip.compress(b'{"text": "Lavrov said yes."}\n')
    settings = SETTINGS.replace(max_document_bytes=1_000_000)
    tracemalloc.start()
    try:
        docs = list(read_bytes(data, name="bomb.jsonl.gz", source="bomb", settings=settings))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.skipped.reason if d.skipped else None for d in docs] == ["line larger than max_document_bytes (1,000,000 bytes)", None]
    assert peak < 100_000_000


# -- regressions found by fuzzing --------------------------------------------------------------------


def test_regression_100k_curly_marks_in_a_row_are_linear():
    """find_quotes counted the closing marks after each mark again for every mark: 100,000
    opening curly marks took 185 s. Now one pass per paragraph (and a dense run is no prose)."""
    with time_budget(HANG_GUARD_S):
        assert find_quotes("“" * 100_000) == []
        assert find_quotes("”" * 100_000) == []
        many = "\n".join(f"“Quote {i},” he said, ‘not {i}’ and ‘n{i}’." for i in range(20_000))
        found = find_quotes(many)
    assert len(found) == 60_000  # every quote of every paragraph: the speed-up changed no result
    assert many[found[0].start : found[0].end] == "Quote 0,"


def test_regression_orphan_closing_marks_are_linear():
    """Each closing mark with no opening one looked through every quote found so far."""
    text = "a” " * 60_000  # sparse enough to be read as prose: under the per-paragraph cap only by count
    with time_budget(HANG_GUARD_S):
        find_quotes(text)
        spread = "\n".join("a” b” c”" for _ in range(30_000))
        assert len(find_quotes(spread)) == 90_000


def test_regression_a_dense_paragraph_of_marks_is_not_prose():
    assert find_quotes(" ".join(["“a”"] * 1000)) == []
    ordinary = " ".join(["“We will not,” he said."] * 20)  # 40 marks: ordinary prose keeps its quotes
    assert len(find_quotes(ordinary)) == 20


def test_regression_tokenizer_is_quadratic_on_punctuation_runs(nlp):
    """spaCy's tokenizer took ~30 s on 10,000 quotation marks in a row (about an hour on
    100,000): the parser now sees such runs as spaces, and the rest is parsed as before."""
    text = "Lavrov said talks would go on.\n\n" + '"' * 100_000 + "\n\n“We will not accept it,” Zakharova told reporters."
    out = run_file(nlp, text.encode(), "a.txt")
    assert out[0].skipped is None
    assert [q.text for q in out[0].quotes][-1] == "We will not accept it,"


def test_regression_deeply_nested_json_is_a_skip():
    """json.loads raised RecursionError on '[' * 100,000, which stopped the whole ingest."""
    for name, data in (("a.json", b"[" * 100_000), ("a.jsonl", b'{"a":' * 100_000 + b'\n{"text": "Lavrov said yes."}\n')):
        docs = list(read_bytes(data, name=name, source=name, settings=SETTINGS))
        assert "nested too deeply" in docs[0].skipped.reason
        assert docs[-1].skipped is None or name == "a.json"


def test_regression_mixed_encodings_are_read_part_by_part():
    """A UTF-8 file with a few cp1252 bytes was read whole as cp1252, then Latin-1 (the UTF-8
    curly quote's 0x9D is undefined in cp1252): short texts were skipped as binary."""
    from onrecord.read.decode import decode_bytes

    data = "“We will not,” he said. ".encode() + "„Nein“ – café".encode("cp1252")
    assert decode_bytes(data) == ("“We will not,” he said. „Nein“ – café", "utf-8+cp1252")
    assert decode_bytes("Café “quoted”".encode("cp1252")) == ("Café “quoted”", "cp1252")  # unchanged


def test_regression_empty_inputs_are_never_silent():
    """A BOM alone was a document with empty text; a CSV header with no rows yielded nothing."""
    bom = list(read_bytes(b"\xef\xbb\xbf \n", name="a.txt", source="a.txt", settings=SETTINGS))
    assert bom[0].skipped.reason == "empty file (only whitespace)"
    header = list(read_bytes(b"id,text\n", name="a.csv", source="a.csv", settings=SETTINGS))
    assert header[0].skipped.reason == "CSV has a header but no rows"


def test_regression_a_warc_record_without_its_target_uri_is_a_skip():
    """warcio raises AttributeError on a response record that lost its WARC-Target-URI header;
    only EOFError/OSError/ValueError were caught, so the read (and the ingest) stopped."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Lavrov said yes.</p></body></html>"
    record = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(http)
    ) + http + b"\r\n\r\n"
    docs = list(read_bytes(gzip.compress(record), name="a.warc.gz", source="a.warc.gz", settings=SETTINGS))
    assert len(docs) == 1 and docs[0].skipped.reason.startswith("truncated or corrupt WARC after 0 records: AttributeError")


@pytest.mark.parametrize(("data", "name", "reason"), [
    (b"[]", "a.json", "JSON holds no records (an empty list)"),
    (b'{"articles": []}', "a.json", "JSON holds no records (an empty list)"),
    (b"\n\n  \n", "a.jsonl", "empty file (only blank lines)"),
    (b"", "upload.jsonl", "empty file"),
])
def test_regression_inputs_with_no_records_are_a_skip(data, name, reason):
    """These yielded no document at all: a silent drop."""
    docs = list(read_bytes(data, name=name, source=name, settings=SETTINGS))
    assert [(d.skipped.stage, d.skipped.reason) for d in docs] == [("read", reason)]
