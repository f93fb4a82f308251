"""Turning stored text and numbers into safe HTML pieces for the templates.

Every piece of stored text passes through ``markupsafe.escape`` here; the only
markup added is fixed tags and class names chosen by this module, with numbers
(ids, offsets) as the only values that vary. The templates get ``Markup`` back.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape


def marked(text: str | None, ranges: Iterable[Sequence[int]] | None) -> Markup:
    """``text`` escaped, with the character ``ranges`` wrapped in ``<mark>``."""
    text = text or ""
    out: list[str] = []
    pos = 0
    for start, end in sorted((int(r[0]), int(r[1])) for r in ranges or ()):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        out.append(str(escape(text[pos:start])))
        out.append("<mark>" + str(escape(text[start:end])) + "</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    css: str
    quote_id: int | None = None
    title: str = ""


def _valid(start: Any, end: Any, size: int) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size


def article_html(text: str, quotes: list[dict[str, Any]]) -> Markup:
    """The article text escaped, each quote's parts, cue and speaker mention wrapped in spans.

    Quote parts get ``class="quote quote-<kind>"``, cues ``class="cue"``, speaker
    mentions ``class="mention"``; overlapping spans are split at every boundary so
    the HTML stays well nested. Each quote gets an empty anchor ``id="q<id>"`` at
    its start (the statement page links to it). Offsets that do not fit the text
    are ignored rather than trusted.
    """
    size = len(text)
    spans: list[_Span] = []
    anchors: dict[int, list[int]] = {}
    for q in quotes:
        kind = q.get("kind") if q.get("kind") in ("direct", "indirect", "mixed") else "direct"
        speaker = (q.get("speaker") or {}).get("name") or "unknown speaker"
        title = f"{kind} quote - {speaker}"
        parts = q.get("parts") or [{"start": q.get("start"), "end": q.get("end")}]
        first = None
        for part in parts:
            if _valid(part.get("start"), part.get("end"), size):
                spans.append(_Span(part["start"], part["end"], f"quote quote-{kind}", q["id"], title))
                first = part["start"] if first is None else min(first, part["start"])
        if first is not None:
            anchors.setdefault(first, []).append(int(q["id"]))
        cue = q.get("cue") or {}
        if _valid(cue.get("start"), cue.get("end"), size):
            spans.append(_Span(cue["start"], cue["end"], "cue", q["id"], f"cue of: {speaker}"))
        sp = q.get("speaker") or {}
        if _valid(sp.get("start"), sp.get("end"), size):
            spans.append(_Span(sp["start"], sp["end"], "mention", q["id"], f"speaker: {speaker}"))
    bounds = sorted({0, size, *anchors, *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for lo, hi in itertools.pairwise(bounds):
        for qid in anchors.get(lo, []):
            out.append(f'<span class="anchor" id="q{qid}" tabindex="-1"></span>')
        active = [s for s in spans if s.start <= lo and s.end >= hi]
        piece = str(escape(text[lo:hi]))
        if not active:
            out.append(piece)
            continue
        classes = sorted({c for s in active for c in s.css.split()})
        qids = sorted({s.quote_id for s in active if s.quote_id is not None})
        title = "; ".join(dict.fromkeys(s.title for s in active))
        out.append(
            f'<span class="{" ".join(classes)}" data-q="{" ".join(map(str, qids))}" title="{escape(title)}">'
            f"{piece}</span>"
        )
    for qid in anchors.get(size, []):
        out.append(f'<span class="anchor" id="q{qid}" tabindex="-1"></span>')
    return Markup("".join(out))


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address (safe to put in ``href``), else ``None``."""
    if not url:
        return None
    low = url.strip().lower()
    if low.startswith(("http://", "https://")) and not any(c in url for c in "\x00\r\n\t"):
        return url.strip()
    return None


# -- the timeline chart ------------------------------------------------------------------------


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    title: str
    href: str
    label_x: float
    label_y: float


@dataclass
class Tick:
    pos: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    show_counts: bool
    summary: str


def _nice_max(value: int) -> int:
    if value <= 5:
        return max(value, 1)
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return int(step * exp)
    return int(10 * exp)


def _day(iso: str) -> int:
    return dt.date.fromisoformat(iso[:10]).toordinal()


def timeline_chart(
    timeline: dict[str, Any],
    href_for: Callable[[dict[str, Any]], str],
    *,
    width: int = 760,
    height: int = 240,
) -> Chart | None:
    """Bars of statements per bucket on a true time axis (gaps show as gaps).

    The server has already aggregated the statements into buckets, so the chart
    has at most a hundred or so bars whether the speaker has 20 statements or
    20,000; bar heights scale to a rounded maximum with three labelled ticks.
    """
    buckets = timeline.get("buckets") or []
    if not buckets:
        return None
    left, right, top, bottom = 48, 12, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    d0, d1 = _day(buckets[0]["start"]), _day(buckets[-1]["end"])
    span = max(d1 - d0, 1)
    peak = _nice_max(max(b["statements"] for b in buckets))

    def x_of(day: int) -> float:
        return left + (day - d0) / span * plot_w

    bars = []
    for b in buckets:
        x0, x1 = x_of(_day(b["start"])), x_of(_day(b["end"]))
        gap = min(2.0, (x1 - x0) * 0.2)
        w = max(x1 - x0 - gap, 1.5)
        h = b["statements"] / peak * plot_h
        terms = ", ".join(t["term"] for t in b.get("terms", [])[:5])
        noun = "statement" if b["statements"] == 1 else "statements"
        bars.append(
            Bar(
                x=round(x0 + gap / 2, 2),
                y=round(top + plot_h - h, 2),
                width=round(w, 2),
                height=round(max(h, 1.0), 2),
                count=b["statements"],
                label=b["label"],
                title=f"{b['label']}: {b['statements']} {noun}" + (f" - {terms}" if terms else ""),
                href=href_for(b),
                label_x=round(x0 + gap / 2 + w / 2, 2),
                label_y=round(top + plot_h - h - 4, 2),
            )
        )
    return Chart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_w,
        plot_height=plot_h,
        bars=bars,
        x_ticks=_x_ticks(d0, d1, x_of),
        y_ticks=[Tick(round(top + plot_h - v / peak * plot_h, 2), str(v)) for v in sorted({0, peak // 2, peak})],
        show_counts=len(bars) <= 30,
        summary=(
            f"{sum(b['statements'] for b in buckets)} statements from {buckets[0]['label']} to {buckets[-1]['label']}, "
            f"at most {max(b['statements'] for b in buckets)} in one {timeline.get('bucket', 'period')}"
        ),
    )


def _x_ticks(d0: int, d1: int, x_of: Callable[[int], float]) -> list[Tick]:
    """At most about eight date labels: years, or months, or days, whichever fits."""
    first, last = dt.date.fromordinal(d0), dt.date.fromordinal(d1)
    years = last.year - first.year
    ticks: list[Tick] = []
    if years >= 2:
        step = max(1, math.ceil(years / 8))
        for year in range(first.year + (first != dt.date(first.year, 1, 1)), last.year + 1, step):
            ticks.append(Tick(round(x_of(dt.date(year, 1, 1).toordinal()), 2), str(year)))
        return ticks
    months = (last.year - first.year) * 12 + last.month - first.month
    if months >= 2:
        step = max(1, math.ceil(months / 8))
        y, m = first.year, first.month
        if first.day != 1:
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        i = 0
        while dt.date(y, m, 1) <= last:
            if i % step == 0:
                ticks.append(Tick(round(x_of(dt.date(y, m, 1).toordinal()), 2), f"{y}-{m:02d}"))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            i += 1
        return ticks
    step = max(1, math.ceil((d1 - d0) / 7))
    return [Tick(round(x_of(d), 2), dt.date.fromordinal(d).isoformat()) for d in range(d0, d1, step)]
