"""Gold sets for ``onrecord eval``: the seeds' gold.json and JSONL sets such as PolNeAR.

Each set becomes a list of :class:`GoldArticle` holding the raw document exactly as a
user's input would be read (the seed file with no metadata; the JSONL record with its
metadata) and the gold statements. Gold offsets point into the gold text, which the
clean stage may change, so statements are compared by their content, not offsets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import RawDocument
from ..read import read_inputs
from ..settings import Settings


@dataclass
class GoldStatement:
    kind: str
    content: str  # the parts joined by a space
    speaker: str | None  # canonical name (seeds), None where the set has none
    mention: str | None
    said_on: str | None = None
    has_said_on: bool = False
    in_headline: bool = False
    cue: str | None = None


@dataclass
class GoldArticle:
    id: str
    raw: RawDocument
    statements: list[GoldStatement]
    published: str | None = None
    outlet: str | None = None
    has_published: bool = False
    has_outlet: bool = False


@dataclass
class GoldSet:
    name: str
    path: str
    kind: str  # seeds | jsonl
    articles: list[GoldArticle] = field(default_factory=list)
    speaker_field: str = "mention"  # what speaker accuracy compares: name | mention


def load_gold_set(path: str, settings: Settings, limit: int | None = None) -> GoldSet:
    """Read a gold set from ``path`` (a gold.json beside its texts, or a JSONL file)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such gold set: {path}", "give the seeds' gold.json or a PolNeAR-style .jsonl file")
    if p.suffix.lower() == ".json":
        return _load_seeds(p, settings, limit)
    if p.suffix.lower() in (".jsonl", ".ndjson"):
        return _load_jsonl(p, settings, limit)
    raise InputError(f"unknown gold set format: {path}", "expected gold.json (seeds schema) or a .jsonl file")


def _load_seeds(p: Path, settings: Settings, limit: int | None) -> GoldSet:
    try:
        entries = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read gold set {p}: {exc}", "check that it is the seeds' gold.json") from None
    if not isinstance(entries, list):
        raise InputError(f"{p} is not a list of articles", "expected the seeds' gold.json schema")
    name = p.parent.name if p.name == "gold.json" else p.stem
    gs = GoldSet(name=name, path=str(p), kind="seeds", speaker_field="name")
    for entry in entries[: limit or None]:
        text_path = p.parent / entry["file"]
        raws = list(read_inputs([str(text_path)], settings))
        if not raws:
            continue
        statements = []
        for s in entry.get("statements", []):
            parts = s.get("parts") or [s["text"]]
            statements.append(
                GoldStatement(
                    kind=s["kind"],
                    content=" ".join(parts),
                    speaker=s.get("speaker"),
                    mention=s.get("speaker_mention"),
                    said_on=s.get("said_on"),
                    has_said_on="said_on" in s,
                    in_headline=bool(s.get("in_headline")),
                    cue=s.get("cue"),
                )
            )
        gs.articles.append(
            GoldArticle(
                id=entry["file"],
                raw=raws[0],
                statements=statements,
                published=entry.get("published"),
                outlet=entry.get("outlet"),
                has_published="published" in entry,
                has_outlet="outlet" in entry,
            )
        )
    return gs


def _load_jsonl(p: Path, settings: Settings, limit: int | None) -> GoldSet:
    records: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            rid = str(rec.get("id", len(order)))
            records[rid] = rec
            order.append(rid)
            if limit and len(order) >= limit:
                break
    gs = GoldSet(name=p.stem if p.parent.name in ("", ".") else f"{p.parent.name}/{p.stem}", path=str(p), kind="jsonl")
    wanted = set(order)
    raws: dict[str, RawDocument] = {}
    for raw in read_inputs([str(p)], settings):
        if raw.id in wanted:
            raws[raw.id] = raw
        if len(raws) == len(wanted):
            break
    for rid in order:
        rec = records[rid]
        found = raws.get(rid)
        if found is None:
            continue
        statements = []
        for q in rec.get("quotes", []):
            frags = [s["text"] for s in q.get("quote_spans") or []] or [q.get("quote_text", "")]
            statements.append(
                GoldStatement(
                    kind=q.get("kind", "indirect"),
                    content=" ".join(frags),
                    speaker=q.get("speaker_canonical"),
                    mention=q.get("speaker_text") or None,
                    cue=q.get("cue_text") or None,
                )
            )
        meta = rec.get("meta") or {}
        gs.articles.append(
            GoldArticle(
                id=rid,
                raw=found,
                statements=statements,
                published=meta.get("publication_date") or meta.get("published"),
                outlet=meta.get("publisher") or meta.get("outlet"),
                has_published=bool(meta.get("publication_date") or meta.get("published")),
                has_outlet=bool(meta.get("publisher") or meta.get("outlet")),
            )
        )
    return gs
