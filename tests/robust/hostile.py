"""Hostile inputs shared by the fuzz tests and the longer fuzz campaign (tests/robust/fuzz_campaign.py).

Strategies build text and bytes from the pieces the stages look at (every quotation mark
style, cue words, names, tags, entities, control characters, surrogates, line and
paragraph separators) mixed with arbitrary Unicode, so random inputs reach deep into the
rules instead of bouncing off the first check.
"""

from __future__ import annotations

import gzip
import json
import zlib

from hypothesis import strategies as st

MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "‹", "›", "„", "‟", "‚", "``", "''"]
PIECES = [
    *MARKS,
    " ", " ", "\n", "\n\n", "\r\n", "\t", "\x00", "\x0b", "\u2028", "\u2029", "\u200b", "\ufeff", "\ud800", "\u202e",
    "said ", " said", " told reporters", "according to ", "he added", "stressed that ", "Lavrov ", "Sergei Lavrov ",
    "The minister ", "she ", "He ", "We ", ", ", ". ", ": ", "...", "…", "—", "(", ")", "[", "]",
    "<p>", "</p>", "<br>", "<b>", "&amp;", "&#8220;", "&quot;", "<script>x</script>", "Read more", "© 2012 ",
    "Monday ", "on 12 January 2015 ", "2012-01-18 ", "Moscow, SANA- ", "(AFP Photo)", "Share on Facebook",
    "é", "e\u0301", "ß", "İ", "ﬁ", "😀", "👩‍👩‍👧", "א", "ع", "中", "한", "\u0e01", "𝔘", "A" * 120,
]
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=150).map("".join),
    st.lists(st.one_of(st.text(max_size=40), st.sampled_from(PIECES)), max_size=60).map("".join),
)
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """Text in some encoding, sometimes with pieces in another one spliced in (mixed encodings)."""
    parts = draw(st.lists(st.tuples(TEXT, st.sampled_from(ENCODINGS)), min_size=1, max_size=3))
    return b"".join(text.encode(enc, "replace") if enc != "utf-8" else text.encode(enc, "surrogatepass") for text, enc in parts)


@st.composite
def json_records(draw: st.DrawFn) -> bytes:
    values = st.one_of(TEXT, st.integers(), st.floats(allow_nan=True), st.none(), st.booleans(), st.lists(TEXT, max_size=3))
    keys = st.sampled_from(["id", "text", "html", "title", "url", "outlet", "published", "meta", "body", "x"])
    records = draw(st.lists(st.dictionaries(keys, values, max_size=6), max_size=4))
    if draw(st.booleans()):
        return ("\n".join(json.dumps(r) for r in records)).encode()
    raw = json.dumps(records if len(records) != 1 else records[0]).encode()
    cut = draw(st.integers(0, len(raw)))
    return raw[:cut] if draw(st.booleans()) else raw


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """CSV with a text column and broken quoting: unclosed and stray quotes, ragged rows, odd delimiters."""
    delim = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.sampled_from([["id", "text"], ["text"], ["title", "html", "url"], ["a", "b"]]))
    cell = st.one_of(TEXT, st.sampled_from(['"', '""', '"unclosed', 'a"b', '"a""b"', delim, "\n", "\r"]))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 2), max_size=5))
    lines = [delim.join(header)] + [delim.join(r) for r in rows]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def html_page(body: str) -> str:
    return f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    tags = st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<span class='x'>", "</span>", "<table><tr><td>", "<!--", "-->",
                            "<script>", "</script>", "<![CDATA[", "]]>", "<svg><foreignObject>", "<a href='javascript:x'>", "</a>"])
    body = draw(st.lists(st.one_of(TEXT, tags), max_size=40).map("".join))
    return (html_page(body) if draw(st.booleans()) else body).encode("utf-8", "surrogatepass")


def warc_record(body: bytes, *, record_id: str = "12345678-1234-1234-1234-123456789abc", ctype: str = "text/html") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:" + record_id.encode() + b">\r\n"
        b"WARC-Target-URI: http://example.com/a\r\nWARC-Date: 2020-01-01T00:00:00Z\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(http)
    )
    return head + http + b"\r\n\r\n"


@st.composite
def warc_files(draw: st.DrawFn) -> bytes:
    pages = draw(st.lists(html_pages(), min_size=1, max_size=3))
    records = b"".join(gzip.compress(warc_record(p, record_id=f"00000000-0000-0000-0000-{i:012d}")) for i, p in enumerate(pages))
    cut = draw(st.integers(0, len(records)))
    return records[:cut] if draw(st.booleans()) else records


def gzip_bomb_warc(decompressed: int, *, tail: bytes = b"") -> bytes:
    """A .warc.gz whose first record inflates to ``decompressed`` bytes, built without holding them."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % decompressed
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789abd>\r\n"
        b"WARC-Target-URI: http://example.com/bomb\r\nContent-Type: application/http; msgtype=response\r\n"
        b"Content-Length: %d\r\n\r\n" % (len(http) + decompressed)
    )
    out = [c.compress(head + http)]
    block = b"<p>" + b"a" * (1 << 20)
    left = decompressed
    while left > 0:
        piece = block[: min(left, len(block))]
        out.append(c.compress(piece))
        left -= len(piece)
    out += [c.compress(b"\r\n\r\n"), c.flush()]
    return b"".join(out) + tail
