"""A large synthetic store for the web latency benchmark: realistic shape, made offline.

``python -m bench.synthetic_store --statements 100000 --db bench/results/web-100k.db``

- Speakers follow a Zipf law (the busiest has about a fifth of all statements, so one
  speaker page shows ~20,000 statements), with aliases and roles like the registry's.
- Statements are sentences built from templates over a political-news vocabulary,
  said on dates across fifteen years, at named occasions; each is reported by one to
  five outlets (most by one), some reports shortened or turned into paraphrase.
- Reports are packed into articles (one outlet, one day, one to five statements,
  with filler sentences around them), and everything goes in through
  ``Store.save_batch`` exactly as the pipeline's output does; the statements and
  their drift are written as the link stage writes them.

Deterministic for a given ``--seed``. The result is cached by its parameters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

from onrecord.model import Article, Extraction, Quote, Span, SpeakerRef
from onrecord.store import Store

FIRST_NAMES = [
    "Sergei", "Maria", "John", "Angela", "Emmanuel", "Recep", "Xi", "Narendra", "Olaf", "Ursula", "Antony", "Wang",
    "Josep", "Ahmet", "Hassan", "Ali", "Dmitry", "Kamala", "Rishi", "Fumio", "Luiz", "Cyril", "Volodymyr", "Mark",
    "Jens", "Charles", "Liz", "Giorgia", "Pedro", "Justin", "Anthony", "Boris", "Nikol", "Ilham", "Kassym", "Abiy",
]
LAST_NAMES = [
    "Lavrov", "Zakharova", "Kerry", "Merkel", "Macron", "Erdogan", "Jinping", "Modi", "Scholz", "von der Leyen",
    "Blinken", "Yi", "Borrell", "Davutoglu", "Rouhani", "Khamenei", "Peskov", "Harris", "Sunak", "Kishida", "da Silva",
    "Ramaphosa", "Zelensky", "Rutte", "Stoltenberg", "Michel", "Truss", "Meloni", "Sanchez", "Trudeau", "Guterres",
    "Johnson", "Pashinyan", "Aliyev", "Tokayev", "Ahmed", "Bogdanov", "Nebenzia", "Ryabkov", "Shoigu",
]
ROLES = [
    "Foreign Minister", "President", "Prime Minister", "Defence Minister", "spokeswoman", "spokesman",
    "Secretary of State", "Secretary-General", "Chancellor", "Deputy Foreign Minister", "UN envoy", "senator",
]
OUTLETS = [
    "Reuters", "AFP", "Associated Press", "BBC News", "Al Jazeera", "TASS", "RIA Novosti", "Xinhua", "SANA",
    "Press TV", "Anadolu Agency", "Deutsche Welle", "France 24", "The Guardian", "The New York Times",
    "The Washington Post", "Le Monde", "Der Spiegel", "Haaretz", "The Hindu", "NHK World", "Yonhap", "CNN",
    "Sky News", "Euronews", "RT", "Sputnik", "Kyiv Independent", "Meduza", "Interfax", "Daily Sabah",
    "Hurriyet Daily News", "Tehran Times", "Gulf News", "Arab News", "South China Morning Post", "The Times",
    "Financial Times", "Bloomberg", "Politico",
]
COUNTRIES = [
    "Russia", "the United States", "China", "Turkey", "Iran", "Syria", "Ukraine", "France", "Germany", "Britain",
    "India", "Japan", "Israel", "Egypt", "Saudi Arabia", "the European Union", "NATO", "the United Nations",
    "Brazil", "South Africa", "Armenia", "Azerbaijan", "Kazakhstan", "Ethiopia", "Qatar", "Jordan", "Iraq",
]
TOPICS = [
    "sanctions", "the ceasefire", "peace talks", "the nuclear programme", "energy supplies", "gas prices",
    "the refugee crisis", "humanitarian aid", "military intervention", "the border dispute", "trade tariffs",
    "the election results", "climate commitments", "the vaccine rollout", "arms deliveries", "the grain corridor",
    "debt relief", "the security council resolution", "troop withdrawal", "prisoner exchanges", "cyber attacks",
    "the oil embargo", "inflation", "interest rates", "the constitutional reform", "press freedom",
    "the chemical weapons inquiry", "naval exercises", "airspace violations", "the pipeline project",
]
VERBS = [
    "will not accept", "strongly supports", "categorically rejects", "is ready to discuss", "will continue to oppose",
    "welcomes", "condemns", "is deeply concerned about", "has no plans to change", "insists on", "calls for an end to",
    "will veto any attempt at", "sees no alternative to", "is committed to", "warned against", "demands clarity on",
]
CLAUSES = [
    "as long as the other side keeps violating its obligations",
    "because it undermines the sovereignty of independent states",
    "and expects its partners to respect the agreements already reached",
    "without preconditions and on the basis of international law",
    "in close coordination with regional partners",
    "despite the pressure coming from Western capitals",
    "which only the people of the country can decide",
    "until a credible and independent investigation is completed",
    "before the end of the year if conditions allow",
    "and any other approach would be a dangerous mistake",
]
CUES = ["said", "told reporters", "stressed", "added", "noted", "warned", "declared", "said in a statement"]
OCCASIONS = [
    "a press conference in {city}", "talks in {city}", "a meeting with his counterpart in {city}",
    "a joint news conference in {city}", "the UN General Assembly", "an interview with state television",
    "a security forum in {city}", "a briefing in {city}", "the G20 summit in {city}",
]
CITIES = ["Moscow", "Geneva", "Istanbul", "Ankara", "Beijing", "Paris", "Berlin", "London", "New York", "Vienna",
          "Doha", "Cairo", "Astana", "Brussels", "Tokyo", "Delhi", "Riyadh", "Tehran", "Kyiv", "Minsk"]
FILLER = [
    "The meeting came amid growing tensions in the region.",
    "Officials from both sides have met several times this year.",
    "Analysts say the dispute is unlikely to be resolved soon.",
    "The ministry did not give further details.",
    "Markets reacted cautiously to the news on {day}.",
    "Talks are expected to resume next month in {city}.",
    "The statement followed a phone call between the two leaders.",
    "Diplomats said a draft text was still being negotiated.",
    "Opposition groups criticised the decision.",
    "The issue has dominated the agenda of recent international meetings.",
]


@dataclass
class Report:
    kind: str
    text: str
    mention: str
    cue: str
    outlet: str
    published: str
    statement: int


def zipf_speakers(rng: random.Random, n_speakers: int) -> list[tuple[str, float]]:
    names: set[str] = set()
    out = []
    while len(out) < n_speakers:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name in names:
            name = f"{name} {len(out)}"
        names.add(name)
        out.append((name, 1.0 / (len(out) + 1) ** 1.1))
    return out


def sentence(rng: random.Random) -> str:
    subject = rng.choice(COUNTRIES)
    text = f"{subject} {rng.choice(VERBS)} {rng.choice(TOPICS)} {rng.choice(CLAUSES)}"
    if rng.random() < 0.4:
        text += f", and {rng.choice(COUNTRIES)} {rng.choice(VERBS)} {rng.choice(TOPICS)}"
    return text[0].upper() + text[1:]


def variants(rng: random.Random, text: str, n: int) -> list[tuple[str, str]]:
    """(kind, text) for each report: the first verbatim and direct, the others shortened or paraphrased."""
    out = [("direct", text)]
    for _ in range(n - 1):
        roll = rng.random()
        if roll < 0.4:
            out.append(("direct", text))
        elif roll < 0.7:
            words = text.split()
            out.append(("direct", " ".join(words[: max(6, len(words) * 2 // 3)])))
        else:
            para = text.replace("will not", "would not").replace("is ready", "was ready").replace(" is ", " was ")
            out.append(("indirect", para[0].lower() + para[1:]))
    return out


def generate(n_statements: int, seed: int) -> tuple[list[tuple[str, list[str], str]], list[Report], dict[int, dict]]:
    rng = random.Random(seed)
    speakers = zipf_speakers(rng, max(50, n_statements // 150))
    names = [s for s, _ in speakers]
    weights = [w for _, w in speakers]
    start = dt.date(2010, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - start
    reports: list[Report] = []
    statements: dict[int, dict] = {}
    for sid in range(n_statements):
        speaker = rng.choices(names, weights)[0]
        said = dt.date.fromordinal(start + rng.randrange(span))
        occasion = rng.choice(OCCASIONS).format(city=rng.choice(CITIES)) if rng.random() < 0.7 else None
        n_reports = rng.choices([1, 2, 3, 4, 5], [60, 20, 10, 6, 4])[0]
        outlets = rng.sample(OUTLETS, n_reports)
        base = sentence(rng)
        statements[sid] = {"speaker": speaker, "said_on": said.isoformat(), "said_where": occasion}
        last = speaker.split()[-1]
        for (kind, text), outlet in zip(variants(rng, base, n_reports), outlets, strict=True):
            published = (said + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2]))).isoformat()
            mention = rng.choice([speaker, last, f"{rng.choice(ROLES)} {speaker}"])
            reports.append(Report(kind, text, mention, rng.choice(CUES), outlet, published, sid))
    roles = {name: rng.choice(ROLES) for name in names}
    return [(n, [n.split()[-1]], roles[n]) for n in names], reports, statements


def articles_from(rng: random.Random, reports: list[Report]) -> list[tuple[Extraction, list[int]]]:
    """Pack reports into articles; returns extractions and, per quote, its statement number."""
    # An outlet's reports of one week share articles; an article comes out on the day of its latest report.
    by_key: dict[tuple[str, int], list[Report]] = {}
    for r in reports:
        by_key.setdefault((r.outlet, dt.date.fromisoformat(r.published).toordinal() // 7), []).append(r)
    out = []
    n = 0
    for (outlet, _week), group in sorted(by_key.items()):
        rng.shuffle(group)
        i = 0
        while i < len(group):
            size = rng.randint(1, 5)
            chunk, i = group[i : i + size], i + size
            n += 1
            out.append(_article(rng, f"syn-{n}", outlet, max(r.published for r in chunk), chunk))
    return out


def _article(rng: random.Random, doc_id: str, outlet: str, published: str, chunk: list[Report]) -> tuple[Extraction, list[int]]:
    title = f"{chunk[0].mention.split()[-1]}: {chunk[0].text[:60].rsplit(' ', 1)[0]}"
    text = title + "\n\n"
    quotes: list[Quote] = []
    day = dt.date.fromisoformat(published).strftime("%A")
    for r in chunk:
        text += rng.choice(FILLER).format(day=day, city=rng.choice(CITIES)) + " "
        # A direct quote: "TEXT," MENTION CUE.  Indirect speech: MENTION CUE that TEXT.
        pieces: list[str | tuple[str, str]] = (
            ['"', ("q", r.text), '," ', ("m", r.mention), " ", ("c", r.cue), ".\n\n"]
            if r.kind == "direct"
            else [("m", r.mention), " ", ("c", r.cue), " that ", ("q", r.text), ".\n\n"]
        )
        spans: dict[str, tuple[int, int]] = {}
        for piece in pieces:
            if isinstance(piece, tuple):
                spans[piece[0]] = (len(text), len(text) + len(piece[1]))
                text += piece[1]
            else:
                text += piece
        (q0, q1), (m0, m1), (c0, c1) = spans["q"], spans["m"], spans["c"]
        quotes.append(
            Quote(
                kind=r.kind, parts=[Span(text[q0:q1], q0, q1)], cue=Span(text[c0:c1], c0, c1),
                speaker=SpeakerRef(None, text[m0:m1], m0, m1, "person", "name"), confidence=0.9, version="synthetic",
            )
        )
    text += rng.choice(FILLER).format(day=day, city=rng.choice(CITIES))
    article = Article(id=doc_id, source=f"synthetic/{doc_id}", text=text, title=title, outlet=outlet, language="en",
                      published=published, published_precision="day", published_source="metadata")
    return Extraction(id=doc_id, source=article.source, article=article, quotes=quotes, input_hash="syn-" + doc_id), [
        r.statement for r in chunk
    ]


def build(db: Path, n_statements: int = 100_000, seed: int = 7, *, drift: bool = True) -> Path:
    """Write the store at ``db`` (skipped when a finished one with these parameters is there)."""
    from onrecord.link.drift import DriftReport, compute_drift

    marker = db.with_suffix(".json")
    params = {"statements": n_statements, "seed": seed, "drift": drift, "version": 1}
    if db.exists() and marker.exists() and json.loads(marker.read_text()) == params:
        return db
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    rng = random.Random(seed + 1)
    speakers, reports, statements = generate(n_statements, seed)
    articles = articles_from(rng, reports)
    with Store(db) as store:
        # Speakers first, so that every quote's speaker name resolves through the alias table.
        with store.transaction() as conn:
            for name, aliases, role in speakers:
                sid = store.speaker_id(conn, name, "person")
                for alias in aliases:
                    conn.execute("INSERT OR IGNORE INTO speaker_aliases (alias, speaker_id) VALUES (?, ?)", (alias, sid))
                conn.execute("INSERT INTO speaker_roles (speaker_id, role, first_seen, last_seen) VALUES (?, ?, '2010-01-01', "
                             "'2024-12-31')", (sid, role))
        for ex, owners in articles:
            for q, owner in zip(ex.quotes, owners, strict=True):
                q.speaker.name = statements[owner]["speaker"]
                q.said_on = statements[owner]["said_on"]
                q.said_where = statements[owner]["said_where"]
        for i in range(0, len(articles), 500):
            store.save_batch([ex for ex, _ in articles[i : i + 500]])
        print(f"articles and quotes stored in {time.monotonic() - started:.0f} s", flush=True)
        # Statements, as the link stage writes them: one row per utterance, quotes pointing at it.
        owner_of: dict[str, list[int]] = {ex.id: owners for ex, owners in articles}
        members: dict[int, list[tuple]] = {}
        for qid, doc_id, seq, kind, text, outlet, published, speaker_id in store.conn.execute(
            "SELECT q.id, a.doc_id, q.seq, q.kind, q.text, a.outlet, a.published, q.speaker_id "
            "FROM quotes q JOIN articles a ON a.id = q.article_id"
        ):
            members.setdefault(owner_of[doc_id][seq], []).append((qid, doc_id, kind, text, outlet, published, speaker_id))
        with store.transaction() as conn:
            for owner, rows in members.items():
                st = statements[owner]
                drift_json = "[]"
                if drift and len(rows) > 1:
                    drift_json = json.dumps(compute_drift([DriftReport(r[0], r[1], r[4], r[2], r[3]) for r in rows]))
                sid = conn.execute(
                    "INSERT INTO statements (speaker_id, said_on, said_where, first_published, n_reports, drift_json, version) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'synthetic') RETURNING id",
                    (rows[0][6], st["said_on"], st["said_where"], min(r[5] for r in rows), len(rows), drift_json),
                ).fetchone()[0]
                conn.executemany("UPDATE quotes SET statement_id = ? WHERE id = ?", [(sid, r[0]) for r in rows])
            conn.execute(
                "UPDATE speakers SET statement_count = (SELECT COUNT(*) FROM statements s WHERE s.speaker_id = speakers.id)"
            )
        store.conn.execute("PRAGMA optimize")
        counts = store.counts()
    marker.write_text(json.dumps(params))
    print(f"built {db} in {time.monotonic() - started:.0f} s: {counts}", flush=True)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", default="bench/results/web-100k.db")
    parser.add_argument("--no-drift", action="store_true", help="Leave drift empty (faster to build).")
    args = parser.parse_args()
    build(Path(args.db), args.statements, args.seed, drift=not args.no_drift)


if __name__ == "__main__":
    main()
