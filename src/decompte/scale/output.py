"""The Dask engine's output: partitioned Parquet that ``decompte ledger load`` bulk-loads.

::

    OUT/
      documents/PART.parquet   one row per document read: text, provenance, status, MinHash signature
      claims/PART.parquet      one row per claim; ``row`` is its document's row in documents/PART
      failures/PART.parquet    records that could not be read or extracted, with their reason
      stories.parquet          (part, row) → story_id and its number of outlets
      _decompte.json           the manifest, written last: a folder without it is an unfinished run

Every file is written under a temporary name and renamed into place, ``documents/`` last:
a task killed half-way leaves no part, a retried task replaces its part whole, and a
reader sees each part either complete or absent. Column types are fixed by the schemas
below, so empty parts and all-null columns still read back alike.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from decompte.errors import UnsupportedInput
from decompte.model import Claim

MANIFEST = "_decompte.json"
FORMAT = "decompte-parquet/1"

DOCUMENT_SCHEMA = pa.schema([
    ("row", pa.int32()), ("doc_key", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()),
    ("title", pa.string()), ("site", pa.string()), ("published", pa.date32()), ("lang", pa.string()),
    ("text", pa.string()), ("content_hash", pa.string()), ("source", pa.string()), ("status", pa.string()),
    ("skip_reason", pa.string()), ("extractor_version", pa.string()), ("n_claims", pa.int32()),
    ("minhash", pa.binary()),
])
CLAIM_SCHEMA = pa.schema([
    ("row", pa.int32()), ("content_hash", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("quote", pa.string()), ("value", pa.float64()), ("qualifier", pa.string()), ("low", pa.float64()),
    ("high", pa.float64()), ("counted", pa.string()), ("event", pa.string()), ("side", pa.string()),
    ("claimant", pa.string()), ("claimant_short", pa.string()), ("period_start", pa.date32()),
    ("period_end", pa.date32()), ("sentence", pa.string()), ("confidence", pa.float64()), ("doc", pa.string()),
    ("lang", pa.string()), ("metric", pa.string()), ("evidence", pa.string()), ("provenance", pa.string()),
    ("relay", pa.string()),
])
FAILURE_SCHEMA = pa.schema([("ref", pa.string()), ("reason", pa.string()), ("message", pa.string())])
STORY_SCHEMA = pa.schema([("part", pa.string()), ("row", pa.int32()), ("content_hash", pa.string()),
                          ("story_id", pa.string()), ("outlets", pa.int32()), ("documents", pa.int32())])
TABLES = {"documents": DOCUMENT_SCHEMA, "claims": CLAIM_SCHEMA, "failures": FAILURE_SCHEMA}
_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


def prepare(out: Path) -> None:
    """Create the output folder; refuse one that already holds files (they would mix with ours).

    Empty folders are fine: a run that failed before writing anything can be started again.
    """
    if out.exists() and not out.is_dir():
        raise UnsupportedInput(f"{out}: not a folder")
    if out.is_dir() and any(p.is_file() for p in out.rglob("*")):
        raise UnsupportedInput(f"{out}: the output folder is not empty (choose a new one)")
    for table in TABLES:
        (out / table).mkdir(parents=True, exist_ok=True)


def _write(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def claim_row(row: int, content_hash: str, claim: Claim) -> dict[str, Any]:
    """A claim as a row of ``claims/``, pointing at its document's row."""
    values = {name: getattr(claim, name) for name in _CLAIM_FIELDS}
    values["evidence"] = json.dumps(claim.evidence, ensure_ascii=False)  # one string column, whatever the fields
    return {"row": row, "content_hash": content_hash, "metric": claim.metric, **values}


def row_claim(row: dict[str, Any]) -> Claim:
    """A row of ``claims/`` back as a ``Claim``."""
    # parts written before claims kept their provenance have neither column
    values: dict[str, Any] = {name: row.get(name) if name in ("provenance", "relay") else row[name]
                              for name in _CLAIM_FIELDS if name != "evidence"}
    evidence = row.get("evidence")  # parts written before claims kept their evidence have none
    return Claim(**values, evidence=json.loads(evidence) if isinstance(evidence, str) else {})


def write_part(out: Path, name: str, documents: list[dict[str, Any]], claims: list[dict[str, Any]],
               failures: list[dict[str, Any]]) -> None:
    """Write one part's three files, documents last (its presence means the part is whole)."""
    for table, rows in (("failures", failures), ("claims", claims), ("documents", documents)):
        schema = TABLES[table]
        _write(pa.Table.from_pylist(rows, schema=schema), out / table / f"{name}.parquet")


def remove_leftovers(out: Path) -> int:
    """Delete temporary files of killed tasks; return how many."""
    n = 0
    for path in out.glob("*/.*.tmp"):
        path.unlink(missing_ok=True)
        n += 1
    return n


def write_manifest(out: Path, data: dict[str, Any]) -> None:
    path = out / MANIFEST
    tmp = path.with_name(f".{MANIFEST}.tmp")
    tmp.write_text(json.dumps({"format": FORMAT, **data}, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def read_manifest(out: Path) -> dict[str, Any]:
    """The manifest of a finished run; ``UnsupportedInput`` for anything else."""
    path = out / MANIFEST
    if not out.is_dir():
        raise UnsupportedInput(f"{out}: no such folder")
    if not path.is_file():
        raise UnsupportedInput(f"{out}: not a finished 'decompte ingest --engine dask' output (no {MANIFEST})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnsupportedInput(f"{path}: unreadable manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UnsupportedInput(f"{path}: not a {FORMAT} manifest")
    for name in data.get("parts", []):
        if not (out / "documents" / f"{name}.parquet").is_file():
            raise UnsupportedInput(f"{out}: part {name} is missing")
    return data


def read_table(out: Path, table: str, name: str, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """The rows of one part's file (``documents``, ``claims`` or ``failures``)."""
    return pq.read_table(out / table / f"{name}.parquet", columns=columns).to_pylist()


def iter_documents(out: Path, name: str) -> Iterator[tuple[dict[str, Any], list[Claim]]]:
    """One part's documents, in order, each with its claims."""
    by_row: dict[int, list[Claim]] = {}
    for row in read_table(out, "claims", name):
        by_row.setdefault(row["row"], []).append(row_claim(row))
    for doc in read_table(out, "documents", name):
        yield doc, by_row.get(doc["row"], [])
