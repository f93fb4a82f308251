"""What the tools share: gold sets read from ../shared at run time, prepared by the pipeline
(clean, outlet, date) and parsed once, the parses cached on disk.

Nothing here copies gold text into the repository: the cache is a directory outside it
(``--cache``, default ``~/.cache/onrecord/parses``) holding spaCy DocBins keyed by a hash of
the model, the pipeline components and the text.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from spacy.tokens import Doc, DocBin  # noqa: E402

from onrecord.eval.gold import GoldArticle, load_gold_set  # noqa: E402
from onrecord.guards import parse_view  # noqa: E402
from onrecord.model import Extraction  # noqa: E402
from onrecord.pipeline import Pipeline, load_nlp  # noqa: E402
from onrecord.settings import Settings, load_settings  # noqa: E402

SHARED = (REPO / ".." / "shared").resolve()
POLNEAR = SHARED / "datasets" / "polnear"
SEEDS_GOLD = SHARED / "examples" / "seeds" / "gold.json"
DEFAULT_CACHE = Path.home() / ".cache" / "onrecord" / "parses"


@dataclass
class Item:
    gold: GoldArticle
    ex: Extraction  # prepared: ``ex.article`` holds the cleaned text
    doc: Doc | None  # the parse of ``parse_view(ex.article.text)``, None when prepare skipped it


def settings() -> Settings:
    return load_settings(env={}, today="2026-11-22")


def split_path(name: str) -> Path:
    """``train`` / ``dev`` -> the PolNeAR file; ``seeds`` -> the seeds' gold.json; else a path."""
    if name == "seeds":
        return SEEDS_GOLD
    if name in ("train", "dev"):
        return POLNEAR / f"{name}.jsonl"
    return Path(name)


def cache_key(nlp: Any, text: str) -> str:
    ident = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}|{','.join(nlp.pipe_names)}|"
    return hashlib.sha1((ident + text).encode("utf-8")).hexdigest()


def docs_for(texts: list[str], nlp: Any, cache: Path = DEFAULT_CACHE) -> list[Doc]:
    """The parse of each text, from the cache when there, else parsed (in one batch) and stored."""
    cache.mkdir(parents=True, exist_ok=True)
    keys = [cache_key(nlp, t) for t in texts]
    todo = [(k, t) for k, t in zip(keys, texts, strict=True) if not (cache / f"{k}.spacy").exists()]
    for (k, _), doc in zip(todo, nlp.pipe([t for _, t in todo], batch_size=16), strict=True):
        db = DocBin(store_user_data=False)
        db.add(doc)
        tmp = cache / f"{k}.tmp"
        db.to_disk(tmp)
        tmp.replace(cache / f"{k}.spacy")
    out = []
    for k in keys:
        (doc,) = DocBin().from_disk(cache / f"{k}.spacy").get_docs(nlp.vocab)
        out.append(doc)
    return out


def load(name: str, limit: int | None = None, cache: Path = DEFAULT_CACHE) -> tuple[Pipeline, list[Item]]:
    """The gold set ``name`` prepared and parsed, article by article."""
    path = split_path(name)
    if not path.exists():
        sys.exit(f"gold set not found: {path} (the tools read ../shared at run time)")
    s = settings()
    pipe = Pipeline(s)
    nlp = load_nlp(s.spacy_model)
    gs = load_gold_set(str(path), s, limit)
    exs = [pipe.prepare(a.raw) for a in gs.articles]
    texts = [parse_view(ex.article.text) for ex in exs if ex.article is not None]
    docs = iter(docs_for(texts, nlp, cache))
    items = [Item(a, ex, next(docs) if ex.article is not None else None) for a, ex in zip(gs.articles, exs, strict=True)]
    return pipe, items


def gold_speaker_spans(split: str, n: int) -> Iterator[tuple[dict[str, Any], list[tuple[str, tuple[int, int], tuple[int, int]]]]]:
    """The first ``n`` articles of a PolNeAR split with their gold statements that name a
    speaker mention: (record, [(kind, (quote start, end), (mention start, end)), ...]);
    articles with none are left out."""
    import json

    with split_path(split).open(encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k >= n:
                break
            record = json.loads(line)
            spans = []
            for q in record["quotes"]:
                if q.get("speaker_start") is None or not q.get("speaker_text"):
                    continue
                qs = q["quote_spans"][0] if q.get("quote_spans") else {"start": q["quote_start"], "end": q["quote_end"]}
                spans.append((q["kind"], (qs["start"], qs["end"]), (q["speaker_start"], q["speaker_end"])))
            if spans:
                yield record, spans
