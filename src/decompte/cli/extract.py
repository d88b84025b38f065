"""``decompte extract``: print the claims of articles."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from decompte.cli._app import app, console, handle_errors
from decompte.errors import UnsupportedInput
from decompte.extract import get_extractor
from decompte.model import Article, Claim
from decompte.textio import read_text


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UnsupportedInput(f"--published {value!r} is not a date (YYYY-MM-DD)") from None


def published_from_name(path: str) -> date | None:
    """``…-2022-03-19.txt`` names its publication date."""
    found = re.search(r"(\d{4}-\d{2}-\d{2})", Path(path).name)
    try:
        return date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


def claims_table(claims: list[Claim], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in ("quote", "value", "qualifier", "metric", "claimant", "period"):
        table.add_column(column, overflow="fold")
    for claim in claims:
        period = "–".join(d.isoformat() if d else "…" for d in (claim.period_start, claim.period_end))
        table.add_row(
            claim.quote, f"{claim.value:,.0f}".replace(",", " ") if claim.value == int(claim.value) else f"{claim.value:g}",
            claim.qualifier, claim.metric, claim.claimant_short or claim.claimant or "—",
            "" if period == "…–…" else period,
        )
    return table


@app.command()
@handle_errors
def extract(
    files: Annotated[list[str], typer.Argument(help="Text files to read; - for standard input.")],
    lang: Annotated[Optional[str], typer.Option("--lang", "-l", help="Language of the texts (detected when not given).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date, YYYY-MM-DD (else taken from the file name).")] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, json or jsonl.")] = "table",
) -> None:
    """Print every claim of each article: value, qualifier, metric, claimant and period.

    Example: decompte extract examples/ukraine-pertes-2022-03-19.txt --published 2022-03-19
    """
    if output_format not in ("table", "json", "jsonl"):
        raise UnsupportedInput(f"--format {output_format!r}: choose table, json or jsonl")
    fixed_date = parse_date(published)
    everything: list[Claim] = []
    for path in files:
        text = read_text(path)
        article = Article(id=Path(path).stem if path != "-" else "stdin", text=text,
                          published=fixed_date or published_from_name(path))
        article.lang = resolve_language(text, lang, path)
        claims = get_extractor(article.lang).extract(article)
        everything.extend(claims)
        if output_format == "table":
            console.print(claims_table(claims, title=f"{path}: {len(claims)} claims"))
        elif output_format == "jsonl":
            for claim in claims:
                typer.echo(claim.to_json())
    if output_format == "json":
        typer.echo(json.dumps([c.to_dict() for c in everything], ensure_ascii=False, indent=2))


def resolve_language(text: str, asked: str | None, name: str) -> str:
    """The language to read ``text`` in: the one asked (checked against the text), else the detected one."""
    from decompte.ingest.lang import detect_language

    detected = detect_language(text)
    if asked is None:
        if detected is None:
            raise UnsupportedInput(f"{name}: cannot tell the language of the text; give it with --lang")
        return detected
    if detected is not None and detected != asked:
        raise UnsupportedInput(f"{name}: the text reads as '{detected}', not '{asked}' as asked with --lang")
    return asked
