"""The manifest that says what a reference series is, whose it is and how to read it.

A series is a folder: one YAML manifest beside one or more data files (CSV, JSON list
of records, JSON Lines or Parquet) that share a date column. The manifest is checked
before any data is read, so a typo in a metric key is refused with its reason instead
of silently matching nothing::

    name: ohchr-ukraine-civilians
    publisher: UN Human Rights Office (OHCHR)
    aliases: [OHCHR, HCDH, ONU, UN human rights office]
    licence: none stated (public UN figures)   # short; licence_note: the long form
    source_url: https://…
    kind: cumulative              # or per_period
    as_of: last day the count covers; published the day after
    publication_lag_days: 1
    files:
      - path: ukraine-civilian-casualties.csv
        date_column: as_of
        source_column: source_url
        columns:
          killed: {metric: UA/civilian/killed}

A single-file series may put ``date_column``, ``source_column`` and ``columns`` at
the top level instead of ``files`` (``decompte reference add`` fills in the path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from decompte.errors import ReferenceSeriesError
from decompte.model import COUNTED, EVENTS, QUALIFIERS

KINDS = ("cumulative", "per_period")
FORMATS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".parquet": "parquet"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_SIDE = re.compile(r"^(?:[A-Z]{2}|XX)$")
_REQUIRED = ("name", "publisher", "licence", "source_url", "kind", "as_of")


@dataclass(frozen=True)
class ColumnSpec:
    """One data column and the metric key(s) its values count."""

    column: str
    metrics: tuple[str, ...]
    qualifier: str = "exact"
    qualifier_column: str | None = None
    qualifier_map: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FileSpec:
    """One data file of a series: where it is and which columns to read."""

    path: Path
    date_column: str
    columns: tuple[ColumnSpec, ...]
    source_column: str | None = None
    update_url: str | None = None
    """Where ``decompte reference update`` reads a newer copy of this file from, when given."""

    @property
    def format(self) -> str:
        return FORMATS[self.path.suffix.lower()]


@dataclass(frozen=True)
class Revision:
    """A date on which a cumulative metric may fall: an official correction."""

    date: date
    metric: str
    note: str = ""


@dataclass(frozen=True)
class Manifest:
    """What a series is (publisher, licence, semantics) and how to read its files."""

    name: str
    publisher: str
    aliases: tuple[str, ...]
    licence: str
    source_url: str
    kind: str
    as_of: str
    files: tuple[FileSpec, ...]
    publication_lag_days: int = 0
    period_days: int = 1
    priority: int = 50
    title: str = ""
    licence_file: Path | None = None
    licence_note: str = ""
    source_note: str = ""
    revisions: tuple[Revision, ...] = ()
    path: Path | None = None
    version: str = ""
    """Set by ``decompte reference update``: the installed copy's version (see ``check.series_version``)."""
    retrieved: date | None = None
    """Set by ``decompte reference update``: the day the installed copy was read from its source."""

    @cached_property
    def metrics(self) -> tuple[str, ...]:
        """Every metric key the series provides, in manifest order."""
        seen: dict[str, None] = {}
        for spec in self.files:
            for column in spec.columns:
                seen.update(dict.fromkeys(column.metrics))
        return tuple(seen)


def check_metric(key: str) -> str:
    """Return ``key`` if it is a valid ``SIDE/counted/event`` key, else say what is wrong."""
    parts = key.split("/") if isinstance(key, str) else []
    if len(parts) != 3:
        raise ReferenceSeriesError(f"unknown metric {key!r}: expected SIDE/counted/event, e.g. RU/tank/lost")
    side, counted, event = parts
    if not _SIDE.match(side):
        raise ReferenceSeriesError(f"unknown metric {key!r}: side {side!r} is not a two-letter country code or XX")
    if counted not in COUNTED:
        raise ReferenceSeriesError(
            f"unknown metric {key!r}: {counted!r} is not a counted class ({', '.join(COUNTED)})"
        )
    if event not in EVENTS:
        raise ReferenceSeriesError(f"unknown metric {key!r}: {event!r} is not an event ({', '.join(EVENTS)})")
    return key


def load_manifest(path: Path, data_file: Path | None = None) -> Manifest:
    """Read and check a manifest; ``data_file`` names the file of a single-file manifest."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceSeriesError(f"cannot read manifest {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ReferenceSeriesError(f"manifest {path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ReferenceSeriesError(f"manifest {path} must be a mapping of keys to values")
    return parse_manifest(raw, base=Path(path).parent, data_file=data_file, origin=Path(path))


def parse_manifest(
    raw: dict[str, Any], base: Path, data_file: Path | None = None, origin: Path | None = None
) -> Manifest:
    """Build a ``Manifest`` from its YAML mapping; file paths are taken relative to ``base``."""
    where = f"manifest {origin}" if origin else "manifest"
    missing = [key for key in _REQUIRED if not raw.get(key)]
    if missing:
        raise ReferenceSeriesError(f"{where} lacks {', '.join(missing)}")
    name = str(raw["name"])
    if not _NAME.match(name):
        raise ReferenceSeriesError(f"{where}: name {name!r} must be lower-case letters, digits, - or _")
    if raw["kind"] not in KINDS:
        raise ReferenceSeriesError(f"{where}: kind {raw['kind']!r} must be one of {', '.join(KINDS)}")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ReferenceSeriesError(f"{where}: aliases must be a list of names")
    files = _parse_files(raw, base, data_file, where)
    declared: set[str] = set()
    for spec in files:
        for column in spec.columns:
            twice = declared.intersection(column.metrics)
            if twice:
                raise ReferenceSeriesError(f"{where}: metric {sorted(twice)[0]} is given by two columns")
            declared.update(column.metrics)
    revisions = tuple(_parse_revision(item, declared, where) for item in raw.get("revisions") or [])
    licence_file = base / raw["licence_file"] if raw.get("licence_file") else None
    if licence_file is not None and not licence_file.is_file():
        raise ReferenceSeriesError(f"{where}: licence file {licence_file.name} is missing")
    return Manifest(
        name=name,
        publisher=str(raw["publisher"]),
        aliases=tuple(aliases),
        licence=str(raw["licence"]).strip(),
        source_url=str(raw["source_url"]),
        kind=str(raw["kind"]),
        as_of=str(raw["as_of"]).strip(),
        files=files,
        publication_lag_days=_int(raw, "publication_lag_days", 0, where),
        period_days=_int(raw, "period_days", 1, where),
        priority=_int(raw, "priority", 50, where),
        title=str(raw.get("title") or ""),
        licence_file=licence_file,
        licence_note=str(raw.get("licence_note") or "").strip(),
        source_note=str(raw.get("source_note") or "").strip(),
        revisions=revisions,
        path=origin,
        version=str(raw.get("version") or ""),
        retrieved=_optional_date(raw.get("retrieved"), "retrieved", where),
    )


def _optional_date(value: Any, key: str, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ReferenceSeriesError(f"{where}: {key} {value!r} is not an ISO date") from None


def _int(raw: dict[str, Any], key: str, default: int, where: str) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ReferenceSeriesError(f"{where}: {key} must be a whole number ≥ 0, not {value!r}")
    return value


def _parse_files(raw: dict[str, Any], base: Path, data_file: Path | None, where: str) -> tuple[FileSpec, ...]:
    entries = raw.get("files")
    if entries is None:
        if data_file is None and not raw.get("path"):
            raise ReferenceSeriesError(f"{where} lists no files (give `files:` or `path:`)")
        entries = [{**raw, "path": str(data_file) if data_file is not None else raw["path"]}]
    if not isinstance(entries, list) or not entries:
        raise ReferenceSeriesError(f"{where}: files must be a non-empty list")
    return tuple(_parse_file(entry, base, where) for entry in entries)


def _parse_file(entry: Any, base: Path, where: str) -> FileSpec:
    if not isinstance(entry, dict) or not entry.get("path"):
        raise ReferenceSeriesError(f"{where}: each file needs a path")
    path = Path(entry["path"])
    path = path if path.is_absolute() else base / path
    if path.suffix.lower() not in FORMATS:
        raise ReferenceSeriesError(
            f"{where}: {path.name} is not a supported file type ({', '.join(sorted(FORMATS))})"
        )
    if not entry.get("date_column"):
        raise ReferenceSeriesError(f"{where}: {path.name} needs a date_column")
    columns = entry.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise ReferenceSeriesError(f"{where}: {path.name} needs columns: a mapping of column to metric")
    specs = tuple(_parse_column(str(name), spec, where) for name, spec in columns.items())
    source, update_url = entry.get("source_column"), entry.get("update_url")
    return FileSpec(path=path, date_column=str(entry["date_column"]), columns=specs,
                    source_column=str(source) if source else None, update_url=str(update_url) if update_url else None)


def _parse_column(name: str, spec: Any, where: str) -> ColumnSpec:
    if isinstance(spec, str):
        spec = {"metric": spec}
    if not isinstance(spec, dict):
        raise ReferenceSeriesError(f"{where}: column {name!r} must map to a metric or a mapping")
    metrics = spec.get("metrics") or ([spec["metric"]] if spec.get("metric") else [])
    if not metrics:
        raise ReferenceSeriesError(f"{where}: column {name!r} has no metric")
    qualifier = str(spec.get("qualifier", "exact"))
    qualifier_map = {str(k): str(v) for k, v in (spec.get("qualifier_map") or {}).items()}
    for value in [qualifier, *qualifier_map.values()]:
        if value not in QUALIFIERS:
            raise ReferenceSeriesError(f"{where}: column {name!r}: qualifier {value!r} is not one of {QUALIFIERS}")
    return ColumnSpec(
        column=name,
        metrics=tuple(check_metric(m) for m in metrics),
        qualifier=qualifier,
        qualifier_column=spec.get("qualifier_column"),
        qualifier_map=qualifier_map,
    )


def _parse_revision(item: Any, declared: set[str], where: str) -> Revision:
    if not isinstance(item, dict) or "date" not in item or "metric" not in item:
        raise ReferenceSeriesError(f"{where}: each revision needs a date and a metric")
    metric = check_metric(str(item["metric"]))
    if metric not in declared:
        raise ReferenceSeriesError(f"{where}: revision of {metric}, which no column provides")
    when = item["date"]
    try:
        when = when if isinstance(when, date) else date.fromisoformat(str(when))
    except ValueError:
        raise ReferenceSeriesError(f"{where}: revision date {item['date']!r} is not an ISO date") from None
    return Revision(date=when, metric=metric, note=str(item.get("note") or ""))
