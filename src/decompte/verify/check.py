"""A verdict for one claim: consistent, inconsistent, stale or unknown, with its reason.

The rules, in order (they are documented in docs/verify.md):

0. Whatever the verdict, the reason of an unsourced figure (``Claim.provenance``) says so.
1. No series counts the claim's metric, none is published by its claimant, the claim
   has no date, or the series has no value at that date → ``unknown``.
2. The claim's bounds meet the reference value's (see ``bounds``) → ``consistent``,
   unless the stated number is exactly a value the series held in the
   ``stale_days`` before and differs from today's (``au moins 816`` when 816 was
   yesterday's count and today's is 847) → ``stale``: the article repeats an
   outdated figure even if the new value still satisfies its words. This echo test
   applies to figures that are the count itself (exact, about, nearly, at least), not
   to floors and ceilings like ``plus de 450``.
3. The bounds miss today's value but meet a value of the last ``stale_days`` → ``stale``.
4. Otherwise → ``inconsistent``, with the reference value and the gap.

Per-period series (a daily count, not a running total) are compared at the claim's
exact period only, and have no ``stale``: yesterday's value is another period's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from decompte.model import QUALIFIERS, Claim, Verdict
from decompte.verify.bounds import CLAIM_TOLERANCE, REFERENCE_TOLERANCE, Interval, bounds
from decompte.verify.match import Anchor, anchor, claimant_matches, current_point
from decompte.verify.registry import Registry
from decompte.verify.series import Point, Series

STALE_DAYS = 30
ECHO_QUALIFIERS = frozenset({"exact", "about", "nearly", "at_least"})


@dataclass(frozen=True)
class Rules:
    """The tolerances a verdict depends on, so a caller can state and change them."""

    tolerance: float = CLAIM_TOLERANCE
    reference_tolerance: float = REFERENCE_TOLERANCE
    stale_days: int = STALE_DAYS


def claim_bounds(claim: Claim, rules: Rules = Rules()) -> Interval:
    """The counts a claim allows; a range runs from ``low`` (or ``value``) to ``high``."""
    if claim.qualifier == "range":
        return bounds("range", claim.low if claim.low is not None else claim.value, claim.high)
    return bounds(claim.qualifier, claim.value, tolerance=rules.tolerance)


def reference_bounds(point: Point, rules: Rules = Rules()) -> Interval:
    """The counts a reference value allows (a point, unless its publisher rounds).

    A publisher's "more than 12 000" is a rounded count, not an open sky: it allows up to the
    reference tolerance above, so that 25 000 is inconsistent with it rather than "stale".
    """
    if point.qualifier in ("more_than", "at_least"):
        top = point.value + max(point.value * rules.reference_tolerance, 1.0)
        return Interval(point.value, top, low_open=point.qualifier == "more_than")
    return bounds(point.qualifier, point.value, tolerance=rules.reference_tolerance)


def check_claim(claim: Claim, published: date | None, registry: Registry, rules: Rules = Rules()) -> Verdict:
    """Compare one claim with the series that speaks for it; always returns a verdict. The reason
    of an unsourced figure says so, whatever the verdict: a fact-checker asks that first."""
    verdict = _check(claim, published, registry, rules)
    if claim.provenance == "unsourced" and "unsourced" not in verdict.reason:
        verdict.reason = f"{verdict.reason} The figure is unsourced: the text names no source for it."
    return verdict


def _check(claim: Claim, published: date | None, registry: Registry, rules: Rules) -> Verdict:
    metric = claim.metric
    if claim.qualifier not in QUALIFIERS:
        return _unknown(f"The qualifier {claim.qualifier!r} is not one the checker reads.", metric=metric)
    candidates = registry.for_metric(metric)
    if not candidates:
        return _unknown(f"No reference series counts {metric}.", metric=metric)
    if not (claim.claimant or claim.claimant_short):
        nobody = "unsourced: the text names no source for it" if claim.provenance == "unsourced" else "not attributed to anyone"
        return _unknown(f"The figure is {nobody}; series of {metric} are published by "
                        f"{_publishers(candidates)}.", metric=metric)
    speaking = [s for s in candidates if claimant_matches(claim, s)]
    if not speaking:
        return _unknown(f"{claim.claimant or claim.claimant_short!r} publishes no reference series for {metric} "
                        f"(known: {_publishers(candidates)}).", metric=metric)
    found: list[tuple[Series, Anchor, Point]] = []
    for series in speaking:
        target = anchor(claim, published, series)
        if target is None:
            return _unknown("The claim has neither a period end nor a publication date to compare at.",
                            series=series, metric=metric)
        point = _point_for(claim, series, metric, target)
        if point is not None:
            found.append((series, target, point))
    if not found:
        return _no_value(claim, published, speaking[0], metric)
    series, target, point = min(found, key=lambda f: f[1].day - f[2].date)  # exact day first, then priority
    if series.manifest.kind == "per_period":
        return _judge_period(claim, series, point, rules)
    return _judge_cumulative(claim, series, target, point, rules)


def _point_for(claim: Claim, series: Series, metric: str, target: Anchor) -> Point | None:
    if series.manifest.kind == "cumulative":
        return current_point(series, metric, target)
    if claim.period_end is None or claim.period_end != target.day:
        return None
    point = series.latest(metric, claim.period_end)
    start = claim.period_end - timedelta(days=series.manifest.period_days - 1)
    if point is None or point.date != claim.period_end or claim.period_start not in (None, start):
        return None
    return point


def _judge_cumulative(claim: Claim, series: Series, target: Anchor, point: Point, rules: Rules) -> Verdict:
    claimed, reference = claim_bounds(claim, rules), reference_bounds(point, rules)
    details = _details(claim, series, target, point, claimed, reference, rules)
    what, who = _what(claim), series.manifest.publisher
    older = list(series.before(claim.metric, point, rules.stale_days))
    if claimed.meets(reference):
        if claim.qualifier in ECHO_QUALIFIERS and claim.value != point.value:
            for old in older:
                if old.value == claim.value:
                    return _verdict("stale", (
                        f"{what} repeats the count of {who} as of {old.date} ({_n(old.value)}); when the "
                        f"document appeared the update as of {point.date} said {_ref(point)}: an outdated "
                        f"figure, even though {_n(point.value)} also fits its wording."
                    ), series, point, details | {"matched_date": old.date.isoformat(), "matched_value": old.value})
        within = f" (within ±{rules.tolerance * 100:g} %)" if claim.qualifier in ("about", "nearly") else ""
        return _verdict("consistent", f"{what} agrees with {who}: {_ref(point)} as of {point.date}{within}.",
                        series, point, details)
    for old in older:
        if claimed.meets(reference_bounds(old, rules)):
            return _verdict("stale", (
                f"{what} does not fit {who}'s {_ref(point)} as of {point.date} but fits {_ref(old)} "
                f"as of {old.date}: the article repeats an outdated figure."
            ), series, point, details | {"matched_date": old.date.isoformat(), "matched_value": old.value})
    return _inconsistent(what, who, point, claimed, series, details)


def _judge_period(claim: Claim, series: Series, point: Point, rules: Rules) -> Verdict:
    claimed, reference = claim_bounds(claim, rules), reference_bounds(point, rules)
    target = Anchor(point.date, "the claim's period")
    details = _details(claim, series, target, point, claimed, reference, rules)
    what, who = _what(claim), series.manifest.publisher
    if claimed.meets(reference):
        return _verdict("consistent", f"{what} agrees with {who}: {_ref(point)} for the period ending "
                        f"{point.date}.", series, point, details)
    return _inconsistent(what, who, point, claimed, series, details)


def _inconsistent(what: str, who: str, point: Point, claimed: Interval, series: Series,
                  details: dict[str, Any]) -> Verdict:
    below = point.value <= claimed.low
    bound = claimed.low if below else claimed.high
    gap = point.value - bound
    pct = abs(gap) / bound if bound else float("inf")
    if gap == 0:  # on a bound the claim excludes: "plus de 466" against 466
        where = f"which the claim's bound {_n(bound)} excludes"
    else:
        where = f"{_n(abs(gap))} {'below the lower' if below else 'above the upper'} bound of the claim, {_n(bound)}"
    reason = f"{what} contradicts {who}: {_ref(point)} as of {point.date}, {where} ({pct:.1%})."
    return _verdict("inconsistent", reason, series, point, details | {"gap": gap, "gap_ratio": round(pct, 4)})


def _no_value(claim: Claim, published: date | None, series: Series, metric: str) -> Verdict:
    target = anchor(claim, published, series)
    last = series.latest(metric, target.day) if target else None
    span = series.span()
    if last is not None:
        tail = f"its last value before is {_n(last.value)} as of {last.date}"
    elif span is not None:
        tail = f"it starts on {span[0]}"
    else:
        tail = "it is empty"
    day = f"{target.day} ({target.how})" if target else "that date"
    return _unknown(f"{series.name} has no value of {metric} on {day} or the day before; {tail}.",
                    series=series, metric=metric)


def _details(claim: Claim, series: Series, target: Anchor, point: Point, claimed: Interval,
             reference: Interval, rules: Rules) -> dict[str, Any]:
    return {
        "metric": claim.metric,
        "claim_bounds": claimed.describe(),
        "reference_bounds": reference.describe(),
        "reference_qualifier": point.qualifier,
        "reference_published": series.published(point).isoformat(),
        "compared_at": target.day.isoformat(),
        "compared_because": target.how,
        "tolerance": rules.tolerance,
        "reference_tolerance": rules.reference_tolerance,
        "source_url": point.source_url or series.manifest.source_url,
        "licence": series.manifest.licence,
    }


def _verdict(status: str, reason: str, series: Series, point: Point, details: dict[str, Any]) -> Verdict:
    return Verdict(status=status, reason=reason, series=series.name, reference_value=point.value,  # type: ignore[arg-type]
                   reference_date=point.date, details=details, series_version=series_version(series))


def _unknown(reason: str, series: Series | None = None, **details: Any) -> Verdict:
    return Verdict(status="unknown", reason=reason, series=series.name if series else None, details=details,
                   series_version=series_version(series) if series else None)


def series_version(series: Series) -> str | None:
    """Which data of a series judged: the last day it covers (ISO), ``None`` when it is empty.

    A copy installed by ``decompte reference update`` names its retrieval too, as its manifest
    records it: ``2026-11-30 (retrieved 2026-12-01)``, still led by the last day covered.
    """
    if series.manifest.version:
        return series.manifest.version
    span = series.span()
    return span[1].isoformat() if span else None


def _publishers(candidates: list[Series]) -> str:
    return ", ".join(dict.fromkeys(s.manifest.publisher for s in candidates))


def _what(claim: Claim) -> str:
    return f"« {claim.quote} »" if claim.quote else f"{claim.qualifier} {_n(claim.value)}"


_WORDS = {"about": "about", "nearly": "nearly", "more_than": "more than", "at_least": "at least",
          "less_than": "less than", "at_most": "at most", "vague": "some"}


def _ref(point: Point) -> str:
    """A reference value as its publisher states it: '466', 'about 14 400'."""
    word = _WORDS.get(point.qualifier)
    return f"{word} {_n(point.value)}" if word else _n(point.value)


def _n(value: float) -> str:
    """14400.0 → '14 400'; 2.5 → '2.5'."""
    return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else f"{value:g}"
