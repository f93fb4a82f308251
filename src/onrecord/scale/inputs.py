"""The work up front: inputs as pieces and shards, counted in bytes, read with positions.

A :class:`Piece` is one unit of reading: a whole input (a file, a missing path, stdin),
read exactly as :func:`onrecord.read.read_inputs` reads it, or a byte range of a
multi-record file (JSON Lines, WARC) that starts at a record boundary and keeps the
file's own line and record numbers. Reading the pieces of a plan in order yields the
same documents, with the same ids and sources, as ``read_inputs`` over the same paths
(tests/scale/test_inputs.py checks it on every format).

- :func:`iter_pieces` lists the pieces without reading any content (one ``stat`` per
  file): that is the count behind the progress bar of ``onrecord ingest``.
- :func:`split_pieces` cuts big JSON Lines files at line starts and big WARC files at
  record offsets (one sequential pass over each such file, the only content read up
  front), for the Dask job.
- :func:`plan_shards` groups consecutive pieces into shards of about ``shard_bytes``.
- :func:`read_pieces` yields ``(document, bytes consumed so far)``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from ..model import RawDocument, Skip
from ..read import _dispatch, _format_of, _stem, _walk, read_inputs
from ..read.json_records import read_jsonl
from ..read.warc import read_warc
from ..settings import Settings

# Formats whose records can be streamed (and, except gzip'd JSON Lines, split by bytes).
STREAMED = {"jsonl", "jsonl.gz", "warc"}
READ_BLOCK = 1 << 23


@dataclass(frozen=True)
class Piece:
    """A whole input (``fmt == ""``) or the byte range ``[start, end)`` of a multi-record file.

    ``first`` is the number of the range's first JSON line (1-based), or how many WARC
    records precede it; ``whole`` says the range is the whole file.
    """

    path: str
    size: int  # bytes of input: the unit of the progress bar (-1 = unknown: stdin)
    fmt: str = ""
    start: int = 0
    end: int = 0
    first: int = 0
    whole: bool = True


@dataclass(frozen=True)
class Shard:
    """Consecutive pieces processed by one task; ``index`` orders the shards like the input."""

    index: int
    pieces: tuple[Piece, ...] = field(default_factory=tuple)

    @property
    def size(self) -> int:
        return sum(max(p.size, 0) for p in self.pieces)


def _file_piece(path: Path) -> Piece:
    try:
        size = path.stat().st_size
    except OSError:
        return Piece(str(path), 0)
    fmt = _format_of(path)
    # Empty and unreadable files go the plain way so that their skip reads the same.
    if fmt in STREAMED and size > 0 and os.access(path, os.R_OK):
        return Piece(str(path), size, fmt=fmt, start=0, end=size, first=1 if fmt != "warc" else 0)
    return Piece(str(path), size)


def iter_pieces(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Piece]:
    """Every input under ``paths`` as a piece, in ``read_inputs`` order; no content is read.

    A generator: a folder of millions of files is walked, not held in a list (``ingest``
    walks it twice, once to count and once to read).
    """
    for item in paths:
        path = Path(item)
        if str(item) == "-":
            yield Piece("-", -1)
        elif path.is_dir():
            yield from (_file_piece(file) for file in _walk(path))
        elif path.exists():
            yield _file_piece(path)
        else:
            yield Piece(str(path), 0)


def plan_pieces(paths: Iterable[str | os.PathLike[str]]) -> list[Piece]:
    """:func:`iter_pieces` as a list (the Dask job keeps its plan)."""
    return list(iter_pieces(paths))


def total_bytes(pieces: Iterable[Piece]) -> int | None:
    """Bytes of input in ``pieces``; None when one of them has no known size (stdin)."""
    total = 0
    for piece in pieces:
        if piece.size < 0:
            return None
        total += piece.size
    return total


# -- splitting big files ------------------------------------------------------------------
def _jsonl_cuts(path: str, shard_bytes: int) -> list[tuple[int, int]]:
    """(offset, line number) of the line starts that cut ``path`` into ranges of about ``shard_bytes``."""
    cuts = [(0, 1)]
    size = os.path.getsize(path)
    target, base, lines = shard_bytes, 0, 0
    with open(path, "rb") as fh:
        while block := fh.read(READ_BLOCK):
            while target - 1 < base + len(block):
                nl = block.find(b"\n", max(target - 1 - base, 0))
                if nl < 0:
                    break  # the line goes on in the next block
                cut = base + nl + 1
                if cut < size:
                    cuts.append((cut, lines + block.count(b"\n", 0, nl + 1) + 1))
                target = cut + shard_bytes
            lines += block.count(b"\n")
            base += len(block)
    return cuts


def _warc_cuts(path: str, shard_bytes: int) -> list[tuple[int, int]]:
    """(offset, records before) of record starts cutting ``path``; [(0, 0)] when it cannot be cut.

    A gzip'd WARC can be cut only where a gzip member starts (one member per record,
    as crawlers write them); a file that holds no HTML record is not cut, so that its
    one "holds no HTML" skip stays.
    """
    from warcio.archiveiterator import ArchiveIterator

    cuts = [(0, 0)]
    html = False
    magic = b"\x1f\x8b" if path.lower().endswith(".gz") else b"WARC/"
    with open(path, "rb") as fh, open(path, "rb") as probe:
        records = ArchiveIterator(fh)
        target, count = shard_bytes, 0
        try:
            for record in records:
                offset = records.get_record_offset()
                if offset >= target:
                    probe.seek(offset)
                    if probe.read(len(magic)) != magic:
                        return [(0, 0)]  # one gzip stream for the whole file: not seekable by record
                    cuts.append((offset, count))
                    target = offset + shard_bytes
                count += 1
                if record.rec_type == "response" and record.http_headers is not None:
                    html = html or "html" in (record.http_headers.get_header("Content-Type") or "").lower()
        except Exception:
            pass
    return cuts if html else [(0, 0)]


def split_pieces(pieces: Iterable[Piece], shard_bytes: int) -> Iterator[Piece]:
    """Cut multi-record files bigger than ``shard_bytes`` into ranges (other pieces pass through)."""
    for piece in pieces:
        if piece.fmt not in ("jsonl", "warc") or piece.size <= shard_bytes:
            yield piece
            continue
        try:
            cuts = _jsonl_cuts(piece.path, shard_bytes) if piece.fmt == "jsonl" else _warc_cuts(piece.path, shard_bytes)
        except OSError:
            cuts = [(0, piece.first)]
        if len(cuts) == 1:
            yield piece
            continue
        ends = [c[0] for c in cuts[1:]] + [piece.end]
        for (start, first), end in zip(cuts, ends, strict=True):
            yield replace(piece, size=end - start, start=start, end=end, first=first, whole=False)


def auto_shard_bytes(total: int, workers: int) -> int:
    """About four shards per worker (so that a slow shard does not hold the job up), 64 KiB..32 MiB."""
    return max(64 << 10, min(32 << 20, total // max(4 * workers, 1)))


def plan_shards(pieces: Iterable[Piece], shard_bytes: int, max_pieces: int = 2000) -> list[Shard]:
    """Consecutive pieces grouped into shards of at most ``shard_bytes`` (a bigger piece is alone)."""
    shards: list[Shard] = []
    group: list[Piece] = []
    size = 0
    for piece in pieces:
        if group and (size + max(piece.size, 0) > shard_bytes or len(group) >= max_pieces):
            shards.append(Shard(len(shards), tuple(group)))
            group, size = [], 0
        group.append(piece)
        size += max(piece.size, 0)
    if group:
        shards.append(Shard(len(shards), tuple(group)))
    return shards


# -- reading --------------------------------------------------------------------------------
class _Window:
    """A file read from ``start`` for at most ``length`` bytes; ``consumed`` counts what was read."""

    def __init__(self, fh: IO[bytes], start: int, length: int) -> None:
        fh.seek(start)
        self._fh = fh
        self._left = length
        self.consumed = 0

    def _take(self, data: bytes) -> bytes:
        self._left -= len(data)
        self.consumed += len(data)
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > self._left:
            size = self._left
        return self._take(self._fh.read(size)) if size else b""

    def readline(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > self._left:
            size = self._left
        return self._take(self._fh.readline(size)) if size else b""

    def tell(self) -> int:
        return self.consumed


def _read_range(piece: Piece, settings: Settings) -> Iterator[tuple[RawDocument, int]]:
    path = Path(piece.path)
    stem, source = _stem(path), str(path)
    try:
        fh = path.open("rb")
    except OSError:
        yield from ((doc, 0) for doc in read_inputs([piece.path], settings))
        return
    with fh:
        window = _Window(fh, piece.start, piece.end - piece.start)
        limit = settings.max_document_bytes
        docs: Iterator[RawDocument]
        if piece.whole:
            docs = _dispatch(piece.fmt, window, piece.size, stem=stem, source=source, settings=settings)  # type: ignore[arg-type]
        elif piece.fmt == "jsonl":
            docs = read_jsonl(window, stem=stem, source=source, max_bytes=limit, first_line=piece.first)  # type: ignore[arg-type]
        else:
            docs = read_warc(window, stem=stem, source=source, max_bytes=limit, records_before=piece.first, whole_file=False)  # type: ignore[arg-type]
        try:
            for doc in docs:
                yield doc, window.consumed
        except OSError as exc:  # as read_inputs reports a file that fails mid-read
            yield RawDocument(id=stem, source=source, skipped=Skip("read", f"cannot read file: {exc.strerror or exc}")), window.consumed


def read_pieces(pieces: Iterable[Piece], settings: Settings) -> Iterator[tuple[RawDocument, int]]:
    """Every document of ``pieces`` in order, with the input bytes consumed once it was read.

    The last document of a piece reports the piece's end, so the count reaches the
    planned total exactly; a whole file of several records (a JSON list, a CSV) counts
    as read with its last record.
    """
    done = 0
    for piece in pieces:
        size = max(piece.size, 0)
        stream = _read_range(piece, settings) if piece.fmt else ((doc, 0) for doc in read_inputs([piece.path], settings))
        held: RawDocument | None = None
        held_at = 0
        for doc, consumed in stream:
            if held is not None:
                yield held, done + held_at
            held, held_at = doc, min(consumed, size)
        done += size
        if held is not None:
            yield held, done


def read_shard(shard: Shard, settings: Settings) -> Iterator[RawDocument]:
    """The documents of one shard, in order."""
    for doc, _ in read_pieces(shard.pieces, settings):
        yield doc
