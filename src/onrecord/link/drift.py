"""Drift: how each report of a statement differs, word by word, from the fullest report.

For a statement with two or more reports, the *base* is the fullest report (most words;
a direct quote wins a tie). Every report is aligned against it word by word
(difflib over normalised words: case, typographic apostrophes and contractions
folded, so "don’t" = "do not"), and flagged:

- ``shortened``: a quotation that keeps only part of the base's words, adding none;
- ``words_added`` / ``words_dropped`` / ``words_changed``: any such operation;
- ``direct_to_paraphrase``: the base is a direct quote, this report is indirect speech;
- ``partly_paraphrased``: the base is a direct quote, this report is mixed;
- ``quotes_paraphrase``: this (mixed) report puts quotation marks on words that no other
  report quotes and that other reports give as paraphrase (outside quotation marks);
  ``quoted_paraphrase`` lists those words.

The JSON shape is documented in docs/drift.md (the web UI renders it).
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from .text import Token, quoted_spans, stem, stop_words, tokens

VERSION = "drift-1"


@dataclass
class DriftReport:
    """A report as drift needs it."""

    quote_id: Hashable
    article_id: str | None
    outlet: str | None
    kind: str
    text: str


def _span(toks: Sequence[Token], lo: int, hi: int) -> list[int] | None:
    if lo >= hi:
        return None
    return [toks[lo].start, toks[hi - 1].end]


def _quoted_stems(report: DriftReport, toks: Sequence[Token]) -> tuple[set[str], set[str]]:
    """(content stems inside quotation marks, content stems outside) of a report."""
    stops = stop_words()
    if report.kind == "direct":
        spans = [(0, len(report.text))]
    elif report.kind == "mixed":
        spans = quoted_spans(report.text)
    else:
        spans = []
    inside: set[str] = set()
    outside: set[str] = set()
    for t in toks:
        if t.norm in stops or len(t.norm) < 2:
            continue
        (inside if any(s <= t.start and t.end <= e for s, e in spans) else outside).add(stem(t.norm))
    return inside, outside


def choose_base(reports: Sequence[DriftReport]) -> int:
    """Index of the fullest report: most words, then direct before mixed before indirect."""
    rank = {"direct": 0, "mixed": 1, "indirect": 2}
    return min(range(len(reports)), key=lambda i: (-len(tokens(reports[i].text)), rank.get(reports[i].kind, 3), i))


def compute_drift(reports: Sequence[DriftReport]) -> list[dict[str, Any]]:
    """One drift entry per report, the base first; [] for a statement with fewer than two reports."""
    if len(reports) < 2:
        return []
    b = choose_base(reports)
    base = reports[b]
    toks = [tokens(r.text) for r in reports]
    quoted = [_quoted_stems(r, t) for r, t in zip(reports, toks, strict=True)]
    base_norms = [t.norm for t in toks[b]]
    order = [b] + [i for i in range(len(reports)) if i != b]
    out: list[dict[str, Any]] = []
    for i in order:
        r = reports[i]
        entry: dict[str, Any] = {
            "quote_id": r.quote_id,
            "article_id": r.article_id,
            "outlet": r.outlet,
            "kind": r.kind,
            "role": "base" if i == b else "report",
        }
        norms = [t.norm for t in toks[i]]
        matcher = difflib.SequenceMatcher(None, base_norms, norms, autojunk=False)
        ops: list[dict[str, Any]] = []
        counts = {"equal": 0, "added": 0, "dropped": 0, "substituted": 0}
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            op = {"equal": "equal", "replace": "substituted", "delete": "dropped", "insert": "added"}[tag]
            counts[op] += max(i2 - i1, j2 - j1) if op == "substituted" else (i2 - i1 if op == "dropped" else j2 - j1)
            span, base_span = _span(toks[i], j1, j2), _span(toks[b], i1, i2)
            ops.append(
                {
                    "op": op,
                    "text": r.text[span[0] : span[1]] if span else "",
                    "span": span,
                    "base_text": base.text[base_span[0] : base_span[1]] if base_span else "",
                    "base_span": base_span,
                }
            )
        flags: list[str] = []
        if i != b:
            if r.kind in ("direct", "mixed") and counts["added"] == 0 and counts["substituted"] == 0 and counts["dropped"]:
                flags.append("shortened")
            for name in ("added", "dropped", "substituted"):
                if counts[name]:
                    flags.append("words_changed" if name == "substituted" else f"words_{name}")
            if base.kind == "direct" and r.kind == "indirect":
                flags.append("direct_to_paraphrase")
            elif base.kind == "direct" and r.kind == "mixed":
                flags.append("partly_paraphrased")
        inside = quoted[i][0]
        others = [k for k in range(len(reports)) if k != i]
        quoted_elsewhere = set().union(*(quoted[k][0] for k in others))
        unquoted_elsewhere = set().union(*(quoted[k][1] for k in others))
        paraphrase_only = (inside - quoted_elsewhere) & unquoted_elsewhere
        # Only a mixed report chooses which words to put in quotation marks; a direct quote
        # set against a paraphrase is already "direct_to_paraphrase" on the paraphrase's side.
        if r.kind == "mixed" and inside and len(paraphrase_only) * 2 >= len(inside):
            flags.append("quotes_paraphrase")
            entry["quoted_paraphrase"] = sorted(
                {t.norm for t in toks[i] if stem(t.norm) in paraphrase_only and t.norm not in stop_words()}
            )
        entry["flags"] = flags
        entry["similarity"] = round(matcher.ratio(), 3)
        entry["counts"] = counts
        entry["ops"] = ops
        out.append(entry)
    return out
