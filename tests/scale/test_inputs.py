"""Pieces and shards read exactly as read_inputs reads the whole input, and count bytes honestly."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from onrecord.read import read_inputs
from onrecord.scale.inputs import (
    Piece,
    auto_shard_bytes,
    plan_pieces,
    plan_shards,
    read_pieces,
    read_shard,
    split_pieces,
    total_bytes,
)
from onrecord.settings import load_settings
from scale.corpus import make_articles, write_corpus, write_warc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    write_corpus(root / "c", n=300)
    edge = root / "c" / "edge"
    edge.mkdir()
    write_warc(edge / "plain.warc", make_articles(40, seed=3), gzip_members=False)
    one_stream = io.BytesIO()
    write_warc(edge / "_tmp.warc", make_articles(30, seed=4), gzip_members=False)
    one_stream.write(gzip.compress((edge / "_tmp.warc").read_bytes()))
    (edge / "_tmp.warc").unlink()
    (edge / "onestream.warc.gz").write_bytes(one_stream.getvalue())
    lines = [json.dumps(r) for r in make_articles(25, seed=5)]
    (edge / "crlf.jsonl").write_bytes("\r\n".join(lines).encode())  # CRLF, no final newline
    big = json.dumps({"id": "huge", "text": "word " * 3000})
    (edge / "oversized.jsonl").write_text("\n".join([lines[0], big, "", "", lines[1], big, lines[2]]) + "\n")
    (edge / "nohtml.warc").write_bytes(b"")
    return root / "c"


SETTINGS = load_settings(env={}, max_document_bytes=8000)


def _docs(pieces):
    return [doc for doc, _ in read_pieces(pieces, SETTINGS)]


@pytest.mark.parametrize("shard_bytes", [1, 2500, 40_000, 10**9])
def test_split_pieces_read_like_read_inputs(corpus, shard_bytes):
    expected = list(read_inputs([str(corpus)], SETTINGS))
    pieces = list(split_pieces(plan_pieces([str(corpus)]), shard_bytes))
    assert _docs(pieces) == expected
    files = len(plan_pieces([str(corpus)]))
    if shard_bytes == 1:
        # Every JSON line and WARC record of a splittable file is a piece of its own.
        assert len(pieces) > files + 300
        ranges = [p for p in pieces if not p.whole]
        assert {Path(p.path).name for p in ranges} == {"feed.jsonl", "crawl.warc.gz", "cut.warc.gz", "plain.warc", "crlf.jsonl", "oversized.jsonl"}
    if shard_bytes == 10**9:
        assert len(pieces) == files


def test_the_bad_records_are_there_and_keep_their_numbers(corpus):
    pieces = list(split_pieces(plan_pieces([str(corpus)]), 1))
    skipped = {(Path(d.source).name, d.skipped.reason.split(" (")[0].split(":")[0]) for d in _docs(pieces) if d.skipped}
    assert ("feed.jsonl:12", "invalid JSON on line 12") in skipped
    assert ("feed.jsonl:56", "JSON line is not an object") in skipped
    assert ("oversized.jsonl:2", "line larger than max_document_bytes") in skipped
    assert ("oversized.jsonl:6", "line larger than max_document_bytes") in skipped
    assert ("cut.warc.gz#3", "truncated WARC record") in skipped
    assert ("empty.txt", "empty file") in skipped


def test_a_single_gzip_stream_warc_is_not_cut(corpus):
    # warcio reads only one gzip member per record; the reader's verdict stays the file's.
    path = corpus / "edge" / "onestream.warc.gz"
    pieces = list(split_pieces(plan_pieces([str(path)]), 1))
    assert len(pieces) == 1 and pieces[0].whole
    assert _docs(pieces) == list(read_inputs([str(path)], SETTINGS))


def test_positions_rise_to_the_planned_total(corpus):
    pieces = plan_pieces([str(corpus)])
    total = total_bytes(pieces)
    assert total == sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    positions = [done for _, done in read_pieces(pieces, SETTINGS)]
    assert positions == sorted(positions)
    assert positions[-1] == total
    # Within the big JSON Lines file the count moves record by record, not file by file.
    feed = [done for doc, done in read_pieces(pieces, SETTINGS) if doc.source.startswith(str(corpus / "feed.jsonl"))]
    assert len(set(feed)) == len(feed) > 200


def test_shards_keep_the_input_order_and_their_size(corpus):
    pieces = list(split_pieces(plan_pieces([str(corpus)]), 20_000))
    shards = plan_shards(pieces, 20_000)
    assert [p for s in shards for p in s.pieces] == pieces
    assert [s.index for s in shards] == list(range(len(shards)))
    assert all(s.size <= 20_000 or len(s.pieces) == 1 for s in shards)
    assert [d for s in shards for d in read_shard(s, SETTINGS)] == list(read_inputs([str(corpus)], SETTINGS))


def test_stdin_and_missing_paths(tmp_path):
    pieces = plan_pieces(["-", str(tmp_path / "absent.jsonl")])
    assert pieces == [Piece("-", -1), Piece(str(tmp_path / "absent.jsonl"), 0)]
    assert total_bytes(pieces) is None
    docs = _docs(pieces[1:])
    assert [(d.source, d.skipped.reason) for d in docs] == [(str(tmp_path / "absent.jsonl"), "no such file or folder")]


def test_auto_shard_bytes():
    assert auto_shard_bytes(0, 4) == 64 << 10
    assert auto_shard_bytes(80 << 20, 2) == 10 << 20
    assert auto_shard_bytes(10**12, 64) == 32 << 20
