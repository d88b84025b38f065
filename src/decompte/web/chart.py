"""A timeline chart's geometry, computed in Python and drawn as inline SVG by a template.

Drawing on the server keeps the dashboard free of any JavaScript chart library: it
works offline, prints, and a test can read the chart as markup (one ``<g
class="series">`` per claimant, one ``<circle class="point">`` per figure carrying
its data). This module only does arithmetic — scales, ticks, step paths, whiskers —
and returns numbers and strings; the template escapes whatever text it shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from decompte.web.timeline import Point, TimelineView

#: Claimant colours (after Okabe–Ito; no red, green or orange: those mark verdicts).
PALETTE: tuple[str, ...] = ("#0072B2", "#CC79A7", "#56B4E9", "#333333", "#8C564B", "#17BECF", "#9467BD", "#BCBD22")
#: Point fill by verdict; unchecked points are white.
VERDICT_COLOURS: dict[str, str] = {
    "consistent": "#1A9850", "inconsistent": "#D73027", "stale": "#FDAE61", "unknown": "#BDBDBD",
}
UNCHECKED_COLOUR = "#FFFFFF"
REFERENCE_COLOURS: tuple[str, ...] = ("#777777", "#AAAAAA")

WIDTH, HEIGHT = 960, 420
LEFT, RIGHT, TOP, BOTTOM = 78, 24, 20, 44
ARROW = 16  # length in pixels of the whisker drawn for an open bound ("plus de")


@dataclass
class ChartPoint:
    x: float
    y: float
    point: Point
    whisker: tuple[float, float] | None = None
    """Pixel ends (top, bottom) of the bounds the wording allows, when not a single value."""
    arrow_up: bool = False

    @property
    def fill(self) -> str:
        return VERDICT_COLOURS.get(self.point.verdict or "", UNCHECKED_COLOUR)


@dataclass
class ChartSeries:
    label: str
    colour: str
    path: str
    points: list[ChartPoint] = field(default_factory=list)


@dataclass
class ChartReference:
    label: str
    colour: str
    path: str
    count: int


@dataclass
class Chart:
    width: int
    height: int
    plot: tuple[float, float, float, float]
    """Left, top, right, bottom of the plotting area."""
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    series: list[ChartSeries]
    reference: list[ChartReference]
    undated: int


def format_number(value: float) -> str:
    """``14400`` → ``14 400`` (a thin space groups thousands, as in French and SI style)."""
    if float(value).is_integer():
        return f"{value:,.0f}".replace(",", "\u202f")
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f")


def nice_step(span: float, target: int = 5) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) giving about ``target`` intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def _date_ticks(first: date, last: date) -> list[date]:
    span = (last - first).days
    if span <= 150:
        step = next(s for s in (1, 2, 7, 14, 28) if span / s <= 8)
        ticks = [first + timedelta(days=i) for i in range(0, span + 1, step)]
        return ticks
    months = next(m for m in (1, 2, 3, 6, 12, 24) if span / (30.4 * m) <= 8)
    cursor = date(first.year, first.month, 1)
    ticks = []
    while cursor <= last:
        if cursor >= first and (cursor.year * 12 + cursor.month - 1) % months == 0:
            ticks.append(cursor)
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return ticks


def _date_label(day: date, span_days: int) -> str:
    return day.strftime("%d %b") if span_days <= 150 else day.strftime("%b %Y")


def build_chart(view: TimelineView, width: int = WIDTH, height: int = HEIGHT) -> Chart | None:
    """Scales and shapes for ``view``; ``None`` when no figure has a date to place it at."""
    dated = [(s, [p for p in s.points if p.as_of is not None]) for s in view.series]
    dates = [p.as_of for _, pts in dated for p in pts if p.as_of is not None]
    if not dates:
        return None
    ref_dates = [r["date"] for ref in view.reference for r in ref.points]
    first, last = min(dates + ref_dates), max(dates + ref_dates)
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    values = [v for _, pts in dated for p in pts for v in (p.value, p.low_bound, p.high_bound or p.value)]
    values += [r["value"] for ref in view.reference for r in ref.points]
    top_value = max(values) * 1.08 or 1.0
    step = nice_step(top_value)
    top_value = math.ceil(top_value / step) * step
    x0, y0, x1, y1 = LEFT, TOP, width - RIGHT, height - BOTTOM
    span = (last - first).days

    def sx(day: date) -> float:
        return round(x0 + (day - first).days / span * (x1 - x0), 2)

    def sy(value: float) -> float:
        return round(y1 - value / top_value * (y1 - y0), 2)

    y_ticks = [(sy(i * step), format_number(i * step)) for i in range(round(top_value / step) + 1)]
    x_ticks = [(sx(d), _date_label(d, span)) for d in _date_ticks(first, last)]
    series = []
    for index, (claimant, pts) in enumerate(dated):
        colour = PALETTE[index % len(PALETTE)]
        chart_points = []
        for p in pts:
            assert p.as_of is not None
            cp = ChartPoint(sx(p.as_of), sy(p.value), p)
            if p.high_bound is None:
                cp.whisker, cp.arrow_up = (max(y0, sy(p.low_bound) - ARROW), sy(p.low_bound)), True
            elif p.high_bound != p.low_bound:
                cp.whisker = (sy(p.high_bound), sy(p.low_bound))
            chart_points.append(cp)
        series.append(ChartSeries(claimant.label, colour, step_path([(c.x, c.y) for c in chart_points]), chart_points))
    reference = []
    for index, ref in enumerate(view.reference):
        xy = [(sx(r["date"]), sy(r["value"])) for r in ref.points]
        reference.append(ChartReference(f"{ref.publisher} ({ref.name})", REFERENCE_COLOURS[index % 2], step_path(xy), len(xy)))
    undated = sum(1 for s in view.series for p in s.points if p.as_of is None)
    return Chart(width, height, (x0, y0, x1, y1), x_ticks, y_ticks, series, reference, undated)


def step_path(points: list[tuple[float, float]]) -> str:
    """SVG path of a step line: each value holds until the next one is given."""
    if not points:
        return ""
    (x, y), rest = points[0], points[1:]
    parts = [f"M{x},{y}"]
    for nx, ny in rest:
        parts.append(f"H{nx}V{ny}")
    return "".join(parts)
