"""Near-duplicate articles: syndicated wire copy, reposts, the same text on two sites.

Each article gets a MinHash signature (datasketch) over word shingles of its cleaned
text, and its LSH band buckets are stored in ``article_lsh`` (indexed by band and
bucket). A new article is matched by looking up its own buckets: no in-memory index
has to be rebuilt, so grouping is incremental over a store of millions of articles
(cost per new article: one signature and ``bands`` indexed lookups). Candidates are
confirmed by the Jaccard similarity estimated from the two signatures, and joined into
groups: ``articles.dup_group`` is the smallest article id of the group (NULL for an
article with no near-duplicate).

The band/row split is datasketch's optimum for the threshold in
``onrecord/data/linking.toml``; changing ``num_perm`` or the shingle size needs a
re-signing (``update_links(..., full=True)``).
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from typing import Any

import numpy as np

from .text import link_config, tokens

VERSION = "neardup-1"


@functools.lru_cache(maxsize=8)
def _optimal_bands_rows(threshold: float, num_perm: int) -> tuple[int, int]:
    # datasketch integrates numerically (~80 ms): once per configuration, not per article.
    from datasketch.lsh import _optimal_param

    bands, rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(bands), int(rows)


def lsh_params() -> tuple[int, int, int, float]:
    """(num_perm, bands, rows, threshold) from the config."""
    cfg = link_config()["near_duplicates"]
    num_perm, threshold = int(cfg["num_perm"]), float(cfg["threshold"])
    bands, rows = _optimal_bands_rows(threshold, num_perm)
    return num_perm, bands, rows, threshold


def shingles(text: str, size: int) -> set[bytes]:
    words = [t.norm for t in tokens(text)]
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash hash values of ``text`` (uint64, ``num_perm`` of them)."""
    from datasketch import MinHash

    num_perm = lsh_params()[0]
    m = MinHash(num_perm=num_perm, seed=1)
    sh = shingles(text, int(link_config()["near_duplicates"]["shingle_words"]))
    if sh:
        m.update_batch(sorted(sh))
    return np.asarray(m.hashvalues, dtype=np.uint64)


def band_buckets(sig: np.ndarray, bands: int, rows: int) -> list[int]:
    out = []
    for b in range(bands):
        digest = hashlib.blake2b(sig[b * rows : (b + 1) * rows].tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def _load_sig(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


def group_near_duplicates(conn: sqlite3.Connection, *, full: bool = False) -> dict[str, int]:
    """Sign the articles that have no signature yet and group them with their near-duplicates.

    Runs inside the caller's transaction. Returns counts: signed, matched, groups changed.
    """
    num_perm, bands, rows, threshold = lsh_params()
    if full:
        conn.execute("DELETE FROM article_lsh")
        conn.execute("DELETE FROM article_minhash")
        conn.execute("UPDATE articles SET dup_group = NULL WHERE dup_group IS NOT NULL")
    stale = conn.execute("SELECT COUNT(*) FROM article_minhash WHERE num_perm != ?", (num_perm,)).fetchone()[0]
    if stale:  # the settings changed: the old buckets cannot be compared with new ones
        return group_near_duplicates(conn, full=True)
    new = conn.execute(
        "SELECT a.id, a.text FROM articles a LEFT JOIN article_minhash m ON m.article_id = a.id "
        "WHERE m.article_id IS NULL ORDER BY a.id"
    ).fetchall()
    signed = matched = 0
    touched: set[int] = set()
    for article_id, text in new:
        sig = signature(text)
        buckets = band_buckets(sig, bands, rows)
        candidates: set[int] = set()
        for band, bucket in enumerate(buckets):
            candidates.update(
                r[0] for r in conn.execute("SELECT article_id FROM article_lsh WHERE band = ? AND bucket = ?", (band, bucket))
            )
        conn.execute(
            "INSERT INTO article_minhash (article_id, num_perm, signature) VALUES (?, ?, ?)",
            (article_id, num_perm, sig.astype("<u8").tobytes()),
        )
        conn.executemany(
            "INSERT INTO article_lsh (band, bucket, article_id) VALUES (?, ?, ?)",
            [(band, bucket, article_id) for band, bucket in enumerate(buckets)],
        )
        signed += 1
        dups: list[int] = []
        for cand in sorted(candidates):
            row = conn.execute("SELECT signature FROM article_minhash WHERE article_id = ?", (cand,)).fetchone()
            if row and estimated_jaccard(sig, _load_sig(row[0])) >= threshold:
                dups.append(cand)
        if not dups:
            continue
        matched += 1
        groups = {article_id, *dups}
        groups.update(
            r[0] for r in conn.execute(
                f"SELECT DISTINCT dup_group FROM articles WHERE id IN ({','.join('?' * len(dups))}) AND dup_group IS NOT NULL",
                dups,
            )
        )
        gid = min(groups)
        marks = ",".join("?" * len(groups))
        conn.execute(
            f"UPDATE articles SET dup_group = ? WHERE id IN ({marks}) OR dup_group IN ({marks})",
            (gid, *groups, *groups),
        )
        touched.add(gid)
    return {"signed": signed, "matched": matched, "groups_changed": len(touched)}


def word_diff(base: str, other: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """The differing word runs of ``other`` against ``base`` (equal runs left out)."""
    import difflib

    tb, to = tokens(base), tokens(other)
    matcher = difflib.SequenceMatcher(None, [t.norm for t in tb], [t.norm for t in to], autojunk=False)
    out: list[dict[str, Any]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        out.append(
            {
                "op": {"replace": "substituted", "delete": "dropped", "insert": "added"}[tag],
                "base_text": base[tb[i1].start : tb[i2 - 1].end] if i2 > i1 else "",
                "text": other[to[j1].start : to[j2 - 1].end] if j2 > j1 else "",
            }
        )
        if len(out) >= limit:
            break
    return out


def dup_group(conn: sqlite3.Connection, group_id: int) -> dict[str, Any]:
    """A near-duplicate group: its members and how each differs from the first one."""
    rows = conn.execute(
        "SELECT id, doc_id, outlet, published, title, url, text FROM articles WHERE dup_group = ? ORDER BY id",
        (group_id,),
    ).fetchall()
    members: list[dict[str, Any]] = []
    base_text = rows[0][6] if rows else ""
    sigs: dict[int, np.ndarray] = {
        r[0]: _load_sig(r[1])
        for r in conn.execute(
            "SELECT article_id, signature FROM article_minhash WHERE article_id IN "
            "(SELECT id FROM articles WHERE dup_group = ?)",
            (group_id,),
        )
    }
    for k, (aid, doc_id, outlet, published, title, url, text) in enumerate(rows):
        first = rows[0][0]
        members.append(
            {
                "article_id": aid,
                "doc_id": doc_id,
                "outlet": outlet,
                "published": published,
                "title": title,
                "url": url,
                "words": len(text.split()),
                "similarity": round(estimated_jaccard(sigs[first], sigs[aid]), 3) if aid in sigs and first in sigs else None,
                "differences": [] if k == 0 else word_diff(base_text, text),
            }
        )
    return {"group": group_id, "members": members}


def dup_groups(conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Near-duplicate groups, largest first: group id, size, outlets."""
    rows = conn.execute(
        "SELECT dup_group, COUNT(*) AS n, GROUP_CONCAT(DISTINCT outlet) FROM articles WHERE dup_group IS NOT NULL "
        "GROUP BY dup_group ORDER BY n DESC, dup_group LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return [{"group": g, "size": n, "outlets": (o or "").split(",") if o else []} for g, n, o in rows]
