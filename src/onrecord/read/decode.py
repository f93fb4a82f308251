"""Bytes to text: encoding detection and the binary check.

Order of trust: a BOM (UTF-8, UTF-16), then strict UTF-8, then cp1252 (what
"Latin-1" files from Windows tools usually are: it maps 0x80-0x9F to curly
quotes and dashes), then ISO-8859-1, which decodes anything. Text that decodes
but is mostly control characters is reported as binary.
"""

from __future__ import annotations

import codecs
import re

_CONTROL_OK = {"\t", "\n", "\r", "\f", "\v"}
_MAGIC_BINARY = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"MZ",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"SQLite format 3",
    b"OggS",
    b"ID3",
    b"RIFF",
)


class NotText(ValueError):
    """The bytes are not text in any encoding we accept; the message says why."""


def _looks_binary(sample: bytes) -> str | None:
    for magic in _MAGIC_BINARY:
        if sample.startswith(magic):
            return f"binary file (starts with {magic[:8]!r})"
    if b"\x00" in sample:
        return "binary file (contains NUL bytes)"
    return None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:65536]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in _CONTROL_OK) or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`NotText` with the reason."""
    if not data:
        raise NotText("empty file")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _not_blank(data[len(codecs.BOM_UTF8) :].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _not_blank(data.decode(name)), name
            except UnicodeDecodeError as exc:
                raise NotText(f"bad UTF-16 text ({exc.reason} at byte {exc.start})") from None
    reason = _looks_binary(data[:8192])
    if reason:
        raise NotText(reason)
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_mixed(data)
    if _control_ratio(text) > 0.02:
        raise NotText(f"binary file (too many control characters for {encoding} text)")
    return _not_blank(text), encoding


def _not_blank(text: str) -> str:
    if not text.strip():
        raise NotText("empty file (only whitespace)")
    return text


# Every byte as cp1252 reads it, the five bytes cp1252 leaves undefined as Latin-1 does.
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
_UNDEFINED_CP1252 = {b for b in range(256) if not bytes([b]).decode("cp1252", errors="ignore")}


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    return "".join(_CP1252[b] for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("onrecord-cp1252", _cp1252_fallback)


def _decode_mixed(data: bytes) -> tuple[str, str]:
    """Bytes that are not valid UTF-8: each valid UTF-8 sequence as UTF-8, every other byte as
    cp1252 (Latin-1 for the five bytes cp1252 leaves undefined). Scraped files often mix the two
    (a UTF-8 page with a cp1252 snippet pasted in); reading the whole file as cp1252 would turn
    every curly quote of the UTF-8 part into mojibake, or into control characters (its third
    byte, 0x9D, is undefined in cp1252) that made a short text look binary. A file with no
    valid UTF-8 sequence reads exactly as cp1252 (or Latin-1) did."""
    text = data.decode("utf-8", "onrecord-cp1252")
    if _UTF8_SEQUENCE.search(data):
        return text, "utf-8+cp1252"
    return text, "latin-1" if any(b in _UNDEFINED_CP1252 for b in data) else "cp1252"


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
