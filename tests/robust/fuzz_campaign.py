"""The long fuzz campaign (not part of the test run): many more inputs than tests/robust/test_fuzz.py.

    .venv/bin/python tests/robust/fuzz_campaign.py hypothesis --examples 20000
    .venv/bin/python tests/robust/fuzz_campaign.py atheris --runs 200000
    .venv/bin/python tests/robust/fuzz_campaign.py pipeline --examples 2000   # with the spaCy parse

- ``hypothesis``: the strategies of hostile.py (text, mixed encodings, JSON, CSV with broken
  quoting, HTML, WARC.gz) through read -> clean -> quotation marks, ``--examples`` inputs each.
- ``atheris``: coverage-guided fuzzing (libFuzzer through atheris, pinned in
  requirements/dev.txt) of the same path: the first byte picks the format, the rest is the file.
- ``pipeline``: hostile texts through the whole pipeline (clean, date, parse, quotes, speakers).

Every input runs under the time budget (a hang is a failure, as is any exception). The
number of inputs tried is printed at the end; a failure prints the input and stops with
status 1. Results go in docs/security.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]

FORMATS = ["a.txt", "a.html", "a.json", "a.jsonl", "a.csv", "a.warc.gz", "a.jsonl.gz", "noext"]
BUDGET_S = 20.0
counts = {"inputs": 0, "documents": 0, "quotes": 0}


def one_file(data: bytes, name: str) -> None:
    """read -> clean -> marks, as the pipeline runs them, checking the invariants."""
    from onrecord.clean import clean_document
    from onrecord.guards import time_budget
    from onrecord.quotes.marks import find_quotes
    from onrecord.read import read_bytes
    from onrecord.settings import Settings

    settings = Settings(today="2026-11-22", max_document_bytes=2_000_000)
    counts["inputs"] += 1
    with time_budget(BUDGET_S):
        docs = list(read_bytes(data, name=name, source=name, settings=settings))
        assert docs, "no document and no skip"
        for doc in docs:
            if doc.skipped:
                assert doc.skipped.reason
                continue
            counts["documents"] += 1
            cleaned = clean_document(doc, settings)
            cleaned.text.encode("utf-8")
            for q in find_quotes(cleaned.text):
                assert 0 <= q.start < q.end <= len(cleaned.text)
                counts["quotes"] += 1


def run_hypothesis(examples: int, pipeline: bool) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from robust.hostile import TEXT, csv_files, encoded, html_pages, json_records, warc_files

    if pipeline:
        from onrecord.model import RawDocument
        from onrecord.pipeline import Pipeline, load_nlp
        from robust.test_fuzz import SETTINGS, check_extraction

        pipe = Pipeline(SETTINGS, nlp=load_nlp(SETTINGS.spacy_model))

        @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(st.lists(st.one_of(TEXT, TEXT.map(lambda t: "“" + t + "”, Lavrov said.")), min_size=1, max_size=4))
        def campaign(texts: list[str]) -> None:
            counts["inputs"] += len(texts)
            for ex in pipe.run([RawDocument(id=f"d{i}", source="x", text=t) for i, t in enumerate(texts)]):
                check_extraction(ex)
                counts["quotes"] += len(ex.quotes)

        campaign()
        return

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(encoded(), json_records(), csv_files(), html_pages(), warc_files(), st.binary(max_size=2000)),
           st.sampled_from(FORMATS))
    def campaign(data: bytes, name: str) -> None:
        one_file(data, name)

    campaign()


def run_atheris(runs: int, max_len: int) -> None:
    import atheris

    with atheris.instrument_imports(include=["onrecord", "warcio", "trafilatura", "htmldate", "justext"]):
        import onrecord.clean
        import onrecord.quotes.marks
        import onrecord.read  # noqa: F401

    def test_one_input(data: bytes) -> None:
        if not data:
            return
        one_file(data[1:], FORMATS[data[0] % len(FORMATS)])

    # A seed corpus: the bundled articles as text and as HTML, a JSON record, a CSV row (the
    # first byte picks the format); libFuzzer mutates from there. It prints the runs done.
    import tempfile

    corpus = Path(tempfile.mkdtemp(prefix="onrecord-fuzz-"))
    seeds = sorted((HERE.parents[1] / "examples" / "seeds").glob("*.txt"))
    for i, path in enumerate(seeds):
        text = path.read_bytes()[:max_len - 100]
        (corpus / f"txt{i}").write_bytes(bytes([FORMATS.index("a.txt")]) + text)
        (corpus / f"html{i}").write_bytes(bytes([FORMATS.index("a.html")]) + b"<html><body><p>" + text.replace(b"\n\n", b"</p><p>") + b"</p></body></html>")
    (corpus / "json").write_bytes(bytes([FORMATS.index("a.json")]) + b'{"id": "x", "text": "\\u201cYes,\\u201d Lavrov said."}')
    (corpus / "csv").write_bytes(bytes([FORMATS.index("a.csv")]) + b'id,text\n1,"""Yes,"" Lavrov said."\n')
    atheris.Setup([sys.argv[0], str(corpus), f"-runs={runs}", f"-max_len={max_len}", "-timeout=60",
                   "-rss_limit_mb=4096"], test_one_input)
    atheris.Fuzz()


started = time.monotonic()


def report() -> None:
    print(f"\nfuzz campaign: {counts['inputs']:,} inputs, {counts['documents']:,} documents read and cleaned, "
          f"{counts['quotes']:,} quotations found, {time.monotonic() - started:.0f} s, no failure", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("engine", choices=["hypothesis", "atheris", "pipeline"])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200_000)
    parser.add_argument("--max-len", type=int, default=20_000)
    args = parser.parse_args()
    if args.engine == "atheris":
        run_atheris(args.runs, args.max_len)
    else:
        run_hypothesis(args.examples, pipeline=args.engine == "pipeline")
        report()


if __name__ == "__main__":
    main()
