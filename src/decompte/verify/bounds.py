"""What a qualified figure allows: "plus de 450" is (450, ∞), "environ 14 400" is 14 400 ± 3 %.

A claim and a reference value both become intervals; they agree when the intervals
meet. The reference has an interval too because publishers round: the General Staff
writes "about 14 400 personnel", so "plus de 14 400" is not refuted by it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CLAIM_TOLERANCE = 0.03  # "environ", "about", "près de": the figure ± 3 %
REFERENCE_TOLERANCE = 0.01  # a reference value its publisher calls approximate: ± 1 %
MIN_SLACK = 1.0  # an approximate figure always allows ± 1 unit ("environ 10" allows 9-11)


@dataclass(frozen=True)
class Interval:
    """A set of counts, each end open or closed."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: float) -> bool:
        above = value > self.low or (value == self.low and not self.low_open)
        below = value < self.high or (value == self.high and not self.high_open)
        return above and below

    def meets(self, other: Interval) -> bool:
        """Whether some count lies in both intervals."""
        if self.low > other.low or (self.low == other.low and self.low_open):
            low, low_open = self.low, self.low_open
        else:
            low, low_open = other.low, other.low_open
        if self.high < other.high or (self.high == other.high and self.high_open):
            high, high_open = self.high, self.high_open
        else:
            high, high_open = other.high, other.high_open
        return low < high or (low == high and not low_open and not high_open)

    def gap(self, value: float) -> float:
        """How far ``value`` is from the interval: negative below, positive above, 0 inside or
        on an excluded end."""
        if self.contains(value):
            return 0.0
        return value - self.low if value <= self.low else value - self.high

    def describe(self) -> str:
        def fmt(x: float) -> str:
            return "∞" if math.isinf(x) else f"{x:,.6g}".replace(",", " ")

        return f"{'(' if self.low_open else '['}{fmt(self.low)}, {fmt(self.high)}{')' if self.high_open else ']'}"


def bounds(qualifier: str, value: float, high: float | None = None, tolerance: float = CLAIM_TOLERANCE) -> Interval:
    """The counts a figure stated with ``qualifier`` allows.

    ``vague`` ("des milliers", value = the unit) is read as "at least one unit":
    "thousands" is said of 14 400 as readily as of 2 000.
    """
    slack = max(value * tolerance, MIN_SLACK)
    inf = math.inf
    table = {
        "exact": Interval(value, value),
        "about": Interval(max(value - slack, 0.0), value + slack),
        "nearly": Interval(max(value - slack, 0.0), value),
        "more_than": Interval(value, inf, low_open=True, high_open=True),
        "at_least": Interval(value, inf, high_open=True),
        "vague": Interval(value, inf, high_open=True),
        "less_than": Interval(0.0, value, high_open=True),
        "at_most": Interval(0.0, value),
    }
    if qualifier == "range":
        top = high if high is not None else value
        return Interval(min(value, top), max(value, top))
    if qualifier not in table:
        raise ValueError(f"unknown qualifier {qualifier!r}")
    return table[qualifier]
