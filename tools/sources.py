"""Where a publication date and an outlet can come from: measured on the gold sets.

    .venv/bin/python tools/sources.py                     # seeds + PolNeAR dev
    .venv/bin/python tools/sources.py --sets seeds train  # any of seeds, dev, train

For each article it withholds everything but one source and scores the result against the
gold (the scorers of ``onrecord eval``):

- **text alone**: the cleaned text, no metadata, no URL. The date is right when the estimate
  is that day (precision day); the range holding the gold date is counted too.
- **URL alone**: only the URL, where the gold has one (the seeds' gold records the page
  address; PolNeAR records none). The date is right when the URL names that day, the outlet
  when the registry knows the host.

Gold is read from ../shared at run time; nothing of it is written anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from onrecord.clean import clean_document  # noqa: E402
from onrecord.clean.outlets import detect_outlet, host_of, load_registry  # noqa: E402
from onrecord.dating import date_article  # noqa: E402
from onrecord.dating.urls import date_from_url  # noqa: E402
from onrecord.eval.gold import load_gold_set  # noqa: E402
from onrecord.eval.score import outlet_match  # noqa: E402
from onrecord.model import RawDocument  # noqa: E402
from onrecord.settings import load_settings  # noqa: E402

SHARED = (REPO / ".." / "shared").resolve()
SETS = {
    "seeds": SHARED / "examples" / "seeds" / "gold.json",
    "dev": SHARED / "datasets" / "polnear" / "dev.jsonl",
    "train": SHARED / "datasets" / "polnear" / "train.jsonl",
}


def _seed_urls(path: Path) -> dict[str, str | None]:
    if path.suffix != ".json":
        return {}
    return {entry["file"]: entry.get("url") for entry in json.loads(path.read_text(encoding="utf-8"))}


def measure(path: Path) -> Counter[str]:
    settings = load_settings(env={})
    reg = load_registry(settings.outlet_registry)
    run_day = dt.date.fromisoformat(settings.run_day)
    urls = _seed_urls(path)
    gold = load_gold_set(str(path), settings)
    c: Counter[str] = Counter()
    for art in gold.articles:
        c["articles"] += 1
        bare = RawDocument(id=art.raw.id, source=art.raw.source, text=art.raw.text)  # no metadata, no URL
        cleaned = clean_document(bare, settings)
        date = date_article(bare, cleaned, settings)
        c["text_date_right"] += bool(art.published) and date.published == art.published and date.precision == "day"
        c["text_range_holds"] += bool(art.published and date.range) and date.range[0] <= art.published <= date.range[1]
        c["text_outlet_right"] += bool(art.outlet) and outlet_match(detect_outlet(bare, cleaned, settings).outlet, art.outlet)
        url = urls.get(art.id) or art.raw.url
        if not url:
            continue
        c["with_url"] += 1
        from_url = date_from_url(url, run_day)
        c["url_date_right"] += bool(from_url) and from_url[0].isoformat() == art.published and from_url[1] == "day"
        known = reg.lookup_host(host_of(url))
        c["url_outlet_right"] += bool(known) and outlet_match(known.name if known else None, art.outlet)
    return c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="+", choices=sorted(SETS), default=["seeds", "dev"])
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = ap.parse_args()
    results = {}
    for name in args.sets:
        if not SETS[name].exists():
            print(f"{name}: {SETS[name]} is absent, skipped", file=sys.stderr)
            continue
        results[name] = measure(SETS[name])
    if args.json:
        print(json.dumps({k: dict(v) for k, v in results.items()}, indent=2))
        return
    table = Table(title="publication date and outlet, one source at a time")
    for col in ("set", "articles", "date from text", "range holds gold", "outlet from text", "with URL",
                "date from URL", "outlet from URL"):
        table.add_column(col, justify="right" if col != "set" else "left")

    def share(n: int, d: int) -> str:
        return f"{n}/{d} ({n / d:.0%})" if d else "-"

    for name, c in results.items():
        a, u = c["articles"], c["with_url"]
        table.add_row(name, str(a), share(c["text_date_right"], a), share(c["text_range_holds"], a),
                      share(c["text_outlet_right"], a), str(u), share(c["url_date_right"], u),
                      share(c["url_outlet_right"], u))
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
