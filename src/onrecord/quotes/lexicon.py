"""The cue lexicon: reporting verbs, nouns and phrases (data in ``data/cues.tsv``, see docs/cues.md)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Classes whose verbs report communicated content; the others (belief, intent,
# stance, appearance, evidence) attribute a position and need a clausal complement.
SPEECH_CLASSES = frozenset({"speech", "writing", "source"})


@dataclass(frozen=True)
class Cue:
    cue: str  # the lemma or phrase
    kind: str  # verb | noun | phrase
    cls: str  # speech | writing | source | belief | evidence | intent | stance | appearance
    forms: tuple[str, ...]
    weight: float  # prior that a token of this cue is an attribution (PolNeAR-train precision, else a default)
    # Per complement frame (ccomp, obj, xcomp, surface, quote): (statements right, statements found) on PolNeAR train.
    frames: tuple[tuple[str, int, int], ...] = ()

    def frame_weight(self, frame: str) -> float:
        """How often this cue with this frame gave a true statement, shrunk towards the cue's prior."""
        for name, right, found in self.frames:
            if name == frame:
                return (right + FRAME_PRIOR_N * self.weight) / (found + FRAME_PRIOR_N)
        return self.weight


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Cue]
    nouns: dict[str, Cue]
    phrases: dict[str, Cue]
    surface: frozenset[str]  # every surface form (lower case), for cheap candidacy tests
    surface_re: re.Pattern[str]
    # Every phrase's leading words ("point out to" -> "point", "point out"): a lemma that is none
    # of these starts no phrase.
    phrase_heads: frozenset[str] = frozenset()

    def verb(self, lemma: str) -> Cue | None:
        return self.verbs.get(lemma.lower())

    def noun(self, lemma: str) -> Cue | None:
        return self.nouns.get(lemma.lower())


# Pseudo-observations of the cue's prior added to a frame's counts.
FRAME_PRIOR_N = 4

DEFAULT_WEIGHT = {"speech": 0.7, "writing": 0.6, "source": 0.8, "belief": 0.3, "evidence": 0.4, "intent": 0.3,
                  "stance": 0.35, "appearance": 0.4}


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read the cue lexicon (the packaged ``data/cues.tsv`` unless ``path`` is given)."""
    if path is None:
        text = resources.files("onrecord").joinpath("data", "cues.tsv").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    verbs: dict[str, Cue] = {}
    nouns: dict[str, Cue] = {}
    phrases: dict[str, Cue] = {}
    surface: set[str] = set()
    for row in csv.DictReader(lines, delimiter="\t"):
        cls = row["class"].strip()
        prec = row.get("train_precision", "").strip()
        cues = int(row.get("train_cues") or 0)
        # Few observations say little: shrink towards the class default.
        prior = DEFAULT_WEIGHT.get(cls, 0.5)
        weight = (float(prec) * cues + prior * 5) / (cues + 5) if prec else prior
        if row["kind"].strip() == "noun":
            # Most occurrences of "claim" or "call" are no cue at all; the extractor takes a noun
            # only with a that-clause or object and a source, where the class default fits better.
            weight = prior
        forms = tuple(f.strip().lower() for f in row["forms"].split(",") if f.strip())
        frames = []
        for item in (row.get("frames") or "").split(";"):
            if "=" in item:
                name, counts = item.split("=", 1)
                right, found = counts.split("/")
                frames.append((name.strip(), int(right), int(found)))
        cue = Cue(row["cue"].strip().lower(), row["kind"].strip(), cls, forms, weight, tuple(frames))
        table = {"verb": verbs, "noun": nouns, "phrase": phrases}[cue.kind]
        table.setdefault(cue.cue, cue)
        surface.update(forms)
    pattern = re.compile(r"\b(?:" + _trie_pattern(surface) + r")\b", re.IGNORECASE)
    heads = frozenset(key[:i] for key in phrases for i, ch in enumerate(key) if ch == " ")
    return Lexicon(verbs, nouns, phrases, frozenset(surface), pattern, heads)


def _trie_pattern(words: set[str]) -> str:
    """One alternation of ``words`` factored by common prefixes ("sa(?:id|ys)"): it matches the
    same words as a flat alternation, and about 50 times faster, since the regex engine no longer
    tries every one of the ~1,600 words at every position. Longer words are tried first."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)
