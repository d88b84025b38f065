"""The reads the web app needs and ``decompte.ledger.queries`` does not offer.

SQLAlchemy Core over the ledger's own tables, nothing written. Claims are selected
and filtered by ``decompte.ledger.selection`` (what ``decompte export`` uses too), so a
filter selects the same claims on a page, in the API and in an export. Every value a
user types reaches SQL as a bound parameter; claimant names are matched in Python over
the (small) claimants table, accent-insensitively, so no user text ever becomes a
``LIKE`` pattern.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from decompte.ledger import Store, latest_values
from decompte.claimants import KINDS, fold, kind_label, resolve
from decompte.ledger.schema import claimants, claims, documents, figures, verdicts
from decompte.ledger.queries import read_evidence
from decompte.ledger.selection import ClaimFilters, claim_select, filter_claims
from decompte.ledger.summary import metric_totals

#: Worst first: the colour a point takes when its citations got different verdicts.
VERDICT_ORDER: tuple[str, ...] = ("inconsistent", "stale", "consistent", "unknown")


def worst_verdict(counts: dict[str, int]) -> str | None:
    """The verdict a figure is drawn with: the worst its citations received, ``None`` if unchecked."""
    for status in VERDICT_ORDER:
        if counts.get(status):
            return status
    return None


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# -- metrics ---------------------------------------------------------------------------------


@dataclass
class MetricSummary:
    """One row of the metrics page: a metric, who gave which latest figure, how often it is cited."""

    metric: str
    citations: int = 0
    figures: int = 0
    last_update: date | None = None
    langs: set[str] = field(default_factory=set)
    latest: list[dict[str, Any]] = field(default_factory=list)

    @property
    def parts(self) -> tuple[str, str, str]:
        side, counted, event = (self.metric.split("/") + ["", "", ""])[:3]
        return side, counted, event

    def to_dict(self) -> dict[str, Any]:
        side, counted, event = self.parts
        return {
            "metric": self.metric, "side": side, "counted": counted, "event": event,
            "citations": self.citations, "figures": self.figures, "last_update": self.last_update,
            "langs": sorted(self.langs), "latest": self.latest,
        }


def metric_summaries(store: Store, provenance: str | None = None) -> list[MetricSummary]:
    """Every metric with its citations, languages, last date and each claimant's latest figure;
    with ``provenance``, only its claims and the figures they cite.

    Read from the summary the store keeps (``ledger.summary``): a few hundred rows, not every
    claim. With ``provenance`` it is counted from the claims, which the summary does not split by.
    """
    found: dict[str, MetricSummary] = {}
    with store.reading() as conn:
        totals = metric_totals(conn, provenance=provenance)
    for total in totals:
        summary = found.setdefault(total.metric, MetricSummary(total.metric))
        summary.citations += total.claims
        if total.lang:
            summary.langs.add(total.lang)
        if total.last_date and (summary.last_update is None or total.last_date > summary.last_update):
            summary.last_update = total.last_date
    for value in latest_values(store, provenance=provenance):
        summary = found.setdefault(value.metric, MetricSummary(value.metric))
        summary.figures += value.figures
        summary.latest.append({
            "claimant": value.claimant, "value": value.value, "high": value.high,
            "qualifier": value.qualifier, "as_of": value.as_of, "citations": value.citations,
        })
    for summary in found.values():  # most recent first: what each source says now
        summary.latest.sort(key=lambda v: (v["as_of"] or date.min, v["citations"]), reverse=True)
    return [found[m] for m in sorted(found)]


def filter_metrics(
    rows: list[MetricSummary],
    *,
    side: str | None = None,
    counted: str | None = None,
    event: str | None = None,
    claimant: str | None = None,
    lang: str | None = None,
    q: str | None = None,
) -> list[MetricSummary]:
    """The rows matching every given filter (exact for codes, accent-insensitive substring for text)."""
    wanted_claimant = fold(claimant) if claimant else None
    needle = fold(q) if q else None
    kept = []
    for row in rows:
        row_side, row_counted, row_event = row.parts
        names = [fold(v["claimant"] or "") for v in row.latest]
        if side and row_side != side or counted and row_counted != counted or event and row_event != event:
            continue
        if lang and lang not in row.langs:
            continue
        if wanted_claimant and not any(wanted_claimant in name for name in names):
            continue
        if needle and needle not in fold(row.metric.replace("_", " ")) and needle not in fold(row.metric) \
                and not any(needle in name for name in names):
            continue
        kept.append(row)
    return kept


# -- claims ----------------------------------------------------------------------------------


def claim_dict(row: Any) -> dict[str, Any]:
    """A claim row (from ``selection.claim_select``) as the API shows it."""
    verdict = None
    if row.verdict_status is not None:
        verdict = {"status": row.verdict_status, "reason": row.verdict_reason, "series": row.verdict_series,
                   "series_version": row.verdict_series_version, "reference_value": row.reference_value, "reference_date": row.reference_date}
    return {
        "id": row.id, "metric": row.metric, "value": row.value, "qualifier": row.qualifier,
        "low": row.low, "high": row.high, "counted": row.counted, "event": row.event, "side": row.side,
        "quote": row.quote, "claimant": row.claimant_name, "claimant_kind": row.claimant_kind,
        "claimant_as_written": row.claimant, "period_start": row.period_start, "period_end": row.period_end,
        "start": row.start_offset, "end": row.end_offset, "sentence": row.sentence,
        "confidence": row.confidence, "lang": row.lang, "figure_id": row.figure_id,
        "evidence": read_evidence(row.evidence), "provenance": row.provenance, "relay": row.relay,
        "document": {"id": row.document_id, "doc_key": row.doc_key, "title": row.title, "site": row.site,
                     "url": row.url, "published": row.published},
        "verdict": verdict,
    }


def page_select() -> Select[Any]:
    """``claim_select`` with the series (``figure_metric``, ``figure_party``) of each claim's figure:
    what its revision flags are looked up by, read with the page rather than by a query of its own."""
    return (claim_select().add_columns(figures.c.metric.label("figure_metric"), figures.c.party.label("figure_party"))
            .join(figures, figures.c.id == claims.c.figure_id))


def figure_series(rows: Iterable[Any]) -> dict[int, tuple[str, str]]:
    """Each figure of some ``page_select`` rows with its (metric, party) series."""
    return {r.figure_id: (r.figure_metric, r.figure_party) for r in rows}


def search_claim_rows(store: Store, filters: ClaimFilters, *, after: int = 0,
                      limit: int = 100) -> tuple[list[Any], bool]:
    """Claim rows (``page_select``) matching ``filters`` with an id above ``after``, in id order;
    and whether more follow.

    Keyset pagination (``id > after``) rather than ``OFFSET``: page 1 000 costs what
    page 1 costs, and a claim stored between two requests never shifts a page.
    """
    query = filter_claims(page_select(), store, filters)
    query = query.where(claims.c.id > after).order_by(claims.c.id).limit(limit + 1)
    with store.reading() as conn:
        rows = list(conn.execute(query).all())
    return rows[:limit], len(rows) > limit


def search_claims(store: Store, filters: ClaimFilters, *, after: int = 0, limit: int = 100) -> tuple[list[dict[str, Any]], bool]:
    """Claims matching ``filters`` as the API shows them (``claim_dict``); and whether more follow."""
    rows, more = search_claim_rows(store, filters, after=after, limit=limit)
    return [claim_dict(r) for r in rows], more


# -- documents -------------------------------------------------------------------------------


def document_detail(store: Store, document_id: int) -> dict[str, Any] | None:
    """A stored document with its text and its claims (offset order), or ``None``."""
    found = document_rows(store, document_id)
    if found is None:
        return None
    data, rows = found
    data["claims"] = [claim_dict(r) for r in rows]
    return data


def document_rows(store: Store, document_id: int) -> tuple[dict[str, Any], list[Any]] | None:
    """A stored document's fields and its claim rows (``page_select``, offset order), or ``None``."""
    with store.reading() as conn:
        doc = conn.execute(
            select(documents.c.id, documents.c.doc_key, documents.c.title, documents.c.site, documents.c.url,
                   documents.c.canonical_url, documents.c.published, documents.c.lang, documents.c.text,
                   documents.c.status, documents.c.skip_reason, documents.c.n_claims, documents.c.ingested_at,
                   documents.c.extractor_version, documents.c.source)
            .where(documents.c.id == document_id)
        ).first()
        if doc is None:
            return None
        rows = conn.execute(
            page_select().where(claims.c.document_id == document_id)
            .order_by(claims.c.start_offset, claims.c.end_offset.desc(), claims.c.id)
        ).all()
    return dict(doc._mapping), list(rows)


# -- timelines -------------------------------------------------------------------------------


@dataclass
class FigureLink:
    """What a chart point links to and is coloured by: its first citation and its verdicts."""

    claim_id: int
    document_id: int
    verdicts: Counter[str] = field(default_factory=Counter)

    @property
    def verdict(self) -> str | None:
        return worst_verdict(self.verdicts)


def figure_links(store: Store, metric: str) -> dict[int, FigureLink]:
    """For each reported figure of ``metric``: its earliest citation and its citations' verdicts."""
    query = (
        select(claims.c.id, claims.c.figure_id, claims.c.document_id, verdicts.c.status)
        .join(documents, documents.c.id == claims.c.document_id)
        .outerjoin(verdicts, verdicts.c.claim_id == claims.c.id)
        .where(claims.c.metric == metric)
        .order_by(documents.c.published.asc().nulls_last(), claims.c.id)
    )
    links: dict[int, FigureLink] = {}
    with store.reading() as conn:
        for row in conn.execute(query):
            link = links.get(row.figure_id)
            if link is None:
                link = links[row.figure_id] = FigureLink(row.id, row.document_id)
            if row.status:
                link.verdicts[row.status] += 1
    return links


# -- claimants -------------------------------------------------------------------------------


def claimant_stats(store: Store) -> list[dict[str, Any]]:
    """Per claimant: claims, documents, metrics (most cited first), dates and verdict counts.

    ``consistent_share`` is the consistent verdicts over the checked ones (consistent,
    inconsistent or stale): ``None`` when no figure of this claimant could be checked.
    """
    when = func.coalesce(claims.c.period_end, documents.c.published)
    base = claims.join(documents, documents.c.id == claims.c.document_id)
    totals = (
        select(claims.c.claimant_id, func.count().label("n"), func.count(func.distinct(claims.c.document_id)).label("docs"),
               func.min(when).label("first"), func.max(when).label("last"))
        .select_from(base).group_by(claims.c.claimant_id)
    )
    per_metric = select(claims.c.claimant_id, claims.c.metric, func.count().label("n")).group_by(
        claims.c.claimant_id, claims.c.metric
    )
    per_verdict = (
        select(claims.c.claimant_id, verdicts.c.status, func.count().label("n"))
        .select_from(claims.join(verdicts, verdicts.c.claim_id == claims.c.id))
        .group_by(claims.c.claimant_id, verdicts.c.status)
    )
    with store.reading() as conn:
        people = {r.id: r for r in conn.execute(select(
            claimants.c.id, claimants.c.key, claimants.c.name, claimants.c.kind, claimants.c.country,
            claimants.c.title, claimants.c.organisation))}
        total_rows = conn.execute(totals).all()
        metric_rows = conn.execute(per_metric).all()
        verdict_rows = conn.execute(per_verdict).all()
    names = {p.key: p.name for p in people.values()}
    metrics_of: dict[int | None, list[tuple[str, int]]] = defaultdict(list)
    for r in metric_rows:
        metrics_of[r.claimant_id].append((r.metric, int(r.n)))
    verdicts_of: dict[int | None, Counter[str]] = defaultdict(Counter)
    for r in verdict_rows:
        verdicts_of[r.claimant_id][r.status] += int(r.n)
    out = []
    for r in total_rows:
        who = people.get(r.claimant_id)
        counts = verdicts_of[r.claimant_id]
        checked = counts["consistent"] + counts["inconsistent"] + counts["stale"]
        out.append({
            "id": r.claimant_id, **_claimant_fields(who, names), "claims": int(r.n), "documents": int(r.docs),
            "first": _as_date(r.first), "last": _as_date(r.last),
            "metrics": [{"metric": m, "claims": n} for m, n in sorted(metrics_of[r.claimant_id], key=lambda x: (-x[1], x[0]))],
            "verdicts": {status: counts[status] for status in VERDICT_ORDER},
            "consistent_share": round(counts["consistent"] / checked, 3) if checked else None,
        })
    out.sort(key=lambda c: (-c["claims"], c["name"] is None, c["name"] or ""))
    return out


def _claimant_fields(who: Any, names: dict[str, str]) -> dict[str, Any]:
    """Who a claimant is: key, name, label (with the title), kind, country, organisation's name."""
    if who is None:
        return {"key": None, "name": None, "label": None, "title": None, "kind": None, "country": None,
                "organisation": None}
    label = f"{who.title} {who.name}" if who.title and fold(who.title) not in fold(who.name) else who.name
    return {"key": who.key, "name": who.name, "label": label, "title": who.title, "kind": who.kind,
            "country": who.country, "organisation": names.get(who.organisation, who.organisation) if who.organisation else None}


def group_claimants(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The claimants by kind (in ``KINDS`` order, unattributed figures last), then by country
    (international bodies, with no country, last): ``[{kind, label, claims, countries: [{country, rows}]}]``."""
    order = {kind: i for i, kind in enumerate(KINDS)}
    by_kind: dict[str | None, dict[str | None, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_kind[row["kind"]][row["country"]].append(row)
    groups = []
    for kind in sorted(by_kind, key=lambda k: (k is None, order.get(k or "", len(order)), k or "")):
        countries = by_kind[kind]
        groups.append({
            "kind": kind, "label": kind_label(kind) if kind else "unattributed",
            "claims": sum(r["claims"] for rs in countries.values() for r in rs),
            "countries": [{"country": c, "rows": countries[c]} for c in sorted(countries, key=lambda c: (c is None, c or ""))],
        })
    return groups


def filter_claimants(rows: list[dict[str, Any]], q: str | None) -> list[dict[str, Any]]:
    """Claimants whose name contains ``q`` (case and accents ignored); all when ``q`` is empty."""
    if not q:
        return rows
    wanted = fold(q)
    return [r for r in rows if wanted in fold(r["label"] or "(unattributed)") or wanted in fold(r["organisation"] or "")]


def known_values(rows: list[MetricSummary]) -> dict[str, list[str]]:
    """The distinct sides, counted classes, events and languages among these metrics (filter menus)."""
    seen: dict[str, set[str]] = {"side": set(), "counted": set(), "event": set(), "lang": set()}
    for row in rows:
        side, counted, event = row.parts
        if side != "XX":  # the metric's mark for a claim of no side
            seen["side"].add(side)
        seen["counted"].add(counted)
        seen["event"].add(event)
        seen["lang"] |= row.langs
    return {name: sorted(v for v in values if v) for name, values in seen.items()}
