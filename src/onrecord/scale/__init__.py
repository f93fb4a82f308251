"""Scale: every core of one machine, and a Dask cluster when one machine is not enough.

What runs where (docs/scaling.md has the whole story and the measured figures):

- per document, anywhere: read -> clean -> outlet -> date -> parse -> quotes -> said
  (:class:`onrecord.pipeline.Pipeline`): on worker processes of this machine
  (:mod:`.local`) or as Dask tasks over shards of the input (:mod:`.job`), which write
  Parquet (:mod:`.parquet`);
- on the one writer: the SQLite store (one transaction per batch) and the corpus-wide
  steps (:func:`onrecord.link.update_links`), after ``ingest`` or ``load`` (:mod:`.load`).

:mod:`.inputs` counts the work up front and cuts big JSON Lines / WARC files into
shards that read exactly as the whole file reads.
"""

from __future__ import annotations

VERSION = "scale-1"

__all__ = ["VERSION"]
