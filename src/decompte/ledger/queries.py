"""Reading the ledger: latest values, timelines, claims with their documents.

These are the library side of ``decompte ledger`` and ``decompte export``; they
return plain dataclasses and dicts so that the CLI, the web app and notebooks share
them. ``iter_claims`` is what verification (``decompte verify``) reads.
"""

from __future__ import annotations

import json

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, func, or_, select

from decompte.claimants import fold, resolve
from decompte.ledger.columns import EXPORT_COLUMNS
from decompte.ledger.schema import claimants, claims, documents, figures, metric_latest
from decompte.ledger.selection import export_rows
from decompte.ledger.store import Store
from decompte.model import Claim


@dataclass(frozen=True)
class LatestValue:
    """The most recent figure a claimant gave for a metric."""

    metric: str
    claimant: str | None
    as_of: date | None
    value: float
    high: float | None
    qualifier: str
    citations: int
    figures: int
    """How many distinct figures this claimant gave for the metric (the timeline's length)."""


@dataclass(frozen=True)
class TimelinePoint:
    """One reported figure of a metric's timeline, with how often it was cited."""

    figure_id: int
    as_of: date | None
    value: float
    high: float | None
    qualifier: str
    claimant: str | None
    claimant_kind: str | None
    citations: int
    outlets: int
    """How many distinct sites cited it."""
    first_published: date | None


class DocumentInfo(NamedTuple):
    """The provenance of a claim: what ``iter_claims`` gives besides the claim."""

    id: int
    doc_key: str
    title: str | None
    site: str | None
    url: str | None
    canonical_url: str | None
    published: date | None
    lang: str | None


class StoredClaim(NamedTuple):
    """A claim as stored: unpack as ``claim_id, claim, document``."""

    claim_id: int
    claim: Claim
    document: DocumentInfo


def latest_values(store: Store, *, metric: str | None = None, provenance: str | None = None) -> list[LatestValue]:
    """For each metric and claimant, the figure with the latest date (ties: most cited); with
    ``provenance``, among the figures cited at least once with that provenance.

    Without ``provenance`` it is read from ``metric_latest``, which the store keeps
    (``ledger.summary``): no ranking of every figure per call.
    """
    if provenance:
        query = _latest_ranked(metric, provenance)
    else:
        query = (
            select(figures, metric_latest.c.figures.label("total"), claimants.c.name)
            .select_from(metric_latest.join(figures, figures.c.id == metric_latest.c.figure_id))
            .outerjoin(claimants, claimants.c.id == figures.c.claimant_id)
            .order_by(figures.c.metric, claimants.c.name)
        )
        if metric:
            query = query.where(metric_latest.c.metric == metric)
    with store.reading() as conn:
        return [
            LatestValue(r.metric, r.name or _party_label(r.party), r.as_of, r.value, r.high, r.qualifier,
                        r.citations, r.total)
            for r in conn.execute(query)
        ]


def _latest_ranked(metric: str | None, provenance: str) -> Any:
    """The latest figure per metric and party among those cited with ``provenance``, ranked in SQL."""
    ranked = select(
        figures.c.metric,
        figures.c.party,
        figures.c.claimant_id,
        figures.c.as_of,
        figures.c.value,
        figures.c.high,
        figures.c.qualifier,
        figures.c.citations,
        func.row_number()
        .over(
            partition_by=(figures.c.metric, figures.c.party),
            order_by=(figures.c.as_of.desc().nulls_last(), figures.c.citations.desc(), figures.c.id.desc()),
        )
        .label("rank"),
        func.count().over(partition_by=(figures.c.metric, figures.c.party)).label("total"),
    )
    if metric:
        ranked = ranked.where(figures.c.metric == metric)
    if provenance:
        ranked = ranked.where(_cited_as(provenance))
    sub = ranked.subquery("ranked")
    query = (
        select(sub, claimants.c.name)
        .outerjoin(claimants, claimants.c.id == sub.c.claimant_id)
        .where(sub.c.rank == 1)
        .order_by(sub.c.metric, claimants.c.name)
    )
    return query


def _cited_as(provenance: str) -> ColumnElement[bool]:
    """Figures with a citation of that provenance ("unsourced": some outlet gave it without a source)."""
    return figures.c.id.in_(select(claims.c.figure_id).where(claims.c.provenance == provenance))


def _party_label(party: str) -> str | None:
    kind, _, rest = party.partition(":")
    return rest if kind == "site" else None


def _claimant_filter(claimant: str) -> Any:
    info = resolve(claimant)
    folded = f"%{fold(claimant)}%"
    conds: list[ColumnElement[bool]] = [func.lower(claimants.c.name).like(folded), claimants.c.key.like(folded)]
    if info is not None:
        conds.append(figures.c.party == info.party)
    return or_(*conds)


def timeline(
    store: Store,
    metric: str,
    *,
    claimant: str | None = None,
    since: date | None = None,
    until: date | None = None,
    provenance: str | None = None,
) -> list[TimelinePoint]:
    """The reported figures of one metric in date order, with their citation counts.

    ``claimant`` matches a known claimant's party (so "Ukraine" also finds its General
    Staff's figures) or any claimant whose name contains it; ``since``/``until`` bound
    the figures' dates (inclusive); ``provenance`` keeps the figures cited at least once with
    it. One indexed read of ``figures``: the counts are kept there by the store.
    """
    query = (
        select(figures, claimants.c.name, claimants.c.kind)
        .outerjoin(claimants, claimants.c.id == figures.c.claimant_id)
        .where(figures.c.metric == metric)
        .order_by(figures.c.as_of.asc().nulls_first(), figures.c.value, figures.c.id)
    )
    query = _bounded(query, since, until)
    if claimant:
        query = query.where(_claimant_filter(claimant))
    if provenance:
        query = query.where(_cited_as(provenance))
    with store.reading() as conn:
        rows = conn.execute(query).all()
    return [
        TimelinePoint(r.id, r.as_of, r.value, r.high, r.qualifier, r.name or _party_label(r.party), r.kind,
                      r.citations, r.outlets, r.first_published)
        for r in rows
    ]


def _bounded(query: Select[Any], since: date | None, until: date | None) -> Select[Any]:
    if since:
        query = query.where(figures.c.as_of >= since)
    if until:
        query = query.where(figures.c.as_of <= until)
    return query


def _chunks(ids: Sequence[int], size: int = 5000) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def metrics(store: Store) -> list[str]:
    """Every metric with at least one claim, sorted."""
    with store.reading() as conn:
        return list(conn.scalars(select(claims.c.metric).distinct().order_by(claims.c.metric)))


def _claims_query(
    metric: str | Sequence[str] | None,
    since: date | None,
    until: date | None,
    claim_ids: Sequence[int] | None,
) -> Select[Any]:
    query = (
        select(claims, documents.c.doc_key, documents.c.title, documents.c.site, documents.c.url,
               documents.c.canonical_url, documents.c.published, documents.c.lang.label("doc_lang"),
               claimants.c.name.label("claimant_name"), claimants.c.kind.label("claimant_kind"),
               claimants.c.country.label("claimant_country"))
        .join(documents, documents.c.id == claims.c.document_id)
        .outerjoin(claimants, claimants.c.id == claims.c.claimant_id)
        .order_by(claims.c.id)
    )
    if isinstance(metric, str):
        query = query.where(claims.c.metric == metric)
    elif metric:
        query = query.where(claims.c.metric.in_(list(metric)))
    when = func.coalesce(claims.c.period_end, documents.c.published)
    if since:
        query = query.where(when >= since)
    if until:
        query = query.where(when <= until)
    if claim_ids is not None:
        query = query.where(claims.c.id.in_(list(claim_ids)))
    return query


def _to_claim(row: Any) -> Claim:
    return Claim(
        start=row.start_offset, end=row.end_offset, quote=row.quote, value=row.value,
        qualifier=row.qualifier, low=row.low, high=row.high, counted=row.counted, event=row.event,
        side=row.side, claimant=row.claimant, claimant_short=row.claimant_short,
        period_start=row.period_start, period_end=row.period_end, sentence=row.sentence,
        confidence=row.confidence, doc=row.doc_key, lang=row.lang, evidence=read_evidence(row.evidence),
        provenance=row.provenance, relay=row.relay,
    )


def read_evidence(stored: str | None) -> dict[str, dict[str, str]]:
    """A claim's stored evidence (JSON text) as the dict ``Claim.evidence`` holds; none → ``{}``."""
    if not stored:
        return {}
    try:
        data = json.loads(stored)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def iter_claims(
    store: Store,
    *,
    metric: str | Sequence[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    claim_ids: Sequence[int] | None = None,
    batch_size: int = 1000,
) -> Iterator[StoredClaim]:
    """Every stored claim (optionally of some metrics, dates or ids), with its document.

    Yields ``StoredClaim(claim_id, claim, document)`` in claim-id order; ``claim_id`` is
    what ``store_verdicts`` takes back. ``since``/``until`` bound the claim's
    ``period_end``, or its document's publication date when it has none. Rows are read
    in batches so a million claims do not sit in memory at once.
    """
    id_chunks: Iterator[Sequence[int] | None] = (
        _chunks(sorted(set(claim_ids)), batch_size) if claim_ids is not None else iter([None])
    )
    for chunk in id_chunks:
        last = 0
        while True:
            query = _claims_query(metric, since, until, chunk).where(claims.c.id > last).limit(batch_size)
            with store.reading() as conn:
                rows = conn.execute(query).all()
            for row in rows:
                doc = DocumentInfo(row.document_id, row.doc_key, row.title, row.site, row.url,
                                   row.canonical_url, row.published, row.doc_lang)
                yield StoredClaim(row.id, _to_claim(row), doc)
            if len(rows) < batch_size:
                break
            last = rows[-1].id


def citations(store: Store, figure_id: int) -> list[dict[str, Any]]:
    """Every citation of one reported figure, oldest publication first."""
    query = (
        select(claims.c.id, claims.c.quote, claims.c.qualifier, claims.c.claimant, documents.c.published,
               documents.c.site, documents.c.title, documents.c.url, documents.c.canonical_url)
        .join(documents, documents.c.id == claims.c.document_id)
        .where(claims.c.figure_id == figure_id)
        .order_by(documents.c.published.asc().nulls_last(), claims.c.id)
    )
    with store.reading() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


__all__ = [
    "DocumentInfo", "EXPORT_COLUMNS", "LatestValue", "StoredClaim", "TimelinePoint", "citations",
    "export_rows", "iter_claims", "latest_values", "metrics", "timeline",
]
