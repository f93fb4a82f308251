"""A generated corpus for the scale tests and bench/scale.py: short articles made from the seeds.

Every article takes the opening sentence of two seed paragraphs (most hold a quote),
with the speaker, the country and a number changed so that no two texts are the
same, under a title of its own. The corpus mixes every multi-record format (JSON
Lines, WARC.gz with one gzip member per record, CSV), single files, and bad input:
broken JSON lines, records without text, a binary file, an empty file, a cut-off
WARC, a French article, and a record repeated verbatim (a duplicate input).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"

FIRST = ["Sergei", "Ahmet", "Catherine", "Kofi", "Walid", "Nabil", "Lakhdar", "Laurent", "William", "Maria",
         "Hassan", "Olga", "Javier", "Amina", "Peter", "Leila", "Tomas", "Yusuf", "Ines", "Karim"]
LAST = ["Lavrov", "Davutoglu", "Ashton", "Annan", "Muallem", "Elaraby", "Brahimi", "Fabius", "Hague", "Zakharova",
        "Rouhani", "Petrova", "Solana", "Haddad", "Novak", "Mansour", "Horvat", "Demir", "Castro", "Benali"]
COUNTRIES = ["Syria", "Libya", "Yemen", "Iraq", "Lebanon", "Jordan", "Egypt", "Tunisia"]
CITIES = ["Geneva", "Moscow", "Ankara", "Cairo", "Vienna", "Brussels", "Beirut", "Doha"]
VERBS = ["support", "reject", "review", "discuss", "oppose", "welcome", "question", "defend"]
NOUNS = ["ceasefire", "peace plan", "sanctions", "aid corridor", "monitoring mission", "election timetable",
         "prisoner exchange", "border agreement", "reconstruction fund", "arms embargo"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
FRENCH = (
    "Le ministre des Affaires étrangères a déclaré mercredi que la paix était encore possible. "
    "« Nous continuerons à parler avec toutes les parties », a-t-il ajouté devant les journalistes."
)


def _sentences() -> list[str]:
    """Opening sentences of seed paragraphs: 8 to 24 words, with a quote or a "said"."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        for para in re.split(r"\n\s*\n|\n", path.read_text(encoding="utf-8")):
            para = " ".join(para.split())
            match = re.match(r"(.+?[.!?][\"”]?)(?:\s|$)", para)
            if match and 8 <= len(match.group(1).split()) <= 24 and ("said" in para or '"' in para or "“" in para):
                out.append(match.group(1))
    return out


def make_articles(n: int, seed: int = 7) -> list[dict[str, str]]:
    """``n`` distinct short articles as records (id, title, text, outlet, published).

    400 speakers and generated quotes keep statements small, as in a real corpus, so the
    corpus-wide linking costs what it would, not what one giant cluster would.
    """
    rng = random.Random(seed)
    sentences = _sentences()
    records = []
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        country, city = rng.choice(COUNTRIES), rng.choice(CITIES)
        opening = rng.choice(sentences).replace("Sergei Lavrov", f"{first} {last}").replace("Lavrov", last)
        quote = (f"We will {rng.choice(VERBS)} the {rng.choice(NOUNS)} in {country} "
                 f"and {rng.choice(VERBS)} the {rng.choice(NOUNS)} within {rng.randint(2, 90)} days")
        body = [
            opening.replace("Syria", country),
            f'"{quote}," {last} told reporters in {city} on {rng.choice(DAYS)} (report {i}).',
        ]
        records.append({
            "id": f"gen-{i:05d}",
            "title": f"{last} speaks on {country} ({i})",
            "text": "\n\n".join(body),
            "outlet": ["Reuters", "TASS", "Al Jazeera", "PressTV"][i % 4],
            "published": f"2013-{1 + i % 12:02d}-{1 + i % 28:02d}",
        })
    return records


def _html(rec: dict[str, str]) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in rec["text"].split("\n\n"))
    return (
        f"<html><head><title>{rec['title']}</title><meta property='og:site_name' content='{rec['outlet']}'>"
        f"<meta name='date' content='{rec['published']}'></head><body><article><h1>{rec['title']}</h1>"
        f"{paras}</article><footer>Copyright 2013. All rights reserved.</footer></body></html>"
    ).encode()


def write_warc(path: Path, records: list[dict[str, str]], *, gzip_members: bool = True, extras: bool = True) -> None:
    """A WARC of HTML responses (plus a request and a non-HTML response when ``extras``)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip_members)
        for n, rec in enumerate(records):
            url = f"https://news.example/{rec['id']}"
            if extras and n % 50 == 0:
                req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
            if extras and n % 70 == 3:
                headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url + ".png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=headers))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(_html(rec)), http_headers=headers))


def write_corpus(root: Path, n: int = 2000) -> dict[str, int]:
    """Write a corpus of ``n`` articles plus bad input under ``root``; returns counts by kind."""
    arts = make_articles(n)
    n_jsonl, n_warc, n_csv = int(n * 0.7), int(n * 0.15), int(n * 0.05)
    parts = {
        "jsonl": arts[:n_jsonl],
        "warc": arts[n_jsonl : n_jsonl + n_warc],
        "csv": arts[n_jsonl + n_warc : n_jsonl + n_warc + n_csv],
        "txt": arts[n_jsonl + n_warc + n_csv :],
    }
    root.mkdir(parents=True, exist_ok=True)
    with (root / "feed.jsonl").open("w", encoding="utf-8") as fh:
        for k, rec in enumerate(parts["jsonl"]):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if k == 10:
                fh.write('{"id": "broken", "text": "no closing brace"\n')
            if k == 20:
                fh.write("\n")
            if k == 30:
                fh.write(json.dumps({"id": "no-text", "title": "A record without text"}) + "\n")
            if k == 40:
                fh.write(json.dumps(parts["jsonl"][5], ensure_ascii=False) + "\n")  # the same input again
            if k == 50:
                fh.write("[1, 2, 3]\n")
            if k == 60:
                fh.write(json.dumps({"id": "fr-1", "text": FRENCH}, ensure_ascii=False) + "\n")
    write_warc(root / "crawl.warc.gz", parts["warc"])
    with (root / "table.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "title", "text", "outlet", "published"])
        writer.writeheader()
        # Typographic quotes: csv.Sniffer (read/csv_records.py) misreads doubled straight ones.
        writer.writerows({**r, "text": re.sub(r'"(.*?)"', r"“\1”", r["text"])} for r in parts["csv"])
    txt = root / "files"
    txt.mkdir(exist_ok=True)
    for rec in parts["txt"]:
        (txt / f"{rec['id']}.txt").write_text(f"{rec['title']}\n\n{rec['text']}\n", encoding="utf-8")
    bad = root / "bad"
    bad.mkdir(exist_ok=True)
    (bad / "blob.bin").write_bytes(bytes(range(256)) * 16)
    (bad / "empty.txt").write_bytes(b"")
    cut = io.BytesIO()
    whole = root / "_cut.warc.gz"
    write_warc(whole, make_articles(3, seed=99), extras=False)
    cut.write(whole.read_bytes()[:-40])
    whole.unlink()
    (bad / "cut.warc.gz").write_bytes(cut.getvalue())
    (bad / "gz.jsonl.gz").write_bytes(gzip.compress(b'{"id": "gz-1", "text": "Annan said on Monday that talks would go on."}\n'))
    return {k: len(v) for k, v in parts.items()}
