"""Regenerate the measured columns of src/onrecord/data/cues.tsv from PolNeAR train.

    .venv/bin/python tools/learn_cues.py                 # rewrite cues.tsv in place
    .venv/bin/python tools/learn_cues.py --out /tmp/cues.tsv --check

PolNeAR is read from ../shared at run time; only counts are written (docs/cues.md).

What is kept and what is measured:

- The hand-made rows (every class but ``attribution``): ``cue``, ``kind``, ``class`` and
  ``forms`` are read from the current file, in its order. Add a cue by adding a row.
- ``train_cues`` / ``train_tokens`` / ``train_precision``: on the paragraph view of each
  train text (lines stripped, joined by blank lines, so the gold offsets map one to one),
  how often a token with this lemma and part of speech (VERB for verb and phrase rows
  headed by a verb, NOUN for noun rows) heads a gold cue, and how often it occurs. A
  phrase row has counts only for "according to" (the lemma "accord").
- The learned ``attribution`` rows: every verb lemma heading at least MIN_CUES gold cues
  at a precision of at least MIN_PRECISION that no hand row has, minus light verbs
  (LIGHT_VERBS), most frequent first.
- ``frames``: the extractor is run over train with every gate open (no weight minimum, no
  frame minimum, nested statements kept); for each (cue lemma, frame) it counts the
  statements made and those that match a gold statement (token F1 >= 0.5). Pairs seen at
  least twice are written, most frequent first.

The frames depend on the extractor, so re-run this after changing it (docs/cues.md).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import corpus

from onrecord.eval.score import match
from onrecord.pipeline import load_nlp

CUES = corpus.REPO / "src" / "onrecord" / "data" / "cues.tsv"
COLUMNS = ["cue", "kind", "class", "forms", "train_cues", "train_tokens", "train_precision", "frames"]
MIN_CUES = 4
MIN_PRECISION = 0.2
MIN_FRAME_FOUND = 2
# Verbs that head many PolNeAR cues as part of a longer phrase ("make clear", "take issue")
# or by annotation noise, but are no cue on their own.
LIGHT_VERBS = frozenset({
    "accord", "hop", "retweete", "be", "have", "do", "make", "go", "take", "get", "give", "come", "use",
    "include", "begin", "try", "put", "pass", "look", "like", "vote", "need", "keep", "let", "run", "win",
    "start", "hold", "lead", "leave", "turn", "work", "play", "move", "live", "help", "allow", "lose",
    "happen", "set", "meet", "become", "seem", "appear", "continue", "tick", "zero", "single", "lay", "line",
    "double", "sentence", "scar", "boo", "pump", "spot", "cast", "draw", "paint", "dedicate", "devote",
    "experience", "display", "mandate", "prohibit", "withhold", "float", "pivot", "spar", "brush", "project",
    "focus",
})
# Irregular and doubled forms for the learned rows (hand rows carry their own forms).
IRREGULAR = {"shoot": "shot", "hit": "hit", "say": "said", "tell": "told", "think": "thought", "write": "wrote,written",
             "speak": "spoke,spoken", "know": "knew,known", "see": "saw,seen", "find": "found", "feel": "felt",
             "swear": "swore,sworn", "show": "shown", "forecast": "forecast", "foresee": "foresaw,foreseen",
             "understand": "understood", "hold": "held", "begin": "began,begun", "give": "gave,given",
             "take": "took,taken", "go": "went,gone", "make": "made", "read": "read", "lead": "led", "cast": "cast",
             "bring": "brought", "seek": "sought", "teach": "taught", "mean": "meant", "beg": "begged",
             "plan": "planned", "chat": "chatted", "admit": "admitted", "regret": "regretted", "refer": "referred",
             "prefer": "preferred", "commit": "committed", "rebut": "rebutted", "omit": "omitted",
             "quip": "quipped", "chide": "chid,chided", "stop": "stopped", "text": "texted",
             "retweet": "retweeted", "tweet": "tweeted", "email": "emailed", "pen": "penned", "fret": "fretted",
             "scold": "scolded", "imply": "implied", "reply": "replied", "deny": "denied",
             "testify": "testified", "clarify": "clarified", "decry": "decried", "rally": "rallied",
             "cry": "cried", "worry": "worried", "apologize": "apologized", "summarize": "summarized",
             "ask": "asked", "rant": "ranted"}


def verb_forms(lemma: str) -> list[str]:
    """Surface forms of a verb: the lemma, -s, -ed, -ing (regular rules plus IRREGULAR)."""
    head = lemma
    f = {head}
    if head in IRREGULAR:
        f.update(IRREGULAR[head].split(","))
    if head.endswith(("s", "sh", "ch", "x", "z", "o")):
        f.add(head + "es")
    elif head.endswith("y") and head[-2] not in "aeiou":
        f.add(head[:-1] + "ies")
    else:
        f.add(head + "s")
    if head not in IRREGULAR or head == "ask":
        if head.endswith("e"):
            f.add(head + "d")
        elif head.endswith("y") and head[-2] not in "aeiou":
            f.add(head[:-1] + "ied")
        else:
            f.add(head + "ed")
    if head.endswith("ie"):
        f.add(head[:-2] + "ying")
    elif head.endswith("e") and not head.endswith(("ee", "ye", "oe")):
        f.add(head[:-1] + "ing")
    else:
        f.add(head + "ing")
    if 2 < len(head) <= 4 and head[-1] not in "aeiouwxy" and head[-2] in "aeiou" and head[-3] not in "aeiou":
        f.update((head + head[-1] + "ed", head + head[-1] + "ing"))
    return sorted(f)


# -- lemma statistics -------------------------------------------------------------------------
def paragraph_view(text: str) -> tuple[str, dict[int, int]]:
    """Non-empty lines stripped and joined by blank lines, with a map of raw offsets to view offsets."""
    out: list[str] = []
    omap: dict[int, int] = {}
    pos, at, first = 0, 0, True
    for line in text.replace("\r\n", "\n").split("\n"):
        start = at
        at += len(line) + 1
        s = line.strip()
        if not s:
            continue
        off = start + line.index(s[0])
        if not first:
            out.append("\n\n")
            pos += 2
        first = False
        for k in range(len(s) + 1):
            omap[off + k] = pos + k
        out.append(s)
        pos += len(s)
    return "".join(out), omap


def _map_span(omap: dict[int, int], s: int, e: int) -> tuple[int | None, int | None]:
    a, b = omap.get(s), omap.get(e)
    if a is None:
        a = next((omap[k] for k in range(s, e) if k in omap), None)
    if b is None:
        for k in range(e, s, -1):
            if k in omap:
                b = omap[k] + 1 if k != e else omap[k]
                break
    return a, b


def lemma_stats(cache: Path) -> dict[tuple[str, str], tuple[int, int, float]]:
    """(lemma, POS) -> (gold cue heads, tokens, precision) over PolNeAR train."""
    nlp = load_nlp(corpus.settings().spacy_model)
    with (corpus.POLNEAR / "train.jsonl").open(encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh if line.strip()]
    views = [paragraph_view(r["text"]) for r in recs]
    docs = corpus.docs_for([v for v, _ in views], nlp, cache)
    gold: Counter[tuple[str, str]] = Counter()
    every: Counter[tuple[str, str]] = Counter()
    for rec, (_, omap), doc in zip(recs, views, docs, strict=True):
        for q in rec["quotes"]:
            if q.get("cue_start") is None:
                continue
            a, b = _map_span(omap, q["cue_start"], q["cue_end"])
            if a is None or b is None:
                continue
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            head = next((t for t in span if t.pos_ == "VERB"), span.root)
            gold[(head.lemma_.lower(), head.pos_)] += 1
        for tok in doc:
            every[(tok.lemma_.lower(), tok.pos_)] += 1
    rows = sorted(((g, every[k], g / max(1, every[k]), k) for k, g in gold.items()), reverse=True)
    # Precision is kept at the two decimals written to the file (the threshold compares those).
    return {k: (g, a, round(p, 2)) for g, a, p, k in rows}


# -- frames -----------------------------------------------------------------------------------
def frame_stats(cache: Path) -> list[tuple[str, str, int, int]]:
    """(cue lemma, frame, right, found) with every extractor gate open, most found first."""
    import onrecord.quotes.extract as x
    from onrecord.quotes.lexicon import load_lexicon

    x.MIN_WEIGHT, x.MIN_FRAME_WEIGHT, x.DROP_NESTED = 0.0, 0.0, False
    # The lexicon without its frames: the confidences that pick between duplicate statements
    # then do not depend on the frames being learned, so one run gives the result.
    comments, rows = read_rows(CUES)
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "cues.tsv"
        write(bare, comments, [[*(r[c] for c in COLUMNS[:-1]), ""] for r in rows])
        lex = load_lexicon(str(bare))
    _, items = corpus.load("train", None, cache)
    stats: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for it in items:
        if it.doc is None:
            continue
        text = it.ex.article.text
        found = x.Extractor(it.doc, text, lex, it.ex.article.title).run()
        contents = [" ".join(text[s:e] for s, e in f.parts) for f in found]
        ok = {i for i, _, _ in match(contents, [g.content for g in it.gold.statements])}
        for i, f in enumerate(found):
            key = (f.cue_lemma or "", f.frame)
            stats[key][1] += 1
            stats[key][0] += i in ok
    ordered = sorted(stats.items(), key=lambda kv: -kv[1][1])
    return [(lemma, frame, right, n) for (lemma, frame), (right, n) in ordered]


# -- the file ---------------------------------------------------------------------------------
def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    return comments, list(csv.DictReader(body, delimiter="\t"))


def build(rows: list[dict[str, str]], stats: dict, frames: list[tuple[str, str, int, int]]) -> list[list[str]]:
    by_lemma: dict[str, list[str]] = defaultdict(list)
    for lemma, frame, right, n in frames:
        if n >= MIN_FRAME_FOUND:
            by_lemma[lemma].append(f"{frame}={right}/{n}")
    hand = [r for r in rows if r["class"] != "attribution"]
    hand_verbs = {r["cue"] for r in hand if r["kind"] == "verb"}
    learned = [
        {"cue": lemma, "kind": "verb", "class": "attribution", "forms": ",".join(verb_forms(lemma))}
        for (lemma, pos), (g, _, p) in sorted(stats.items(), key=lambda kv: -kv[1][0])
        if pos == "VERB" and lemma not in hand_verbs and lemma not in LIGHT_VERBS and lemma.isalpha()
        and g >= MIN_CUES and p >= MIN_PRECISION
    ]
    verbs = [r for r in hand if r["kind"] == "verb"]
    others = [r for r in hand if r["kind"] != "verb"]
    out = []
    for r in verbs + learned + others:
        cue, kind = r["cue"], r["kind"]
        if kind == "noun":
            key = (cue, "NOUN")
        elif cue == "according to":
            key = ("accord", "VERB")
        elif kind == "verb":
            key = (cue, "VERB")
        else:
            key = None  # other phrases: PolNeAR's cue spans do not give a phrase a single head
        g, a, p = stats.get(key, (0, 0, None)) if key else (0, 0, None)
        out.append([cue, kind, r["class"], r["forms"], str(g), str(a), "" if p is None else f"{p:.2f}",
                    ";".join(by_lemma.get(cue, []))])
    return out


def write(path: Path, comments: list[str], rows: list[list[str]]) -> str:
    text = "\n".join([*comments, "\t".join(COLUMNS), *("\t".join(r) for r in rows)]) + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=CUES, help="where to write (default: cues.tsv in place)")
    ap.add_argument("--cache", type=Path, default=corpus.DEFAULT_CACHE, help="parse cache (outside the repository)")
    ap.add_argument("--check", action="store_true", help="print the differences with the current cues.tsv")
    args = ap.parse_args()
    if not (corpus.POLNEAR / "train.jsonl").exists():
        sys.exit(f"PolNeAR train not found under {corpus.POLNEAR}")
    before = CUES.read_text(encoding="utf-8")
    comments, rows = read_rows(CUES)
    stats = lemma_stats(args.cache)
    frames = frame_stats(args.cache)
    after = write(args.out, comments, build(rows, stats, frames))
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), "cues.tsv", str(args.out), n=0, lineterm="")]
    print(f"{len(rows)} rows read, {after.count(chr(10)) - len(comments) - 1} written to {args.out}; "
          f"{sum(1 for c in changed if c.startswith('+') and not c.startswith('+++'))} lines differ")
    if args.check:
        print("\n".join(changed))


if __name__ == "__main__":
    main()
