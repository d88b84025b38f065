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


def names_match(claimant: str, alias: str) -> bool:
    """True when ``alias`` stands in ``claimant`` as whole words (acronyms case-sensitively)."""
    haystack, needle = normalise(claimant), normalise(alias)
    if not needle:
        return False
    if not _is_acronym(alias):
        haystack, needle = haystack.casefold(), needle.casefold()
    return f" {needle} " in f" {haystack} "


def claimant_matches(claim: Claim, series: Series) -> bool:
    """Whether the claim is attributed to the series' publisher (or one of its aliases)."""
    names = (series.manifest.publisher, *series.manifest.aliases)
    said_by = [c for c in (claim.claimant, claim.claimant_short) if c]
    return any(names_match(who, name) for who in said_by for name in names)


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
