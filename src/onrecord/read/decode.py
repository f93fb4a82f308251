"""Bytes to text: encoding detection and the binary check.

Order of trust: a BOM (UTF-8, UTF-16), then strict UTF-8, then cp1252 (what
"Latin-1" files from Windows tools usually are: it maps 0x80-0x9F to curly
quotes and dashes), then ISO-8859-1, which decodes anything. Text that decodes
but is mostly control characters is reported as binary.
"""

from __future__ import annotations

import codecs

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
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise NotText(f"bad UTF-16 text ({exc.reason} at byte {exc.start})") from None
    reason = _looks_binary(data[:8192])
    if reason:
        raise NotText(reason)
    text: str | None = None
    encoding = ""
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    assert text is not None  # latin-1 decodes every byte string
    if _control_ratio(text) > 0.02:
        raise NotText(f"binary file (too many control characters for {encoding} text)")
    if not text.strip():
        raise NotText("empty file (only whitespace)")
    return text, encoding
