"""``decompte export`` and ``decompte datasette-metadata``: the ledger for other tools.

``export`` writes the claims (with their documents, claimants and latest verdicts) that
its filters select, the filters of ``/api/claims``; ``datasette-metadata`` writes what
Datasette shows beside the tables. Both are one call into ``decompte.ledger``.
"""

from __future__ import annotations

import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from decompte.cli._app import app, err_console, fail, handle_errors
from decompte.cli.ledger import DbOption
from decompte.cli.output import Column, JsonOption, ProvenanceChoice, print_table


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"
    table = "table"


class VerdictChoice(str, Enum):
    consistent = "consistent"
    inconsistent = "inconsistent"
    stale = "stale"
    unknown = "unknown"


TABLE_COLUMNS = (
    Column("claim_id", "claim", justify="right", no_wrap=True), Column("metric", no_wrap=True),
    Column("value", justify="right", no_wrap=True), Column("qualifier"), Column("claimant"),
    Column("period_end", "as of", no_wrap=True), Column("verdict"), Column("site"),
    Column("published", no_wrap=True),
)


@app.command("export")
@handle_errors
def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.csv,
    as_json: JsonOption = False,
    metric: Annotated[list[str] | None, typer.Option(help="Only these metrics (repeatable).")] = None,
    claimant: Annotated[str | None, typer.Option(help="Only this claimant (name, alias or as written).")] = None,
    side: Annotated[str | None, typer.Option(help="Only this side (RU, UA…; XX: side not said).")] = None,
    since: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                                   help="Only claims dated this day or later.")] = None,
    until: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                                   help="Only claims dated this day or earlier.")] = None,
    verdict: Annotated[VerdictChoice | None, typer.Option(help="Only claims with this latest verdict.")] = None,
    lang: Annotated[str | None, typer.Option(help="Only claims in this language (fr, en…).")] = None,
    provenance: Annotated[ProvenanceChoice | None, typer.Option(help="Only claims of this provenance.")] = None,
    excel: Annotated[bool, typer.Option("--excel", help="CSV for spreadsheets: a UTF-8 BOM and ';' "
                                        "between cells.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Write the claims with their documents, claimants and latest verdicts as CSV, JSON, JSON
    Lines or Parquet (or a table to read).

    A claim is dated by its period's end, else by its document's publication date. Whole
    figures are written as integers, dates as ISO dates; Parquet keeps their types.

    Example: decompte export --format parquet --metric RU/soldier/killed --verdict inconsistent -o claims.parquet
    """
    from decompte.api import require_ledger
    from decompte.ledger import ClaimFilters, Store
    from decompte.ledger.export import export_claims
    from decompte.ledger.selection import export_rows

    if as_json and fmt not in (ExportFormat.csv, ExportFormat.json):  # csv: the default, not a choice
        raise fail(f"--json and --format {fmt.value} ask for two formats: give one")
    chosen = ExportFormat.json if as_json else fmt
    if chosen is ExportFormat.parquet and output is None:
        raise fail("--format parquet needs --output FILE")
    if excel and chosen is not ExportFormat.csv:
        raise fail("--excel goes with --format csv")
    filters = ClaimFilters(claimant=claimant, side=side, lang=lang, verdict=verdict.value if verdict else None,
                           since=since.date() if since else None, until=until.date() if until else None,
                           provenance=provenance.value if provenance else None)
    require_ledger(db)
    with Store.open(db) as store:
        if chosen is ExportFormat.table:
            print_table(list(export_rows(store, metric=metric or None, filters=filters)), TABLE_COLUMNS)
            return
        n = export_claims(store, output if output is not None else sys.stdout, chosen.value,
                          metric=metric or None, filters=filters, excel=excel)
    if output is not None:
        err_console.print(escape(f"{n} claims written to {output}"), highlight=False)


@app.command("datasette-metadata")
@handle_errors
def datasette_metadata_command(
    db: DbOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    database: Annotated[str | None, typer.Option(help="The database's name in Datasette (default: the --db "
                                                 "file's stem).", show_default=False)] = None,
) -> None:
    """Write Datasette's metadata for the ledger: what each table and column holds, the labels of
    foreign keys, facets, and alembic_version hidden.

    Example: decompte datasette-metadata --db ledger.db -o metadata.json && datasette ledger.db -m metadata.json
    """
    import json

    from decompte.ledger.datasette import database_name, datasette_metadata, write_datasette_metadata
    from decompte.settings import default_db

    name = database or database_name(db or default_db())
    if output is None:
        typer.echo(json.dumps(datasette_metadata(name), ensure_ascii=False, indent=2))
        return
    write_datasette_metadata(output, name)
    err_console.print(escape(f"Datasette metadata for database {name!r} written to {output}"), highlight=False)
