"""Reference series: read the data files a manifest names, check them, look values up.

Checking happens while reading, so a shipped series and a user's file pass the same
gate: every column the manifest names must exist, dates must be ISO and unique,
values must be non-negative numbers, and a cumulative metric may only fall on a date
the manifest lists as an official revision. The data is read on first use and kept
on the ``Series`` object: listing or matching series never parses the files.
"""

from __future__ import annotations

import bisect
import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decompte.errors import ReferenceSeriesError
from decompte.model import QUALIFIERS
from decompte.verify.manifest import ColumnSpec, FileSpec, Manifest

if TYPE_CHECKING:
    from decompte.verify.match import Names


@dataclass(frozen=True)
class Point:
    """One value of a metric: the row's date, the number, how exact the publisher says it is."""

    date: date
    value: float
    qualifier: str = "exact"
    source_url: str | None = None


class Series:
    """A manifest and, once asked for, its checked values per metric."""

    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest

    @property
    def name(self) -> str:
        return self.manifest.name

    def __repr__(self) -> str:
        return f"Series({self.name!r})"

    @cached_property
    def names(self) -> Names:
        """Publisher and aliases, normalised once for claimant matching."""
        from decompte.verify.match import Names  # match builds on this module

        return Names((self.manifest.publisher, *self.manifest.aliases))

    @cached_property
    def points(self) -> dict[str, tuple[Point, ...]]:
        """Every metric's points in date order, read and checked on first access."""
        return load_points(self.manifest)

    @cached_property
    def _dates(self) -> dict[str, list[date]]:
        return {metric: [p.date for p in points] for metric, points in self.points.items()}

    def published(self, point: Point) -> date:
        """The day a point became public: its date plus the series' publication lag."""
        return point.date + timedelta(days=self.manifest.publication_lag_days)

    def latest(self, metric: str, on_or_before: date) -> Point | None:
        """The last point of ``metric`` dated on or before a day, if any."""
        points = self.points.get(metric, ())
        index = bisect.bisect_right(self._dates.get(metric, []), on_or_before)
        return points[index - 1] if index else None

    def before(self, metric: str, point: Point, days: int) -> Iterator[Point]:
        """Points older than ``point`` and at most ``days`` days older, newest first."""
        points = self.points.get(metric, ())
        index = bisect.bisect_left(self._dates.get(metric, []), point.date)
        floor = point.date - timedelta(days=days)
        for older in reversed(points[:index]):
            if older.date < floor:
                break
            yield older

    def span(self) -> tuple[date, date] | None:
        """First and last dates over all metrics (reads the data)."""
        dates = [d for ds in self._dates.values() for d in (ds[0], ds[-1]) if ds]
        return (min(dates), max(dates)) if dates else None


def load_points(manifest: Manifest) -> dict[str, tuple[Point, ...]]:
    """Read every file of a series and return checked points per metric."""
    allowed = {(r.metric, r.date) for r in manifest.revisions}
    result: dict[str, tuple[Point, ...]] = {}
    for spec in manifest.files:
        rows = read_rows(spec)
        for column in spec.columns:
            points = _column_points(spec, column, rows)
            if not points:
                raise ReferenceSeriesError(f"{spec.path.name}: column {column.column!r} has no values")
            for metric in column.metrics:
                if manifest.kind == "cumulative":
                    _check_monotone(manifest.name, metric, points, allowed)
                result[metric] = points
    return result


def read_rows(spec: FileSpec) -> list[dict[str, Any]]:
    """The file's rows as mappings, after checking that every named column is present."""
    path = spec.path
    if not path.is_file():
        raise ReferenceSeriesError(f"data file {path} is missing")
    try:
        rows, header = _READERS[spec.format](path)
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise ReferenceSeriesError(f"cannot read {path.name}: {exc}") from None
    if not rows:
        raise ReferenceSeriesError(f"{path.name} has no rows")
    wanted = [spec.date_column, *(c.column for c in spec.columns)]
    wanted += [c.qualifier_column for c in spec.columns if c.qualifier_column]
    wanted += [spec.source_column] if spec.source_column else []
    missing = [name for name in wanted if name not in header]
    if missing:
        raise ReferenceSeriesError(f"{path.name} lacks column(s) {', '.join(map(repr, missing))}")
    return rows


def file_columns(spec: FileSpec) -> set[str]:
    """The column names a data file holds (all of them, named by the manifest or not)."""
    try:
        return _READERS[spec.format](spec.path)[1]
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise ReferenceSeriesError(f"cannot read {spec.path.name}: {exc}") from None


def _read_csv(path: Path) -> tuple[list[dict[str, Any]], set[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return rows, set(reader.fieldnames or ())


def _read_json(path: Path) -> tuple[list[dict[str, Any]], set[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise ValueError("expected a JSON list of objects, one per date")
    return data, {key for row in data for key in row}


def _read_jsonl(path: Path) -> tuple[list[dict[str, Any]], set[str]]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if not all(isinstance(row, dict) for row in rows):
        raise ValueError("expected one JSON object per line")
    return rows, {key for row in rows for key in row}


def _read_parquet(path: Path) -> tuple[list[dict[str, Any]], set[str]]:
    import pyarrow.parquet as pq  # imported here: only user-added Parquet series need it

    table = pq.read_table(path)
    return table.to_pylist(), set(table.column_names)


_READERS = {"csv": _read_csv, "json": _read_json, "jsonl": _read_jsonl, "parquet": _read_parquet}


def _column_points(spec: FileSpec, column: ColumnSpec, rows: list[dict[str, Any]]) -> tuple[Point, ...]:
    points: list[Point] = []
    seen: set[date] = set()
    for number, row in enumerate(rows, start=1):
        where = f"{spec.path.name} row {number}"
        when = _parse_date(row.get(spec.date_column), where)
        if when in seen:
            raise ReferenceSeriesError(f"{where}: date {when} appears twice")
        seen.add(when)
        value = _parse_value(row.get(column.column), f"{where}, column {column.column!r}")
        if value is None:
            continue
        source = row.get(spec.source_column) if spec.source_column else None
        points.append(Point(when, value, _qualifier(row, column, where), str(source) if source else None))
    return tuple(sorted(points, key=lambda p: p.date))


def _parse_date(raw: Any, where: str) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        raise ReferenceSeriesError(f"{where}: {raw!r} is not an ISO date (YYYY-MM-DD)") from None


def _parse_value(raw: Any, where: str) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ReferenceSeriesError(f"{where}: {raw!r} is not a number")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ReferenceSeriesError(f"{where}: {raw!r} is not a number") from None
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise ReferenceSeriesError(f"{where}: {raw!r} is not a count (must be a finite number ≥ 0)")
    return value


def _qualifier(row: dict[str, Any], column: ColumnSpec, where: str) -> str:
    if not column.qualifier_column or row.get(column.qualifier_column) in (None, ""):
        return column.qualifier
    raw = str(row[column.qualifier_column])
    qualifier = column.qualifier_map.get(raw, raw)
    if qualifier not in QUALIFIERS:
        raise ReferenceSeriesError(f"{where}: qualifier {raw!r} in {column.qualifier_column!r} is not known")
    return qualifier


def _check_monotone(name: str, metric: str, points: tuple[Point, ...], allowed: set[tuple[str, date]]) -> None:
    for previous, point in zip(points, points[1:]):
        if point.value < previous.value and (metric, point.date) not in allowed:
            raise ReferenceSeriesError(
                f"{name}: cumulative {metric} falls from {previous.value:g} on {previous.date} "
                f"to {point.value:g} on {point.date}; list the date under `revisions` if it is "
                "an official correction"
            )
