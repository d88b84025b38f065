"""``decompte ingest``, ``decompte ledger`` and ``decompte export``: the ledger's commands.

Each command declares its options and calls the library (``decompte.ingest`` and
``decompte.ledger``); errors come out as one line on stderr through ``handle_errors``.
"""

from __future__ import annotations

import json
import shlex
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from decompte.cli._app import app, console, err_console, fail, handle_errors
from decompte.errors import UnsupportedInput
from decompte.ingest.files import CorpusFields
from decompte.ingest.runner import IngestSummary, PackExtraction, ingest
from decompte.ingest.sources import SourceOptions, check_arguments, iter_articles
from decompte.ledger import Store, latest_values, metrics, timeline
from decompte.ledger.export import write_parquet, write_text
from decompte.ledger.queries import export_rows
from decompte.settings import DB_ENV_VAR, DEFAULT_LIMITS

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar=DB_ENV_VAR, show_envvar=True,
                 help="Ledger: an SQLite file or an SQLAlchemy URL (postgresql://…). Default: ./decompte.db."),
]


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


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
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read articles, extract their claims and keep them in the ledger.

    Documents already in the ledger (same canonical URL or same text) are stored once;
    a run can be stopped and started again. Failures are counted, not fatal.

    Example: decompte ingest examples/ corpus.jsonl https://example.org/feed.rss
    """
    limits = DEFAULT_LIMITS.with_(user_agent=user_agent, read_timeout=timeout, max_bytes=max_bytes)
    if max_bytes <= 0 or timeout <= 0:
        raise fail("--max-bytes and --timeout must be positive")
    check_arguments(sources, limits)
    fields = CorpusFields(text=text_field, url=url_field, date=date_field, id=id_field)
    last: list[IngestSummary] = []
    with Store.open(db) as store:
        extraction = None if no_extract else PackExtraction()
        items = iter_articles(sources, SourceOptions(fields=fields, limits=limits))
        progress = Progress(
            SpinnerColumn(), TextColumn("ingesting"), TextColumn("{task.completed} documents"),
            TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("{task.fields[claims]} claims"),
            TimeElapsedColumn(), console=err_console, transient=True, disable=quiet or as_json,
        )
        task = progress.add_task("ingest", total=None, rate=0.0, claims=0)

        def update(summary: IngestSummary) -> None:
            if not last:
                last.append(summary)
            progress.update(task, completed=summary.seen, rate=summary.rate, claims=summary.claims)

        try:
            with progress:
                summary = ingest(items, store, extraction=extraction, lang=lang, fail_fast=fail_fast,
                                 command=shlex.join(["decompte", "ingest", *sources]), on_progress=update)
        except KeyboardInterrupt:
            if last:
                _print_summary(last[0], store, as_json, interrupted=True)
            raise
        _print_summary(summary, store, as_json)


def _print_summary(summary: IngestSummary, store: Store, as_json: bool, interrupted: bool = False) -> None:
    counts = store.counts()
    if as_json:
        data = summary.to_dict() | {"ledger": {"documents": counts["documents"], "claims": counts["claims"],
                                               "figures": counts["figures"]}, "interrupted": interrupted}
        console.print_json(json.dumps(data, ensure_ascii=False, default=str))
        return
    out = err_console if interrupted else console
    head = "interrupted after" if interrupted else "done:"
    out.print(
        f"{head} {summary.seen} documents in {summary.elapsed or 0:.1f} s — ingested {summary.ingested}, "
        f"re-extracted {summary.reextracted}, duplicates {summary.duplicates}, claims {summary.claims}"
        + (f", stored without extraction {n}" if (n := summary.stored_without_extraction) else ""),
        highlight=False,
    )
    for label, counter in (("skipped", summary.skipped), ("failed", summary.failed)):
        if counter:
            detail = ", ".join(f"{reason}: {n}" for reason, n in counter.most_common())
            out.print(f"{label} {sum(counter.values())} ({detail})", highlight=False)
    for failure in summary.examples[:10]:
        out.print(f"  [dim]{failure.reason}[/]: {failure.message}", highlight=False, soft_wrap=True)
    out.print(f"ledger: {counts['documents']} documents, {counts['claims']} claims, "
              f"{counts['figures']} reported figures", highlight=False)


@app.command("ledger")
@handle_errors
def ledger_command(
    metric: Annotated[str | None, typer.Argument(help="A metric SIDE/counted/event, e.g. RU/soldier/killed.")] = None,
    claimant: Annotated[str | None, typer.Option(help="Only this claimant (name, alias or country body).")] = None,
    since: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                                   help="Only figures dated this day or later.")] = None,
    until: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                                   help="Only figures dated this day or earlier.")] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List metrics with each claimant's latest figure, or one metric's timeline.

    Example: decompte ledger RU/soldier/killed --claimant Ukraine --since 2022-03-01
    """
    with Store.open(db) as store:
        if metric is None:
            if claimant or since or until:
                raise fail("--claimant, --since and --until need a METRIC")
            rows: list[Any] = latest_values(store)
            _print_latest(rows, as_json)
            return
        known = metrics(store)
        if metric not in known:
            hint = ", ".join(known[:8]) + (" …" if len(known) > 8 else "") if known else "the ledger is empty"
            raise UnsupportedInput(f"no claims for metric {metric!r} ({hint})")
        points = timeline(store, metric, claimant=claimant, since=_day(since), until=_day(until))
        _print_timeline(metric, points, as_json)


def _jsonable(rows: list[Any]) -> str:
    return json.dumps([r.__dict__ if hasattr(r, "__dict__") else r._asdict() for r in rows],
                      ensure_ascii=False, default=str)


def _print_latest(rows: list[Any], as_json: bool) -> None:
    if as_json:
        console.print_json(_jsonable(rows))
        return
    if not rows:
        console.print("the ledger holds no claims yet (decompte ingest …)")
        return
    table = Table(title="Latest figure per claimant", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("metric", no_wrap=True)
    table.add_column("claimant", min_width=12)
    table.add_column("as of", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("qualifier")
    table.add_column("cited", justify="right")
    for r in rows:
        value = _num(r.value) + (f"–{_num(r.high)}" if r.high is not None else "")
        table.add_row(r.metric, r.claimant or "—", str(r.as_of or "—"), value, r.qualifier, str(r.citations))
    console.print(table)


def _print_timeline(metric: str, points: list[Any], as_json: bool) -> None:
    if as_json:
        console.print_json(_jsonable(points))
        return
    table = Table(title=f"Timeline of {metric}", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for name in ("date", "value", "qualifier"):
        table.add_column(name, no_wrap=True)
    table.add_column("claimant", min_width=16)
    table.add_column("cited", justify="right", no_wrap=True)
    table.add_column("sites", justify="right", no_wrap=True)
    table.add_column("first seen", no_wrap=True)
    for p in points:
        value = _num(p.value) + (f"–{_num(p.high)}" if p.high is not None else "")
        table.add_row(str(p.as_of or "—"), value, p.qualifier, p.claimant or "—", str(p.citations),
                      str(p.outlets), str(p.first_published or "—"))
    console.print(table)


@app.command("export")
@handle_errors
def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.csv,
    metric: Annotated[list[str] | None, typer.Option(help="Only these metrics (repeatable).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Write every claim with its document's fields as CSV, JSON, JSON Lines or Parquet.

    Example: decompte export --format parquet --metric RU/soldier/killed -o claims.parquet
    """
    if fmt is ExportFormat.parquet and output is None:
        raise fail("--format parquet needs --output FILE")
    with Store.open(db) as store:
        rows = export_rows(store, metric=metric or None)
        if fmt is ExportFormat.parquet:
            assert output is not None
            try:
                n = write_parquet(rows, output)
            except OSError as exc:
                raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
        elif output is None:
            n = write_text(rows, fmt.value, sys.stdout)
        else:
            try:
                with output.open("w", encoding="utf-8", newline="") as fh:
                    n = write_text(rows, fmt.value, fh)
            except OSError as exc:
                raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
    if output is not None:
        err_console.print(f"{n} claims written to {output}", highlight=False)
