"""Quotation marks: find the quoted passages of a text, whatever the mark style.

Handles "straight", “curly”, «guillemets», ‹single guillemets›, „low-high“, the
doubled ``wire'' style and NYT-style ''doubled apostrophes'', and ‘single’ marks
when they are used as quotes rather than as apostrophes. Quotes may run over
paragraphs (an opening mark at each paragraph, a closing mark only at the end), lack
their opening or closing mark, or hold quotes inside them.

Works on plain text only (no parse), so it is cheap enough to decide which sentences
need the parser. Every passage keeps the offsets of its content (between the marks)
and whether a mark was guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One regex for every mark; the doubled forms first so `` and '' win over ` and '.
_MARK_RE = re.compile(r"``|''|[\"“”„‟«»‹›‘’'‚]")
_DOUBLE_OPEN = {"“", "„", "‟", "«", "``"}
_DOUBLE_CLOSE = {"”", "»"}
_DOUBLE_AMBIG = {'"', "''"}
_SINGLE_OPEN = {"‘", "‹", "‚"}
_SINGLE_CLOSE = {"›"}
_SINGLE_AMBIG = {"'", "’"}
_OPEN_BEFORE = set(" \t\n([{—–-/\u00a0") | _DOUBLE_OPEN | {'"'}
_CLOSE_AFTER = set(" \t\n.,;:!?)]}—–-/…\u00a0") | _DOUBLE_CLOSE | {'"'}
# How far (paragraphs) an unclosed quote may run to find its closing mark when the
# following paragraphs carry no mark at all (hard-wrapped lines split into paragraphs).
MAX_RUN_PARAGRAPHS = 10
# A paragraph with more marks than this, at more than one mark per _MAX_MARK_DENSITY
# characters, is not prose (a run of 100,000 marks, ASCII art): its marks are ignored.
# PolNeAR's 36,715 paragraphs have at most 17 marks. Keeps hostile text linear.
MAX_MARKS_PER_PARAGRAPH = 200
_MAX_MARK_DENSITY = 20


@dataclass(frozen=True)
class Marked:
    """One quoted passage: ``text[start:end]`` is the content between the marks."""

    start: int
    end: int
    open_at: int | None  # offset of the opening mark, None when it is missing
    close_at: int | None  # offset of the closing mark, None when it is missing
    double: bool  # double marks (or guillemets) rather than single ones
    guessed: bool  # a mark was missing or its reading is uncertain
    depth: int = 0  # 0 = top level, 1 = inside another quote
    close_len: int = 1  # 2 for the doubled '' of wire texts

    @property
    def outer_start(self) -> int:
        return self.open_at if self.open_at is not None else self.start

    @property
    def outer_end(self) -> int:
        if self.close_at is None:
            return self.end
        return self.close_at + self.close_len if self.close_at < self.end + 3 else self.end


@dataclass
class _Mark:
    at: int
    mark: str
    role: str  # open | close | ambig

    @property
    def end(self) -> int:
        return self.at + len(self.mark)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line: the cleaned text has one paragraph a line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _orient(text: str, at: int, length: int, lo: int, hi: int) -> str:
    """Open, close or ambig for a straight mark, from the characters around it."""
    before = text[at - 1] if at > lo else " "
    after = text[at + length] if at + length < hi else " "
    opens = before in _OPEN_BEFORE and not after.isspace()
    closes = not before.isspace() and (after in _CLOSE_AFTER or after.isspace())
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "ambig"


def _is_apostrophe(text: str, at: int, lo: int, hi: int) -> bool:
    """A ' or ’ inside a word (don't, Clinton’s) or eliding digits ('90s)."""
    before = text[at - 1] if at > lo else " "
    after = text[at + 1] if at + 1 < hi else " "
    if before.isalnum() and after.isalnum():
        return True
    if after.isdigit() and text[at + 1 : at + 4][:2].isdigit():
        return True
    # 'em, 'til, 'cause, 'n' : clipped words after a space
    low = text[at + 1 : at + 6].lower()
    return before.isspace() and bool(re.match(r"(em|til|cause|tis|twas|n)\b", low))


def _scan(text: str, lo: int, hi: int) -> tuple[list[_Mark], list[_Mark]]:
    """The double and single marks of one paragraph with their roles."""
    doubles: list[_Mark] = []
    singles: list[_Mark] = []
    matches = list(_MARK_RE.finditer(text, lo, hi))
    if len(matches) > MAX_MARKS_PER_PARAGRAPH and len(matches) * _MAX_MARK_DENSITY > hi - lo:
        return doubles, singles
    for m in matches:
        mark = m.group()
        at = m.start()
        if mark in _DOUBLE_OPEN:
            doubles.append(_Mark(at, mark, "open"))
        elif mark in _DOUBLE_CLOSE:
            # A closing mark typed where an opening one belongs (' aides ”get close to Ben',
            # ”A,” he said) reads as an opening mark: a space before it, a word after it.
            typo = mark == "”" and _orient(text, at, 1, lo, hi) == "open"
            doubles.append(_Mark(at, mark, "open" if typo else "close"))
        elif mark in _DOUBLE_AMBIG:
            doubles.append(_Mark(at, mark, _orient(text, at, len(mark), lo, hi)))
        elif mark in _SINGLE_OPEN:
            singles.append(_Mark(at, mark, "open"))
        elif mark in _SINGLE_CLOSE:
            singles.append(_Mark(at, mark, "close"))
        elif mark in _SINGLE_AMBIG:
            if _is_apostrophe(text, at, lo, hi):
                continue
            role = _orient(text, at, 1, lo, hi)
            if role != "ambig":
                singles.append(_Mark(at, mark, role))
    return doubles, singles


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quotes(text: str) -> list[Marked]:
    """Every quoted passage of ``text`` (double marks first, then single ones), in text order."""
    paras = _paragraphs(text)
    scanned = [_scan(text, lo, hi) for lo, hi in paras]
    found: list[Marked] = []
    # Double marks, paragraph by paragraph, carrying an unclosed quote forward.
    open_mark: _Mark | None = None  # the opening mark of the quote being read
    open_start = 0  # where its content starts
    open_guessed = False
    run = 0  # paragraphs the current quote has run over without a mark
    nested: list[_Mark] = []
    for pi, (lo, hi) in enumerate(paras):
        doubles = scanned[pi][0]
        seen, para_end = len(found), lo  # found[:seen] folded into para_end (see _para_end)
        if open_mark is not None or open_guessed:
            if doubles and doubles[0].at == lo and doubles[0].role in ("open", "ambig"):
                # Multi-paragraph quote: the paragraph re-opens the running quote.
                doubles = doubles[1:]
                run = 0
            elif doubles and doubles[0].role in ("close", "ambig"):
                run = 0  # the close is in this paragraph: read on
            elif not doubles and run < MAX_RUN_PARAGRAPHS and not _ends_sentence(text, paras[pi - 1]):
                run += 1  # a hard-wrapped line with no mark: the quote goes on
                continue
            else:
                # No closing mark: the quote ended with the previous paragraph.
                s, e = _trim(text, open_start, paras[pi - 1][1])
                if e > s:
                    found.append(Marked(s, e, open_mark.at if open_mark else None, None, True, True))
                open_mark, open_guessed, run = None, False, 0
        closes_after = _closes_after_counts(doubles)
        i = 0
        while i < len(doubles):
            mk = doubles[i]
            if open_mark is None and not open_guessed:
                if mk.role == "close" or (mk.role == "ambig" and _looks_closing(doubles, i)):
                    # A closing mark with no opening one: the quote started at the
                    # paragraph (or after the previous quote in this paragraph).
                    seen, para_end = _para_end(found, seen, para_end, lo, hi)
                    s, e = _trim(text, para_end, mk.at)
                    s = _skip_lead_punct(text, s, e)
                    if e > s:
                        found.append(Marked(s, e, None, mk.at, True, True, close_len=len(mk.mark)))
                else:
                    open_mark, open_start, open_guessed = mk, mk.end, False
            else:
                if mk.role == "open" and mk.mark in _DOUBLE_OPEN and closes_after[i] >= 2:
                    nested.append(mk)  # a quote inside the quote: its own close comes first
                elif nested and mk.role in ("close", "ambig"):
                    inner = nested.pop()
                    s, e = inner.end, mk.at
                    if e > s:
                        found.append(Marked(s, e, inner.at, mk.at, True, False, depth=1, close_len=len(mk.mark)))
                elif mk.role == "open" and _remaining_even(doubles, i):
                    # A new opening while one is open and the rest pairs up: the
                    # running quote lost its closing mark just before this one.
                    s, e = _trim(text, open_start, mk.at)
                    if e > s:
                        found.append(Marked(s, e, open_mark.at if open_mark else None, None, True, True))
                    open_mark, open_start, open_guessed = mk, mk.end, False
                else:
                    s, e = open_start, mk.at
                    if e > s:
                        found.append(Marked(s, e, open_mark.at if open_mark else None, mk.at, True, open_guessed, close_len=len(mk.mark)))
                    open_mark, open_guessed = None, False
            i += 1
        nested.clear()
    if open_mark is not None:
        s, e = _trim(text, open_start, paras[-1][1])
        if e > s:
            found.append(Marked(s, e, open_mark.at, None, True, True))
    found.extend(_single_quotes(text, paras, scanned, found))
    # A "quote" of marks and spaces only is a stray run of marks.
    found = [q for q in found if any(ch.isalnum() for ch in text[q.start : q.end])]
    found.sort(key=lambda q: (q.start, -q.end))
    return found


def _ends_sentence(text: str, para: tuple[int, int]) -> bool:
    return text[para[1] - 1 : para[1]] in (".", "!", "?", ":", "…") if para[1] > para[0] else True


def _looks_closing(doubles: list[_Mark], i: int) -> bool:
    """An ambiguous first mark is a closing one when the marks after it pair up without it."""
    return (len(doubles) - i) % 2 == 1 and doubles[i].role != "open" and i == 0 and len(doubles) == 1


def _closes_after_counts(doubles: list[_Mark]) -> list[int]:
    """For each mark, how many closing marks follow it (one pass, not one per mark)."""
    counts = [0] * len(doubles)
    n = 0
    for i in range(len(doubles) - 1, -1, -1):
        counts[i] = n
        if doubles[i].role == "close":
            n += 1
    return counts


def _para_end(found: list[Marked], seen: int, para_end: int, lo: int, hi: int) -> tuple[int, int]:
    """The furthest end of a quote found in the paragraph [lo, hi): ``para_end`` already
    covers ``found[:seen]``, so each quote is looked at once."""
    for q in found[seen:]:
        if lo <= q.outer_start < hi:
            para_end = max(para_end, q.outer_end)
    return len(found), para_end


def _remaining_even(doubles: list[_Mark], i: int) -> bool:
    return (len(doubles) - i) % 2 == 0 and doubles[-1].role != "open"


def _skip_lead_punct(text: str, s: int, e: int) -> int:
    while s < e and text[s] in ".,;:)]…—–- \u00a0":
        s += 1
    return s


def _single_quotes(
    text: str, paras: list[tuple[int, int]], scanned: list[tuple[list[_Mark], list[_Mark]]], doubles: list[Marked]
) -> list[Marked]:
    """Single-mark quotes: an opening ‘ or ' paired with the next closing one in the paragraph.

    A closing ’ with no opening one is an apostrophe (the countries’ leaders), so
    only pairs count. A pair may not straddle a double-quote boundary.
    """
    out: list[Marked] = []
    by_start = sorted(doubles, key=lambda q: q.start)
    nxt = 0
    near: list[Marked] = []  # the double quotes that overlap the paragraph: no other can matter
    for (plo, phi), (_, singles) in zip(paras, scanned, strict=True):
        while nxt < len(by_start) and by_start[nxt].start < phi:
            near.append(by_start[nxt])
            nxt += 1
        near = [q for q in near if q.end > plo]
        stack: list[_Mark] = []
        for mk in singles:
            if mk.role == "open":
                stack.append(mk)
            elif mk.role == "close" and stack:
                op = stack.pop()
                s, e = op.end, mk.at
                if e - s < 2:
                    continue
                inside = [q for q in near if q.start <= s and e <= q.end]
                straddles = any((q.start < s < q.end) != (q.start < e < q.end) for q in near)
                if straddles:
                    continue
                out.append(Marked(s, e, op.at, mk.at, False, False, depth=1 if inside else 0))
    return out
