"""Group reports of one utterance into statements: same speaker, same occasion, same words.

A *report* is one quote in one article. Two reports can belong to one statement only when

1. they have the same (canonical) speaker;
2. their occasions are compatible: equal ``said_on`` dates (within a day), else
   overlapping publication windows (a report is said at most ``window_days`` before it
   is published), and no conflicting ``said_where`` (two occasions whose specific words
   differ: "a town hall in Eastfield" is not "the state of the city address");
3. their words say the same thing: lexical overlap of content words, or (when the
   embeddings extra is installed) a high cosine of sentence embeddings.

Clustering is agglomerative over the pairs that pass, best pair first, with
cannot-link rules: two clusters never merge when any two of their reports have
incompatible occasions, or come from one article without matching each other closely. So a line repeated at two press conferences weeks apart stays
two statements even when a third, undated report resembles both.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .similarity import Embedder, lexical_similarity
from .text import content_stems, link_config, stem, stop_words, tokens


@dataclass
class Report:
    """One quote as the linker sees it."""

    id: Hashable
    speaker: Hashable | None
    kind: str
    text: str
    published: str | None = None
    said_on: str | None = None
    said_where: str | None = None
    article: Hashable | None = None
    outlet: str | None = None
    stems: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.stems:
            self.stems = content_stems(self.text)


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _window(r: Report, window_days: int) -> tuple[dt.date, dt.date] | None:
    """The days on which the report's words can have been said."""
    said = _day(r.said_on)
    if said is not None:
        return said, said
    published = _day(r.published)
    if published is None:
        return None
    return published - dt.timedelta(days=window_days), published


@lru_cache(maxsize=65536)
def _specific_occasion_words(where: str) -> frozenset[str]:
    """Stems of a said_where that name a particular occasion (place, body, event name)."""
    # Cached: it is asked for both reports of every candidate pair, and a block of n
    # reports has up to n * (n - 1) / 2 pairs but few distinct places.
    generic_words = {stem(w) for w in link_config()["words"]["generic_occasion_words"]}
    stops = stop_words()
    return frozenset({stem(t.norm) for t in tokens(where) if t.norm not in stops and len(t.norm) > 1} - generic_words)


def _places_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    spec_a, spec_b = _specific_occasion_words(a), _specific_occasion_words(b)
    # Only two named occasions can conflict: "a news conference" or "his speech" alone is
    # too vague to tell two occasions apart ("speech" and "address" name the same thing).
    return not (spec_a and spec_b) or bool(spec_a & spec_b)


def same_occasion_possible(a: Report, b: Report) -> bool:
    """False when the dates or places of two reports show two different occasions."""
    cfg = link_config()["statements"]
    slack = int(cfg["said_on_slack_days"])
    wa, wb = _window(a, int(cfg["window_days"])), _window(b, int(cfg["window_days"]))
    if wa is not None and wb is not None and (
        wa[0] > wb[1] + dt.timedelta(days=slack) or wb[0] > wa[1] + dt.timedelta(days=slack)
    ):
        return False
    return _places_agree(a.said_where, b.said_where)


@dataclass
class PairScore:
    lexical: float
    cosine: float | None
    dated: bool = True  # both reports have a date window

    def links(self) -> bool:
        cfg = link_config()["statements"]
        # With no date to tell occasions apart, only near-verbatim wording links.
        prefix = "" if self.dated else "undated_"
        if self.lexical >= float(cfg[f"{prefix}lexical_threshold"]):
            return True
        return (
            self.cosine is not None
            and self.lexical >= float(cfg["embedding_min_lexical"])
            and self.cosine >= float(cfg[f"{prefix}embedding_threshold"])
        )

    @property
    def value(self) -> float:
        return max(self.lexical, self.cosine or 0.0)


def _candidate_pairs(block: Sequence[Report], window_days: int) -> list[tuple[int, int]]:
    """Pairs whose date windows can overlap: a sweep over windows sorted by start day."""
    slack = dt.timedelta(days=int(link_config()["statements"]["said_on_slack_days"]))
    dated: list[tuple[dt.date, dt.date, int]] = []
    undated: list[int] = []
    for i, r in enumerate(block):
        w = _window(r, window_days)
        if w is None:
            undated.append(i)
        else:
            dated.append((w[0], w[1], i))
    dated.sort()
    pairs: list[tuple[int, int]] = []
    for k, (_start, end, i) in enumerate(dated):
        for start2, _end2, j in dated[k + 1 :]:
            if start2 > end + slack:
                break
            pairs.append((min(i, j), max(i, j)))
    for i in undated:
        pairs.extend((min(i, j), max(i, j)) for j in range(len(block)) if j != i)
    return sorted(set(pairs))


def cluster_block(block: Sequence[Report], vectors: Any = None) -> list[list[int]]:
    """Cluster the reports of one speaker; returns lists of indices into ``block``."""
    cfg = link_config()["statements"]
    edges: list[tuple[float, int, int]] = []
    window_days = int(cfg["window_days"])
    for i, j in _candidate_pairs(block, window_days):
        a, b = block[i], block[j]
        if not same_occasion_possible(a, b):
            continue
        cosine = float(vectors[i] @ vectors[j]) if vectors is not None else None
        dated = _window(a, window_days) is not None and _window(b, window_days) is not None
        score = PairScore(lexical_similarity(a.stems, b.stems), cosine, dated)
        if score.links():
            edges.append((score.value, i, j))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    # Two reports in one article are one statement only when they match each other closely
    # (a headline and its body quote, a lede that repeats a quote): an article does not
    # report the same utterance twice in different words, so no third report may chain them.
    strict = float(cfg["same_article_threshold"])
    close = {(i, j) for value, i, j in edges if value >= strict}
    cluster_of = list(range(len(block)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(block))}
    for _value, i, j in edges:
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj:
            continue
        if not all(
            same_occasion_possible(block[x], block[y])
            and (block[x].article is None or block[x].article != block[y].article or (min(x, y), max(x, y)) in close)
            for x in members[ci]
            for y in members[cj]
        ):
            continue
        if len(members[ci]) < len(members[cj]):
            ci, cj = cj, ci
        for x in members[cj]:
            cluster_of[x] = ci
        members[ci].extend(members.pop(cj))
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def cluster_reports(reports: Sequence[Report], embedder: Embedder | None = None) -> list[list[Hashable]]:
    """Group reports into statements; returns lists of report ids (every report in one list).

    Reports without a speaker are never linked (each is its own statement).
    """
    blocks: dict[Hashable, list[Report]] = defaultdict(list)
    singles: list[list[Hashable]] = []
    for r in reports:
        if r.speaker is None:
            singles.append([r.id])
        else:
            blocks[r.speaker].append(r)
    out: list[list[Hashable]] = []
    for block in blocks.values():
        vectors = embedder.encode([r.text for r in block]) if embedder is not None and len(block) > 1 else None
        out.extend([block[i].id for i in idx] for idx in cluster_block(block, vectors))
    return out + singles
