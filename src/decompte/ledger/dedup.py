"""The rule that makes many citations one *reported figure*.

Outlets copy each other: one announcement by the Ukrainian General Staff becomes
dozens of articles, each with its own wording and qualifier. The ledger keeps every
citation (one ``claims`` row per figure in a document) and links those that report
the same thing to one ``figures`` row. Two citations report the same figure when
all of these are equal:

1. the metric ``side/counted/event``;
2. the value (and, for a range, its upper bound), compared as numbers;
3. the claimant's *party* (``ClaimantInfo.party``): the country for a government or
   military body, so "Ukraine", "Ukraine's General Staff" and "l'armée ukrainienne"
   match; otherwise the normalised claimant itself. An unattributed figure is the
   outlet's own: its party is the document's site (or the document, if no site is known);
4. the date the figure is "as of": the claim's ``period_end``, else the publication
   date of the citing document. A figure with neither is never merged across documents.

The qualifier is deliberately *not* part of the key: "plus de 14 400" and "environ
14 400" relay one announcement. The figure keeps the qualifier of its first citation;
each citation keeps its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from decompte.claimants import ClaimantInfo
from decompte.model import Claim


@dataclass(frozen=True)
class FigureKey:
    """Identity of a reported figure: ``key`` is unique in the ``figures`` table."""

    key: str
    metric: str
    value: float
    high: float | None
    party: str
    as_of: date | None


def _num(value: float | None) -> str:
    return "" if value is None else format(float(value), ".15g")


def figure_key(
    claim: Claim,
    claimant: ClaimantInfo | None,
    *,
    published: date | None,
    site: str | None,
    document_id: int,
) -> FigureKey:
    """The reported figure a citation belongs to, by the rule in this module's docstring."""
    if claimant is not None:
        party = claimant.party
    elif site:
        party = f"site:{site.lower()}"
    else:
        party = f"document:{document_id}"
    as_of = claim.period_end or published
    high = claim.high if claim.qualifier == "range" else None
    when = as_of.isoformat() if as_of else f"undated:document:{document_id}"
    key = "|".join((claim.metric, _num(claim.value), _num(high), party, when))
    return FigureKey(key, claim.metric, float(claim.value), high, party, as_of)
