"""One metric's timeline as the API and the chart show it: series per claimant, plus references.

``decompte.ledger.timeline`` gives the reported figures; this module groups them by
claimant, attaches to each point the citation a click opens and the worst verdict
its citations got, and overlays the reference series that count the metric
(``decompte.verify.Registry.for_metric``), cut to the dates the claims cover so that
a four-year series does not flatten a three-week story.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from decompte.ledger import Store, timeline
from decompte.claimants import fold
from decompte.verify import Registry, bounds
from decompte.web.contests import contested_figures
from decompte.web.queries import figure_links


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


#: Days of reference series shown before the first and after the last claim.
REFERENCE_MARGIN_DAYS = 7


@dataclass
class Point:
    """A reported figure on the chart."""

    figure_id: int
    as_of: date | None
    value: float
    high: float | None
    qualifier: str
    low_bound: float
    high_bound: float | None
    """Upper end of what the wording allows; ``None`` when open ("plus de")."""
    citations: int
    outlets: int
    first_published: date | None
    claim_id: int | None
    document_id: int | None
    verdict: str | None
    verdicts: dict[str, int]
    contested_by: list[str] = field(default_factory=list)
    """The other claimants of the contest this figure is part of (``decompte.verify.contests``)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "figure_id": self.figure_id, "as_of": _iso(self.as_of), "value": self.value, "high": self.high,
            "qualifier": self.qualifier, "low_bound": self.low_bound, "high_bound": self.high_bound,
            "citations": self.citations, "outlets": self.outlets, "first_published": _iso(self.first_published),
            "claim_id": self.claim_id, "document_id": self.document_id, "verdict": self.verdict,
            "verdicts": self.verdicts, "contested": bool(self.contested_by), "contested_by": self.contested_by,
        }


@dataclass
class ClaimantSeries:
    """The figures one claimant gave for the metric, in date order."""

    claimant: str | None
    kind: str | None
    points: list[Point] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.claimant or "(unattributed)"


@dataclass
class ReferenceOverlay:
    """A reference series' values over the chart's dates, with where it comes from."""

    name: str
    title: str
    publisher: str
    licence: str
    source_url: str | None
    points: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "title": self.title, "publisher": self.publisher, "licence": self.licence,
            "source_url": self.source_url,
            "points": [{"date": p["date"].isoformat(), "value": p["value"], "qualifier": p["qualifier"]}
                       for p in self.points],
        }


@dataclass
class TimelineView:
    metric: str
    series: list[ClaimantSeries]
    reference: list[ReferenceOverlay]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (dates as ISO strings), built by hand: ``asdict`` and FastAPI's encoder
        cost more than the queries on a timeline of a few thousand points."""
        return {
            "metric": self.metric,
            "series": [{"claimant": s.claimant, "kind": s.kind, "points": [p.to_dict() for p in s.points]}
                       for s in self.series],
            "reference": [r.to_dict() for r in self.reference],
        }

    @property
    def dates(self) -> list[date]:
        return [p.as_of for s in self.series for p in s.points if p.as_of is not None]


def _bounds(qualifier: str, value: float, high: float | None) -> tuple[float, float | None]:
    try:
        interval = bounds(qualifier, value, high)
    except ValueError:
        return value, value
    return interval.low, None if math.isinf(interval.high) else interval.high


def build_timeline(
    store: Store,
    metric: str,
    *,
    registry: Registry | None,
    claimant: str | None = None,
    since: date | None = None,
    until: date | None = None,
    provenance: str | None = None,
) -> TimelineView:
    """The metric's figures grouped by claimant, with links, verdicts and reference overlays;
    ``provenance`` keeps the figures cited at least once with it."""
    links = figure_links(store, metric)
    contested = contested_figures(store, metric)
    wanted = fold(claimant) if claimant else None
    by_claimant: dict[str | None, ClaimantSeries] = {}
    for fig in timeline(store, metric, since=since, until=until, provenance=provenance):
        if wanted and wanted not in fold(fig.claimant or "(unattributed)"):
            continue
        series = by_claimant.setdefault(fig.claimant, ClaimantSeries(fig.claimant, fig.claimant_kind))
        link = links.get(fig.figure_id)
        low, high = _bounds(fig.qualifier, fig.value, fig.high)
        series.points.append(Point(
            fig.figure_id, fig.as_of, fig.value, fig.high, fig.qualifier, low, high, fig.citations, fig.outlets,
            fig.first_published, link.claim_id if link else None, link.document_id if link else None,
            link.verdict if link else None, dict(link.verdicts) if link else {}, contested.get(fig.figure_id, []),
        ))
    series_list = sorted(by_claimant.values(), key=lambda s: (-len(s.points), s.label))
    view = TimelineView(metric, series_list, [])
    if registry is not None and view.dates:
        view.reference = reference_overlays(registry, metric, since or min(view.dates), until or max(view.dates))
    return view


def reference_overlays(registry: Registry, metric: str, first: date, last: date) -> list[ReferenceOverlay]:
    """Each series counting ``metric``, cut to ``first``–``last`` widened by a margin."""
    margin = timedelta(days=REFERENCE_MARGIN_DAYS)
    # Clamped: 0001-01-01 minus a week, or 9999-12-31 plus one, is no date (OverflowError).
    start = first - margin if first > date.min + margin else date.min
    end = last + margin if last < date.max - margin else date.max
    out = []
    for series in registry.for_metric(metric):
        points = [
            {"date": p.date, "value": p.value, "qualifier": p.qualifier}
            for p in series.points.get(metric, ())
            if start <= p.date <= end
        ]
        if points:
            m = series.manifest
            out.append(ReferenceOverlay(m.name, m.title, m.publisher, m.licence, m.source_url, points))
    return out
