"""JSON files (one object, or a list of objects) and JSON Lines (one object per line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from ..model import RawDocument, Skip
from .decode import NotText, decode_bytes
from .records import record_to_document

TOO_DEEP = "invalid JSON: nested too deeply (more levels than the JSON decoder's recursion limit)"


def _docs_from_value(value: Any, *, stem: str, source: str, max_bytes: int) -> Iterator[RawDocument]:
    if isinstance(value, dict):
        items: list[Any] = [value]
        # A wrapper object such as {"articles": [...]} or {"data": [...]}.
        for key in ("articles", "data", "items", "results", "documents", "records"):
            if isinstance(value.get(key), list) and not any(k in value for k in ("text", "html", "body")):
                items = value[key]
                break
    elif isinstance(value, list):
        items = value
    else:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", "JSON holds neither an object nor a list"))
        return
    if not items:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", "JSON holds no records (an empty list)"))
        return
    many = len(items) > 1
    for n, item in enumerate(items, 1):
        src = f"{source}#{n}" if many else source
        if not isinstance(item, dict):
            yield RawDocument(id=f"{stem}#{n}", source=src, skipped=Skip("read", "JSON list item is not an object"))
            continue
        yield record_to_document(item, default_id=f"{stem}#{n}" if many else stem, source=src, max_bytes=max_bytes)


def read_json(data: bytes, *, stem: str, source: str, max_bytes: int) -> Iterator[RawDocument]:
    try:
        text, _ = decode_bytes(data)
        value = json.loads(text)
    except NotText as exc:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", str(exc)))
        return
    except json.JSONDecodeError as exc:
        yield RawDocument(
            id=stem, source=source, skipped=Skip("read", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
        )
        return
    except RecursionError:  # '[[[[...' 100,000 deep: the decoder's recursion limit, not a crash
        yield RawDocument(id=stem, source=source, skipped=Skip("read", TOO_DEEP))
        return
    yield from _docs_from_value(value, stem=stem, source=source, max_bytes=max_bytes)


def read_jsonl(
    stream: IO[bytes], *, stem: str, source: str, max_bytes: int, first_line: int = 1
) -> Iterator[RawDocument]:
    """Stream JSON Lines; a bad line is a skip for that line only.

    ``first_line`` is the line number of the stream's first line (a shard of a big file
    starts mid-file; sources and default ids keep the file's own line numbers).
    """
    lineno = first_line - 1
    while True:
        raw = stream.readline(max_bytes + 2)
        if not raw:
            break
        lineno += 1
        src = f"{source}:{lineno}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            # Drain the rest of an oversized line without holding it in memory.
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
            yield RawDocument(
                id=f"{stem}:{lineno}", source=src, skipped=Skip("read", f"line larger than max_document_bytes ({max_bytes:,} bytes)")
            )
            continue
        if not raw.strip():
            continue
        try:
            text, _ = decode_bytes(raw)
            value = json.loads(text)
        except NotText as exc:
            yield RawDocument(id=f"{stem}:{lineno}", source=src, skipped=Skip("read", str(exc)))
            continue
        except json.JSONDecodeError as exc:
            yield RawDocument(
                id=f"{stem}:{lineno}", source=src, skipped=Skip("read", f"invalid JSON on line {lineno}: {exc.msg}")
            )
            continue
        except RecursionError:
            yield RawDocument(id=f"{stem}:{lineno}", source=src, skipped=Skip("read", TOO_DEEP))
            continue
        if not isinstance(value, dict):
            yield RawDocument(id=f"{stem}:{lineno}", source=src, skipped=Skip("read", "JSON line is not an object"))
            continue
        yield record_to_document(value, default_id=f"{stem}:{lineno}", source=src, max_bytes=max_bytes)
