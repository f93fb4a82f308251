"""Stage 1, read: files, folders and stdin -> a stream of :class:`RawDocument`.

Needs: paths (files, folders read recursively, ``-`` for stdin) and the settings
(``max_document_bytes``, ``csv_text_column``).
Adds: one RawDocument per record with its id, source (path, ``:line`` or ``#record``
for multi-record files) and whatever metadata the record carried. A file or record
that cannot be read is a RawDocument with ``skipped`` set, never an exception
and never a silent drop.

Formats: .txt, .html/.htm, .json (an object or a list), .jsonl/.ndjson, .csv/.tsv,
.warc/.warc.gz. Other extensions are sniffed: text or HTML is read, anything else
is skipped with the reason.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..model import RawDocument, Skip
from ..settings import Settings
from .csv_records import read_csv
from .json_records import read_json, read_jsonl
from .plain import read_plain
from .warc import read_warc

VERSION = "read-1"

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".warc": "warc",
    ".warc.gz": "warc",
}

__all__ = ["VERSION", "read_bytes", "read_inputs"]


def _format_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    if name.endswith(".jsonl.gz"):
        return "jsonl.gz"
    return SUFFIXES.get(path.suffix.lower())


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".warc.gz", ".jsonl.gz"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\x1f\x8b"):
        return "warc"  # the only gzip container we read from an unnamed stream
    if head.startswith(b"WARC/"):
        return "warc"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0].strip()
        return "jsonl" if first.endswith(b"}") else "json"
    return None


def read_bytes(
    data: bytes, *, name: str, source: str, settings: Settings, fmt: str | None = None
) -> Iterator[RawDocument]:
    """Read documents from bytes already in memory (stdin, an upload)."""
    path = Path(name)
    fmt = fmt or _format_of(path) or _sniff(data[:4096])
    stem = _stem(path) or "stdin"
    if not data:  # as for a file: an empty upload or stdin is a skip, never nothing at all
        yield RawDocument(id=stem, source=source, skipped=Skip("read", "empty file"))
        return
    yield from _dispatch(fmt, io.BytesIO(data), len(data), stem=stem, source=source, settings=settings)


def _dispatch(
    fmt: str | None, stream: IO[bytes], size: int, *, stem: str, source: str, settings: Settings
) -> Iterator[RawDocument]:
    limit = settings.max_document_bytes
    if fmt == "warc":
        yield from read_warc(stream, stem=stem, source=source, max_bytes=limit)
        return
    if fmt == "jsonl":
        yield from _not_silent(read_jsonl(stream, stem=stem, source=source, max_bytes=limit), stem, source)
        return
    if fmt == "jsonl.gz":
        with gzip.GzipFile(fileobj=stream) as gz:
            try:
                lines = read_jsonl(gz, stem=stem, source=source, max_bytes=limit)  # type: ignore[arg-type]
                yield from _not_silent(lines, stem, source)
            except (EOFError, OSError) as exc:
                yield RawDocument(id=stem, source=source, skipped=Skip("read", f"truncated or corrupt gzip: {exc}"))
        return
    # Whole-file formats: the size limit applies to the file.
    if size > limit:
        yield RawDocument(
            id=stem, source=source, skipped=Skip("read", f"file larger than max_document_bytes ({size:,} > {limit:,} bytes)")
        )
        return
    data = stream.read(limit + 1)
    if not data:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", "empty file"))
        return
    if fmt == "json":
        yield from read_json(data, stem=stem, source=source, max_bytes=limit)
    elif fmt == "csv":
        yield from read_csv(data, stem=stem, source=source, max_bytes=limit, text_column=settings.csv_text_column)
    elif fmt in ("text", "html"):
        yield read_plain(data, doc_id=stem, source=source, as_html=fmt == "html")
    else:
        doc = read_plain(data, doc_id=stem, source=source, as_html=None)
        if doc.skipped and fmt is None and "." in source.rsplit("/", 1)[-1]:
            suffix = Path(source).suffix
            doc.skipped = Skip("read", f"unsupported file type {suffix!r}: {doc.skipped.reason}")
        yield doc


def _not_silent(docs: Iterator[RawDocument], stem: str, source: str) -> Iterator[RawDocument]:
    """The documents of a JSON Lines stream, or one skip when it held only blank lines."""
    any_doc = False
    for doc in docs:
        any_doc = True
        yield doc
    if not any_doc:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", "empty file (only blank lines)"))


def _walk(path: Path) -> Iterator[Path]:
    """Files under ``path`` in a stable order; hidden folders (.git, .venv) are not entered."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _read_file(path: Path, settings: Settings) -> Iterator[RawDocument]:
    source = str(path)
    stem = _stem(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            fmt = _format_of(path)
            if fmt is None:
                fmt = _sniff(stream.read(4096))
                stream.seek(0)
            if size == 0:
                yield RawDocument(id=stem, source=source, skipped=Skip("read", "empty file"))
                return
            yield from _dispatch(fmt, stream, size, stem=stem, source=source, settings=settings)
    except PermissionError:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", "permission denied"))
    except IsADirectoryError:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", "is a directory"))
    except OSError as exc:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", f"cannot read file: {exc.strerror or exc}"))


def read_inputs(paths: Iterable[str | os.PathLike[str]], settings: Settings, stdin: IO[bytes] | None = None) -> Iterator[RawDocument]:
    """Yield a RawDocument for every record under ``paths``.

    A path that does not exist yields a skip (the caller decides whether that
    stops the run; the CLI checks paths up front and says which is missing).
    """
    for item in paths:
        if str(item) == "-":
            data = (stdin or sys.stdin.buffer).read(settings.max_document_bytes * 50 + 1)
            yield from read_bytes(data, name="stdin", source="<stdin>", settings=settings)
            continue
        path = Path(item)
        if path.is_dir():
            for file in _walk(path):
                yield from _read_file(file, settings)
        elif path.exists():
            yield from _read_file(path, settings)
        else:
            yield RawDocument(id=path.stem, source=str(path), skipped=Skip("read", "no such file or folder"))
