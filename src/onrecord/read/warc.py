"""WARC and WARC.gz crawls: one document per HTML response record.

The crawl date (WARC-Date) is kept in ``meta['crawled_at']``: it is not the
publication date, but the publication cannot be later. Records are read with a
byte cap, so a decompression bomb inside a record cannot exhaust memory; a
truncated archive yields the records before the damage and one skip for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from ..model import RawDocument, Skip
from .decode import NotText, decode_bytes


def read_warc(
    stream: IO[bytes], *, stem: str, source: str, max_bytes: int, records_before: int = 0, whole_file: bool = True
) -> Iterator[RawDocument]:
    """One RawDocument per HTML response record.

    A shard of a big archive starts at a record boundary: ``records_before`` records
    precede it (record numbers stay the file's own), and ``whole_file=False`` leaves the
    "holds no HTML records" verdict to the caller, who knows the whole file.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = records_before
    html_records = 0
    try:
        for record in ArchiveIterator(stream):
            count += 1
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            html_records += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            rec_id = record.rec_headers.get_header("WARC-Record-ID") or f"{stem}#{count}"
            src = f"{source}#{count}"
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield RawDocument(id=rec_id, source=src, url=url, skipped=Skip("read", f"WARC record larger than max_document_bytes ({max_bytes:,} bytes)"))
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                # warcio stops quietly at a truncated record: the block is shorter than its Content-Length.
                yield RawDocument(
                    id=rec_id, source=src, url=url,
                    skipped=Skip("read", f"truncated WARC record (archive cut off after {count - 1} complete records)"),
                )
                return
            try:
                text, encoding = decode_bytes(body)
            except NotText as exc:
                yield RawDocument(id=rec_id, source=src, url=url, skipped=Skip("read", str(exc)))
                continue
            yield RawDocument(
                id=rec_id.strip("<>").removeprefix("urn:uuid:"),
                source=src,
                html=text,
                url=url,
                encoding=encoding,
                meta={"crawled_at": record.rec_headers.get_header("WARC-Date")},
            )
    except ArchiveLoadFailed as exc:
        yield RawDocument(id=f"{stem}#{count + 1}", source=f"{source}#{count + 1}", skipped=Skip("read", f"not a valid WARC file: {exc}"))
        return
    except Exception as exc:  # warcio on a corrupt record raises anything (AttributeError for a lost header)
        yield RawDocument(
            id=f"{stem}#{count + 1}",
            source=f"{source}#{count + 1}",
            skipped=Skip("read", f"truncated or corrupt WARC after {count} records: {type(exc).__name__}: {exc}"),
        )
        return
    if html_records == 0 and whole_file:
        yield RawDocument(id=stem, source=source, skipped=Skip("read", f"WARC holds no HTML response records ({count} records)"))
