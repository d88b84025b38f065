"""Revisions: a claimant's running total that goes down, or up faster than the war ever did.

For the events listed in ``decompte/data/cumulative.yaml`` (killed, wounded, lost…), a
claimant's figure since a given start only grows. Each of a claimant's figures is compared
with the same party's figures counted from the same start (``contests.origin``) on the
previous date it gave one (``decompte.ledger.dedup``: a country's bodies are one party):

- **revision down** — its bounds lie wholly below every figure of that date ("13 000" after
  "14 400"; "about 13 800" after "more than 14 000" is no revision: 14 100 fits both);
- **jump** — even the smallest rise its bounds allow exceeds what the reference series of
  the metric allow: their largest daily increase × the days elapsed × ``JUMP_FACTOR``
  (``decompte.settings``). A metric no series counts has no jumps.

A count for its own period ("in the last 24 hours") has its own start, so it is never read
as a revision of a total. Each flag links the earlier figure's first citation.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from decompte.ledger.compare import FigureRow, figure_pairs, figure_rows, usual_starts
from decompte.ledger.store import Store
from decompte.settings import JUMP_FACTOR
from decompte.verify.bounds import CLAIM_TOLERANCE, Interval
from decompte.verify.contests import figure_bounds, origin, starts_of
from decompte.verify.registry import Registry

CUMULATIVE_FILE = Path(__file__).resolve().parents[1] / "data" / "cumulative.yaml"
RevisionKind = Literal["revision_down", "jump"]


@cache
def cumulative_events() -> frozenset[str]:
    """The events whose figures are running totals (``data/cumulative.yaml``)."""
    data = yaml.safe_load(CUMULATIVE_FILE.read_text(encoding="utf-8"))
    return frozenset(data["cumulative_events"])


def is_cumulative(metric: str) -> bool:
    """Whether ``SIDE/counted/event`` counts a running total."""
    return metric.rsplit("/", 1)[-1] in cumulative_events()


@dataclass(frozen=True)
class DailyRate:
    """The steepest daily rise of a metric in a reference series."""

    series: str
    per_day: float
    day: date
    """The date of the rise (the later of its two points)."""


def max_daily_increase(registry: Registry, metric: str) -> DailyRate | None:
    """The largest rise per day of ``metric`` over the cumulative series counting it (gaps are
    spread over their days), the most lenient of them; ``None`` when no series counts it."""
    best: DailyRate | None = None
    for series in registry.for_metric(metric):
        if series.manifest.kind != "cumulative":
            continue
        points = series.points.get(metric, ())
        for before, after in zip(points, points[1:]):
            per_day = (after.value - before.value) / max((after.date - before.date).days, 1)
            if best is None or per_day > best.per_day:
                best = DailyRate(series.name, per_day, after.date)
    return best


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else f"{value:g}"


def _end(value: float) -> float | None:
    return None if math.isinf(value) else value


def figure_dict(row: FigureRow, interval: Interval) -> dict[str, Any]:
    """A flagged figure as JSON: its value, date, bounds and the citation it links."""
    return {"figure_id": row.figure_id, "claimant": row.claimant, "claimant_key": row.claimant_key,
            "as_of": row.as_of, "value": row.value, "high": row.high, "qualifier": row.qualifier,
            "low_bound": interval.low, "high_bound": _end(interval.high), "bounds": interval.describe(),
            **row.link()}


@dataclass(frozen=True)
class Revision:
    """A claimant's total flagged against its own previous figure."""

    kind: RevisionKind
    later: FigureRow
    later_bounds: Interval
    earlier: FigureRow
    earlier_bounds: Interval
    reason: str
    min_increase: float | None = None
    allowed: float | None = None
    rate: DailyRate | None = None

    @property
    def days(self) -> int:
        assert self.later.as_of is not None and self.earlier.as_of is not None
        return (self.later.as_of - self.earlier.as_of).days

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind, "metric": self.later.metric, "claimant": self.later.claimant,
            "party": self.later.party, "days": self.days, "reason": self.reason,
            "figure": figure_dict(self.later, self.later_bounds),
            "earlier": figure_dict(self.earlier, self.earlier_bounds),
        }
        if self.kind == "jump" and self.rate is not None:
            data |= {"min_increase": self.min_increase, "allowed": self.allowed, "factor": JUMP_FACTOR,
                     "series": self.rate.series, "max_daily_increase": self.rate.per_day,
                     "max_daily_increase_on": self.rate.day}
        return data


Bounded = tuple[FigureRow, Interval]


def _below(later: Interval, earlier: Interval) -> bool:
    """Every count ``later`` allows is under every count ``earlier`` allows."""
    return later.high < earlier.low or (later.high == earlier.low and (later.high_open or earlier.low_open))


def _revision_down(later: Bounded, previous: list[Bounded]) -> Revision | None:
    if not all(_below(later[1], interval) for _, interval in previous):
        return None
    row, interval = later
    earlier, earlier_interval = min(previous, key=lambda b: (b[1].low, b[0].figure_id))
    reason = (f"{row.claimant} gives {_n(row.value)} ({row.qualifier}) as of {row.as_of}, below its own "
              f"{_n(earlier.value)} ({earlier.qualifier}) as of {earlier.as_of} (claim {earlier.claim_id}): "
              "a running total revised down.")
    return Revision("revision_down", row, interval, earlier, earlier_interval, reason)


def _jump(later: Bounded, previous: list[Bounded], rate: DailyRate | None, factor: float) -> Revision | None:
    if rate is None or rate.per_day <= 0:
        return None
    row, interval = later
    earlier, earlier_interval = max(previous, key=lambda b: (b[1].high, -b[0].figure_id))
    rise = interval.low - earlier_interval.high
    assert row.as_of is not None and earlier.as_of is not None
    days = (row.as_of - earlier.as_of).days
    allowed = rate.per_day * days * factor
    if math.isinf(rise) or rise <= allowed:
        return None
    reason = (f"{row.claimant}'s total rises by at least {_n(rise)} in {days} day{'s' if days != 1 else ''}, "
              f"from {_n(earlier.value)} ({earlier.qualifier}) as of {earlier.as_of} (claim {earlier.claim_id}) to "
              f"{_n(row.value)} ({row.qualifier}) as of {row.as_of}; {rate.series} never rose by more than "
              f"{_n(rate.per_day)} a day, which allows {_n(allowed)} (× {factor:g}).")
    return Revision("jump", row, interval, earlier, earlier_interval, reason, rise, allowed, rate)


def _party_revisions(rows: list[FigureRow], rate: DailyRate | None, tolerance: float, factor: float) -> list[Revision]:
    by_date: dict[date, list[Bounded]] = defaultdict(list)
    for row in rows:
        interval = figure_bounds(row, tolerance)
        if row.as_of is not None and interval is not None:
            by_date[row.as_of].append((row, interval))
    found: list[Revision] = []
    days = sorted(by_date)
    for previous_day, day in zip(days, days[1:]):
        previous = by_date[previous_day]
        for later in by_date[day]:
            flag = flag_against(later, previous, rate, factor)
            if flag is not None:
                found.append(flag)
    return found


def flag_against(later: Bounded, previous: list[Bounded], rate: DailyRate | None,
                 factor: float = JUMP_FACTOR) -> Revision | None:
    """The flag a figure raises against its party's figures of the previous date it gave one
    (same metric, same start): a revision down, else a jump, else ``None``."""
    return _revision_down(later, previous) or _jump(later, previous, rate, factor)


def revision_of_new(
    row: FigureRow, stored: Iterable[FigureRow], rate: DailyRate | None, *, starts: dict[str, date],
    factor: float = JUMP_FACTOR, tolerance: float = CLAIM_TOLERANCE,
) -> Revision | None:
    """The flag a figure not yet in the ledger would raise against ``stored`` (figures of its
    metric), by the rule ``find_revisions`` applies: only figures dated before it count.

    ``rate``: the metric's ``max_daily_increase`` (``None``: no jumps); ``starts``: ``usual_starts``."""
    interval = figure_bounds(row, tolerance)
    if row.as_of is None or interval is None or not is_cumulative(row.metric):
        return None
    usual = starts.get(row.metric)
    start = origin(row, usual)
    by_date: dict[date, list[Bounded]] = defaultdict(list)
    for other in stored:
        if (other.metric == row.metric and other.party == row.party and other.as_of is not None
                and other.as_of < row.as_of and origin(other, usual) == start
                and (other_interval := figure_bounds(other, tolerance)) is not None):
            by_date[other.as_of].append((other, other_interval))
    if not by_date:
        return None
    return flag_against((row, interval), by_date[max(by_date)], rate, factor)


def find_revisions(
    rows: Iterable[FigureRow], registry: Registry | None, *, starts: dict[str, date] | None = None,
    factor: float = JUMP_FACTOR, tolerance: float = CLAIM_TOLERANCE,
) -> list[Revision]:
    """The revisions down and jumps among ``rows``, by metric, claimant and date.

    ``registry``: the reference series jumps are measured against (``None``: no jumps);
    ``starts``: each metric's usual period start (``usual_starts``; default: from ``rows``)."""
    rows = list(rows)
    starts = starts_of(rows) if starts is None else starts
    by_party: dict[tuple[str, str, date | None], list[FigureRow]] = defaultdict(list)
    for row in rows:
        if is_cumulative(row.metric):
            by_party[(row.metric, row.party, origin(row, starts.get(row.metric)))].append(row)
    rates: dict[str, DailyRate | None] = {}
    found: list[Revision] = []
    for (metric, _party, _origin), group in by_party.items():
        if metric not in rates:
            rates[metric] = max_daily_increase(registry, metric) if registry is not None else None
        found += _party_revisions(group, rates[metric], tolerance, factor)
    found.sort(key=lambda r: (r.later.metric, r.later.as_of or date.min, r.later.claimant, r.later.figure_id))
    return found


def revisions(store: Store, registry: Registry | None, *, metric: str | None = None,
              factor: float = JUMP_FACTOR) -> list[Revision]:
    """The ledger's revisions down and jumps (of one metric, or of all), computed as it is now."""
    return find_revisions(figure_rows(store, metric=metric), registry, starts=usual_starts(store, metric=metric),
                          factor=factor)


def revisions_of_figures(store: Store, registry: Registry | None, figure_ids: Sequence[int]) -> dict[int, list[Revision]]:
    """The flags raised on some figures (as the later figure), by figure id: what a claim's JSON shows.

    Reads only the series (metric and party) those figures belong to."""
    pairs = [p for p in figure_pairs(store, figure_ids) if is_cumulative(p[0])]
    wanted = set(figure_ids)
    out: dict[int, list[Revision]] = defaultdict(list)
    rows = figure_rows(store, pairs=pairs) if pairs else []
    starts = usual_starts(store, metric=[m for m, _party in pairs])
    for flag in find_revisions(rows, registry, starts=starts):
        if flag.later.figure_id in wanted:
            out[flag.later.figure_id].append(flag)
    return dict(out)


def series_of_figures(store: Store, figure_ids: Sequence[int]) -> list[tuple[str, str]]:
    """The (metric, party) series of cumulative metrics these figures belong to."""
    return [p for p in figure_pairs(store, figure_ids) if is_cumulative(p[0])]


def revisions_by_series(store: Store, registry: Registry | None,
                        pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[int, list[Revision]]]:
    """Every flag of these (metric, party) series, read in one batch: series → later figure id → flags."""
    out: dict[tuple[str, str], dict[int, list[Revision]]] = {pair: {} for pair in pairs}
    if not pairs:
        return out
    rows = figure_rows(store, pairs=list(pairs))
    for flag in find_revisions(rows, registry, starts=usual_starts(store, metric=[m for m, _party in pairs])):
        out.setdefault((flag.later.metric, flag.later.party), {}).setdefault(flag.later.figure_id, []).append(flag)
    return out


__all__ = ["DailyRate", "Revision", "cumulative_events", "figure_dict", "find_revisions", "flag_against",
           "is_cumulative", "max_daily_increase", "revision_of_new", "revisions", "revisions_by_series",
           "revisions_of_figures", "series_of_figures"]
