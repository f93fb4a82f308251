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
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"'})
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
    pattern: str


def _data_text(name: str) -> str:
    return resources.files("onrecord").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    rules = []
    for n, raw in enumerate(_data_text("boilerplate.tsv").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 3:
            raise ValueError(f"boilerplate.tsv line {n}: expected reason<TAB>flags<TAB>regex")
        reason, flags, pattern = parts
        re.compile(pattern)  # fail at load time, naming the line, rather than mid-batch
        rules.append(_Rule(reason, flags.replace("-", ""), pattern))
    return tuple(rules)


def _combine(rules: list[_Rule]) -> re.Pattern[str] | None:
    """One alternation with a named group per rule; ``m.lastgroup`` says which rule matched."""
    if not rules:
        return None
    return re.compile("|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(rules)), re.IGNORECASE)


@dataclass(frozen=True)
class _Compiled:
    plain: re.Pattern[str] | None
    plain_rules: tuple[_Rule, ...]
    guarded: re.Pattern[str] | None
    guarded_rules: tuple[_Rule, ...]
    spans: tuple[tuple[str, re.Pattern[str]], ...]
    guard: re.Pattern[str] | None
    date_words: frozenset[str]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    rules = _rules()
    line_rules = [r for r in rules if "s" not in r.flags and "r" not in r.flags]
    plain = [r for r in line_rules if "g" not in r.flags]
    guarded = [r for r in line_rules if "g" in r.flags]
    spans = tuple((r.reason, re.compile(r.pattern, re.IGNORECASE)) for r in rules if "s" in r.flags)
    guards = [r.pattern for r in rules if "r" in r.flags]
    words = frozenset(
        w.strip().lower()
        for w in _data_text("timestamp_words.txt").splitlines()
        if w.strip() and not w.startswith("#")
    )
    return _Compiled(
        plain=_combine(plain),
        plain_rules=tuple(plain),
        guarded=_combine(guarded),
        guarded_rules=tuple(guarded),
        spans=spans,
        guard=re.compile("|".join(guards), re.IGNORECASE) if guards else None,
        date_words=words,
    )


def _match_key(line: str) -> str:
    return " ".join(line.split()).translate(_APOSTROPHES)


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
    if c.plain is not None:
        m = c.plain.fullmatch(key)
        if m is not None:
            return _verdict(c.plain_rules, m)
    if _is_timestamp(key, c.date_words):
        return Verdict("timestamp")
    if c.guarded is not None:
        reported = key[0] in _QUOTE_OPENERS or (c.guard is not None and c.guard.search(key) is not None)
        if not reported:
            m = c.guarded.fullmatch(key)
            if m is not None:
                return _verdict(c.guarded_rules, m)
    return None


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
    for reason, rx in _compiled().spans:
        pieces = []
        last = 0
        for m in rx.finditer(paragraph):
            if m.end() == m.start():
                continue
            pieces.append(paragraph[last : m.start()])
            cut.append((reason, m.group(0)))
            last = m.end()
        if pieces:
            pieces.append(paragraph[last:])
            paragraph = " ".join(p.strip() for p in pieces if p.strip())
    return paragraph, cut
