"""A corpus as shards (JSONL, CSV, Parquet; paths, folders, globs or fsspec URLs) → parts for Dask tasks.

A *part* is the unit of work and of output: one block of a JSONL shard (split at line
ends by ``dask.bytes.read_bytes``, the reader behind ``dask.bag.read_text``), or one
whole CSV shard (quoted fields may hold newlines, so a CSV cannot be cut by bytes), or
one whole Parquet shard (read in record batches). Its ``name`` — the shard's stem, a
digest of its full path and the block index — names its output files, so a retried task
overwrites its own files instead of adding new ones.

Records become articles exactly as ``decompte ingest`` reads them (``record_to_article``):
same columns, same dates, same HTML handling. A record without an id gets
``STEM:LINE`` as in a serial run, or ``STEM:BLOCK.N`` inside a shard cut into blocks.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from decompte.errors import DecompteError, UnsupportedInput
from decompte.ingest.files import CorpusFields, record_to_article
from decompte.ingest.reasons import Failure, Unreadable
from decompte.model import Article
from decompte.settings import Limits

KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
DEFAULT_BLOCKSIZE = 32 * 2**20


@dataclass(frozen=True)
class PartSpec:
    """One task's input: which shard, which block of it, and the name of its output files."""

    path: str
    kind: str
    index: int
    blocks: int
    name: str


def _kind(path: str) -> str:
    suffix = PurePosixPath(path.split("?", 1)[0]).suffix.lower()
    if suffix not in KINDS:
        raise UnsupportedInput(f"{path}: not a JSONL, CSV or Parquet shard (.jsonl, .ndjson, .csv, .parquet)")
    return KINDS[suffix]


def _name(path: str, index: int) -> str:
    stem = PurePosixPath(path).stem.replace(".", "_")[:60] or "shard"
    digest = hashlib.sha1(path.encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{digest}-{index:05d}"


def expand(sources: Sequence[str]) -> list[str]:
    """Every shard the sources name (globs expanded), in a stable order; refuses what cannot be read."""
    import fsspec
    from fsspec.implementations.local import LocalFileSystem

    if not sources:
        raise UnsupportedInput("nothing to ingest: give JSONL, CSV or Parquet shards (paths, globs or URLs)")
    found: list[str] = []
    for source in sources:
        try:
            fs, _, paths = fsspec.get_fs_token_paths(source)
        except (ImportError, ValueError) as exc:  # an unknown protocol, or its fsspec extra missing
            raise UnsupportedInput(f"{source}: cannot be read ({exc})") from None
        if any(c in source for c in "*?["):
            paths = sorted(p for p in paths if not fs.isdir(p))
        elif len(paths) == 1 and fs.isdir(paths[0]):  # a folder: its shards, recursively
            paths = sorted(p for p in fs.find(paths[0]) if PurePosixPath(p).suffix.lower() in KINDS
                           and not any(part.startswith(".") for part in PurePosixPath(p).parts))
        if not paths:
            raise UnsupportedInput(f"{source}: no file matches")
        for path in paths:
            if not fs.exists(path):
                raise UnsupportedInput(f"{source}: no such file")
            _kind(path)
            found.append(path if isinstance(fs, LocalFileSystem) else fs.unstrip_protocol(path))
    if len(set(found)) != len(found):
        raise UnsupportedInput("a shard is named twice: each document would be counted twice")
    return found


def plan(shards: Sequence[str], blocksize: int = DEFAULT_BLOCKSIZE) -> list[tuple[PartSpec, Any]]:
    """The parts of the shards, each with its input: a delayed JSONL block, or ``None``."""
    from dask.bytes import read_bytes

    parts: list[tuple[PartSpec, Any]] = []
    for path in shards:
        kind = _kind(path)
        if kind != "jsonl":
            parts.append((PartSpec(path, kind, 0, 1, _name(path, 0)), None))
            continue
        _, blocks = read_bytes(path, delimiter=b"\n", blocksize=blocksize, sample=False)
        file_blocks = blocks[0] if blocks else []
        for index, block in enumerate(file_blocks):
            parts.append((PartSpec(path, kind, index, len(file_blocks), _name(path, index)), block))
    return parts


def _stem(path: str) -> str:
    return PurePosixPath(path).stem


def _record(record: Any, ref: str, default_id: str, fields: CorpusFields, limits: Limits) -> Article | Failure:
    try:
        if not isinstance(record, dict):
            raise Unreadable("invalid JSON", f"{ref}: a record must be a JSON object")
        text = record.get(fields.text)
        if isinstance(text, str) and len(text) > limits.max_bytes:
            raise Unreadable("too large", f"{ref}: record over the {limits.max_bytes}-byte limit")
        return record_to_article(record, fields, ref=ref, default_id=default_id)
    except DecompteError as exc:
        return Failure.of(ref, exc)


def _jsonl(spec: PartSpec, block: bytes, fields: CorpusFields, limits: Limits) -> Iterator[Article | Failure]:
    whole = spec.blocks == 1
    for n, raw in enumerate(block.split(b"\n"), 1):
        if not raw.strip():
            continue
        ref = f"{spec.path}:{n}" if whole else f"{spec.path}@{spec.index}:{n}"
        default_id = f"{_stem(spec.path)}:{n}" if whole else f"{_stem(spec.path)}:{spec.index}.{n}"
        try:
            record = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Failure(ref, "invalid JSON", f"{ref}: invalid JSON ({exc})")
            continue
        yield _record(record, ref, default_id, fields, limits)


def _csv(spec: PartSpec, fields: CorpusFields, limits: Limits) -> Iterator[Article | Failure]:
    import fsspec

    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with fsspec.open(spec.path, "rt", encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or fields.text not in reader.fieldnames:
                yield Failure(spec.path, "no text field", f"{spec.path}: no column {fields.text!r} in the header")
                return
            for n, record in enumerate(reader, 1):
                yield _record(record, f"{spec.path}:{reader.line_num}", f"{_stem(spec.path)}:{n}", fields, limits)
    except (UnicodeDecodeError, csv.Error) as exc:
        reason = "bad encoding" if isinstance(exc, UnicodeDecodeError) else "invalid CSV"
        yield Failure(spec.path, reason, f"{spec.path}: {exc}")


def _parquet(spec: PartSpec, fields: CorpusFields, limits: Limits) -> Iterator[Article | Failure]:
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with fsspec.open(spec.path, "rb") as fh:
            table = pq.ParquetFile(fh)
            if fields.text not in table.schema_arrow.names:
                yield Failure(spec.path, "no text field", f"{spec.path}: no column {fields.text!r}")
                return
            n = 0
            for batch in table.iter_batches(batch_size=1024):
                for record in batch.to_pylist():
                    n += 1
                    yield _record(record, f"{spec.path}:{n}", f"{_stem(spec.path)}:{n}", fields, limits)
    except (pa.ArrowException, OSError) as exc:
        yield Failure(spec.path, "invalid Parquet", f"{spec.path}: {exc}")


def read_part(spec: PartSpec, block: bytes | None, fields: CorpusFields, limits: Limits) -> Iterator[Article | Failure]:
    """The articles of one part, in order, a ``Failure`` in place of each unreadable record."""
    if spec.kind == "jsonl":
        return _jsonl(spec, block or b"", fields, limits)
    if spec.kind == "csv":
        return _csv(spec, fields, limits)
    return _parquet(spec, fields, limits)
