"""Scorers: content matching, precision/recall/F1, speaker, date and outlet accuracy.

Definitions (docs/eval.md repeats them):

- Content is folded before comparison: lower case, every run of punctuation and
  whitespace becomes one space. Split quotes are compared as their parts joined.
- A predicted and a gold statement match when the token F1 of their folded content
  is >= 0.5 (``overlap``), or when the folded contents are equal (``exact``). Matching
  is one-to-one within an article: pairs are taken greedily from the best F1 down.
- Speaker accuracy is measured on the statements matched at token F1 >= 0.5. With a
  canonical gold name (the seeds) the predicted name must fold to the same string.
  With a gold mention only (PolNeAR) the mentions match when their folded texts are
  equal or their heads are: the head is the last word of the mention before any
  comma, parenthesis, relative clause or "of"/"at"/"from" phrase, without a
  possessive 's ("Pat Caddell" = "longtime Democratic pollster Pat Caddell"); they also
  match when one starts the other word for word ("Aides" = "Aides to Clinton").
  A gold statement with no source matches a prediction with no speaker.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_HEAD_CUT = re.compile(r"\s*(?:,|\(|\bwho\b|\bwhich\b|\bthat\b|\bof\b|\bat\b|\bfrom\b|\bwith\b|\bin\b|\bto\b|\bfor\b)\s*", re.IGNORECASE)


def fold(text: str | None) -> str:
    """Lower case, accents kept, punctuation and whitespace runs -> one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower().replace("_", " ")
    return _NON_WORD.sub(" ", text).strip()


def token_f1(a: str, b: str) -> float:
    ta, tb = fold(a).split(), fold(b).split()
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    if common == 0:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def match(pred: Sequence[str], gold: Sequence[str], exact: bool = False, threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """One-to-one (pred index, gold index, score) pairs, greedily from the best score down."""
    pairs: list[tuple[float, int, int]] = []
    gold_folded = [fold(g) for g in gold]
    for i, p in enumerate(pred):
        fp = fold(p)
        for j, g in enumerate(gold):
            if exact:
                if fp and fp == gold_folded[j]:
                    pairs.append((1.0, i, j))
            else:
                s = token_f1(p, g)
                if s >= threshold:
                    pairs.append((s, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for s, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j, s))
    return out


def mention_head(mention: str | None) -> str:
    if not mention:
        return ""
    head = _HEAD_CUT.split(mention.strip(), maxsplit=1)[0]
    words = fold(re.sub(r"['’]s\b", "", head)).split()
    return words[-1] if words else ""


def mention_match(pred: str | None, gold: str | None) -> bool:
    if not gold:
        return not pred
    if not pred:
        return False
    fp, fg = fold(pred), fold(gold)
    if fp == fg:
        return True
    # One mention starts the other ("Aides" / "Aides to Clinton", "Democrats" / "Democrats leaving the meeting").
    if fg.startswith(fp + " ") or fp.startswith(fg + " "):
        return True
    return mention_head(pred) == mention_head(gold) != ""


def name_match(pred: str | None, gold: str | None) -> bool:
    return fold(pred) == fold(gold)


def outlet_match(pred: str | None, gold: str | None) -> bool:
    """Equal after folding, or equal to one of the gold's alternatives ("A / B", "A (B)")."""
    if not gold:
        return not pred
    if not pred:
        return False
    alternatives = [x for x in re.split(r"\s*/\s*|\s*\(|\)", gold) if x.strip()]
    return any(_same_outlet(pred, g) for g in [gold, *alternatives])


def _same_outlet(pred: str, gold: str) -> bool:
    """Folded names equal, or a gold slug that abbreviates the name: "breitbart" ~ "Breitbart News",
    "huff-post" ~ "HuffPost", "nyt" ~ "The New York Times", "wash-post" ~ "The Washington Post"."""
    pt = [t for t in fold(pred).split() if t != "the"]
    gt = [t for t in fold(gold).split() if t != "the"]
    if not pt or not gt:
        return False
    pc, gc = "".join(pt), "".join(gt)
    if pc == gc or pc.startswith(gc) or gc.startswith(pc):
        return True
    if "".join(t[0] for t in pt) == gc:
        return True
    return len(pt) == len(gt) and all(a.startswith(b) for a, b in zip(pt, gt, strict=True))


class Tally:
    """True positives, predictions and gold counts, summed over articles."""

    def __init__(self) -> None:
        self.tp = 0
        self.pred = 0
        self.gold = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def result(self) -> dict[str, Any]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": self.tp,
                "predicted": self.pred, "gold": self.gold}


class Ratio:
    def __init__(self) -> None:
        self.ok = 0
        self.n = 0

    def add(self, ok: bool) -> None:
        self.ok += int(ok)
        self.n += 1

    def result(self) -> dict[str, Any]:
        return {"accuracy": round(self.ok / self.n, 4) if self.n else None, "correct": self.ok, "n": self.n}


def score_articles(items: Sequence[tuple[Any, Any]], speaker_field: str,
                   speaker_of: Callable[[Any], tuple[str | None, str | None]]) -> dict[str, Any]:
    """Score (gold article, extraction) pairs. ``speaker_of(quote)`` gives (name, mention)."""
    overall, exact, direct, direct_exact = Tally(), Tally(), Tally(), Tally()
    by_kind: dict[str, Ratio] = {}
    speaker, said_on, published, outlet = Ratio(), Ratio(), Ratio(), Ratio()
    skipped = 0
    for gold, ex in items:
        quotes = list(ex.quotes) if ex is not None and ex.article is not None else []
        if ex is None or ex.skipped is not None:
            skipped += 1
        pred_text = [q.text for q in quotes]
        gold_text = [g.content for g in gold.statements]
        pairs = match(pred_text, gold_text)
        overall.add(len(pairs), len(pred_text), len(gold_text))
        exact.add(len(match(pred_text, gold_text, exact=True)), len(pred_text), len(gold_text))
        matched_gold = {j for _, j, _ in pairs}
        for j, g in enumerate(gold.statements):
            by_kind.setdefault(g.kind, Ratio()).add(j in matched_gold)
        for i, j, _ in pairs:
            g = gold.statements[j]
            name, mention = speaker_of(quotes[i])
            if speaker_field == "name" and g.speaker is not None:
                speaker.add(name_match(name, g.speaker))
            else:
                speaker.add(mention_match(mention, g.mention))
            if g.has_said_on:
                said_on.add(quotes[i].said_on == g.said_on)
        dp = [q.text for q in quotes if q.kind == "direct"]
        dg = [g.content for g in gold.statements if g.kind == "direct"]
        direct.add(len(match(dp, dg)), len(dp), len(dg))
        direct_exact.add(len(match(dp, dg, exact=True)), len(dp), len(dg))
        art = ex.article if ex is not None else None
        if gold.has_published:
            published.add(art is not None and art.published == gold.published)
        if gold.has_outlet:
            outlet.add(art is not None and outlet_match(art.outlet, gold.outlet))
    return {
        "articles": len(items),
        "skipped": skipped,
        "statements": overall.result(),
        "statements_exact": exact.result(),
        "direct": direct.result(),
        "direct_exact": direct_exact.result(),
        "recall_by_kind": {k: v.result() for k, v in sorted(by_kind.items())},
        "speaker": {**speaker.result(), "compared": "canonical name" if speaker_field == "name" else "mention"},
        "said_on": said_on.result(),
        "published": published.result(),
        "outlet": outlet.result(),
    }
