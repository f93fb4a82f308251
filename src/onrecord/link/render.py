"""Terminal rendering of a statement and its drift (Rich), for ``onrecord statement ID``.

Each report is one row beside the others; in its text, words the base does not have are
green (added) or yellow (substituted), and the base's words the report leaves out are
listed in red, struck through. Quoted words that others give as paraphrase are marked.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

STYLES = {"added": "bold green", "substituted": "bold yellow", "dropped": "red strike"}


def drift_text(text: str, entry: dict[str, Any] | None) -> Text:
    """The report's text with its drift operations styled."""
    out = Text(text)
    if not entry:
        return out
    dropped: list[str] = []
    for op in entry.get("ops", []):
        if op["op"] in ("added", "substituted") and op.get("span"):
            out.stylize(STYLES[op["op"]], op["span"][0], op["span"][1])
        if op["op"] in ("dropped", "substituted") and op.get("base_text"):
            dropped.append(op["base_text"])
    if entry.get("role") == "report" and dropped:
        out.append("\n")
        out.append("instead of / without: ", style="dim")
        for k, words in enumerate(dropped):
            if k:
                out.append(" | ", style="dim")
            out.append(words, style=STYLES["dropped"])
    return out


def render_statement(detail: dict[str, Any], console: Any) -> None:
    head = Text()
    head.append(f"statement {detail['id']}: ", style="bold")
    head.append(detail["speaker"] or "unknown speaker", style="bold cyan")
    when = detail["said_on"] or (f"published from {detail['first_published']}" if detail["first_published"] else "date unknown")
    head.append(f"  {when}", style="dim")
    if detail["said_where"]:
        head.append(f"  at {detail['said_where']}", style="dim")
    head.append(f"  {detail['n_reports']} report(s)", style="dim")
    console.print(head)
    drift = {d["quote_id"]: d for d in detail["drift"]}
    table = Table(expand=True, show_lines=True)
    table.add_column("outlet / date / kind", style="green", no_wrap=True)
    table.add_column("report (green added, yellow changed, red left out vs. the fullest)", ratio=1)
    table.add_column("drift", style="magenta")
    order = sorted(detail["reports"], key=lambda r: (drift.get(r["quote_id"], {}).get("role") != "base", r["published"] or ""))
    for r in order:
        entry = drift.get(r["quote_id"])
        flags = ["fullest report"] if entry and entry["role"] == "base" else list(entry["flags"]) if entry else []
        if entry and entry.get("quoted_paraphrase"):
            flags.append("quoted: " + ", ".join(entry["quoted_paraphrase"]))
        meta = f"{r['outlet'] or '?'}\n{r['published'] or ''}\n{r['kind']}\n[{r['article_id']}]"
        table.add_row(meta, drift_text(r["text"], entry), "\n".join(flags))
    console.print(table)
