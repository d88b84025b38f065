"""How every command prints rows: ``--format table|json|jsonl|csv``, ``--json`` its alias.

Commands build their rows (plain dicts) and the columns their table shows, then call
``print_rows``: JSON is indented, JSON Lines one row a line, CSV flattens nested
fields (``verdict_status``) and tables are Rich tables whose cells are never read as
markup (a claimant, a title, a folder are the user's text). Values are written as
exports write them (``decompte.ledger.export.plain``): ISO dates, whole figures as
integers.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal

import typer

from decompte.errors import UnsupportedInput


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Output: table, json, jsonl or csv.  [default: table]", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


class ProvenanceChoice(str, Enum):
    """Where a figure comes from (``decompte.model.PROVENANCES``), as ``--provenance`` takes it."""

    attributed = "attributed"
    unsourced = "unsourced"
    derived = "derived"
    relayed = "relayed"


def chosen(fmt: OutputFormat | None, as_json: bool) -> OutputFormat:
    """The format asked for by ``--format`` and ``--json`` together (table when neither)."""
    if as_json and fmt not in (None, OutputFormat.json):
        raise UnsupportedInput(f"--json and --format {fmt.value} ask for two formats: give one")
    return OutputFormat.json if as_json else (fmt or OutputFormat.table)


@dataclass(frozen=True)
class Column:
    """A column of a printed table: which field, under what header, shown how."""

    key: str
    header: str | None = None
    justify: Literal["left", "right"] = "left"
    no_wrap: bool = False
    show: Callable[[Mapping[str, Any]], Any] | None = None
    """The cell's text from the whole row (default: the field; ``—`` when empty)."""
    style: Callable[[Mapping[str, Any]], str | None] | None = None
    """A Rich style for the cell (a verdict's colour), from the row."""

    def text(self, row: Mapping[str, Any]) -> str:
        from decompte.ledger.export import plain

        value = self.show(row) if self.show else plain(row.get(self.key))
        return "—" if value is None or value == "" else str(value)


def plain_tree(value: Any) -> Any:
    """``value`` with every date in ISO form and every whole float as an integer, at any depth."""
    from decompte.ledger.export import plain

    if isinstance(value, Mapping):
        return {k: plain_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain_tree(v) for v in value]
    return plain(value)


def print_data(rows: Sequence[Mapping[str, Any]], fmt: OutputFormat, *, one: bool = False) -> None:
    """``rows`` as JSON, JSON Lines or CSV on stdout; ``one``: a single record (JSON prints it, not a list)."""
    from decompte.ledger.export import flatten

    data = [plain_tree(r) for r in rows]
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(data[0] if one and data else data, ensure_ascii=False, indent=2, default=str))
    elif fmt is OutputFormat.jsonl:
        for row in data:
            typer.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt is OutputFormat.csv:
        flat = [flatten(r) for r in data]
        fields: dict[str, None] = {}
        for r in flat:
            fields.update(dict.fromkeys(r))
        writer = csv.DictWriter(sys.stdout, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat)
    else:
        raise ValueError(f"print_data prints no {fmt.value}")  # a table needs its columns: print_rows


def print_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], *, title: str | None = None) -> None:
    """``rows`` as a Rich table on stdout, every cell as plain text."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from decompte.cli._app import console

    table = Table(title=Text(title) if title else None, box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True, header_style="bold", title_justify="left")
    for c in columns:
        table.add_column(c.header or c.key, justify=c.justify, no_wrap=c.no_wrap, overflow="fold")
    for row in rows:
        table.add_row(*(Text(c.text(row), style=(c.style(row) if c.style else None) or "") for c in columns))
    console.print(table)


def print_rows(rows: Sequence[Mapping[str, Any]], fmt: OutputFormat, columns: Sequence[Column], *,
               title: str | None = None, empty: str | None = None) -> None:
    """``rows`` in ``fmt``; a table of ``columns`` (or the ``empty`` line when there are none)."""
    if fmt is not OutputFormat.table:
        print_data(rows, fmt)
        return
    if not rows and empty:
        from decompte.cli._app import console

        console.print(empty, highlight=False, markup=False)
        return
    print_table(rows, columns, title=title)


__all__ = ["Column", "FormatOption", "JsonOption", "OutputFormat", "chosen", "plain_tree", "print_data",
           "print_rows", "print_table"]
