"""Score the quote stage on a gold set from cached parses, and list its errors for analysis.

    .venv/bin/python tools/quote_errors.py train --out /tmp/train_errors.txt
    .venv/bin/python tools/quote_errors.py seeds --out /tmp/seed_errors.txt

The scores are those of ``onrecord eval`` (same pipeline stages after the parse, same
scorers); the parse of each article comes from the cache of tools/corpus.py, so a re-run
after a change to the extractor takes seconds, not minutes. Error lines (written outside the
repository): ``FP`` a predicted statement with no gold match (and the nearest gold one),
``FN`` a gold statement not found, ``SPK`` a matched statement with the wrong speaker.
Tune on PolNeAR train only; dev is for reporting (``onrecord eval``), not for reading errors.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import corpus

from onrecord.eval import score_set
from onrecord.eval.gold import GoldSet
from onrecord.eval.score import match, mention_match, name_match, token_f1

MEASURES = ("statements", "statements_exact", "direct", "direct_exact")


def run(name: str, limit: int | None, cache: Path, resolve: bool) -> tuple[dict, list]:
    pipe, items = corpus.load(name, limit, cache)
    if not resolve:
        import onrecord.quotes as quotes

        quotes._name_speakers = lambda *a: None  # the mention is scored on PolNeAR, not the name
    started = time.monotonic()
    for it in items:
        if it.doc is not None:
            pipe.finish(it.ex, it.doc)
    seconds = time.monotonic() - started
    exs = [it.ex for it in items]
    if resolve:
        from onrecord.quotes.speakers import canonicalize_corpus

        canonicalize_corpus(exs)
    gs = GoldSet(name=name, path=str(corpus.split_path(name)), kind="seeds" if name == "seeds" else "jsonl",
                 articles=[it.gold for it in items], speaker_field="name" if name == "seeds" else "mention")
    result = score_set(gs, exs)
    result["seconds"] = round(seconds, 1)
    return result, items


def report(r: dict) -> str:
    lines = [f"{r['name']}: {r['articles']} articles, {r['skipped']} skipped, quote stage {r['seconds']}s"]
    for k in MEASURES:
        t = r[k]
        lines.append(f"  {k:17} P={t['precision']:.3f} R={t['recall']:.3f} F1={t['f1']:.3f}  {t['tp']}/{t['predicted']}/{t['gold']}")
    lines.append("  recall by kind " + ", ".join(f"{k} {v['accuracy']:.3f}" for k, v in r["recall_by_kind"].items()))
    sp = r["speaker"]
    lines.append(f"  speaker ({sp['compared']}) {sp['accuracy']:.3f}  {sp['correct']}/{sp['n']}")
    return "\n".join(lines)


def dump(items: list, out: Path, by_name: bool) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for it in items:
            quotes = it.ex.quotes
            gold = it.gold.statements
            pairs = match([q.text for q in quotes], [g.content for g in gold])
            mp = {i for i, _, _ in pairs}
            mg = {j for _, j, _ in pairs}
            fh.write(f"##### {it.gold.id}\n")
            for i, q in enumerate(quotes):
                if i in mp:
                    continue
                cue = q.cue.text if q.cue else None
                fh.write(f"FP {q.kind} cue={cue!r} spk={q.speaker.mention!r} | {q.text[:240]!r}\n")
                best = max(gold, key=lambda g, q=q: token_f1(q.text, g.content), default=None)
                if best is not None and token_f1(q.text, best.content) > 0.2:
                    fh.write(f"   ~{token_f1(q.text, best.content):.2f} {best.kind} cue={best.cue!r} | {best.content[:240]!r}\n")
            for j, g in enumerate(gold):
                if j not in mg:
                    fh.write(f"FN {g.kind} cue={g.cue!r} spk={g.mention!r} | {g.content[:240]!r}\n")
            # The direct-quote measure on its own: direct predictions against direct gold.
            dq = [q for q in quotes if q.kind == "direct"]
            dg = [g for g in gold if g.kind == "direct"]
            dpairs = match([q.text for q in dq], [g.content for g in dg])
            dmp = {i for i, _, _ in dpairs}
            dmg = {j for _, j, _ in dpairs}
            for i, q in enumerate(dq):
                if i not in dmp:
                    best = max(gold, key=lambda g, q=q: token_f1(q.text, g.content), default=None)
                    near = f" ~{token_f1(q.text, best.content):.2f} gold {best.kind}" if best is not None else ""
                    fh.write(f"DFP cue={q.cue.text if q.cue else None!r} spk={q.speaker.mention!r}{near} | {q.text[:160]!r}\n")
            for j, g in enumerate(dg):
                if j not in dmg:
                    best = max(quotes, key=lambda q, g=g: token_f1(q.text, g.content), default=None)
                    near = f" ~{token_f1(best.text, g.content):.2f} pred {best.kind}" if best is not None else ""
                    fh.write(f"DFN cue={g.cue!r} spk={g.mention!r}{near} | {g.content[:160]!r}\n")
            for i, j, _ in pairs:
                q, g = quotes[i], gold[j]
                ok = name_match(q.speaker.name, g.speaker) if by_name else mention_match(q.speaker.mention, g.mention)
                if not ok:
                    pred = q.speaker.name if by_name else q.speaker.mention
                    fh.write(f"SPK pred={pred!r} gold={(g.speaker if by_name else g.mention)!r} cue={g.cue!r} | {g.content[:120]!r}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("set", help="train | dev | seeds | a gold file")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, default=None, help="write the error list here (outside the repository)")
    ap.add_argument("--cache", type=Path, default=corpus.DEFAULT_CACHE)
    ap.add_argument("--no-resolve", action="store_true", help="skip speaker resolution (mentions only; faster)")
    args = ap.parse_args()
    resolve = not args.no_resolve
    result, items = run(args.set, args.limit, args.cache, resolve)
    print(report(result))
    if args.out:
        dump(items, args.out, by_name=args.set == "seeds" and resolve)


if __name__ == "__main__":
    main()
