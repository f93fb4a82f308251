"""Plain text -> paragraphs: boilerplate lines out, hard wraps re-joined, title first.

The steps, in order:

1. :func:`~onrecord.clean.text.normalise` the characters.
2. Decide whether the text is hard-wrapped (most lines fill a fixed width and stop
   mid-sentence, as in an e-mail or a blog repost wrapped at ~70 characters).
3. Classify every line with :func:`~onrecord.clean.lines.classify_line`. In hard-wrapped
   text only a line that starts a paragraph is classified on its own: a wrapped fragment
   such as "Russian" or "Syria. In a Thursday briefing" is a piece of a sentence.
4. A teaser heading ("Check Also", "Related", "You may also like") near the end drops the
   rest of the text; elsewhere it drops the link titles that follow it.
5. Lines become paragraphs: one per line, or re-joined wrapped lines.
6. Inside paragraphs: broken joins (" . ") become paragraph breaks, inline photo captions
   are cut, and re-joined wrapped paragraphs are classified as a whole.
7. The title: the first line when it reads as a headline, or the one given by metadata;
   the text then starts with it as its own paragraph.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..model import RemovedLine
from .lines import Verdict, classify_line, cut_inline_spans
from .text import normalise, squeeze

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,9});")
_BREAK_TAG = re.compile(
    r"<(?:br|/?p|/?div|/?li|/?h[1-6]|/?blockquote)(?:\s[^<>]{0,200})?\s?/?>", re.I
)
_INLINE_TAG = re.compile(
    r"</?(?:a|b|i|em|strong|span|u|font|small|sup|sub)(?:\s[^<>]{0,300})?>", re.I
)
# A line ending with one of these ends a sentence (closing quotes and brackets included).
_SENTENCE_END = tuple('.!?:;…"”’»)]')
_TERMINAL = re.compile(r"[.!?…][\"”’»)\]]*$")
# "for its people. . “There are": a paragraph break flattened into " . " by a scraper.
_BROKEN_JOIN = re.compile(r"(?<=[.!?\"”’)\]]) +\. +(?=\S)")
_HEADLINE_WORD = re.compile(r"[^\W\d_]{3,}")
_HEADLINE_MAX_CHARS = 250
_HEADLINE_MAX_WORDS = 40
_TEASER_ITEM_MAX = 160
_TEASER_ITEMS_MAX = 12
# A teaser heading starts the page's tail when the text after it is a small share of the
# body before it (004: 150 characters of teasers after 4,000 of story): under a quarter,
# or, for a short story, under half and under _TAIL_MAX_CHARS.
_TAIL_SHARE = 0.25
_TAIL_SHARE_SHORT = 0.5
_TAIL_MAX_CHARS = 1000


@dataclass
class PlainResult:
    text: str
    title: str | None
    removed: list[RemovedLine] = field(default_factory=list)
    wrapped: bool = False


def unmarkup(text: str) -> str:
    """Undo the HTML left in scraped plain text: character entities (&#8220;, &amp;) and
    stray line-level tags (<br>, <p>, <b>). Only well-formed pieces are touched."""
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    if "<" in text:
        text = _BREAK_TAG.sub("\n", text)
        text = _INLINE_TAG.sub("", text)
    return text


def hard_wrap_width(lines: list[str]) -> int | None:
    """The wrap width when ``lines`` look hard-wrapped, else None.

    Hard-wrapped: at least five lines; the 90th percentile length is between 30 and 120;
    at least 60% of lines come near that width; at most 5% are much longer; and at least
    half of the full-width lines stop mid-sentence.
    """
    lengths = [len(line) for line in lines if line.strip()]
    n = len(lengths)
    if n < 5:
        return None
    width = sorted(lengths)[int(0.9 * (n - 1))]
    if not 30 <= width <= 120:
        return None
    full = [line for line in lines if line.strip() and len(line) >= 0.6 * width]
    if len(full) < 0.6 * n:
        return None
    if sum(1 for length in lengths if length > 1.3 * width) > max(1, 0.05 * n):
        return None
    open_ended = sum(1 for line in full if not _TERMINAL.search(line.rstrip()))
    return width if open_ended >= 0.5 * len(full) else None


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_SENTENCE_END)


def _looks_like_teaser_item(line: str) -> bool:
    """A link title or snippet in a teaser list: short and not a finished sentence, or cut off."""
    s = line.strip()
    if s.endswith(("…", "...")):
        return True
    return len(s) <= _TEASER_ITEM_MAX and not _TERMINAL.search(s)


def _join_wrapped(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].isalpha():
            out += line  # "al-\nAssad", "anti-\ngovernment": keep the hyphen, no space
        else:
            out += " " + line
    return out


def _split_wrapped_block(block: list[str], width: int) -> list[list[str]]:
    """Paragraphs of one wrapped block: a line breaks the paragraph when it ends a sentence
    and the next line's first word would have fitted on it (so the writer broke it)."""
    paragraphs: list[list[str]] = [[]]
    for i, line in enumerate(block):
        paragraphs[-1].append(line)
        if i + 1 < len(block) and _TERMINAL.search(line):
            next_word = block[i + 1].split(" ", 1)[0]
            if len(line) + 1 + len(next_word) <= width:
                paragraphs.append([])
    return [p for p in paragraphs if p]


def _is_headline(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > _HEADLINE_MAX_CHARS or len(s.split()) > _HEADLINE_MAX_WORDS:
        return False
    if s[0].islower() or s.endswith((".", ",", ";", ":", "…")) or ". " in s:
        return False
    # Three real words at least: "MOSCOW, Nov 28" or "Syria" alone is a dateline or a label.
    return len(_HEADLINE_WORD.findall(s)) >= 3


def _same_title(first: str, title: str) -> bool:
    """Whether the text's first paragraph is the given title: the same words, or one a prefix
    of the other ("Lavrov says X - RBTH") when the paragraph is headline-shaped itself."""

    def key(s: str) -> str:
        return " ".join(re.sub(r"[\W_]+", " ", s.casefold()).split())

    kf, kt = key(first), key(title)
    if not kf or not kt:
        return False
    if kf == kt:
        return True
    shorter = min(len(kf), len(kt))
    return _is_headline(first) and shorter >= 10 and (kf.startswith(kt) or kt.startswith(kf))


def clean_plain(
    text: str, *, title: str | None = None, one_paragraph_per_line: bool = False
) -> PlainResult:
    """Clean one plain-text article (see the module docstring for the steps).

    ``title``: a headline known from metadata or HTML. ``one_paragraph_per_line``: the
    lines are paragraphs already (text extracted from HTML), never re-join them.
    """
    lines = [squeeze(line) for line in normalise(unmarkup(text)).split("\n")]
    width = None if one_paragraph_per_line else hard_wrap_width(lines)
    removed: dict[int, RemovedLine] = {}
    verdicts: dict[int, Verdict] = {}

    previous: str | None = None  # the previous non-blank line, None after a removed one
    for i, line in enumerate(lines):
        if not line:
            continue
        if width is None or previous is None or _ends_sentence(previous):
            verdict = classify_line(line)
            if verdict is not None:
                verdicts[i] = verdict
                removed[i] = RemovedLine(line, verdict.reason)
                previous = None
                continue
        previous = line

    _drop_teasers(lines, verdicts, removed)

    blocks = _blocks(lines, removed)
    paragraphs: list[str] = []
    cut: list[RemovedLine] = []
    first_block_is_one_line = bool(blocks) and len(blocks[0][1]) == 1
    first_line_index = blocks[0][0] if blocks else None
    for _, block in blocks:
        groups = [[line] for line in block] if width is None else _split_wrapped_block(block, width)
        for group in groups:
            joined = _join_wrapped(group)
            for piece in _BROKEN_JOIN.split(joined):
                piece, spans = cut_inline_spans(piece.strip())
                cut.extend(RemovedLine(t, r) for r, t in spans)
                piece = squeeze(piece)
                if not piece:
                    continue
                if len(group) > 1 or spans:
                    # a re-joined paragraph may be a caption or banner that was wrapped
                    verdict = classify_line(piece)
                    if verdict is not None:
                        cut.append(RemovedLine(piece, verdict.reason))
                        continue
                paragraphs.append(piece)

    found_title = None
    if paragraphs and first_line_index is not None:
        first = paragraphs[0]
        headline_shaped = _is_headline(first) and len(paragraphs) > 1
        # The first line is a headline when it stands alone (a blank line after it), or,
        # in text that is not hard-wrapped, when the next paragraph is clearly longer.
        stands_alone = first_block_is_one_line and lines[first_line_index] == first
        leads_longer = (
            width is None and len(paragraphs) > 1 and len(paragraphs[1]) > 1.5 * len(first)
        )
        if title and _same_title(first, title):
            found_title = first
        elif title:
            found_title = " ".join(normalise(title).split()) or None  # a title is one line
            if found_title:
                paragraphs.insert(0, found_title)
        elif headline_shaped and (stands_alone or leads_longer):
            found_title = first

    removed_list = [removed[i] for i in sorted(removed)] + cut
    return PlainResult(
        "\n\n".join(paragraphs), found_title, removed_list, wrapped=width is not None
    )


def _drop_teasers(
    lines: list[str], verdicts: dict[int, Verdict], removed: dict[int, RemovedLine]
) -> None:
    """Drop what follows a teaser heading: the rest of the text when the heading sits in the
    tail, else the link titles right after it."""
    body_len = [0] * (len(lines) + 1)  # body characters before line i
    for i, line in enumerate(lines):
        body_len[i + 1] = body_len[i] + (len(line) if line and i not in removed else 0)
    total = body_len[-1]
    swallowed: set[int] = set()
    for h in sorted(i for i, v in verdicts.items() if v.heading):
        if h in swallowed:
            continue  # inside an earlier heading's tail or list
        before, after = body_len[h], total - body_len[h + 1]
        in_tail = after <= _TAIL_SHARE * before or (
            after <= _TAIL_SHARE_SHORT * before and after <= _TAIL_MAX_CHARS
        )
        taken = 0
        for j in range(h + 1, len(lines)):
            line = lines[j]
            if not line or j in removed:
                continue
            if not in_tail and (taken >= _TEASER_ITEMS_MAX or not _looks_like_teaser_item(line)):
                break
            removed[j] = RemovedLine(line, "teaser")
            swallowed.add(j)
            taken += 1


def _blocks(lines: list[str], removed: dict[int, RemovedLine]) -> list[tuple[int, list[str]]]:
    """Runs of kept lines between blank or removed lines, each with its first line's index."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for i, line in enumerate(lines):
        if not line or i in removed:
            if current:
                blocks.append((start, current))
            current = []
            continue
        if not current:
            start = i
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks
