"""Reported figures with their first citation: what contests and revisions compare.

``decompte.verify.contests`` (figures of different claimants that cannot all hold) and
``decompte.verify.revisions`` (a claimant's total going down, or up too fast) both read
a metric's figures side by side. This module is their one read of the ledger: each
attributed figure with its claimant, its date, and the citation that first reported it
(the claim id and the document a flag links to), in metric and date order.

A figure with no claimant (an outlet's own number) is left out: contests and revisions
are between claimants, and an outlet relaying yesterday's bulletin contests no one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, tuple_

from decompte.claimants import resolve
from decompte.ledger.dedup import figure_key
from decompte.ledger.schema import claimants, claims, documents, figures
from decompte.ledger.store import Store
from decompte.model import Article, Claim


@dataclass(frozen=True)
class FigureRow:
    """One attributed reported figure and the citation that first reported it."""

    figure_id: int
    metric: str
    party: str
    claimant: str
    claimant_key: str
    as_of: date | None
    value: float
    high: float | None
    qualifier: str
    citations: int
    period_start: date | None
    """The first citation's period start: what the figure counts from (see ``usual_starts``)."""
    claim_id: int
    document_id: int
    url: str | None
    published: date | None
    quote: str

    def link(self) -> dict[str, Any]:
        """The citation a flag points to: claim id, document id, URL, date, words."""
        return {"claim_id": self.claim_id, "document_id": self.document_id, "url": self.url,
                "published": self.published, "quote": self.quote}


def unstored_row(claim: Claim, article: Article) -> FigureRow | None:
    """The figure a claim of an article not yet stored would be (``Store.add``'s claimant and
    dedup rules), its ids 0 since none is given yet; ``None`` for a claim with no known claimant."""
    info = resolve(claim.claimant) or resolve(claim.claimant_short)
    if info is None:
        return None
    key = figure_key(claim, info, published=article.published, site=article.site, document_id=0)
    return FigureRow(0, key.metric, key.party, info.name, info.key, key.as_of, key.value, key.high, claim.qualifier,
                     1, claim.period_start, 0, 0, article.canonical_url or article.url, article.published, claim.quote)


def _first_citation_id() -> Any:
    """The id of a figure's earliest citation (earliest publication, then lowest claim id): one
    indexed lookup per figure, so reading some figures never ranks the whole claims table."""
    cited, doc = claims.alias("cited"), documents.alias("cited_document")
    return (
        select(cited.c.id)
        .join(doc, doc.c.id == cited.c.document_id)
        .where(cited.c.figure_id == figures.c.id)
        .order_by(doc.c.published.asc().nulls_last(), cited.c.id)
        .limit(1)
        .correlate(figures)
        .scalar_subquery()
    )


def _figure_query(metric: str | None, pairs: Sequence[tuple[str, str]] | None) -> Select[Any]:
    query = (
        select(figures.c.id, figures.c.metric, figures.c.party, figures.c.as_of, figures.c.value, figures.c.high,
               figures.c.qualifier, figures.c.citations, claimants.c.name, claimants.c.key,
               claims.c.id.label("claim_id"), claims.c.period_start, claims.c.quote, documents.c.id.label("doc_id"),
               func.coalesce(documents.c.canonical_url, documents.c.url).label("url"), documents.c.published)
        .join(claimants, claimants.c.id == figures.c.claimant_id)
        .join(claims, claims.c.id == _first_citation_id())
        .join(documents, documents.c.id == claims.c.document_id)
        .order_by(figures.c.metric, figures.c.as_of.asc().nulls_first(), figures.c.id)
    )
    if metric:
        query = query.where(figures.c.metric == metric)
    if pairs is not None:
        query = query.where(tuple_(figures.c.metric, figures.c.party).in_(list(pairs)))
    return query


def figure_rows(
    store: Store,
    *,
    metric: str | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
) -> list[FigureRow]:
    """Attributed figures (of one metric, or of some ``(metric, party)`` pairs), by metric then date."""
    if pairs is not None and not pairs:
        return []
    query = _figure_query(metric, pairs)
    with store.reading() as conn:
        rows = conn.execute(query).all()
    return [
        FigureRow(r.id, r.metric, r.party, r.name, r.key, r.as_of, r.value, r.high, r.qualifier, r.citations,
                  r.period_start, r.claim_id, r.doc_id, r.url, r.published, r.quote)
        for r in rows
    ]


def usual_starts(store: Store, *, metric: str | Sequence[str] | None = None) -> dict[str, date]:
    """Per metric, the period start its attributed claims give most often (ties: the earliest).

    That is the day "since the invasion began" resolves to: a figure stated with no start is
    read as counting from it (daily counts, each with its own start, are rarer than totals)."""
    n = func.count().label("n")
    query = (
        select(claims.c.metric, claims.c.period_start, n)
        .where(claims.c.claimant_id.is_not(None), claims.c.period_start.is_not(None))
        .group_by(claims.c.metric, claims.c.period_start)
        .order_by(claims.c.metric, n.desc(), claims.c.period_start)
    )
    if isinstance(metric, str):
        query = query.where(claims.c.metric == metric)
    elif metric is not None:
        query = query.where(claims.c.metric.in_(sorted(set(metric))))
    found: dict[str, date] = {}
    with store.reading() as conn:
        for row in conn.execute(query):
            found.setdefault(row.metric, row.period_start)
    return found


def figure_pairs(store: Store, figure_ids: Sequence[int]) -> list[tuple[str, str]]:
    """The distinct ``(metric, party)`` of some figures: whose series a page of claims belongs to."""
    if not figure_ids:
        return []
    query = select(figures.c.metric, figures.c.party).where(figures.c.id.in_(sorted(set(figure_ids)))).distinct()
    with store.reading() as conn:
        return [(r.metric, r.party) for r in conn.execute(query)]


__all__ = ["FigureRow", "figure_pairs", "figure_rows", "unstored_row", "usual_starts"]
