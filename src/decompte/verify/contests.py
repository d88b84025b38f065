"""Contested figures: claimants whose figures for one metric and one date cannot all hold.

Kyiv says 14 400 Russian soldiers were killed, Moscow says 1 351: whatever the truth, one
of them is wrong. Two figures *contradict* each other when

1. they count the same metric;
2. they come from different parties (``decompte.ledger.dedup``: a country's bodies are one
   party, so the General Staff never contests its own president);
3. their dates are at most ``REPORTING_LAG_DAYS`` apart (``decompte.settings``);
4. they count from the same start (``origin``): a figure with no stated start counts from
   the start its metric's claims give most often (``ledger.compare.usual_starts``: the day
   "since the invasion began" resolves to), so "200 in the last 24 hours" never contests a
   total;
5. no count lies within both figures' bounds (``decompte.verify.bounds``: "more than
   14 000" and "14 400" agree; "about" allows ``CLAIM_TOLERANCE`` either side).

A *contest* is a set of figures linked by contradictions (a connected component): Kyiv's
and Moscow's figures of one week, with NATO's range if it contradicts either. Nothing is
merged: each figure stays its claimant's, with the citation that first reported it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any

from decompte.ledger.compare import FigureRow, figure_rows, usual_starts
from decompte.ledger.store import Store
from decompte.settings import REPORTING_LAG_DAYS
from decompte.verify.bounds import CLAIM_TOLERANCE, Interval, bounds


def figure_bounds(row: FigureRow, tolerance: float = CLAIM_TOLERANCE) -> Interval | None:
    """The counts a reported figure allows; ``None`` for a qualifier the checker does not read."""
    try:
        return bounds(row.qualifier, row.value, row.high, tolerance)
    except ValueError:
        return None


def origin(row: FigureRow, usual: date | None) -> date | None:
    """The day a figure counts from: its stated period start, else its metric's usual one."""
    return row.period_start or usual


def starts_of(rows: Iterable[FigureRow]) -> dict[str, date]:
    """``usual_starts`` computed from figures in memory (each figure counted once)."""
    counts: dict[str, Counter[date]] = defaultdict(Counter)
    for row in rows:
        if row.period_start is not None:
            counts[row.metric][row.period_start] += 1
    return {metric: min(c, key=lambda d: (-c[d], d)) for metric, c in counts.items()}


def _end(value: float) -> float | None:
    return None if math.isinf(value) else value


@dataclass
class Contest:
    """Figures of one metric, around one date, by claimants who cannot all be right."""

    metric: str
    figures: list[tuple[FigureRow, Interval]]
    contradictions: list[tuple[int, int]] = field(default_factory=list)
    """Pairs of figure ids whose bounds do not meet."""

    @property
    def first(self) -> date:
        return min(row.as_of for row, _ in self.figures if row.as_of is not None)

    @property
    def last(self) -> date:
        return max(row.as_of for row, _ in self.figures if row.as_of is not None)

    @property
    def claimants(self) -> list[str]:
        return list(dict.fromkeys(row.claimant for row, _ in self.figures))

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric, "as_of": self.first, "until": self.last, "claimants": self.claimants,
            "figures": [
                {"figure_id": row.figure_id, "claimant": row.claimant, "claimant_key": row.claimant_key,
                 "party": row.party, "as_of": row.as_of, "value": row.value, "high": row.high,
                 "qualifier": row.qualifier, "low_bound": interval.low, "high_bound": _end(interval.high),
                 "bounds": interval.describe(), "citations": row.citations, **row.link()}
                for row, interval in self.figures
            ],
            "contradictions": [list(pair) for pair in self.contradictions],
        }


class _Components:
    """Union–find over figure indexes: which figures one chain of contradictions links."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


Dated = tuple[FigureRow, Interval, date | None]
"""A figure with its bounds and the day it counts from (``origin``)."""


def contradicts(one: Dated, other: Dated) -> bool:
    """Rules 2, 4 and 5 of this module's docstring (the caller checks the metric and the lag)."""
    (row, interval, start), (other_row, other_interval, other_start) = one, other
    return other_row.party != row.party and other_start == start and not interval.meets(other_interval)


def contested_by(
    row: FigureRow, stored: Iterable[FigureRow], *, starts: dict[str, date], lag_days: int = REPORTING_LAG_DAYS,
    tolerance: float = CLAIM_TOLERANCE,
) -> list[tuple[FigureRow, Interval]]:
    """The figures of ``stored`` a figure not yet in the ledger would contradict, by the rules
    ``find_contests`` applies; ``starts``: each metric's usual period start (``usual_starts``)."""
    interval = figure_bounds(row, tolerance)
    if row.as_of is None or interval is None:
        return []
    usual = starts.get(row.metric)
    new: Dated = (row, interval, origin(row, usual))
    found: list[tuple[FigureRow, Interval]] = []
    for other in stored:
        if other.metric != row.metric or other.as_of is None or abs((other.as_of - row.as_of).days) > lag_days:
            continue
        other_interval = figure_bounds(other, tolerance)
        if other_interval is not None and contradicts(new, (other, other_interval, origin(other, usual))):
            found.append((other, other_interval))
    return found


def _metric_contests(metric: str, rows: list[FigureRow], usual: date | None, lag_days: int,
                     tolerance: float) -> list[Contest]:
    dated = [(row, interval, origin(row, usual)) for row in rows
             if row.as_of is not None and (interval := figure_bounds(row, tolerance)) is not None]
    dated.sort(key=lambda item: (item[0].as_of or date.min, item[0].figure_id))
    components = _Components(len(dated))
    pairs: list[tuple[int, int]] = []
    for i, (row, _interval, _start) in enumerate(dated):
        assert row.as_of is not None
        for j in range(i + 1, len(dated)):
            other = dated[j][0]
            assert other.as_of is not None
            if (other.as_of - row.as_of).days > lag_days:
                break
            if contradicts(dated[i], dated[j]):
                components.union(i, j)
                pairs.append((i, j))
    by_root: dict[int, Contest] = {}
    for i, j in pairs:
        contest = by_root.setdefault(components.find(i), Contest(metric, []))
        contest.contradictions.append((dated[i][0].figure_id, dated[j][0].figure_id))
    for i, (row, interval, _kind) in enumerate(dated):
        member = by_root.get(components.find(i))
        if member is not None:
            member.figures.append((row, interval))
    return sorted(by_root.values(), key=lambda c: (c.first, c.figures[0][0].figure_id))


def find_contests(
    rows: Iterable[FigureRow], *, starts: dict[str, date] | None = None, lag_days: int = REPORTING_LAG_DAYS,
    tolerance: float = CLAIM_TOLERANCE,
) -> list[Contest]:
    """The contests among ``rows`` (``figure_rows``' order: by metric), metric by metric.

    ``starts``: each metric's usual period start (``usual_starts``; default: from ``rows``)."""
    rows = list(rows)
    starts = starts_of(rows) if starts is None else starts
    found: list[Contest] = []
    for metric, group in groupby(rows, key=lambda r: r.metric):
        found += _metric_contests(metric, list(group), starts.get(metric), lag_days, tolerance)
    return found


def contests(
    store: Store, *, metric: str | None = None, lag_days: int = REPORTING_LAG_DAYS,
    tolerance: float = CLAIM_TOLERANCE,
) -> list[Contest]:
    """The ledger's contests (of one metric, or of all), computed from its figures as they are now."""
    return find_contests(figure_rows(store, metric=metric), starts=usual_starts(store, metric=metric),
                         lag_days=lag_days, tolerance=tolerance)


__all__ = ["Contest", "Dated", "contested_by", "contests", "contradicts", "figure_bounds", "find_contests", "origin",
           "starts_of"]
