"""A statement's reports side by side, each with its drift from the fullest report marked.

The drift entries come from the link stage (``statements.drift_json``, format in
docs/drift.md): one entry per report keyed by ``quote_id``, the base (fullest
report) first, each with ``flags`` and word-level ``ops`` (equal, added, dropped,
substituted) whose ``span`` are offsets into that report's text. Here they become
HTML: words added or changed in a report are wrapped in ``<ins>``/``<mark>``, words
of the base that a report dropped are shown struck through where they would be.
Unknown keys or a shape this module does not know are shown as plain data.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

FLAG_LABELS = {
    "shortened": "quote shortened",
    "words_added": "words added",
    "words_dropped": "words dropped",
    "words_changed": "words changed",
    "direct_to_paraphrase": "direct quote turned into paraphrase",
    "partly_paraphrased": "direct quote partly paraphrased",
    "quotes_paraphrase": "quotation marks on words others paraphrase",
}
OP_TAGS = {
    "added": ('<ins class="drift-added" title="not in the fullest report">', "</ins>"),
    "substituted": ('<mark class="drift-changed" title="worded differently from the fullest report: {base}">', "</mark>"),
}


def _span_ok(span: Any, size: int, cursor: int) -> bool:
    return (
        isinstance(span, list) and len(span) == 2 and all(isinstance(v, int) for v in span)
        and cursor <= span[0] < span[1] <= size
    )


def drift_html(text: str, entry: dict[str, Any] | None) -> Markup:
    """The report's text, escaped, with the drift ops of ``entry`` marked (plain text when none fit)."""
    ops = (entry or {}).get("ops")
    if not isinstance(ops, list) or (entry or {}).get("role") == "base":
        return Markup(escape(text))
    out: list[str] = []
    cursor = 0
    for op in ops:
        if not isinstance(op, dict):
            continue
        kind = op.get("op")
        if kind == "dropped":
            base_text = str(op.get("base_text") or "")
            if not base_text:
                continue
            dropped = f'<del class="drift-dropped" title="dropped from the fullest report">{escape(base_text)}</del>'
            # Put the dropped words between the surrounding words, with a space on each side.
            gap = cursor
            while gap < len(text) and text[gap].isspace():
                gap += 1
            out.append(str(escape(text[cursor:gap])))
            cursor = gap
            out.append(dropped + " " if 0 < gap < len(text) or (gap == 0 and text) else (" " + dropped))
            continue
        span = op.get("span")
        if not _span_ok(span, len(text), cursor):
            continue
        start, end = span  # type: ignore[misc]  # checked by _span_ok
        out.append(str(escape(text[cursor:start])))
        if kind in OP_TAGS:
            opening, closing = OP_TAGS[kind]
            out.append(opening.format(base=escape(str(op.get("base_text") or ""))) + str(escape(text[start:end])) + closing)
        else:  # equal: the words both reports share
            out.append(str(escape(text[start:end])))
        cursor = end
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))


def report_views(statement: dict[str, Any]) -> dict[str, Any]:
    """The reports of ``statement`` with their drift entry, flags in words and marked-up text.

    The fullest report (the base of the alignment) comes first.
    """
    raw = statement.get("drift")
    drift: list[Any] = raw if isinstance(raw, list) else []
    by_quote = {d.get("quote_id"): d for d in drift if isinstance(d, dict)}
    order = {d.get("quote_id"): i for i, d in enumerate(drift) if isinstance(d, dict)}
    views = []
    base = None
    for rep in statement.get("reports", []):
        entry = by_quote.get(rep["quote_id"])
        flags = [f for f in (entry or {}).get("flags", []) if isinstance(f, str)]
        view = {
            **rep,
            "drift": entry,
            "role": (entry or {}).get("role"),
            "flags": [{"flag": f, "label": FLAG_LABELS.get(f, f.replace("_", " "))} for f in flags],
            "similarity": (entry or {}).get("similarity"),
            "counts": (entry or {}).get("counts") or {},
            "quoted_paraphrase": (entry or {}).get("quoted_paraphrase") or [],
            "html": drift_html(rep["text"], entry),
        }
        if view["role"] == "base":
            base = view
        views.append(view)
    views.sort(key=lambda v: (v["role"] != "base", order.get(v["quote_id"], len(order)), v["published"] or "", v["quote_id"]))
    known = {"quote_id", "article_id", "outlet", "kind", "role", "flags", "similarity", "counts", "ops", "quoted_paraphrase"}
    extra = [
        {"quote_id": d.get("quote_id"), "data": {k: v for k, v in d.items() if k not in known}}
        for d in drift
        if isinstance(d, dict) and set(d) - known
    ]
    return {"reports": views, "base": base, "drift": {"entries": len(drift), "extra": extra}}
