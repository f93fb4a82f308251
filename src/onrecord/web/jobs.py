"""Ingesting uploaded files from the web: one writer at a time, with progress.

Uploaded bytes never touch the file system under a name the client chose: each
file is read from memory with :func:`onrecord.read.read_bytes` (its name only
picks the format and labels the source) and goes through the same
:func:`onrecord.ingest.ingest_documents` as ``onrecord ingest``.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ..errors import NotFound, OnrecordError
from ..ingest import ingest_documents
from ..model import Extraction, RawDocument
from ..read import read_bytes
from ..settings import Settings
from ..store import Store

MAX_FILES = 20
KEEP_JOBS = 50


def upload_name(filename: str | None) -> str:
    """The last component of an uploaded file's name, for labels and format detection only."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable())[:200]
    return name or "upload"


@dataclass
class Job:
    """One upload being ingested; ``state`` is queued, running, linking, done or failed."""

    id: str
    files: list[str]
    state: str = "queued"
    total: int = 0
    processed: int = 0
    stored: int = 0
    summary: dict[str, Any] | None = None
    error: dict[str, str] | None = None
    created: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "files": self.files,
            "total": self.total,
            "processed": self.processed,
            "stored": self.stored,
            "summary": self.summary,
            "error": self.error,
            "href": f"/api/ingest/{self.id}",
        }


class IngestJobs:
    """Runs ingests of uploads, one at a time (SQLite has one writer), and remembers the last few."""

    def __init__(self, settings: Settings, db_path: str) -> None:
        self.settings = settings
        self.db_path = db_path
        self.write_lock = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self.jobs_lock = threading.Lock()

    def _documents(self, files: list[tuple[str, bytes]]) -> list[RawDocument]:
        raws: list[RawDocument] = []
        for name, data in files:
            raws.extend(read_bytes(data, name=name, source=f"upload:{name}", settings=self.settings))
        return raws

    def _run(self, job: Job, files: list[tuple[str, bytes]]) -> None:
        with self.write_lock:
            job.state = "running"
            try:
                raws = self._documents(files)
                job.total = len(raws)

                def tick(ex: Extraction, outcome: str) -> None:
                    job.processed += 1
                    job.stored += outcome == "stored"

                with Store(self.db_path) as store:
                    summary = ingest_documents(raws, store, self.settings, on_progress=tick)
                    if summary.stored:
                        # As `onrecord ingest` does: speakers, near-duplicates, statements and drift.
                        from ..link import update_links

                        job.state = "linking"
                        summary.links = update_links(store, self.settings)
                    job.summary = summary.to_dict() | {"store": store.counts()}
                job.state = "done"
            except OnrecordError as exc:
                job.error = exc.to_dict()
                job.state = "failed"
            except Exception as exc:  # a bug must not kill the server's worker thread silently
                job.error = {"code": "E000", "message": f"{type(exc).__name__}: {exc}", "hint": "see the server log"}
                job.state = "failed"

    def _new(self, files: list[tuple[str, bytes]]) -> Job:
        job = Job(id=secrets.token_hex(8), files=[name for name, _ in files])
        with self.jobs_lock:
            self.jobs[job.id] = job
            for old in sorted(self.jobs.values(), key=lambda j: j.created)[:-KEEP_JOBS]:
                if old.state in ("done", "failed"):
                    del self.jobs[old.id]
        return job

    def run(self, files: list[tuple[str, bytes]]) -> Job:
        """Ingest now, in the calling thread; returns the finished job."""
        job = self._new(files)
        self._run(job, files)
        return job

    def start(self, files: list[tuple[str, bytes]]) -> Job:
        """Ingest in a background thread; poll :meth:`get` for progress."""
        job = self._new(files)
        threading.Thread(target=self._run, args=(job, files), name=f"ingest-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job:
        with self.jobs_lock:
            job = self.jobs.get(job_id)
        if job is None:
            raise NotFound(f"no ingest job {job_id[:40]!r}", "jobs are kept in memory until the server restarts")
        return job
