"""Sentence and section boundaries of article text, by rule (no parse needed).

Sentences end at ``.``, ``!`` or ``?`` (with any closing quotation marks) before a capital
letter, a digit or an opening quotation mark, unless the word before the full stop is an
abbreviation (``U.S.``, ``Sept.``, initials); blank lines always end one. Single newlines do
not: hard-wrapped scrapes keep their sentences whole.

A *section* is a stretch of the article that reports one news item. A page can hold two
(seed 004: a SANA item on Lavrov, then a sub-headline and a second item on Bogdanov); statement
dates and occasions never carry across a section boundary. A section starts at a paragraph
that is a short line without final punctuation (a sub-headline; not the first paragraph,
which is the title), or at a paragraph opening with a phrase such as "Meanwhile,".
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .lexicon import date_words
from .memo import per_text

_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|\n[ \t]*\n")
_PARA = re.compile(r"\n[ \t]*\n")


@per_text
def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, covering the text without gaps."""
    abbreviations = date_words().words("abbreviation")
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group(0)[0] == ".":
            # The word the full stop ends: the run of non-space characters before it (as
            # re.search(r"(\S+)$") over the sentence so far finds it, without the scan).
            stop = j = m.start() + 1
            while j > start and not text[j - 1].isspace():
                j -= 1
            token = text[j:stop].lower().lstrip("\"“‘(")
            if token in abbreviations or re.fullmatch(r"(?:[a-z]\.)+", token):
                continue
        end = m.end()
        if end > start:
            spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


class Sentences:
    """Lookup of the sentence and the section that hold a character offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [s for s, _ in self.spans]
        self.section_starts = section_starts(text)

    def index(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def span(self, offset: int) -> tuple[int, int]:
        return self.spans[self.index(offset)] if self.spans else (0, len(self.text))

    def section(self, offset: int) -> int:
        return max(0, bisect_right(self.section_starts, offset) - 1)


def section_starts(text: str) -> list[int]:
    """Offsets where a new section (a second news item on the page) begins; always starts with 0."""
    openers = [o.lower() for o in date_words().words("section_opener")]
    starts = [0]
    paragraphs = []
    pos = 0
    for m in _PARA.finditer(text):
        paragraphs.append((pos, m.start()))
        pos = m.end()
    paragraphs.append((pos, len(text)))
    first_content = next((i for i, (s, e) in enumerate(paragraphs) if text[s:e].strip()), 0)
    for i, (s, e) in enumerate(paragraphs):
        para = text[s:e].strip()
        if not para or i == first_content:
            continue
        head = para.lower()
        is_subheadline = ("\n" not in para and len(para) <= 120 and para[-1] not in ".!?:;\"”’…)"
                          and len(para.split()) >= 2 and i + 1 < len(paragraphs))
        if is_subheadline or any(head.startswith(o) for o in openers):
            starts.append(s + (len(text[s:e]) - len(text[s:e].lstrip())))
    return starts
