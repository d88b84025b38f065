"""``decompte extract``: print the claims of articles."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from decompte.cli._app import app, console, date_option, err_console, handle_errors
from decompte.cli.output import FormatOption, JsonOption, OutputFormat, chosen, print_data
from decompte.errors import DecompteError
from decompte.settings import DEFAULT_LIMITS

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from rich.table import Table

    from decompte.model import Article, Claim


def claims_table(claims: list[Claim], title: str | None = None) -> Table:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for column in ("quote", "value", "qualifier", "metric", "claimant", "source", "period"):
        table.add_column(column, overflow="fold")
    for claim in claims:
        period = "–".join(d.isoformat() if d else "…" for d in (claim.period_start, claim.period_end))
        table.add_row(
            claim.quote, f"{claim.value:,.0f}".replace(",", " ") if claim.value == int(claim.value) else f"{claim.value:g}",
            claim.qualifier, claim.metric, claim.claimant_short or claim.claimant or "—",
            (claim.provenance or "") + (f" via {claim.relay}" if claim.relay else ""),
            "" if period == "…–…" else period,
        )
    return table


def explanation(claim: Claim) -> str:
    """Why a claim says what it says: each field, its value, the strategy that decided it and the
    words it read ("side RU ← on_counted_noun: «russes»")."""
    from rich.markup import escape

    lines = [f"[bold]{escape(claim.quote)}[/] → {escape(claim.metric)}"]
    for name, evidence in claim.evidence.items():
        value = getattr(claim, name, None)
        words = f": «{escape(evidence['words'])}»" if evidence.get("words") else ""
        lines.append(f"  {name} {escape(str(value) if value is not None else '—')} ← {escape(evidence['strategy'])}{words}")
    return "\n".join(lines)


def report_bad_file(exc: DecompteError) -> None:
    """One line on stderr for a file that cannot be read; the command goes on with the next."""
    err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)


def read_all(files: list[str], lang: str | None, published: date | None) -> Iterator[Article | DecompteError]:
    """Each file's article, or the error that kept it from being read, in order."""
    from decompte.ingest.files import read_article

    for path in files:
        try:
            yield read_article(path, DEFAULT_LIMITS, lang=lang, published=published)
        except DecompteError as exc:
            yield exc


@app.command()
@handle_errors
def extract(
    files: Annotated[list[str], typer.Argument(help="Text or HTML files to read; - for standard input.")],
    lang: Annotated[Optional[str], typer.Option("--lang", "-l", help="Language of the texts (detected when not given).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date, YYYY-MM-DD (else the page's, else taken from the file name).")] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first file that cannot be read.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="After the table, say for each claim which rule decided each field, from which words.")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", help="Processes extracting at once (default: 2 on 2 cores or more, from 8 files); 1 for one process.")] = None,
) -> None:
    """Print every claim of each article: value, qualifier, metric, claimant, source and period.

    A file that cannot be read (missing, binary, empty, another language…) gives one
    line on stderr and the others are still read; the exit code is then 1. HTML pages
    are told by their content and read like `decompte ingest` reads them.

    With --explain, each claim says why: which rule decided its side, claimant, event and
    counted class, from which words (JSON output always carries this as "evidence"). The
    source column is the figure's provenance: attributed, unsourced, derived, or relayed via
    an outlet (docs/claims.md).

    Many files are parsed together, in two processes by default (--workers); the output is
    the same, in the same order, as one file at a time.

    Example: decompte extract examples/ukraine-pertes-2022-03-19.txt --published 2022-03-19 --explain
    """
    from decompte.extract.many import default_workers, extract_in_order
    from decompte.extract.packs import load_pack

    if lang is not None:
        load_pack(lang)  # an unknown --lang is refused before any file is read
    output = chosen(fmt, as_json)
    fixed_date = date_option(published)
    everything: list[Claim] = []
    failed = 0
    results = extract_in_order(read_all(files, lang, fixed_date), default_workers() if workers is None else workers)
    for path, (item, outcome) in zip(files, results):
        error = item if isinstance(item, DecompteError) else outcome
        if isinstance(error, DecompteError):
            if fail_fast:
                raise error
            report_bad_file(error)
            failed += 1
            continue
        claims = outcome if isinstance(outcome, list) else []
        everything.extend(claims)
        if output is OutputFormat.table:
            console.print(claims_table(claims, title=f"{path}: {len(claims)} claims"))
            if explain:
                for claim in claims:
                    console.print(explanation(claim), highlight=False)
        elif output is OutputFormat.jsonl:
            for claim in claims:
                typer.echo(claim.to_json())
    if output is OutputFormat.json:
        typer.echo(json.dumps([c.to_dict() for c in everything], ensure_ascii=False, indent=2))
    elif output is OutputFormat.csv:  # one row per claim, its evidence as evidence_<field>_<key> columns
        print_data([c.to_dict() for c in everything], output)
    if failed:
        raise typer.Exit(1)
