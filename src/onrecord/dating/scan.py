"""Faster scans of article text that find exactly what a plain ``finditer`` finds.

Python's regex engine tries a pattern that opens with a look-behind or ``\\b`` at every
position of the text, and an IGNORECASE alternation of words is slower still. Where a cheap
search can list the positions a match can start at (or the keys every match holds), the full
pattern only runs there:

- :func:`matches_at`: ``finditer``'s matches, given every position a match can start at;
- :func:`starts_of`: the positions where one of some literal prefixes occurs;
- :func:`key_windows`: windows around literal keys that every match holds;
- :func:`lowered`: text lower-cased for case-sensitive scans of lower-case patterns, when that
  finds what an IGNORECASE scan finds.
"""

from __future__ import annotations

import re

# Characters an IGNORECASE pattern letter matches that lower-case to another letter ("ı" is
# matched by "i", "ſ" by "s"); "İ" lower-cases to two characters (caught by the length).
_FOLD_EXCEPTIONS = ("\u0131", "\u017f")


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))``, given a sorted list that holds every position a match
    can start at: the leftmost match from each point on, as finditer takes them."""
    out = []
    pos = 0
    for s in starts:
        if s < pos:
            continue
        m = pattern.match(text, s)
        if m is not None:
            out.append(m)
            pos = max(m.end(), s + 1)
    return out


def starts_of(haystack: str, prefixes: tuple[str, ...]) -> list[int]:
    """Sorted positions of every occurrence of any of ``prefixes`` in ``haystack``."""
    out = set()
    for prefix in prefixes:
        i = haystack.find(prefix)
        while i >= 0:
            out.add(i)
            i = haystack.find(prefix, i + 1)
    return sorted(out)


def key_windows(haystack: str, keys: tuple[str, ...], pad: int) -> list[tuple[int, int]]:
    """Merged windows of ``pad`` characters around every occurrence of ``keys``.

    With ``pad`` longer than any match plus one, a scan of the windows (``finditer(text, lo,
    hi)`` each) finds what a scan of the whole text finds: every match lies inside one window,
    and none straddles a window's start (it would hold a key, whose window would have been
    merged with this one); a window ends more than a character after any match in it, so a
    closing ``\\b`` sees the real next character.
    """
    spans = []
    for key in keys:  # inline, not starts_of: most lines hold no key, and this runs per line
        i = haystack.find(key)
        while i >= 0:
            spans.append((max(0, i - pad), min(len(haystack), i + len(key) + pad)))
            i = haystack.find(key, i + 1)
    if not spans:
        return spans
    spans.sort()
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def lowered(text: str) -> str | None:
    """``text`` lower-cased when a case-sensitive scan of it with a lower-case pattern (letters
    ASCII or "é") finds what the IGNORECASE pattern finds in ``text``: same length, and none of
    _FOLD_EXCEPTIONS. Else None."""
    low = text.lower()
    if len(low) != len(text) or any(c in text for c in _FOLD_EXCEPTIONS):
        return None
    return low
