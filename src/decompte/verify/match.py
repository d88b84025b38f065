"""Which series speaks for a claim, and at which date.

Claimant: a series matches when one of its names (publisher or alias) stands in the
claim's claimant or short claimant as whole words, compared without case, accents or
punctuation: "le dernier décompte de l’ONU" holds "ONU", "L’Ukraine" holds "Ukraine".
An alias written in capitals is an acronym and must appear in capitals, so the French
article "un" never reads as "UN".

Date: the target day is the claim's period end, else the document's publication date;
it never goes past what was public when the document appeared (a row becomes public
``publication_lag_days`` after its date). The series' last row on or before the target
is used if it is dated the target day or the day before (reports lag); an older row
means the series has no value at that date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from decompte.model import Claim
from decompte.verify.series import Point, Series

LAG_DAYS = 1  # a reference row this many days before the target still counts as current


def normalise(text: str) -> str:
    """Accent-free, punctuation-free, single-spaced text (case kept)."""
    stripped = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", stripped).split())


def _is_acronym(alias: str) -> bool:
    letters = [ch for ch in alias if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and " " not in alias.strip()


class Names:
    """A publisher's names, normalised once, to test many claimants against."""

    def __init__(self, names: Iterable[str]) -> None:
        self.exact: list[str] = []  # acronyms: case kept
        self.folded: list[str] = []
        for name in names:
            needle = normalise(name)
            if not needle:
                continue
            if _is_acronym(name):
                self.exact.append(f" {needle} ")
            else:
                self.folded.append(f" {needle.casefold()} ")

    def found_in(self, claimant: str) -> bool:
        """Whether one of the names stands in ``claimant`` as whole words."""
        haystack = f" {normalise(claimant)} "
        folded = haystack.casefold()
        return any(n in haystack for n in self.exact) or any(n in folded for n in self.folded)


def names_match(claimant: str, alias: str) -> bool:
    """True when ``alias`` stands in ``claimant`` as whole words (acronyms case-sensitively)."""
    return Names([alias]).found_in(claimant)


def claimant_matches(claim: Claim, series: Series) -> bool:
    """Whether the claim is attributed to the series' publisher (or one of its aliases)."""
    names = series.names
    return any(names.found_in(who) for who in (claim.claimant, claim.claimant_short) if who)


@dataclass(frozen=True)
class Anchor:
    """The day a claim is compared at, and why that day."""

    day: date
    how: str


def anchor(claim: Claim, published: date | None, series: Series) -> Anchor | None:
    """The target day in the series' own dates, or ``None`` when the claim has no date at all."""
    public_until = published - timedelta(days=series.manifest.publication_lag_days) if published else None
    if claim.period_end is not None:
        if public_until is not None and public_until < claim.period_end:
            return Anchor(public_until, f"the last update public on {published} (period end {claim.period_end})")
        return Anchor(claim.period_end, f"the claim's period end {claim.period_end}")
    if public_until is not None:
        return Anchor(public_until, f"the last update public on {published}, the publication date")
    return None


def current_point(series: Series, metric: str, target: Anchor) -> Point | None:
    """The series' value at the target day, or the day before; ``None`` if it has none."""
    point = series.latest(metric, target.day)
    if point is None or point.date < target.day - timedelta(days=LAG_DAYS):
        return None
    return point
