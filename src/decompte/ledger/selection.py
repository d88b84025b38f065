"""Which claims a reader asked for, and each as one flat export row.

``ClaimFilters`` is what ``/api/claims``, the dashboard's pages and ``decompte export``
narrow claims by, applied by one function (``filter_claims``) so that the same filter
selects the same claims everywhere. ``claim_select`` joins each claim with its
document, its claimant and its latest verdict; ``export_record`` turns one of its rows
into the columns of ``decompte.ledger.columns.EXPORT``.

Every value a user types reaches SQL as a bound parameter; text searches use
``contains(…, autoescape=True)`` so that ``%`` and ``_`` are searched for, not expanded;
claimant names are matched in Python over the (small) claimants table, accent-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select

from decompte.claimants import fold, resolve
from decompte.ledger.schema import claimants, claims, documents, verdicts
from decompte.ledger.store import Store


@dataclass(frozen=True)
class ClaimFilters:
    """What claims can be narrowed by; ``None`` means any.

    ``side="XX"`` selects claims whose side is not said; ``since``/``until`` bound the
    claim's ``period_end``, or its document's publication date when it has none;
    ``claimant`` matches the normalised claimant (name, key, or what the name resolves
    to: "état-major ukrainien" → the General Staff) or the name as the text wrote it.
    """

    metric: str | None = None
    side: str | None = None
    counted: str | None = None
    event: str | None = None
    claimant: str | None = None
    lang: str | None = None
    document: int | None = None
    verdict: str | None = None
    provenance: str | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None


def claimant_ids(store: Store, name: str) -> list[int]:
    """Ids of claimants whose name or key contains ``name`` (case and accents ignored), or that
    ``name`` resolves to ("état-major ukrainien" → the General Staff)."""
    wanted = fold(name)
    if not wanted:
        return []
    known = resolve(name)
    with store.reading() as conn:
        rows = conn.execute(select(claimants.c.id, claimants.c.name, claimants.c.key)).all()
    return [r.id for r in rows
            if wanted in fold(r.name) or wanted in fold(r.key) or (known is not None and r.key == known.key)]


def claim_select() -> Select[Any]:
    """Claims with their document, claimant and latest verdict (one row per claim)."""
    return (
        select(
            claims, documents.c.doc_key, documents.c.title, documents.c.site, documents.c.url,
            documents.c.canonical_url, documents.c.published, claimants.c.name.label("claimant_name"),
            claimants.c.kind.label("claimant_kind"), claimants.c.country.label("claimant_country"),
            verdicts.c.status.label("verdict_status"), verdicts.c.reason.label("verdict_reason"),
            verdicts.c.series.label("verdict_series"), verdicts.c.series_version.label("verdict_series_version"),
            verdicts.c.reference_value, verdicts.c.reference_date, verdicts.c.checked_at.label("verified_at"),
        )
        .join(documents, documents.c.id == claims.c.document_id)
        .outerjoin(claimants, claimants.c.id == claims.c.claimant_id)
        .outerjoin(verdicts, verdicts.c.claim_id == claims.c.id)
    )


def filter_claims(query: Select[Any], store: Store, filters: ClaimFilters) -> Select[Any]:
    """``query`` (a ``claim_select``) narrowed to the claims ``filters`` asks for."""
    for column, wanted in (("metric", filters.metric), ("counted", filters.counted),
                           ("event", filters.event), ("lang", filters.lang), ("provenance", filters.provenance)):
        if wanted:
            query = query.where(claims.c[column] == wanted)
    if filters.side:
        query = query.where(claims.c.side.is_(None) if filters.side == "XX" else claims.c.side == filters.side)
    if filters.document is not None:
        query = query.where(claims.c.document_id == filters.document)
    if filters.verdict:
        query = query.where(verdicts.c.status == filters.verdict)
    if filters.claimant:
        query = query.where(or_(claims.c.claimant_id.in_(claimant_ids(store, filters.claimant)),
                                func.lower(claims.c.claimant).contains(filters.claimant.lower(), autoescape=True)))
    when = func.coalesce(claims.c.period_end, documents.c.published)
    if filters.since:
        query = query.where(when >= filters.since)
    if filters.until:
        query = query.where(when <= filters.until)
    if filters.q:
        query = query.where(func.lower(claims.c.quote).contains(filters.q.lower(), autoescape=True))
    return query


def export_record(row: Any) -> dict[str, Any]:
    """A ``claim_select`` row as the export's columns (``columns.EXPORT_COLUMNS``, in order), values as read."""
    return {
        "claim_id": row.id, "metric": row.metric, "value": row.value, "qualifier": row.qualifier,
        "low": row.low, "high": row.high, "counted": row.counted, "event": row.event, "side": row.side,
        "quote": row.quote, "claimant": row.claimant_name, "claimant_as_written": row.claimant,
        "claimant_kind": row.claimant_kind, "claimant_country": row.claimant_country,
        "provenance": row.provenance, "relay": row.relay,
        "period_start": row.period_start, "period_end": row.period_end, "figure_id": row.figure_id,
        "start": row.start_offset, "end": row.end_offset, "sentence": row.sentence,
        "confidence": row.confidence, "lang": row.lang, "document_id": row.document_id,
        "doc_key": row.doc_key, "title": row.title, "site": row.site, "url": row.url,
        "canonical_url": row.canonical_url, "published": row.published,
        "verdict": row.verdict_status, "verdict_reason": row.verdict_reason,
        "reference_series": row.verdict_series, "reference_version": row.verdict_series_version,
        "reference_value": row.reference_value, "reference_date": row.reference_date,
        "verified_at": row.verified_at,
    }


def export_rows(
    store: Store,
    *,
    metric: str | Sequence[str] | None = None,
    filters: ClaimFilters | None = None,
    batch_size: int = 5000,
) -> Iterator[dict[str, Any]]:
    """Claims joined with their document, claimant and latest verdict, one flat dict per claim
    (``EXPORT_COLUMNS``), in claim-id order; ``metric`` may name several metrics.

    Read in batches (keyset on the claim id) so that a million claims never sit in memory.
    """
    base = filter_claims(claim_select(), store, filters or ClaimFilters())
    if isinstance(metric, str):
        base = base.where(claims.c.metric == metric)
    elif metric:
        base = base.where(claims.c.metric.in_(list(metric)))
    last = 0
    while True:
        query = base.where(claims.c.id > last).order_by(claims.c.id).limit(batch_size)
        with store.reading() as conn:
            rows = conn.execute(query).all()
        for row in rows:
            yield export_record(row)
        if len(rows) < batch_size:
            return
        last = rows[-1].id


__all__ = ["ClaimFilters", "claim_select", "claimant_ids", "export_record", "export_rows", "filter_claims"]
