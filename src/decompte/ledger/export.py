"""Writing exported claims as CSV, JSON, JSON Lines or Parquet.

Rows come from ``queries.export_rows`` as flat dicts; text formats stream to any
text stream, Parquet (through pyarrow, with a fixed schema so that empty exports
and all-null columns still have types) is written to a path in row groups.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from decompte.errors import UnsupportedInput
from decompte.ledger.queries import EXPORT_COLUMNS

FORMATS: tuple[str, ...] = ("csv", "json", "jsonl", "parquet")

_FLOATS = {"value", "low", "high", "confidence"}
_INTS = {"claim_id", "figure_id", "start", "end", "document_id"}
_DATES = {"period_start", "period_end", "published"}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def write_text(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write rows as ``csv``, ``json`` (one array) or ``jsonl``; return how many."""
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _plain(v) for k, v in row.items()})
            n += 1
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "json":
        out.write("[")
        for row in rows:
            item = json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False)
            out.write(("," if n else "") + "\n" + item)
            n += 1
        out.write("\n]\n" if n else "]\n")
    else:
        raise UnsupportedInput(f"unknown text export format {fmt!r} (choose from csv, json, jsonl)")
    return n


def parquet_schema() -> Any:
    """The Arrow schema of an export: stable column types whatever the rows hold."""
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in _FLOATS:
            return pa.float64()
        if name in _INTS:
            return pa.int64()
        if name in _DATES:
            return pa.date32()
        return pa.string()

    return pa.schema([(name, kind(name)) for name in EXPORT_COLUMNS])


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, *, batch_size: int = 50_000) -> int:
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
