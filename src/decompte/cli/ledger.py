"""``decompte ingest`` and ``decompte ledger``: the ledger's commands.

Each command declares its options and calls the library (``decompte.ingest``,
``decompte.ledger`` and, past one process, ``decompte.scale``); errors come out as one
line on stderr through ``handle_errors``. ``decompte ledger [METRIC]`` lists figures;
its sub-commands ``load`` (a Dask run's Parquet into the ledger) and ``stories``
(near-duplicate reprints) are told apart by their name, which no metric can have.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from decompte.cli._app import app, console, err_console, fail, handle_errors
from decompte.cli.output import (
    Column,
    FormatOption,
    JsonOption,
    OutputFormat,
    ProvenanceChoice,
    chosen,
    print_data,
    print_rows,
)
from decompte.errors import UnsupportedInput
from decompte.settings import DB_ENV_VAR, DEFAULT_LIMITS

# The library (SQLAlchemy, httpx, trafilatura, spaCy, Dask) loads inside each command.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from decompte.ingest.files import CorpusFields
    from decompte.ingest.runner import IngestSummary
    from decompte.ingest.sources import SourceOptions
    from decompte.ledger import Store

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar=DB_ENV_VAR, show_envvar=True,
                 help="Ledger: an SQLite file or an SQLAlchemy URL (postgresql://…). Default: ./decompte.db."),
]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def _progress(*columns: str, hidden: bool, bar: bool = False) -> Progress:
    """The progress display of a long command, on stderr so that stdout stays clean for --format json.

    ``bar``: the total is known (files of a folder, corpus records, Dask parts), so a bar with
    its percentage and time left; else a spinner (a feed, a URL). The first column is the task's
    description, which says what the run waits for ("loading the Français pipeline…"). Hidden
    with --quiet, a --format other than table and when stderr is no terminal (a log file, a pipe): no redraws in it.
    """
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    head = [BarColumn(), TaskProgressColumn(), TimeRemainingColumn()] if bar else [SpinnerColumn()]
    return Progress(TextColumn("{task.description}"), *head, *(TextColumn(c) for c in columns), TimeElapsedColumn(),
                    console=err_console, transient=True, disable=hidden or not err_console.is_terminal)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else f"{value:g}"


@app.command("ingest")
@handle_errors
def ingest_command(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, URLs or feeds.", show_default=False)],
    db: DbOption = None,
    lang: Annotated[str | None, typer.Option(help="Language of every document (default: detected).")] = None,
    text_field: Annotated[str, typer.Option(help="JSONL/CSV column holding the text (or HTML).")] = "text",
    url_field: Annotated[str, typer.Option(help="JSONL/CSV column holding the URL.")] = "url",
    date_field: Annotated[str, typer.Option(help="JSONL/CSV column holding the publication date.")] = "date",
    id_field: Annotated[str, typer.Option(help="JSONL/CSV column holding a document id.")] = "id",
    user_agent: Annotated[str, typer.Option(help="User-Agent sent when fetching.")] = DEFAULT_LIMITS.user_agent,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for a server's next bytes.")
    ] = DEFAULT_LIMITS.read_timeout,
    max_bytes: Annotated[int, typer.Option(help="Largest page or file read, in bytes.")] = DEFAULT_LIMITS.max_bytes,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Store documents without extracting claims.")
    ] = False,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first document that fails.")] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[int | None, typer.Option(
        help="Extraction processes (local) or LocalCluster workers (dask). Default: the number of cores.",
        show_default=False)] = None,
    engine: Annotated[Engine, typer.Option(help="local: this machine, into --db; dask: a Dask cluster, "
                                           "into Parquet under --out.")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://HOST:PORT); default: "
                                                  "a LocalCluster on 127.0.0.1.")] = None,
    out: Annotated[Path | None, typer.Option(help="--engine dask: new folder for the Parquet output.")] = None,
) -> None:
    """Read articles, extract their claims and keep them in the ledger.

    Documents already in the ledger (same canonical URL or same text) are stored once;
    a run can be stopped and started again. Failures are counted, not fatal. With
    --engine dask, sharded JSONL/CSV/Parquet corpora are extracted on Dask and written
    under --out; ``decompte ledger load OUT`` then stores them.

    Example: decompte ingest examples/ corpus.jsonl https://example.org/feed.rss --workers 2
    """
    from decompte.ingest.files import CorpusFields
    from decompte.ingest.sources import SourceOptions, check_arguments

    output = chosen(fmt, as_json)
    limits = DEFAULT_LIMITS.with_(user_agent=user_agent, read_timeout=timeout, max_bytes=max_bytes)
    if max_bytes <= 0 or timeout <= 0:
        raise fail("--max-bytes and --timeout must be positive")
    if workers is not None and workers < 1:
        raise fail(f"--workers must be at least 1 (got {workers})")
    if lang is not None:
        from decompte.extract.packs import load_pack

        load_pack(lang)  # an unknown --lang is refused before any source is read
    n_workers = workers or os.cpu_count() or 1
    fields = CorpusFields(text=text_field, url=url_field, date=date_field, id=id_field)
    if engine is Engine.dask:
        if out is None:
            raise fail("--engine dask needs --out DIR (a new folder for the Parquet output)")
        if no_extract:
            raise fail("--no-extract has nothing to do with --engine dask")
        _ingest_dask(sources, out, fields, limits, lang, scheduler, n_workers, output, quiet)
        return
    if scheduler is not None or out is not None:
        raise fail("--scheduler and --out go with --engine dask")
    check_arguments(sources, limits)
    _ingest_local(sources, db, SourceOptions(fields=fields, limits=limits), lang=lang, no_extract=no_extract,
                  fail_fast=fail_fast, workers=n_workers, output=output, quiet=quiet)


def _ingest_local(sources: list[str], db: str | None, options: SourceOptions, *, lang: str | None,
                  no_extract: bool, fail_fast: bool, workers: int, output: OutputFormat, quiet: bool) -> None:
    """``decompte ingest`` on this machine: a bar when the total is known, a spinner otherwise."""
    from decompte.ingest.parallel import ingest_parallel
    from decompte.ingest.runner import ingest
    from decompte.ingest.sources import count_items, iter_articles
    from decompte.ledger import Store

    last: list[IngestSummary] = []
    hidden = quiet or output is not OutputFormat.table or not err_console.is_terminal
    total = None if hidden else count_items(sources, options)  # a second pass only for a bar someone sees
    with Store.open(db) as store:
        items = iter_articles(sources, options)
        progress = _progress("{task.completed} documents", "{task.fields[rate]:.1f} docs/s",
                             "{task.fields[claims]} claims", hidden=hidden, bar=total is not None)
        task = progress.add_task("ingesting", total=total, rate=0.0, claims=0)

        def update(summary: IngestSummary) -> None:
            if not last:
                last.append(summary)
            progress.update(task, description="ingesting", total=summary.total, completed=summary.seen,
                            rate=summary.rate, claims=summary.claims)

        def status(message: str) -> None:
            progress.update(task, description=message)

        command = shlex.join(["decompte", "ingest", *sources])
        try:
            with progress:
                if no_extract:
                    summary = ingest(items, store, extraction=None, lang=lang, fail_fast=fail_fast,
                                     command=command, on_progress=update, total=total)
                else:
                    summary = ingest_parallel(items, store, workers=workers, lang=lang, fail_fast=fail_fast,
                                              command=command, on_progress=update, total=total, on_status=status)
        except KeyboardInterrupt:
            if last:
                _print_summary(last[0], store, output, interrupted=True)
            raise
        _print_summary(summary, store, output)


def _print_summary(summary: IngestSummary, store: Store, output: OutputFormat, interrupted: bool = False) -> None:
    counts = store.counts()
    if output is not OutputFormat.table:
        data = summary.to_dict() | {"ledger": {"documents": counts["documents"], "claims": counts["claims"],
                                               "figures": counts["figures"]}, "interrupted": interrupted}
        print_data([data], output, one=True)
        return
    out = err_console if interrupted else console
    head = "interrupted after" if interrupted else "done:"
    out.print(
        f"{head} {summary.seen} documents in {summary.elapsed or 0:.1f} s — ingested {summary.ingested}, "
        f"re-extracted {summary.reextracted}, duplicates {summary.duplicates}, claims {summary.claims}"
        + (f", stored without extraction {n}" if (n := summary.stored_without_extraction) else ""),
        highlight=False,
    )
    _print_reasons(out, summary)
    out.print(f"ledger: {counts['documents']} documents, {counts['claims']} claims, "
              f"{counts['figures']} reported figures", highlight=False)


def _print_reasons(out: Console, summary: Any) -> None:
    """Skips and failures counted by reason, then the first examples: the same lines for every run."""
    for label, counter in (("skipped", summary.skipped), ("failed", summary.failed)):
        if counter:
            detail = ", ".join(f"{reason}: {n}" for reason, n in counter.most_common())
            out.print(f"{label} {sum(counter.values())} ({escape(detail)})", highlight=False)
    for failure in summary.examples[:10]:  # paths and URLs are the user's: never read as markup
        out.print(f"  [dim]{escape(failure.reason)}[/]: {escape(failure.message)}", highlight=False, soft_wrap=True)


def _ingest_dask(sources: list[str], out: Path, fields: CorpusFields, limits: Any, lang: str | None,
                 scheduler: str | None, workers: int, output: OutputFormat, quiet: bool) -> None:
    from decompte.scale import DaskOptions, DaskSummary, TaskOptions, run_dask

    task = TaskOptions(out=str(out), fields=fields, limits=limits, lang=lang)  # run_dask makes out absolute
    progress = _progress("{task.completed}/{task.total} parts", "{task.fields[docs]} documents",
                         "{task.fields[rate]:.1f} docs/s", hidden=quiet or output is not OutputFormat.table, bar=True)
    bar = progress.add_task("extracting on dask", total=None, docs=0, rate=0.0)

    def update(summary: DaskSummary) -> None:
        progress.update(bar, completed=summary.done, total=summary.parts, docs=summary.seen, rate=summary.rate)

    with progress:
        summary = run_dask(sources, out, task, DaskOptions(scheduler=scheduler, workers=workers), on_part=update)
    if output is not OutputFormat.table:
        print_data([summary.to_dict()], output, one=True)
        return
    console.print(f"done: {summary.seen} documents in {summary.elapsed:.1f} s on dask — {summary.documents} written, "
                  f"claims {summary.claims}, stories {summary.stories} ({summary.reprinted_stories} reprinted "
                  f"by several outlets)", highlight=False)
    _print_reasons(console, summary)
    console.print(escape(f"written to {out}: decompte ledger load {shlex.quote(str(out))}"), highlight=False)


class _LedgerGroup(TyperGroup):
    """``decompte ledger [METRIC]`` is the ``show`` sub-command: a first argument that is
    no sub-command's name (a metric, an option) is handed to ``show``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click.Context, vendored by typer
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["show", *args]
        return super().parse_args(ctx, args)


ledger_app = typer.Typer(
    cls=_LedgerGroup, add_completion=False,
    help="The ledger: figures by metric and claimant (default), load a Dask run's output, re-extract "
         "outdated documents, list reprinted stories, contested figures, revisions down and jumps.",
)
app.add_typer(ledger_app, name="ledger")


@ledger_app.command("show")
@handle_errors
def ledger_command(
    metric: Annotated[str | None, typer.Argument(help="A metric SIDE/counted/event, e.g. RU/soldier/killed.")] = None,
    claimant: Annotated[str | None, typer.Option(help="Only this claimant (name, alias or country body).")] = None,
    since: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                                   help="Only figures dated this day or later.")] = None,
    until: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                                   help="Only figures dated this day or earlier.")] = None,
    provenance: Annotated[ProvenanceChoice | None, typer.Option(
        help="Only figures cited at least once with this provenance (unsourced: given somewhere without a source).")] = None,
    db: DbOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """List metrics with each claimant's latest figure, or one metric's timeline.

    Example: decompte ledger RU/soldier/killed --claimant Ukraine --since 2022-03-01 --provenance attributed
    """
    from decompte.api import require_ledger
    from decompte.ledger import Store, latest_values, metrics, timeline

    output = chosen(fmt, as_json)
    wanted = provenance.value if provenance else None
    require_ledger(db)
    with Store.open(db) as store:
        if metric is None:
            if claimant or since or until:
                raise fail("--claimant, --since and --until need a METRIC")
            print_rows([asdict(r) for r in latest_values(store, provenance=wanted)], output, LATEST_COLUMNS,
                       title="Latest figure per claimant", empty="the ledger holds no claims yet (decompte ingest …)")
            return
        known = metrics(store)
        if metric not in known:
            hint = ", ".join(known[:8]) + (" …" if len(known) > 8 else "") if known else "the ledger is empty"
            raise UnsupportedInput(f"no claims for metric {metric!r} ({hint})")
        points = timeline(store, metric, claimant=claimant, since=_day(since), until=_day(until), provenance=wanted)
        print_rows([asdict(p) for p in points], output, TIMELINE_COLUMNS, title=f"Timeline of {metric}")


def _figure(row: Mapping[str, Any]) -> str:
    return _num(row["value"]) + (f"–{_num(row['high'])}" if row.get("high") is not None else "")


LATEST_COLUMNS = (
    Column("metric", no_wrap=True), Column("claimant"), Column("as_of", "as of", no_wrap=True),
    Column("value", justify="right", no_wrap=True, show=_figure), Column("qualifier"),
    Column("citations", "cited", justify="right"),
)
TIMELINE_COLUMNS = (
    Column("as_of", "date", no_wrap=True), Column("value", justify="right", no_wrap=True, show=_figure),
    Column("qualifier", no_wrap=True), Column("claimant"), Column("citations", "cited", justify="right"),
    Column("outlets", "sites", justify="right"), Column("first_published", "first seen", no_wrap=True),
)


@ledger_app.command("load")
@handle_errors
def load_command(
    folder: Annotated[Path, typer.Argument(help="The --out folder of a finished 'decompte ingest --engine dask'.",
                                           show_default=False)],
    db: DbOption = None,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first document that fails.")] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Store the documents and claims of a Dask run's Parquet output in the ledger.

    Documents already in the ledger are recognised as in ``decompte ingest``; loading
    the same folder twice adds nothing. Each document's story (reprints) is recorded.

    Example: decompte ledger load out/ --db postgresql://decompte@localhost/ledger
    """
    from decompte.ledger import Store
    from decompte.scale import load_output
    from decompte.scale.output import read_manifest

    output = chosen(fmt, as_json)
    read_manifest(folder)  # refuse an unfinished folder before opening the ledger
    last: list[IngestSummary] = []
    with Store.open(db) as store:
        progress = _progress("{task.completed} documents", "{task.fields[rate]:.1f} docs/s",
                             hidden=quiet or output is not OutputFormat.table, bar=True)
        task = progress.add_task("loading", total=None, rate=0.0)

        def update(summary: IngestSummary) -> None:
            if not last:
                last.append(summary)
            progress.update(task, total=summary.total, completed=summary.seen, rate=summary.rate)

        try:
            with progress:
                summary = load_output(folder, store, fail_fast=fail_fast, on_progress=update,
                                      command=shlex.join(["decompte", "ledger", "load", str(folder)]))
        except KeyboardInterrupt:
            if last:
                _print_summary(last[0], store, output, interrupted=True)
            raise
        _print_summary(summary, store, output)


@ledger_app.command("reextract")
@handle_errors
def reextract_command(
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option(help="Extraction processes. Default: the number of cores.",
                                                show_default=False)] = None,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first document that fails.")] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract again, from their stored text, the documents whose claims came from another
    extraction version (see `decompte --version`), never extracted or skipped.

    `decompte ingest` does the same for the documents it meets again; this command does
    it for the whole ledger, with a progress bar.

    Example: decompte ledger reextract --db decompte.db --workers 2
    """
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    from decompte.api import Ledger

    output = chosen(fmt, as_json)
    if workers is not None and workers < 1:
        raise fail(f"--workers must be at least 1 (got {workers})")
    with Ledger.open(db, create=False) as ledger:
        total = len(ledger.outdated())
        progress = Progress(TextColumn("re-extracting"), BarColumn(), TaskProgressColumn(),
                            TextColumn("{task.completed}/{task.total} documents"), TimeRemainingColumn(),
                            console=err_console, transient=True,
                            disable=quiet or output is not OutputFormat.table)
        task = progress.add_task("reextract", total=total)
        with progress:
            summary = ledger.reextract(workers=workers or os.cpu_count() or 1, fail_fast=fail_fast,
                                       on_progress=lambda s: progress.update(task, completed=s.seen))
        _print_summary(summary, ledger.store, output)


@ledger_app.command("stories")
@handle_errors
def stories_command(
    db: DbOption = None,
    min_outlets: Annotated[int, typer.Option(help="Only stories carried by at least this many sites.")] = 2,
    limit: Annotated[int, typer.Option(help="At most this many stories.")] = 50,
    refresh: Annotated[bool, typer.Option("--refresh", help="Group every stored document again first.")] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stories reprinted by several outlets (near-identical texts, MinHash/LSH).

    Stories are recorded by ``decompte ledger load`` and by ``--refresh``, which groups
    the whole ledger again (after local ingests).

    Example: decompte ledger stories --refresh --min-outlets 3
    """
    from decompte.api import require_ledger
    from decompte.ledger import Store
    from decompte.scale import assign_stories, list_stories

    output = chosen(fmt, as_json)
    require_ledger(db)
    with Store.open(db) as store:
        if refresh:
            assign_stories(store)
        rows = list_stories(store, min_outlets=min_outlets, limit=limit)
    print_rows([asdict(r) for r in rows], output, STORY_COLUMNS, title="Stories reprinted by several outlets",
               empty="no story reprinted by several outlets (decompte ledger stories --refresh groups them)")


STORY_COLUMNS = (
    Column("story_id", "story", no_wrap=True), Column("outlets", no_wrap=True), Column("documents", no_wrap=True),
    Column("first_published", "first published", no_wrap=True), Column("title"),
)
