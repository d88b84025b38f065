"""The chart's arithmetic and the document's highlighting, on hand-made inputs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from decompte.web.chart import build_chart, format_number, nice_step, step_path
from decompte.web.pages import segments
from decompte.web.templating import figure, metric_path, with_query
from decompte.web.timeline import ClaimantSeries, Point, ReferenceOverlay, TimelineView, _bounds


def point(day: date | None, value: float, qualifier: str = "exact", high: float | None = None, fid: int = 1) -> Point:
    low, top = _bounds(qualifier, value, high)
    return Point(fid, day, value, high, qualifier, low, top, 1, 1, day, fid, 1, None, {})


def test_step_path_holds_each_value_until_the_next() -> None:
    assert step_path([(0, 10), (5, 20), (9, 5)]) == "M0,10H5V20H9V5"
    assert step_path([(3, 4)]) == "M3,4"
    assert step_path([]) == ""


@pytest.mark.parametrize(("span", "step"), [(100, 20), (1, 0.2), (27_000, 10_000), (9_000, 2_000), (0, 1)])
def test_nice_step(span: float, step: float) -> None:
    assert nice_step(span) == pytest.approx(step)


def test_bounds_follow_the_wording() -> None:
    assert _bounds("exact", 100, None) == (100, 100)
    assert _bounds("more_than", 100, None) == (100, None)
    assert _bounds("range", 7000, 15000) == (7000, 15000)
    low, high = _bounds("about", 10_000, None)
    assert low == pytest.approx(9700) and high == pytest.approx(10300)


def test_chart_places_points_by_date_and_value_with_whiskers_and_reference() -> None:
    d0 = date(2022, 3, 1)
    a = ClaimantSeries("A", "military", [point(d0, 1000, fid=1), point(d0 + timedelta(days=10), 3000, "more_than", fid=2)])
    b = ClaimantSeries("B", "other", [point(d0 + timedelta(days=5), 2000, "range", 4000, fid=3), point(None, 5, fid=4)])
    ref = ReferenceOverlay("ref", "Ref", "Publisher", "MIT", None,
                           [{"date": d0 + timedelta(days=i), "value": 500.0 * i, "qualifier": "exact"} for i in range(12)])
    chart = build_chart(TimelineView("RU/soldier/killed", [a, b], [ref]))
    assert chart is not None
    assert [s.label for s in chart.series] == ["A", "B"]
    (p1, p2), (p3,) = chart.series[0].points, chart.series[1].points
    assert p1.x < p3.x < p2.x  # dates left to right
    assert p1.y > p3.y > p2.y  # larger values higher up (smaller y)
    assert p1.whisker is None
    assert p2.arrow_up and p2.whisker is not None and p2.whisker[0] < p2.whisker[1] == p2.y
    assert p3.whisker is not None and not p3.arrow_up and p3.whisker[1] == p3.y and p3.whisker[0] < p3.y
    assert chart.series[0].path.startswith(f"M{p1.x},{p1.y}H{p2.x}")
    assert chart.undated == 1
    assert chart.reference[0].count == 12 and chart.reference[0].path.startswith("M")
    assert chart.series[0].colour != chart.series[1].colour
    x0, y0, x1, y1 = chart.plot
    assert all(x0 <= c.x <= x1 and y0 <= c.y <= y1 for s in chart.series for c in s.points)
    assert chart.y_ticks[0][1] == "0" and float(chart.y_ticks[-1][1].replace("\u202f", "")) >= 5500


def test_no_chart_without_a_dated_figure() -> None:
    assert build_chart(TimelineView("m", [ClaimantSeries(None, None, [point(None, 3)])], [])) is None


def test_segments_cut_the_text_at_claims_and_skip_overlaps() -> None:
    text = "Plus de 450 chars et 1 450 véhicules."
    claims = [
        {"id": 1, "start": 0, "end": 17},
        {"id": 2, "start": 8, "end": 11},  # inside the first: listed, not highlighted
        {"id": 3, "start": 21, "end": 36},
        {"id": 4, "start": 30, "end": 99},  # past the end of the text
    ]
    pieces, shown = segments(text, claims)
    assert "".join(p for p, _ in pieces) == text
    assert [(p, c["id"]) for p, c in pieces if c] == [("Plus de 450 chars", 1), ("1 450 véhicules", 3)]
    assert shown == {1, 3}


def test_figures_and_urls_as_shown() -> None:
    assert format_number(14400) == "14\u202f400"
    assert figure(14400, "more_than") == "> 14\u202f400"
    assert figure(7000, "range", 15000) == "7\u202f000–15\u202f000"
    assert figure(1.5, "about") == "≈ 1.5"
    assert metric_path("RU/soldier/killed") == "/metrics/RU/soldier/killed"
    assert metric_path("XX/a b/c?d") == "/metrics/XX/a%20b/c%3Fd"
    assert with_query("/api/claims", {"q": "a&b", "side": None}, format="csv") == "/api/claims?q=a%26b&format=csv"
