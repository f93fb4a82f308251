"""Extractions as Parquet tables, partitioned by shard, and back.

Layout of a job's output directory (hive partitioning: ``pyarrow.dataset`` and most
Parquet readers see a ``shard`` column)::

    OUT/_job.json                                  the plan: inputs, shards, settings, versions
    OUT/articles/shard=000042/part-0.parquet       one row per article (cleaned text, dates, outlet)
    OUT/quotes/shard=000042/part-0.parquet         one row per quote (content, parts, cue, when, where)
    OUT/speaker_mentions/shard=000042/part-0.parquet   one row per quote: its speaker mention
    OUT/failures/shard=000042/part-0.parquet       one row per document that produced no article
    OUT/_done/000042.json                          written last: the shard is complete, with counts

``doc_seq`` is a document's position in its shard (articles and failures share it), so
that ``load`` stores documents in input order; quotes and speaker mentions point to
their article by ``doc_seq`` (and carry ``input_hash`` for joins across shards).
A shard's files are written under a temporary name and renamed into place, then the
marker: a task that dies half-way leaves no marker and a re-run rewrites the shard.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Article, Extraction, Quote, RemovedLine, Skip, Span, SpeakerRef

LAYOUT_VERSION = 1
TABLES = ("articles", "quotes", "speaker_mentions", "failures")
ROW_GROUP_DOCS = 2000

_SPAN = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
_S, _I = pa.string(), pa.int64()

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("doc_seq", _I), ("input_hash", _S), ("doc_id", _S), ("source", _S), ("title", _S), ("outlet", _S),
            ("outlet_evidence", _S), ("outlet_source", _S), ("wire", _S), ("url", _S), ("language", _S),
            ("text", _S), ("words", _I), ("published", _S), ("published_precision", _S), ("published_source", _S),
            ("published_from", _S), ("published_to", _S), ("published_evidence", _S),
            ("removed", pa.list_(pa.struct([("text", _S), ("reason", _S)]))),
            ("meta_json", _S), ("versions_json", _S), ("skipped_stage", _S), ("skipped_reason", _S),
        ]
    ),
    "quotes": pa.schema(
        [
            ("doc_seq", _I), ("input_hash", _S), ("seq", _I), ("kind", _S), ("text", _S), ("parts", pa.list_(_SPAN)),
            ("start", _I), ("end", _I), ("cue", _SPAN), ("cue_lemma", _S), ("confidence", pa.float64()),
            ("said_on", _S), ("said_on_text", _S), ("said_where", _S), ("in_headline", pa.bool_()), ("version", _S),
        ]
    ),
    "speaker_mentions": pa.schema(
        [
            ("doc_seq", _I), ("input_hash", _S), ("quote_seq", _I), ("name", _S), ("mention", _S), ("start", _I),
            ("end", _I), ("type", _S), ("resolution", _S), ("role", _S), ("members", pa.list_(_S)),
        ]
    ),
    "failures": pa.schema(
        [("doc_seq", _I), ("input_hash", _S), ("doc_id", _S), ("source", _S), ("stage", _S), ("reason", _S),
         ("versions_json", _S)]
    ),
}


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "start": span.start, "end": span.end}


def extraction_rows(ex: Extraction, doc_seq: int) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table for one extraction."""
    versions = json.dumps(ex.versions)
    a = ex.article
    if a is None:
        skip = ex.skipped or Skip("unknown", "no article")
        row = {"doc_seq": doc_seq, "input_hash": ex.input_hash, "doc_id": ex.id, "source": ex.source,
               "stage": skip.stage, "reason": skip.reason, "versions_json": versions}
        return {"articles": [], "quotes": [], "speaker_mentions": [], "failures": [row]}
    rng = a.published_range or (None, None)
    article = {
        "doc_seq": doc_seq, "input_hash": ex.input_hash, "doc_id": a.id, "source": a.source, "title": a.title,
        "outlet": a.outlet, "outlet_evidence": a.outlet_evidence, "outlet_source": a.outlet_source, "wire": a.wire,
        "url": a.url, "language": a.language, "text": a.text, "words": len(a.text.split()),
        "published": a.published, "published_precision": a.published_precision,
        "published_source": a.published_source, "published_from": rng[0], "published_to": rng[1],
        "published_evidence": a.published_evidence, "removed": [r.to_dict() for r in a.removed],
        "meta_json": json.dumps(a.meta, ensure_ascii=False, default=str), "versions_json": versions,
        "skipped_stage": ex.skipped.stage if ex.skipped else None,
        "skipped_reason": ex.skipped.reason if ex.skipped else None,
    }
    quotes, mentions = [], []
    for seq, q in enumerate(ex.quotes):
        quotes.append({
            "doc_seq": doc_seq, "input_hash": ex.input_hash, "seq": seq, "kind": q.kind, "text": q.text,
            "parts": [_span(p) for p in q.parts], "start": q.start, "end": q.end, "cue": _span(q.cue),
            "cue_lemma": q.cue_lemma, "confidence": q.confidence, "said_on": q.said_on,
            "said_on_text": q.said_on_text, "said_where": q.said_where, "in_headline": q.in_headline,
            "version": q.version,
        })
        s = q.speaker
        mentions.append({
            "doc_seq": doc_seq, "input_hash": ex.input_hash, "quote_seq": seq, "name": s.name, "mention": s.mention,
            "start": s.start, "end": s.end, "type": s.type, "resolution": s.resolution, "role": s.role,
            "members": list(s.members),
        })
    return {"articles": [article], "quotes": quotes, "speaker_mentions": mentions, "failures": []}


def _to_span(value: dict[str, Any] | None) -> Span | None:
    return None if value is None else Span(value["text"], value["start"], value["end"])


def _extraction(article: dict[str, Any], quotes: list[dict[str, Any]], mentions: dict[int, dict[str, Any]]) -> Extraction:
    stage = article["skipped_stage"]
    a = Article(
        id=article["doc_id"], source=article["source"], text=article["text"], title=article["title"],
        outlet=article["outlet"], outlet_evidence=article["outlet_evidence"], outlet_source=article["outlet_source"],
        wire=article["wire"], url=article["url"], language=article["language"], published=article["published"],
        published_precision=article["published_precision"], published_source=article["published_source"],
        published_range=(
            (article["published_from"], article["published_to"])
            if article["published_from"] is not None or article["published_to"] is not None
            else None
        ),
        published_evidence=article["published_evidence"],
        removed=[RemovedLine(r["text"], r["reason"]) for r in article["removed"] or []],
        meta=json.loads(article["meta_json"]),
    )
    out = []
    for q in sorted(quotes, key=lambda r: r["seq"]):
        m = mentions[q["seq"]]
        speaker = SpeakerRef(m["name"], m["mention"], m["start"], m["end"], m["type"], m["resolution"], m["role"],
                             list(m["members"] or []))
        out.append(Quote(
            kind=q["kind"], parts=[Span(p["text"], p["start"], p["end"]) for p in q["parts"]], cue=_to_span(q["cue"]),
            speaker=speaker, confidence=q["confidence"], said_on=q["said_on"], said_where=q["said_where"],
            said_on_text=q["said_on_text"], in_headline=bool(q["in_headline"]), cue_lemma=q["cue_lemma"],
            version=q["version"],
        ))
    return Extraction(
        id=a.id, source=a.source, article=a, quotes=out, input_hash=article["input_hash"],
        skipped=Skip(stage, article["skipped_reason"]) if stage else None,
        versions=json.loads(article["versions_json"]),
    )


def _table_path(out: Path, table: str, shard: int) -> Path:
    return out / table / f"shard={shard:06d}" / "part-0.parquet"


def done_marker(out: Path, shard: int) -> Path:
    return out / "_done" / f"{shard:06d}.json"


class ShardWriter:
    """Writes one shard's tables incrementally (a row group every ``ROW_GROUP_DOCS`` documents)."""

    def __init__(self, out: str | os.PathLike[str], shard: int) -> None:
        self.out = Path(out)
        self.shard = shard
        self._tmp = f".tmp-{uuid.uuid4().hex}"
        self._rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self._docs = 0
        self._pending = 0
        self._writers: dict[str, pq.ParquetWriter] = {}
        for table in TABLES:
            final = _table_path(self.out, table, shard)
            final.parent.mkdir(parents=True, exist_ok=True)
            self._writers[table] = pq.ParquetWriter(str(final) + self._tmp, SCHEMAS[table], compression="zstd")

    def add(self, ex: Extraction) -> None:
        for table, rows in extraction_rows(ex, self._docs).items():
            self._rows[table].extend(rows)
        self._docs += 1
        self._pending += 1
        if self._pending >= ROW_GROUP_DOCS:
            self._flush()

    def _flush(self) -> None:
        for table, rows in self._rows.items():
            if rows:
                self._writers[table].write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
            self._rows[table] = []
        self._pending = 0

    def commit(self, summary: dict[str, Any]) -> None:
        """Close the files, move them into place, then write the shard's done marker."""
        self._flush()
        for table, writer in self._writers.items():
            writer.close()
            final = _table_path(self.out, table, self.shard)
            os.replace(str(final) + self._tmp, final)
        marker = done_marker(self.out, self.shard)
        marker.parent.mkdir(parents=True, exist_ok=True)
        tmp = marker.with_name(marker.name + self._tmp)
        tmp.write_text(json.dumps(summary), encoding="utf-8")
        os.replace(tmp, marker)

    def abort(self) -> None:
        for table, writer in self._writers.items():
            writer.close()
            Path(str(_table_path(self.out, table, self.shard)) + self._tmp).unlink(missing_ok=True)


def _rows(out: Path, table: str, shard: int) -> list[dict[str, Any]]:
    return pq.read_table(_table_path(out, table, shard), schema=SCHEMAS[table]).to_pylist()


def read_shard_extractions(out: str | os.PathLike[str], shard: int) -> Iterator[Extraction]:
    """The extractions of one shard, in input order."""
    base = Path(out)
    quotes: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(base, "quotes", shard):
        quotes.setdefault(row["doc_seq"], []).append(row)
    mentions: dict[int, dict[int, dict[str, Any]]] = {}
    for row in _rows(base, "speaker_mentions", shard):
        mentions.setdefault(row["doc_seq"], {})[row["quote_seq"]] = row
    docs: list[tuple[int, Extraction]] = []
    for row in _rows(base, "articles", shard):
        seq = row["doc_seq"]
        docs.append((seq, _extraction(row, quotes.pop(seq, []), mentions.pop(seq, {}))))
    for row in _rows(base, "failures", shard):
        ex = Extraction(id=row["doc_id"], source=row["source"], article=None, skipped=Skip(row["stage"], row["reason"]),
                        input_hash=row["input_hash"], versions=json.loads(row["versions_json"]))
        docs.append((row["doc_seq"], ex))
    docs.sort(key=lambda item: item[0])
    for _, ex in docs:
        yield ex


def write_extractions(out: str | os.PathLike[str], shard: int, extractions: Iterable[Extraction]) -> int:
    """Write a whole shard from ``extractions`` (a helper for tests and small jobs); returns the count."""
    writer = ShardWriter(out, shard)
    n = 0
    try:
        for ex in extractions:
            writer.add(ex)
            n += 1
    except BaseException:
        writer.abort()
        raise
    writer.commit({"shard": shard, "documents": n})
    return n
