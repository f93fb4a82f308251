"""Character-level normalisation of scraped text before any line is looked at.

Everything later (the store's UTF-8 columns, spaCy, regexes) must be able to take the
result, so it has no NUL or other control characters, no lone surrogates, one kind of
line break, and NFC composition. Offsets need no care here: the cleaned text is new text
and every later offset indexes it.
"""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except TAB and LF are dropped; TAB becomes a space; the other line and
# paragraph separators become LF. Invisible format characters that break word matching
# (zero width space, word joiner, BOM) are dropped; ZWJ/ZWNJ stay (Persian, Indic scripts).
_TABLE: dict[int, str | None] = {
    c: None for c in range(0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)
}
_TABLE.update({c: None for c in range(0x7F, 0xA0) if c != 0x85})
_TABLE.update({0x09: " ", 0x0B: "\n", 0x0C: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"})
_TABLE.update({0x200B: None, 0x2060: None, 0xFEFF: None, 0x00AD: None})
# Space variants (no-break, thin, ideographic ...) become a plain space, so that patterns
# written with " " match text scraped from HTML with &nbsp;.
_TABLE.update({c: " " for c in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B))})

# The characters _TABLE changes: most texts hold none, and a regex finds that much faster
# than str.translate walks a non-ASCII text (speed; the same result).
_TABLE_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CRLF = re.compile(r"\r\n?")
_SPACE_RUN = re.compile(r"[ ]{2,}")


def normalise(text: str) -> str:
    """Return ``text`` with LF line breaks, no control characters, no lone surrogates, NFC."""
    text = _CRLF.sub("\n", text)
    if _TABLE_CHARS.search(text):
        text = text.translate(_TABLE)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def squeeze(line: str) -> str:
    """One line with its outer whitespace stripped and inner runs of spaces made single."""
    return _SPACE_RUN.sub(" ", line.strip())
