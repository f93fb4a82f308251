"""Stage 7, link: the corpus-wide steps run after an ingest (or ``onrecord load``).

Needs: a store with articles and quotes (the pipeline's output).
Adds, in one transaction, incrementally:

1. the speaker registry (:mod:`.registry`): canonical speakers across the store, aliases,
   roles with dates, the user's merge/split corrections re-applied;
2. near-duplicate article groups (:mod:`.neardup`): MinHash/LSH, ``articles.dup_group``;
3. statements (:mod:`.statements`, :mod:`.linker`): quotes of one utterance across
   articles, ``statements`` rows and ``quotes.statement_id``;
4. drift (:mod:`.drift`): a word alignment of every report against the fullest one,
   ``statements.drift_json`` (format in docs/drift.md).

Entry point: :func:`update_links`. ``full=True`` recomputes everything from scratch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..settings import Settings
from .drift import VERSION as DRIFT_VERSION
from .neardup import VERSION as NEARDUP_VERSION
from .registry import VERSION as REGISTRY_VERSION
from .statements import Report, cluster_reports

if TYPE_CHECKING:
    from ..store import Store

VERSION = "link-1"

__all__ = ["VERSION", "LinkSummary", "Report", "cluster_reports", "update_links"]


@dataclass
class LinkSummary:
    """What :func:`update_links` did."""

    registry: dict[str, Any] = field(default_factory=dict)
    near_duplicates: dict[str, int] = field(default_factory=dict)
    statements: dict[str, int] = field(default_factory=dict)
    path: str = "lexical"  # lexical | embeddings
    seconds: float = 0.0
    versions: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "registry": self.registry,
            "near_duplicates": self.near_duplicates,
            "statements": self.statements,
            "path": self.path,
            "seconds": round(self.seconds, 3),
            "versions": self.versions,
        }

    def lines(self) -> list[str]:
        """One-line-per-step human summary (printed by ``onrecord ingest``)."""
        nd, st = self.near_duplicates, self.statements
        return [
            f"speakers: {self.registry.get('speakers', 0)} canonical"
            + (f", {self.registry.get('requoted', 0)} quotes re-attributed" if self.registry.get("ran") else " (unchanged)"),
            f"near-duplicates: {nd.get('signed', 0)} articles signed, {nd.get('matched', 0)} matched an earlier one",
            f"statements: {st.get('linked_quotes', 0)} quotes linked ({self.path}), "
            f"{st.get('statements_created', 0)} new, {st.get('statements_updated', 0)} updated, "
            f"{st.get('statements_deleted', 0)} merged away",
        ]


def update_links(store: Store, settings: Settings, *, full: bool = False) -> LinkSummary:
    """Registry, near-duplicates, statements and drift over the whole store (incremental)."""
    from .linker import VERSION as LINKER_VERSION
    from .linker import link_statements
    from .neardup import group_near_duplicates
    from .registry import apply_registry, update_statement_counts
    from .similarity import embeddings_installed, load_embedder

    started = time.monotonic()
    wants = settings.embeddings == "on" or (settings.embeddings == "auto" and embeddings_installed())
    summary = LinkSummary(
        path="embeddings" if wants else "lexical",
        versions={"link": VERSION, "registry": REGISTRY_VERSION, "neardup": NEARDUP_VERSION,
                  "statements": LINKER_VERSION, "drift": DRIFT_VERSION},
    )
    with store.transaction() as conn:
        # A store linked with the other similarity path (or older code) is re-linked whole,
        # so that one store never mixes two linkers' statements.
        row = conn.execute("SELECT value FROM link_state WHERE key = 'statements.linker'").fetchone()
        signature = f"{LINKER_VERSION}:{summary.path}"
        relink = full or (row is not None and row[0] != signature)
        summary.registry = apply_registry(conn, force=full)
        summary.near_duplicates = group_near_duplicates(conn, full=full)
        # The model loads (seconds) only when there is something to link.
        todo = relink or conn.execute("SELECT 1 FROM quotes WHERE statement_id IS NULL LIMIT 1").fetchone()
        embedder = load_embedder(settings) if todo and wants else None
        summary.statements = link_statements(conn, embedder, full=relink)
        update_statement_counts(conn)
        conn.execute(
            "INSERT INTO link_state (key, value) VALUES ('statements.linker', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (signature,),
        )
    summary.seconds = time.monotonic() - started
    return summary
