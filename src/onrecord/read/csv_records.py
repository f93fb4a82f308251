"""CSV files with a text or html column (one article per row)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..model import RawDocument, Skip
from .decode import NotText, decode_bytes
from .records import ALIASES, record_to_document


def read_csv(data: bytes, *, stem: str, source: str, max_bytes: int, text_column: str = "") -> Iterator[RawDocument]:
    try:
        text, _ = decode_bytes(data)
    except NotText as exc:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", str(exc)))
        return
    csv.field_size_limit(max(max_bytes, 131072))
    sample = text[:65536]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    fields = [f.strip() for f in (reader.fieldnames or [])]
    if text_column and text_column not in fields:
        yield RawDocument(
            id=stem, source=source, skipped=Skip("read", f"CSV has no column {text_column!r} (columns: {', '.join(fields)})")
        )
        return
    if not text_column and not any(f in fields for f in ALIASES["text"] + ALIASES["html"]):
        yield RawDocument(
            id=stem,
            source=source,
            skipped=Skip("read", f"CSV has no text or html column (columns: {', '.join(fields[:12])}); set csv_text_column"),
        )
        return
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield RawDocument(
                id=f"{stem}:{reader.line_num}",
                source=f"{source}:{reader.line_num}",
                skipped=Skip("read", f"broken CSV quoting at line {reader.line_num}: {exc}; rest of file not read"),
            )
            return
        row_no += 1
        clean = {(k or "").strip(): v for k, v in row.items() if k is not None}
        if None in row:  # more cells than header columns
            clean["_extra_cells"] = row[None]
        yield record_to_document(
            clean, default_id=f"{stem}:{row_no}", source=f"{source}:{reader.line_num}", max_bytes=max_bytes, text_field=text_column
        )
    if row_no == 0:  # a header and nothing else: say so rather than yield nothing
        yield RawDocument(id=stem, source=source, skipped=Skip("read", "CSV has a header but no rows"))
