"""Narrowing a publication range with what world knowledge says about the text's mentions.

Each piece of knowledge the text points at is a :class:`Constraint`: the days on which the report
can have been written if that piece is read right ("U.S. Secretary of State John Kerry": one of
Kerry's terms; "has been continuing for 20 months now" of the Syrian conflict: 20 to 21 months
after March 2011). :func:`narrow` intersects them inside the range the text itself allows.

Readings can be wrong (a past holder called by the title, a name used of another event), so the
intersection is taken by vote: every day of the text's range scores the number of constraints
(distinct keys) that allow it, and the range becomes the span of the best-scoring days. When all
constraints agree that is their intersection; one that contradicts the others is set aside; two
readings that disagree with equal support leave the whole span between them - a wider range, never
a wrong one for want of a choice. A constraint that allows no day of the text's range is set aside.
Office terms carry a few days' slack at the edges they set (titles are used a little before a
swearing-in and after a departure); it is added after the vote so that it cannot make two
successive holders agree on a day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .days import ONE_DAY

Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Constraint:
    key: str  # one vote per key: the same person in the same office counts once however often named
    spans: tuple[Span, ...]  # inclusive; dt.date.max for "until now"
    why: str
    slack_days: int = 0  # how far the range may extend past an edge this constraint sets


@dataclass
class Narrowed:
    lo: dt.date
    hi: dt.date
    lo_why: str | None  # the constraint that set the lower edge (None: the text's own bound)
    hi_why: str | None
    used: list[Constraint] = field(default_factory=list)
    set_aside: list[Constraint] = field(default_factory=list)


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= _next(out[-1][1]):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _next(day: dt.date) -> dt.date:
    return day if day == dt.date.max else day + ONE_DAY


def _covers(spans: list[Span], day: dt.date) -> bool:
    return any(a <= day <= b for a, b in spans)


def narrow(lo: dt.date, hi: dt.date, constraints: list[Constraint]) -> Narrowed | None:
    """The best-supported span of [lo, hi] (see the module docstring), or None if nothing narrows."""
    if not constraints or lo > hi:
        return None
    by_key: dict[str, list[Constraint]] = {}
    for c in constraints:
        by_key.setdefault(c.key, []).append(c)
    live: list[tuple[Constraint, list[Span]]] = []
    set_aside: list[Constraint] = []
    for group in by_key.values():
        spans = _merge([s for c in group for s in c.spans])
        clipped = [(max(a, lo), min(b, hi)) for a, b in spans if max(a, lo) <= min(b, hi)]
        if clipped:
            live.append((group[0], clipped))
        else:
            set_aside.append(group[0])
    if not live:
        return Narrowed(lo, hi, None, None, [], set_aside) if set_aside else None
    cuts = {lo}
    for _, spans in live:
        for a, b in spans:
            cuts.add(a)
            if b < hi:
                cuts.add(b + ONE_DAY)
    starts = sorted(cuts)
    segments = [(s, (starts[i + 1] - ONE_DAY) if i + 1 < len(starts) else hi) for i, s in enumerate(starts)]
    scores = [sum(_covers(spans, s) for _, spans in live) for s, _ in segments]
    best = max(scores)
    chosen = [seg for seg, score in zip(segments, scores, strict=True) if score == best]
    new_lo, new_hi = chosen[0][0], chosen[-1][1]
    used = [c for c, spans in live if any(_covers(spans, s) for s, _ in chosen)]
    set_aside += [c for c, spans in live if c not in used]
    lo_by = [c for c, spans in live if c in used and new_lo > lo and any(a == new_lo for a, _ in spans)]
    hi_by = [c for c, spans in live if c in used and new_hi < hi and any(b == new_hi for _, b in spans)]
    if lo_by:
        new_lo = max(lo, new_lo - dt.timedelta(days=max(c.slack_days for c in lo_by)))
    if hi_by:
        new_hi = min(hi, new_hi + dt.timedelta(days=max(c.slack_days for c in hi_by)))
    return Narrowed(new_lo, new_hi, lo_by[0].why if lo_by else None, hi_by[0].why if hi_by else None, used, set_aside)
