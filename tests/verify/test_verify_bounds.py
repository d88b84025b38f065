"""Qualified figures as intervals: the arithmetic every verdict rests on."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decompte.verify import CLAIM_TOLERANCE, Interval, bounds


@pytest.mark.parametrize(
    ("qualifier", "inside", "outside"),
    [
        ("exact", [450], [449, 451]),
        ("more_than", [451, 10_000], [450, 449]),  # "plus de 450" excludes 450 itself
        ("at_least", [450, 451], [449]),
        ("less_than", [0, 449], [450]),
        ("at_most", [450], [451]),
        ("about", [436.5, 463.5], [436.4, 463.6]),  # 450 ± 3 %
        ("nearly", [436.5, 450], [436.4, 450.1]),  # just under: 450 - 3 % … 450
        ("vague", [450, 1e6], [449]),
    ],
)
def test_qualifier_bounds(qualifier: str, inside: list[float], outside: list[float]) -> None:
    interval = bounds(qualifier, 450)
    assert all(interval.contains(v) for v in inside), interval.describe()
    assert not any(interval.contains(v) for v in outside), interval.describe()


def test_range_runs_from_low_to_high_in_either_order() -> None:
    assert bounds("range", 10, 15) == bounds("range", 15, 10) == Interval(10, 15)


def test_small_approximate_figures_allow_one_unit() -> None:
    # 3 % of 10 is 0.3: "environ 10" would otherwise refuse 11
    assert bounds("about", 10).contains(11)
    assert not bounds("about", 10).contains(12)


def test_unknown_qualifier_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown qualifier"):
        bounds("roughly", 1)


def test_open_ends_meet_only_when_some_count_is_in_both() -> None:
    more_than_450 = bounds("more_than", 450)
    assert not more_than_450.meets(bounds("exact", 450))
    assert more_than_450.meets(bounds("about", 450, tolerance=0.01))  # about 450 reaches 454.5
    assert not bounds("less_than", 450).meets(bounds("at_least", 450))
    assert bounds("at_most", 450).meets(bounds("at_least", 450))


def test_gap_is_signed_distance_to_the_nearest_bound() -> None:
    assert bounds("at_least", 500).gap(466) == -34
    assert bounds("at_most", 400).gap(466) == 66
    assert bounds("range", 400, 500).gap(466) == 0


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False),
       st.sampled_from(["exact", "about", "nearly", "at_least", "at_most", "vague"]))
def test_a_figure_allows_its_own_value(value: float, qualifier: str) -> None:
    assert bounds(qualifier, value).contains(value)


@given(st.floats(min_value=100, max_value=1e7, allow_nan=False))
def test_about_is_symmetric_within_the_stated_tolerance(value: float) -> None:
    interval = bounds("about", value)
    assert math.isclose(interval.high - value, value * CLAIM_TOLERANCE)
    assert math.isclose(value - interval.low, value * CLAIM_TOLERANCE)


def test_a_publishers_more_than_is_a_rounded_count_not_an_open_sky() -> None:
    """The General Staff's "more than 12 000" allows a little above, not 25 000."""
    from datetime import date

    from decompte.verify.check import Rules, reference_bounds
    from decompte.verify.series import Point

    allowed = reference_bounds(Point(date(2022, 3, 14), 12_000, "more_than"), Rules())
    assert allowed.contains(12_050) and not allowed.contains(12_000)
    assert not allowed.contains(25_000)
