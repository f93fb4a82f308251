"""The boilerplate line classifier: one line in, a reason (or None for body) out.

The rules are data (``onrecord/data/boilerplate.tsv``): whole-line regexes grouped by
reason, inline span regexes (photo captions pasted into a paragraph), and the guard that
keeps reported speech ("Click here to see it," he said) out of the looser rules. Dates
and times alone on a line are recognised with ``onrecord/data/timestamp_words.txt``.

A line longer than :data:`MAX_LINE` is never boilerplate: banners and credits are short,
and capping the length bounds the regex work on hostile input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MAX_LINE = 1000
# A timestamp line is short; a longer line with a date in it is a sentence.
MAX_TIMESTAMP_LINE = 120

_QUOTE_OPENERS = "\"'“‘«„‚‹「『"
_WORD = re.compile(r"[^\W\d_]+|\d+")
_ALNUM = re.compile(r"[^\W_]")
_QUOTES_ANY = re.compile(r"[\"'“”‘’«»„‚‹›「」『』]")


@dataclass(frozen=True)
class Verdict:
    """Why a line is boilerplate. ``heading``: a teaser heading ("Check Also", "Related")."""

    reason: str
    heading: bool = False


@dataclass(frozen=True)
class _Rule:
    reason: str
    flags: str
    needs: tuple[str, ...]  # literals (lower case) one of which must occur; "$x": ends with x
    pattern: str
    width: int  # the longest line the regex can match (MAX_LINE when unbounded)

    def may_match(self, lowered: str) -> bool:
        return not self.needs or any(
            lowered.endswith(n[1:]) if n.startswith("$") else n in lowered for n in self.needs
        )


def _data_text(name: str) -> str:
    return resources.files("onrecord").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    rules = []
    for n, raw in enumerate(_data_text("boilerplate.tsv").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 4:
            raise ValueError(
                f"boilerplate.tsv line {n}: expected reason<TAB>flags<TAB>needs<TAB>regex"
            )
        reason, flags, needs, pattern = parts
        re.compile(pattern)  # fail at load time, naming the line, rather than mid-batch
        literals = tuple(x.lower() for x in needs.split("|") if x and needs != "-")
        rules.append(_Rule(reason, flags.replace("-", ""), literals, pattern, _max_width(pattern)))
    return tuple(rules)


def _max_width(pattern: str) -> int:
    """The longest string ``pattern`` can match, capped at MAX_LINE (the cap when unknown)."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # the regex parser's own width bound

        return min(MAX_LINE, int(_parser.parse(pattern, re.IGNORECASE).getwidth()[1]))
    except Exception:
        return MAX_LINE


def _combine(rules: list[_Rule]) -> re.Pattern[str] | None:
    """One alternation with a named group per rule; ``m.lastgroup`` says which rule matched."""
    if not rules:
        return None
    return re.compile(
        "|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(rules)), re.IGNORECASE
    )


# Python's regex engine tries the branches of an alternation one by one, so a long body
# line would pay for every short-line rule ("Share", "Accept cookies"). Rules are grouped by
# the longest line they can match; a line only meets the groups that can span it.
_WIDTH_STEPS = (0, 40, 80, 120, 160, 240, 320, 480, 640, MAX_LINE)


@dataclass(frozen=True)
class _Group:
    """The rules (without "needs") that can match a line of at least ``min_len`` characters."""

    min_len: int
    plain: re.Pattern[str] | None
    plain_rules: tuple[_Rule, ...]
    guarded: re.Pattern[str] | None
    guarded_rules: tuple[_Rule, ...]
    # The literals and line endings some keyed rule that can match such a line needs (a line
    # with none of them meets no keyed rule; fewer checks than for all keyed rules).
    needed: tuple[str, ...]
    needed_ends: tuple[str, ...]


@dataclass(frozen=True)
class _Compiled:
    # Rules without "needs" are anchored at the line start and fail fast: alternations,
    # one per width step (see _WIDTH_STEPS).
    groups: tuple[_Group, ...]
    # Rules with "needs" are tried one by one, only on lines that hold a needed literal.
    keyed: tuple[tuple[_Rule, re.Pattern[str]], ...]
    spans: tuple[tuple[_Rule, re.Pattern[str]], ...]
    guard: re.Pattern[str] | None
    date_words: frozenset[str]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    rules = _rules()
    line_rules = [r for r in rules if "s" not in r.flags and "r" not in r.flags]
    keyed = tuple((r, re.compile(r.pattern, re.IGNORECASE)) for r in line_rules if r.needs)
    groups = []
    for step in _WIDTH_STEPS:
        plain = [r for r in line_rules if "g" not in r.flags and not r.needs and r.width >= step]
        guarded = [r for r in line_rules if "g" in r.flags and not r.needs and r.width >= step]
        needed, needed_ends = _needed([r for r, _ in keyed if r.width >= step])
        groups.append(
            _Group(step, _combine(plain), tuple(plain), _combine(guarded), tuple(guarded),
                   needed, needed_ends)
        )
    spans = tuple((r, re.compile(r.pattern, re.IGNORECASE)) for r in rules if "s" in r.flags)
    guards = [r.pattern for r in rules if "r" in r.flags]
    words = frozenset(
        w.strip().lower()
        for w in _data_text("timestamp_words.txt").splitlines()
        if w.strip() and not w.startswith("#")
    )
    return _Compiled(
        groups=tuple(groups),
        keyed=keyed,
        spans=spans,
        guard=re.compile("|".join(guards), re.IGNORECASE) if guards else None,
        date_words=words,
    )


def _needed(keyed: list[_Rule]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The literals ``keyed`` rules need (none contains another) and the needed line endings."""
    inner = {n for r in keyed for n in r.needs if not n.startswith("$")}
    minimal = tuple(sorted(n for n in inner if not any(o != n and o in n for o in inner)))
    return minimal, tuple(sorted({n[1:] for r in keyed for n in r.needs if n.startswith("$")}))


def _match_key(line: str) -> str:
    """The line as the rules see it: single spaces, straight apostrophes and double quotes."""
    key = " ".join(line.split())
    if not key.isascii():  # replace() chains are much faster than str.translate with a dict
        key = (
            key.replace("’", "'")
            .replace("‘", "'")
            .replace("ʼ", "'")
            .replace("“", '"')
            .replace("”", '"')
        )
    return key.replace("`", "'")


def _is_timestamp(key: str, words: frozenset[str]) -> bool:
    if len(key) > MAX_TIMESTAMP_LINE:
        return False
    tokens = _WORD.findall(key.lower())
    if not tokens or not any(t.isdigit() for t in tokens):
        return False
    # "Posted on April 17, 2013 by admin": a short signature after "by" is allowed.
    if "by" in tokens:
        cut = len(tokens) - 1 - tokens[::-1].index("by")
        if len(tokens) - cut - 1 <= 3:
            tokens = tokens[:cut]
    return all(t.isdigit() or t in words for t in tokens)


def classify_line(line: str) -> Verdict | None:
    """The boilerplate reason of one line, or None when it is (or may be) body text."""
    key = _match_key(line)
    if not key or len(key) > MAX_LINE:
        return None
    if not _ALNUM.search(key):
        # Rules, bullets, ornaments ("* * *", "___"). A lone quotation mark is kept: it may
        # open or close a quote that the quote stage has to pair.
        return None if _QUOTES_ANY.search(key) else Verdict("separator")
    c = _compiled()
    size = len(key)
    group = next(g for g in reversed(c.groups) if g.min_len <= size)
    if group.plain is not None:
        m = group.plain.fullmatch(key)
        if m is not None:
            return _verdict(group.plain_rules, m)
    if _is_timestamp(key, c.date_words):
        return Verdict("timestamp")
    # The guard only vetoes a guarded rule that matched, so it runs after the match.
    lowered = key.lower()
    if lowered.endswith(group.needed_ends) or any(n in lowered for n in group.needed):
        for rule, rx in c.keyed:
            if rule.width >= size and rule.may_match(lowered) and rx.fullmatch(key):
                if "g" in rule.flags and _reads_as_reported(key, c):
                    continue
                return Verdict(rule.reason, heading="h" in rule.flags)
    if group.guarded is not None:
        m = group.guarded.fullmatch(key)
        if m is not None and not _reads_as_reported(key, c):
            return _verdict(group.guarded_rules, m)
    return None


def _reads_as_reported(key: str, c: _Compiled) -> bool:
    return key[0] in _QUOTE_OPENERS or (c.guard is not None and c.guard.search(key) is not None)


def _verdict(rules: tuple[_Rule, ...], m: re.Match[str]) -> Verdict:
    rule = rules[int((m.lastgroup or "r0")[1:])]
    return Verdict(rule.reason, heading="h" in rule.flags)


def cut_inline_spans(paragraph: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut inline boilerplate spans (photo captions) out of one paragraph.

    Returns the paragraph without them (the text around a span joined by one space) and
    the (reason, span text) pairs that were cut.
    """
    if len(paragraph) > 50 * MAX_LINE:
        return paragraph, []  # a pasted dump, not a paragraph: no inline caption rules
    cut: list[tuple[str, str]] = []
    lowered = paragraph.lower()
    for rule, rx in _compiled().spans:
        if not rule.may_match(lowered):
            continue
        pieces = []
        last = 0
        for m in rx.finditer(paragraph):
            if m.end() == m.start():
                continue
            pieces.append(paragraph[last : m.start()])
            cut.append((rule.reason, m.group(0)))
            last = m.end()
        if pieces:
            pieces.append(paragraph[last:])
            paragraph = " ".join(p.strip() for p in pieces if p.strip())
    return paragraph, cut
