"""Every extraction of a fixed corpus as JSON Lines: the check that a speed change changed nothing.

    .venv/bin/python tools/snapshot.py /tmp/before.jsonl            # on the commit before
    .venv/bin/python tools/snapshot.py /tmp/after.jsonl             # on the change
    cmp /tmp/before.jsonl /tmp/after.jsonl                           # identical, or where not

The corpus is the seed articles, PolNeAR dev and the first ``--train`` PolNeAR train
articles (default 200; 840 for all), read from ../shared at run time; the output holds the
texts' statements and must stay outside the repository. Each line is one article: its
id, skip reason, publication date, outlet and every statement with all its fields (kind,
parts, cue, speaker mention, name, role and resolution, dates, confidence), keys sorted, so
two runs of the same code give the same bytes. ``--set parse_mode=full`` and the like
compare settings instead of commits.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

import corpus

from onrecord.model import RawDocument


def records(n_train: int) -> list[RawDocument]:
    raws = [RawDocument(id=p.stem, source="seeds", text=p.read_text(encoding="utf-8"))
            for p in sorted((corpus.SHARED / "examples" / "seeds").glob("*.txt"))]
    for split, limit in (("dev", None), ("train", n_train)):
        with corpus.split_path(split).open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if limit is not None and i >= limit:
                    break
                row = json.loads(line)
                raws.append(RawDocument(id=row["id"], source=split, text=row["text"],
                                        published=(row.get("meta") or {}).get("publication_date")))
    return raws


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the JSON Lines file to write (outside the repository)")
    parser.add_argument("--train", type=int, default=200, help="PolNeAR train articles to include")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a setting for this run")
    args = parser.parse_args(argv)
    if not corpus.split_path("dev").exists():
        print(f"{corpus.POLNEAR} is absent: nothing to run on", file=sys.stderr)
        return 1
    if args.out.resolve().is_relative_to(corpus.REPO):
        print("write the snapshot outside the repository: it holds PolNeAR text", file=sys.stderr)
        return 2
    from onrecord.settings import load_settings

    settings = load_settings(overrides=args.set, env={}, today=corpus.settings().run_day)
    pipeline = corpus.Pipeline(settings, nlp=corpus.load_nlp(settings.spacy_model))
    raws = records(args.train)
    started = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as fh:
        for ex in pipeline.run(raws):
            a = ex.article
            rec = {"id": ex.id, "skipped": str(ex.skipped), "published": str(a.published) if a else None,
                   "outlet": a.outlet if a else None, "quotes": [dataclasses.asdict(q) for q in ex.quotes]}
            fh.write(json.dumps(rec, sort_keys=True, default=str) + "\n")
    print(f"{len(raws)} articles in {time.perf_counter() - started:.1f} s -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
