"""``decompte languages``: the installed language packs."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from decompte.cli._app import app, console, handle_errors


@app.command()
@handle_errors
def languages(
    as_json: Annotated[bool, typer.Option("--json", help="Print the packs as JSON.")] = False,
) -> None:
    """List the installed language packs with their version, spaCy pipeline and folder.

    Example: decompte languages
    """
    from rich.table import Table

    from decompte.extract.packs import describe_packs

    packs = describe_packs()
    if as_json:
        typer.echo(json.dumps(packs, ensure_ascii=False, indent=2))
        return
    table = Table(header_style="bold")
    for column in ("code", "name", "version", "pipeline", "installed", "folder"):
        table.add_column(column, overflow="fold")
    for pack in packs:
        cells = (pack["code"], pack["name"], pack["version"], pack["pipeline"],
                 "yes" if pack["pipeline_installed"] else "no", pack["path"])
        table.add_row(*(escape(str(c)) for c in cells))  # a folder name is the user's, not markup
    console.print(table)
