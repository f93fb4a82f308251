"""The ``onrecord`` command: thin Typer commands over the library functions.

Every command accepts ``--config PATH`` and ``--set key=value`` (repeatable)
before the command name, e.g. ``onrecord --set batch_size=8 ingest examples/``.
Errors print a message and a hint and exit with status 2; nothing else is caught.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, ClassVar

import typer
from rich.console import Console
from rich.table import Table

from .errors import InputError, OnrecordError
from .settings import Settings, load_settings, setting_help

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="onrecord: who said what, when, where - and which outlets reported it, in which words.",
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Store file (default: the db_path setting).")]


class _State:
    config: str | None = None
    overrides: ClassVar[list[str]] = []


@app.callback()
def _root(
    config: Annotated[str | None, typer.Option("--config", help="A TOML settings file.")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="Override a setting: key=value (repeatable).")] = None,
) -> None:
    _State.config = config
    _State.overrides = list(set_ or [])


def settings_for(**explicit: Any) -> Settings:
    return load_settings(_State.config, _State.overrides, **explicit)


def _check_paths(paths: list[str]) -> None:
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}", "check the path (folders are read recursively)")


def _summary_table(summary: Any, title: str) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("count", justify="right")
    table.add_row("documents read", str(summary.read))
    table.add_row("stored (new)", str(summary.stored))
    table.add_row("already in store", str(summary.duplicates))
    table.add_row("skipped", str(len(summary.skipped)))
    table.add_row("statements found", str(summary.quotes))
    for kind, n in sorted(summary.kinds.items()):
        table.add_row(f"  {kind}", str(n))
    rate = summary.read / summary.seconds if summary.seconds else 0.0
    table.add_row("time", f"{summary.seconds:.1f} s ({rate:.1f} docs/s)")
    return table


def _print_skips(summary: Any) -> None:
    for source, stage, reason in summary.skipped:
        err.print(f"[yellow]skipped[/] {source}: [dim]{stage}:[/] {reason}", highlight=False)
    for source, stage, reason in summary.partial:
        err.print(f"[yellow]partly processed[/] {source}: [dim]{stage}:[/] {reason}", highlight=False)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")],
    format: Annotated[str, typer.Option("--format", help="Output format (jsonl).")] = "jsonl",
) -> None:
    """Write one JSON object per input document to stdout (no store needed)."""
    from .pipeline import extract_paths

    if format != "jsonl":
        raise InputError(f"unknown format {format!r}", "use --format jsonl")
    _check_paths(paths)
    settings = settings_for()
    for ex in extract_paths(paths, settings):
        sys.stdout.write(json.dumps(ex.contract(), ensure_ascii=False) + "\n")
        if ex.skipped and ex.article is None:
            err.print(f"[yellow]skipped[/] {ex.source}: {ex.skipped.stage}: {ex.skipped.reason}", highlight=False)
    sys.stdout.flush()


def _progress() -> Any:
    """A progress display on stderr: input bytes read against the total, articles/s and the ETA."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[docs]} articles {task.fields[rate]}"),
        TextColumn("eta"),
        # The ETA divides the bytes left by the speed over the last 30 s: a re-run that skips
        # stored inputs, or a slow stretch of long articles, moves it within half a minute.
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
        speed_estimate_period=30,
    )


class _Ticker:
    """Counts articles into a progress task and shows articles/s."""

    def __init__(self, progress: Any, description: str, total: int | None) -> None:
        self.progress = progress
        self.task = progress.add_task(description, total=total, docs=0, rate="")
        self.docs = 0

    def linking(self) -> None:
        self.progress.update(self.task, description="linking (speakers, near-duplicates, statements)")

    def bytes(self, done: int) -> None:
        self.progress.update(self.task, completed=done)

    def article(self, *_: Any, n: int = 1) -> None:
        self.docs += n
        elapsed = self.progress.tasks[0].elapsed or 0.0
        self.progress.update(self.task, docs=self.docs, rate=f"({self.docs / elapsed:.1f}/s)" if elapsed else "")


def _print_run(summary: Any, store: Any, title: str, as_json: bool, extra: dict[str, Any] | None = None) -> None:
    counts = store.counts()
    if as_json:
        out.print_json(json.dumps((extra or {}) | summary.to_dict() | {"store": counts}))
        return
    _print_skips(summary)
    out.print(_summary_table(summary, title))
    out.print(
        f"store now holds {counts['articles']} articles, {counts['quotes']} statements, "
        f"{counts['speakers']} speakers, {counts['failures']} failed documents",
        highlight=False,
    )
    if summary.links is not None:
        for line in summary.links.lines():
            out.print(f"linked {line}", highlight=False)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Processes running the pipeline (0 = one per core; default: the workers setting).")
    ] = None,
    cluster: Annotated[
        str | None, typer.Option("--cluster", help="Run as a Dask job on this scheduler (tcp://HOST:8786); needs --out.")
    ] = None,
    dask: Annotated[bool, typer.Option("--dask", help="Run as a Dask job on a local cluster of --workers processes.")] = False,
    out_dir: Annotated[
        str | None, typer.Option("--out", help="Where a Dask job writes its Parquet (a directory every worker can reach).")
    ] = None,
    no_load: Annotated[
        bool, typer.Option("--no-load", help="With --cluster/--dask: only write Parquet (bring it in later with onrecord load).")
    ] = False,
) -> None:
    """Read, process and store articles; prints a run summary."""
    from .ingest import ingest as run_ingest
    from .scale.inputs import iter_pieces, total_bytes
    from .scale.local import resolve_workers
    from .store import Store

    _check_paths(paths)
    settings = settings_for(db_path=db, workers=workers)
    if cluster or dask:
        _ingest_job(paths, settings, cluster=cluster, out_dir=out_dir, no_load=no_load, as_json=as_json)
        return
    total = total_bytes(iter_pieces(paths))  # a walk and a stat per file: no content is read
    n = resolve_workers(settings, total)
    with Store(settings.db_path) as store:
        with _progress() as progress:
            ticker = _Ticker(progress, f"ingesting ({n} process{'es' if n > 1 else ''})", total)
            summary = run_ingest(
                paths, settings, store=store, input_bytes=total, on_bytes=ticker.bytes, on_progress=ticker.article,
                on_linking=ticker.linking,
            )
        _print_run(summary, store, f"ingest -> {settings.db_path}", as_json)


def _ingest_job(paths: list[str], settings: Settings, *, cluster: str | None, out_dir: str | None, no_load: bool,
                as_json: bool) -> None:
    """``ingest --cluster/--dask``: the Dask job writes Parquet, then (unless --no-load) ``load`` runs here."""
    import tempfile
    from contextlib import ExitStack

    from .scale.job import job_inputs, local_cluster, run_job
    from .scale.local import cpu_count

    job_inputs(paths)  # before a cluster is started or reached
    if cluster and out_dir is None:
        raise InputError("--cluster needs --out DIR", "a directory on a path the workers and this machine share")
    if no_load and out_dir is None:
        raise InputError("--no-load needs --out DIR", "the Parquet output has to stay somewhere for onrecord load")
    with ExitStack() as stack:
        out_path = out_dir or stack.enter_context(tempfile.TemporaryDirectory(prefix="onrecord-job-"))
        with ExitStack() as job_stack:  # the cluster is let go before the load
            if cluster:
                from distributed import Client

                client = job_stack.enter_context(Client(cluster, timeout="30s"))
            else:
                client = job_stack.enter_context(local_cluster(settings.workers or cpu_count()))
            with _progress() as progress:
                ticker = _Ticker(progress, f"dask job ({sum(client.nthreads().values())} workers)", None)

                def planned(shards: list[Any]) -> None:
                    progress.update(ticker.task, total=sum(s.size for s in shards))

                def shard_done(result: dict[str, Any]) -> None:
                    progress.advance(ticker.task, result["bytes"])
                    ticker.article(n=result["documents"])

                job = run_job(paths, settings, out_path, client, on_plan=planned, on_shard=shard_done)
        if not as_json:
            out.print(
                f"dask job: {job.shards_run} shards run ({job.shards_done_before} done before), {job.documents} documents, "
                f"{job.words} words in {job.seconds:.1f} s ({job.words / job.seconds if job.seconds else 0:.0f} words/s) "
                f"on {job.workers} workers -> {out_dir or 'a temporary directory'}",
                highlight=False,
            )
        if no_load:
            if as_json:
                out.print_json(json.dumps({"job": job.to_dict()}))
            return
        _load_into_store(out_path, settings, as_json, {"job": job.to_dict()})


def _load_into_store(parquet_dir: str, settings: Settings, as_json: bool, extra: dict[str, Any] | None = None) -> None:
    from .scale.load import job_status, load_parquet
    from .store import Store

    status = job_status(parquet_dir)
    with Store(settings.db_path) as store:
        with _progress() as progress:
            ticker = _Ticker(progress, "loading", status["documents"])

            def tick(*_: Any) -> None:
                ticker.article()
                progress.update(ticker.task, completed=ticker.docs)

            summary = load_parquet(parquet_dir, store, settings, on_progress=tick, on_linking=ticker.linking)
        _print_run(summary, store, f"load -> {settings.db_path}", as_json, extra)


@app.command()
def load(
    parquet_dir: Annotated[str, typer.Argument(help="The --out directory of onrecord ingest --cluster/--dask.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
) -> None:
    """Merge a Dask job's Parquet output into the store (idempotent), then link speakers and statements."""
    _check_paths([parquet_dir])
    _load_into_store(parquet_dir, settings_for(db_path=db), as_json)


@app.command()
def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Only statements by this speaker (name or alias).")] = None,
    kind: Annotated[str | None, typer.Option(help="direct, indirect or mixed.")] = None,
    limit: Annotated[int, typer.Option(help="How many rows.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List statements in the store, newest article first."""
    from .store import Store
    from .store.queries import list_quotes

    settings = settings_for(db_path=db)
    with Store(settings.db_path, readonly=True) as store:
        rows = list_quotes(store, speaker=speaker, kind=kind, limit=min(limit, settings.page_size_max))
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} statements", title_justify="left", expand=True)
    _statement_columns(table, "statement")
    for row in rows:
        table.add_row(
            _two_lines(row["speaker"] or "?", "bold cyan", row["kind"], "magenta"),
            _clip(row["text"]),
            _two_lines(row["outlet"] or "", "green", row["said_on"] or row["published"] or "", "dim"),
        )
    out.print(table)


def _statement_columns(table: Table, text_header: str, *, first: str = "speaker / kind") -> None:
    """Three columns, so that the statement - what the reader came for - keeps a readable
    width on an 80-column terminal or a pipe: who (and how), what, where and when."""
    table.add_column(first, max_width=22)
    table.add_column(text_header, ratio=1, min_width=32)
    table.add_column("outlet / date", max_width=18)


def _two_lines(top: str, top_style: str, bottom: str, bottom_style: str) -> Any:
    from rich.text import Text

    cell = Text(top, style=top_style)
    if bottom:
        cell.append("\n" + bottom, style=bottom_style)
    return cell


def _clip(text: str, most: int = 160) -> str:
    return text if len(text) <= most else text[: most - 3] + "..."


@app.command("eval")
def eval_(
    gold: Annotated[list[str] | None, typer.Argument(help="Gold sets: the seeds' gold.json, PolNeAR *.jsonl.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable result.")] = False,
    limit: Annotated[int, typer.Option(help="Score only the first N articles of each set (0 = all).")] = 0,
    links: Annotated[
        str | None, typer.Option("--links", help="Score statement linking on a linking gold set (tests/link/gold_links.json).")
    ] = None,
) -> None:
    """Score extraction against gold sets: precision, recall and F1; speaker and date accuracy."""
    from .eval import evaluate_sets, render_report

    settings = settings_for()
    if links:
        from .eval.links import evaluate_links, render_links_report

        link_result = evaluate_links(links, settings)
        if as_json:
            out.print_json(json.dumps(link_result))
        else:
            render_links_report(link_result, out)
        if not gold:
            return
    if not gold:
        raise InputError("no gold set given", "onrecord eval GOLD... or onrecord eval --links GOLD")
    results = evaluate_sets(gold, settings, limit=limit or None)
    if as_json:
        out.print_json(json.dumps(results))
    else:
        render_report(results, out)


speakers_app = typer.Typer(help="The speaker registry: list, merge and split speakers.", no_args_is_help=False)
app.add_typer(speakers_app, name="speakers")


@speakers_app.callback(invoke_without_command=True)
def speakers_list(
    ctx: typer.Context,
    db: DbOption = None,
    name: Annotated[str | None, typer.Option("--name", help="Only speakers whose name or alias contains this.")] = None,
    limit: Annotated[int, typer.Option(help="How many rows.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List speakers: canonical name, aliases, roles with dates, type, statement count."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    from .link.registry import list_speakers
    from .store import Store

    settings = settings_for(db_path=db)
    with Store(settings.db_path, readonly=True) as store:
        rows = list_speakers(store.conn, name=name, limit=min(limit, settings.page_size_max))
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} speakers", title_justify="left", expand=True)
    table.add_column("id", justify="right", style="dim")
    table.add_column("speaker", style="bold cyan")
    table.add_column("type", style="magenta")
    table.add_column("statements", justify="right")
    table.add_column("aliases", ratio=1)
    table.add_column("roles (first - last seen)", ratio=1)
    for row in rows:
        roles = "; ".join(f"{r['role']} ({r['first_seen'] or '?'} - {r['last_seen'] or '?'})" for r in row["roles"])
        table.add_row(str(row["id"]), row["name"], row["type"], str(row["statements"]), ", ".join(row["aliases"]), roles)
    out.print(table)


def _registry_change(db: str | None, change: Any) -> None:
    from .link import update_links
    from .store import Store

    settings = settings_for(db_path=db)
    with Store(settings.db_path, create=False) as store:
        with store.transaction() as conn:
            result = change(conn)
        summary = update_links(store, settings)
    out.print(f"speakers: {result['speakers']} canonical, {result['requoted']} quotes re-attributed", highlight=False)
    for line in summary.lines()[1:]:
        out.print(f"linked {line}", highlight=False)


@speakers_app.command("merge")
def speakers_merge(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(help="Speakers (names or aliases) that are one person; the first name is kept.")],
) -> None:
    """Merge speakers into the first one (a correction kept across re-ingest)."""
    from .link.registry import merge_speakers

    _registry_change(ctx.obj, lambda conn: merge_speakers(conn, names))


@speakers_app.command("split")
def speakers_split(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The speaker (name or alias) to split.")],
    aliases: Annotated[list[str], typer.Argument(help="Name forms that belong to someone else (the first names the new speaker).")],
) -> None:
    """Take name forms away from a speaker into a new one (a correction kept across re-ingest)."""
    from .link.registry import split_speaker

    _registry_change(ctx.obj, lambda conn: split_speaker(conn, name, aliases))


@app.command()
def statements(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Only statements by this speaker (name or alias).")] = None,
    min_reports: Annotated[int, typer.Option("--min-reports", help="Only statements with at least this many reports.")] = 1,
    limit: Annotated[int, typer.Option(help="How many rows.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List statements (one utterance, every report of it), newest first."""
    from .link.queries import list_statements
    from .store import Store

    settings = settings_for(db_path=db)
    with Store(settings.db_path, readonly=True) as store:
        rows = list_statements(
            store.conn, speaker=speaker, min_reports=min_reports, limit=min(limit, settings.page_size_max)
        )
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} statements", title_justify="left", expand=True)
    table.add_column("id", justify="right", style="dim")
    _statement_columns(table, "statement (fullest report)", first="speaker / reports")
    for row in rows:
        reports = f"{row['n_reports']} report" + ("s" if row["n_reports"] != 1 else "")
        table.add_row(
            str(row["id"]),
            _two_lines(row["speaker"] or "?", "bold cyan", reports, "magenta"),
            _clip(row["text"]),
            _two_lines(", ".join(row["outlets"]), "green", row["said_on"] or row["first_published"] or "", "dim"),
        )
    out.print(table)


@app.command()
def statement(
    statement_id: Annotated[int, typer.Argument(help="The statement id (from onrecord statements).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The statement with reports and drift as JSON.")] = False,
) -> None:
    """Show every report of a statement side by side, with the drift highlighted."""
    from .link.queries import statement_detail
    from .link.render import render_statement
    from .store import Store

    settings = settings_for(db_path=db)
    with Store(settings.db_path, readonly=True) as store:
        detail = statement_detail(store.conn, statement_id)
    if as_json:
        out.print_json(json.dumps(detail, ensure_ascii=False))
        return
    render_statement(detail, out)


export_app = typer.Typer(help="Export from the store.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("statements")
def export_statements(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", help="jsonl (one statement per line) or csv (one row per report).")] = "jsonl",
    speaker: Annotated[str | None, typer.Option(help="Only statements by this speaker (name or alias).")] = None,
    min_reports: Annotated[int, typer.Option("--min-reports", help="Only statements with at least this many reports.")] = 1,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Write statements with their reports and drift (JSONL or CSV)."""
    from .link.queries import EXPORT_FORMATS, iter_statement_export, write_statements
    from .store import Store

    if format not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {format!r}", "use --format jsonl or --format csv")
    settings = settings_for(db_path=db)
    with Store(settings.db_path, readonly=True) as store:
        rows = iter_statement_export(store.conn, speaker=speaker, min_reports=min_reports)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = write_statements(rows, format, fh)
            err.print(f"wrote {n} statements to {output}", highlight=False)
        else:
            write_statements(rows, format, sys.stdout)
            sys.stdout.flush()


@app.command()
def duplicates(
    group: Annotated[int | None, typer.Argument(help="A group id: show its members and their differences.")] = None,
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many groups.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Near-duplicate article groups (syndicated copy, reposts), or one group with its differences."""
    from .link.neardup import dup_group, dup_groups
    from .store import Store

    settings = settings_for(db_path=db)
    with Store(settings.db_path, readonly=True) as store:
        if group is None:
            rows: Any = dup_groups(store.conn, limit=min(limit, settings.page_size_max))
        else:
            rows = dup_group(store.conn, group)
            if not rows["members"]:
                raise InputError(f"no near-duplicate group {group}", "list the groups with: onrecord duplicates")
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    if group is None:
        table = Table(title=f"{len(rows)} near-duplicate groups", title_justify="left")
        for col in ("group", "articles", "outlets"):
            table.add_column(col)
        for row in rows:
            table.add_row(str(row["group"]), str(row["size"]), ", ".join(row["outlets"]))
        out.print(table)
        return
    table = Table(title=f"near-duplicate group {group}", title_justify="left", expand=True, show_lines=True)
    for col in ("article", "outlet / date", "similarity", "differences from the first"):
        table.add_column(col, ratio=1 if col.startswith("differences") else None)
    for m in rows["members"]:
        diffs = "; ".join(f"{d['op']}: {d['base_text']!r} -> {d['text']!r}" for d in m["differences"][:8])
        table.add_row(m["doc_id"], f"{m['outlet'] or '?'}\n{m['published'] or ''}", str(m["similarity"]), diffs)
    out.print(table)


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help='Words (all must match), "a phrase", prefix*, OR.')] = None,
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker id, name or alias.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name.")] = None,
    kind: Annotated[str | None, typer.Option(help="direct, indirect, mixed or article.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Up to this date (inclusive).")] = None,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per result.")] = False,
) -> None:
    """Full-text search over statements and articles (the same search as the web UI)."""
    from .store import Store
    from .store import queries as Q

    settings = settings_for(db_path=db)
    f = Q.make_filters(query, speaker=speaker, outlet=outlet, kind=kind, date_from=date_from, date_to=date_to)
    with Store(settings.db_path, readonly=True) as store:
        result = Q.search(store, f, limit=max(1, min(limit, settings.page_size_max)))
    if as_json:
        for item in result["items"]:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
        return
    counts = result["counts"]
    table = Table(title=f"{counts['statements']} statements, {counts['articles']} articles", title_justify="left", expand=True)
    _statement_columns(table, "text", first="speaker / link")
    for item in result["items"]:
        if item["type"] == "statement":
            who, text = item["speaker"]["name"] or "?", item["text"]
        else:
            who, text = "article", (item["title"] or item["doc_id"])
        table.add_row(_two_lines(who, "bold cyan", item["href"], "dim"), _clip(text, 200),
                      _two_lines(item["outlet"] or "", "green", item["date"] or "", "dim"))
    out.print(table)


@app.command()
def timeline(
    speaker: Annotated[str, typer.Argument(help="Speaker id, name or alias.")],
    db: DbOption = None,
    bucket: Annotated[str, typer.Option(help="day, week, month, year or auto.")] = "auto",
    topic: Annotated[str | None, typer.Option(help="Only statements matching this (search syntax).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The timeline as JSON.")] = False,
) -> None:
    """A speaker's statements over time, with the frequent terms of each period (as on the web page)."""
    from .errors import NotFound
    from .store import Store
    from .store import queries as Q

    settings = settings_for(db_path=db)
    with Store(settings.db_path, readonly=True) as store:
        sid = Q.resolve_speaker(store, speaker)
        if sid is None:
            raise NotFound(f"no speaker {speaker!r}", "list speakers with: onrecord speakers")
        info = Q.get_speaker(store, sid)
        chosen = Q.auto_bucket(info["first"], info["last"]) if bucket == "auto" else bucket
        data = Q.speaker_timeline(store, sid, bucket=chosen, topic=topic)
    if as_json:
        out.print_json(json.dumps(data))
        return
    peak = max((b["statements"] for b in data["buckets"]), default=0)
    table = Table(title=f"{info['name']}: {data['total']} statements per {chosen}", title_justify="left")
    table.add_column(chosen)
    table.add_column("n", justify="right")
    table.add_column("", style="blue")
    table.add_column("frequent terms", style="dim")
    for b in data["buckets"]:
        table.add_row(b["label"], str(b["statements"]), "█" * max(1, round(30 * b["statements"] / peak)),
                      ", ".join(t["term"] for t in b["terms"]))
    out.print(table)
    if data["undated"]:
        out.print(f"{data['undated']} undated", highlight=False)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1: this machine only).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")] = None,
    token: Annotated[
        str | None, typer.Option(help="Require 'Authorization: Bearer TOKEN' (or a sign-in) for every request.")
    ] = None,
) -> None:
    """Serve the web UI and the HTTP API over the store until Ctrl-C."""
    from .web import check_port
    from .web import serve as run_server
    from .web.security import is_loopback

    settings = settings_for(db_path=db, serve_host=host, serve_port=port, api_token=token)
    check_port(settings.serve_host, settings.serve_port)
    if not is_loopback(settings.serve_host) and not settings.api_token:
        err.print(
            f"[yellow]warning[/] {settings.serve_host} is reachable from other machines and no --token is set: "
            "anyone who can reach it can read the store and upload files",
            highlight=False,
        )
    shown = f"[{settings.serve_host}]" if ":" in settings.serve_host else settings.serve_host
    out.print(f"serving {settings.db_path} at [bold]http://{shown}:{settings.serve_port}/[/] (Ctrl-C to stop)", highlight=False)
    run_server(settings)


@app.command("settings")
def show_settings() -> None:
    """Show every setting, its current value and what it does."""
    settings = settings_for()
    table = Table(title="settings", title_justify="left")
    table.add_column("name", style="bold")
    table.add_column("value")
    table.add_column("help", style="dim")
    for name, help_text in setting_help().items():
        table.add_row(name, repr(getattr(settings, name)), help_text)
    out.print(table)


@app.command("backup")
def backup_cmd(
    dest: Annotated[str, typer.Argument(help="The backup file to create.")],
    db: DbOption = None,
) -> None:
    """Copy the store to DEST while it stays in use (SQLite online backup)."""
    from .store.backup import backup

    settings = settings_for(db_path=db)
    path = backup(settings.db_path, dest)
    out.print(f"backed up {settings.db_path} -> {path} ({path.stat().st_size:,} bytes)", highlight=False)


@app.command("restore")
def restore_cmd(
    source: Annotated[str, typer.Argument(help="A backup file made by onrecord backup.")],
    db: DbOption = None,
) -> None:
    """Replace the store with a backup (checked first; the old store is kept as *.before-restore)."""
    from .store.backup import restore

    settings = settings_for(db_path=db)
    path = restore(source, settings.db_path)
    out.print(f"restored {source} -> {path}", highlight=False)


date_app = typer.Typer(help="Publication dates: show them with their source, and correct them.", no_args_is_help=True)
app.add_typer(date_app, name="date")


@date_app.command("set")
def date_set(
    doc_id: Annotated[str, typer.Argument(help="The document id (or a store article id).")],
    day: Annotated[str, typer.Argument(help="The publication date: YYYY-MM-DD (YYYY-MM or YYYY with --precision).")],
    precision: Annotated[str, typer.Option(help="day, month or year.")] = "day",
    db: DbOption = None,
) -> None:
    """Correct an article's publication date; its statements' dates follow, and later ingests keep it."""
    from .dating.overrides import override_published
    from .store import Store

    settings = settings_for(db_path=db)
    with Store(settings.db_path, create=False) as store:
        ids = override_published(store, doc_id, day, precision, settings=settings)
    out.print(f"{doc_id}: published {day} ({precision}, source override) on {len(ids)} article(s)", highlight=False)


@date_app.command("show")
def date_show(
    doc_id: Annotated[str, typer.Argument(help="The document id (or a store article id).")],
    db: DbOption = None,
) -> None:
    """Show an article's publication date with its precision, range, source and evidence."""
    from .dating.overrides import stored_dates
    from .store import Store

    settings = settings_for(db_path=db)
    with Store(settings.db_path, readonly=True) as store:
        rows = stored_dates(store, doc_id)
    for r in rows:
        span = f"{r['published_from']} .. {r['published_to']}" if r["published_from"] else "unknown"
        out.print(f"[bold]{r['doc_id']}[/] (article {r['id']}): {r['published'] or 'no date'} "
                  f"[dim]precision {r['published_precision'] or '-'}, source {r['published_source'] or '-'}, "
                  f"range {span}[/]\n  {r['published_evidence'] or ''}", highlight=False)


def main() -> None:
    try:
        app()
    except OnrecordError as exc:
        err.print(f"[bold red]error[/] {exc.message} [dim]({exc.code})[/]", highlight=False)
        if exc.hint:
            err.print(f"[bold]what to do:[/] {exc.hint}", highlight=False)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        err.print("interrupted: the store keeps every batch committed so far; re-run to complete")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
