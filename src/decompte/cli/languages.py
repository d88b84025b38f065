"""``decompte languages``: the installed language packs."""

from __future__ import annotations

from decompte.cli._app import app, handle_errors
from decompte.cli.output import Column, FormatOption, JsonOption, chosen, print_rows

COLUMNS = (
    Column("code", no_wrap=True), Column("name"), Column("version"), Column("pipeline"),
    Column("pipeline_installed", "installed", show=lambda p: "yes" if p["pipeline_installed"] else "no"),
    Column("path", "folder"),
)


@app.command()
@handle_errors
def languages(fmt: FormatOption = None, as_json: JsonOption = False) -> None:
    """List the installed language packs with their version, spaCy pipeline and folder.

    Example: decompte languages
    """
    from decompte.extract.packs import describe_packs

    print_rows(describe_packs(), chosen(fmt, as_json), COLUMNS)
