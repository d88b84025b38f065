"""Writing exported claims as CSV, JSON, JSON Lines or Parquet, with types that survive.

Rows come from ``selection.export_rows`` as flat dicts holding the columns of
``columns.EXPORT``; each column's kind decides how its values are written (see that
module): whole figures as integers (``1207``, not ``1207.0``), dates as ISO dates. Text
formats stream to any text stream; ``excel=True`` writes the CSV that a spreadsheet
opens right (a UTF-8 byte-order mark, ``;`` between cells, formulas defused). Parquet
(through pyarrow, with a fixed schema so that empty exports and all-null columns still
have types) is written to a path in row groups.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from decompte.errors import DecompteError, UnsupportedInput
from decompte.ledger.columns import BY_NAME, EXPORT, EXPORT_COLUMNS, Column

if TYPE_CHECKING:  # the writers stay importable without SQLAlchemy (the CLI's light imports)
    from decompte.ledger.selection import ClaimFilters
    from decompte.ledger.store import Store

FORMATS: tuple[str, ...] = ("csv", "json", "jsonl", "parquet")
#: Text a spreadsheet would run as a formula (OWASP's "CSV injection"): prefixed with ``'``.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """A value as JSON or CSV writes it: dates and times in ISO 8601, whole floats as integers."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def text_value(column: Column | None, value: Any) -> Any:
    """One cell as text formats write it: a ``float`` column keeps its decimal point (``1.0``)."""
    if column is not None and column.kind == "float":
        return value
    return plain(value)


def text_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """An export row with each value as CSV and JSON write it."""
    return {name: text_value(BY_NAME.get(name), value) for name, value in record.items()}


def flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts become ``parent_child`` columns; lists become JSON text: a row for CSV."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, (list, tuple, set)):
            flat[name] = json.dumps(list(value), ensure_ascii=False, default=_json_default)
        else:
            flat[name] = value
    return flat


def _json_default(value: Any) -> Any:
    return plain(value) if isinstance(value, date) else str(value)


def defused(value: Any) -> Any:
    """``value`` with an apostrophe in front if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_text(rows: Iterable[Mapping[str, Any]], fmt: str, out: TextIO, *, excel: bool = False) -> int:
    """Write rows as ``csv``, ``json`` (one array) or ``jsonl``; return how many.

    ``excel`` (CSV only): a byte-order mark first, ``;`` as separator and formulas defused,
    so that Excel reads the accents, the cells and no formula.
    """
    if excel and fmt != "csv":
        raise UnsupportedInput("--excel goes with the csv format")
    n = 0
    if fmt == "csv":
        if excel:
            out.write("\ufeff")
        writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            values = text_record(row)
            writer.writerow([defused(values.get(c)) if excel else values.get(c) for c in EXPORT_COLUMNS])
            n += 1
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(text_record(row), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "json":
        out.write("[")
        for row in rows:
            out.write(("," if n else "") + "\n" + json.dumps(text_record(row), ensure_ascii=False))
            n += 1
        out.write("\n]\n" if n else "]\n")
    else:
        raise UnsupportedInput(f"unknown text export format {fmt!r} (choose from csv, json, jsonl)")
    return n


def arrow_type(column: Column) -> Any:
    """The Arrow type of an exported column."""
    import pyarrow as pa

    return {
        "id": pa.int64(), "int": pa.int64(), "count": pa.float64(), "float": pa.float64(),
        "date": pa.date32(), "timestamp": pa.timestamp("us"), "text": pa.string(),
        "category": pa.dictionary(pa.int32(), pa.string()),
    }[column.kind]


def parquet_schema() -> Any:
    """The Arrow schema of an export: stable column types whatever the rows hold, each
    column's description in its field metadata."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, arrow_type(c), metadata={"description": c.description}) for c in EXPORT])


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def write_parquet(rows: Iterable[Mapping[str, Any]], path: Path, *, batch_size: int = 50_000) -> int:
    """Write rows to a Parquet file in row groups; return how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in _batches(rows, batch_size):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def export_claims(
    store: Store,
    out: str | Path | TextIO,
    fmt: str,
    *,
    metric: str | Sequence[str] | None = None,
    filters: ClaimFilters | None = None,
    excel: bool = False,
) -> int:
    """Write the claims ``filters`` select (and of ``metric``, one or several) to ``out`` as
    ``fmt``; return how many.

    ``out`` is a path or, for the text formats, an open text stream. A file is written
    whole or not at all: into a temporary sibling, renamed over ``out`` at the end.
    """
    from decompte.ledger.selection import export_rows

    if fmt not in FORMATS:
        raise UnsupportedInput(f"export format {fmt!r}: choose {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise UnsupportedInput("--excel goes with the csv format")
    rows = export_rows(store, metric=metric, filters=filters)
    if not isinstance(out, str | Path):
        if fmt == "parquet":
            raise UnsupportedInput("Parquet is written to a file path, not to an open stream")
        return write_text(rows, fmt, out, excel=excel)
    target = Path(out)
    tmp = target.with_name(f".{target.name}.part")
    try:
        if fmt == "parquet":
            n = write_parquet(rows, tmp)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                n = write_text(rows, fmt, fh, excel=excel)
        tmp.replace(target)
    except OSError as exc:
        raise DecompteError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return n
