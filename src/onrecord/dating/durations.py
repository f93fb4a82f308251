"""How much time a duration phrase says has passed, and calendar shifts by such amounts.

A count of time is rounded by whoever writes it, so each phrase stands for a window of elapsed
units (docs/dates.md, "Durations"):

- "N units ago": N-1/2 to N+1 ("five years ago" is said of four and a half to almost six years);
  "over N" / "more than N" N to N+1; "nearly N" / "almost N" N-1 to N; "at least N" N or more.
- A running count - "for 20 months now", "has lasted four years" - is rounded down: N to N+1,
  "about N" N-1 to N+1.
- "now in its fifth year" is four to five years; "the four-year war", "five years into the war"
  are about N: N-1/2 to N+1.
"""

from __future__ import annotations

import datetime as dt

from .days import shift

_AT_LEAST = frozenset({"at least"})
_OVER = frozenset({"over", "more than", "just over", "well over"})
_UNDER = frozenset({"nearly", "almost", "close to", "under", "less than", "fewer than", "just under"})
_ABOUT = frozenset({"about", "around", "some", "roughly", "approximately"})


def elapsed_window(count: float, qual: str | None, running: bool = False) -> tuple[float, float | None]:
    """(fewest, most) units that may have passed; most is None when the phrase sets no ceiling."""
    qual = (qual or "").lower() or None
    if qual in _AT_LEAST:
        return count, None
    if qual in _OVER:
        return count, count + 1
    if qual in _UNDER:
        return max(count - 1, 0), count
    if running:
        return (max(count - 1, 0), count + 1) if qual in _ABOUT else (count, count + 1)
    return max(count - 0.5, 0), count + 1


def shift_units(day: dt.date, units: float, unit: tuple[int, int]) -> dt.date:
    """``day`` moved forward by ``units`` of ``unit`` ((days, months) per unit; fractions allowed)."""
    days, months = unit
    if months:
        whole = int(units * months)
        rest_days = round((units * months - whole) * 30)
        return shift(day, days=rest_days, months=whole)
    return shift(day, days=round(units * days))
