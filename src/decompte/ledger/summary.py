"""What the metrics page shows, kept up to date by every write: ``metric_summary``,
``metric_latest`` and the change counter ``ledger_version``.

Counting every claim per request cost ~0.5 s on 100 000 claims, so the store keeps
the answer, in the same transaction as the claims it writes (``Store.add``,
``Store.replace_claims``, metadata filled from a duplicate):

- ``metric_summary``: per metric and language (``""`` for none), the number of claims and
  the latest date among them (``period_end``, else the document's publication date);
- ``metric_latest``: per metric and party (``ledger.dedup``), the figure with the latest
  date (ties: most cited, then newest) and how many figures the party gave;
- ``ledger_version``: one row whose counter every write transaction raises, so that a
  reader (the web cache) knows with one cheap query whether anything changed.

The counter is raised *first*: on PostgreSQL its row lock makes writers take turns on
the summary until they commit, so a plain read-then-write of the summary rows is safe
there as it is on SQLite (one writer at a time). ``computed`` is the from-scratch
aggregation the kept tables must always equal (``rebuild`` writes it; tests compare).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, literal_column, or_, select, update
from sqlalchemy.engine import Connection

from decompte.ledger.schema import claims, documents, figures, ledger_version, metric_latest, metric_summary

#: A ``metric_summary`` key: metric and language (``""`` for none).
Group = tuple[str, str]
#: A ``metric_latest`` key: metric and party.
Party = tuple[str, str]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _lang_key() -> ColumnElement[Any]:
    # A literal, not a bound parameter: PostgreSQL must see the same expression in SELECT and GROUP BY.
    return func.coalesce(claims.c.lang, literal_column("''"))


def _when() -> ColumnElement[Any]:
    return func.coalesce(claims.c.period_end, documents.c.published)


# -- the change counter ----------------------------------------------------------------------


def bump(conn: Connection) -> None:
    """Raise the change counter (creating its row in a ledger that has none)."""
    done = conn.execute(update(ledger_version).where(ledger_version.c.id == 1)
                        .values(version=ledger_version.c.version + 1))
    if not done.rowcount:
        conn.execute(insert(ledger_version).values(id=1, version=1))


def stamp(conn: Connection) -> int:
    """The change counter: equal between two reads means nothing was written in between."""
    return int(conn.scalar(select(ledger_version.c.version).where(ledger_version.c.id == 1)) or 0)


# -- one document's share ----------------------------------------------------------------------


@dataclass
class DocumentShare:
    """What one document's claims contribute: claims and latest date per group, parties cited."""

    groups: dict[Group, tuple[int, date | None]] = field(default_factory=dict)
    parties: set[Party] = field(default_factory=set)


def document_share(conn: Connection, document_id: int) -> DocumentShare:
    """The document's claims per group and the (metric, party) of the figures they cite."""
    counted = (
        select(claims.c.metric, _lang_key().label("lang"), func.count().label("n"), func.max(_when()).label("last"))
        .join(documents, documents.c.id == claims.c.document_id)
        .where(claims.c.document_id == document_id)
        .group_by(claims.c.metric, _lang_key())
    )
    cited = (
        select(figures.c.metric, figures.c.party).distinct()
        .join(claims, claims.c.figure_id == figures.c.id)
        .where(claims.c.document_id == document_id)
    )
    share = DocumentShare()
    for row in conn.execute(counted):
        share.groups[(row.metric, row.lang)] = (int(row.n), _as_date(row.last))
    share.parties = {(row.metric, row.party) for row in conn.execute(cited)}
    return share


def document_added(conn: Connection, document_id: int) -> None:
    """Count a newly stored document's claims in (call after they are inserted)."""
    bump(conn)
    share = document_share(conn, document_id)
    _add_counts(conn, share.groups)
    refresh_latest(conn, share.parties)


def document_replaced(conn: Connection, document_id: int, before: DocumentShare) -> None:
    """Swap a document's old claims (``before``, read before they were deleted) for its new ones."""
    bump(conn)
    after = document_share(conn, document_id)
    stored = _stored_groups(conn, set(before.groups) | set(after.groups))
    uncertain = set()
    for group, (n, last) in before.groups.items():
        kept = stored.get(group)
        if kept is not None and last is not None and (kept[1] is None or last >= kept[1]):
            uncertain.add(group)  # the latest date may have left with the old claims
    deltas: dict[Group, tuple[int, date | None]] = {g: (-n, None) for g, (n, _last) in before.groups.items()}
    for group, (n, last) in after.groups.items():
        deltas[group] = (deltas.get(group, (0, None))[0] + n, last)
    _add_counts(conn, deltas)
    recount(conn, uncertain)
    refresh_latest(conn, before.parties | after.parties)


def document_changed(conn: Connection, document_id: int) -> None:
    """A stored document's metadata changed (its publication date can be its claims' date)."""
    bump(conn)
    recount(conn, document_share(conn, document_id).groups)


# -- upkeep ----------------------------------------------------------------------------------


def _stored_groups(conn: Connection, groups: Iterable[Group]) -> dict[Group, tuple[int, date | None]]:
    wanted = set(groups)
    if not wanted:
        return {}
    query = select(metric_summary).where(metric_summary.c.metric.in_(sorted({m for m, _ in wanted})))
    return {(r.metric, r.lang): (int(r.claims), _as_date(r.last_date)) for r in conn.execute(query)
            if (r.metric, r.lang) in wanted}


def _write_group(conn: Connection, group: Group, n: int, last: date | None, exists: bool) -> None:
    where = (metric_summary.c.metric == group[0]) & (metric_summary.c.lang == group[1])
    if n <= 0:
        conn.execute(delete(metric_summary).where(where))
    elif exists:
        conn.execute(update(metric_summary).where(where).values(claims=n, last_date=last))
    else:
        conn.execute(insert(metric_summary).values(metric=group[0], lang=group[1], claims=n, last_date=last))


def _add_counts(conn: Connection, deltas: dict[Group, tuple[int, date | None]]) -> None:
    """Add claims (negative: remove) and a candidate latest date to each group."""
    stored = _stored_groups(conn, deltas)
    for group in sorted(deltas):
        n, last = deltas[group]
        old_n, old_last = stored.get(group, (0, None))
        if last is None or (old_last is not None and old_last > last):
            last = old_last
        _write_group(conn, group, old_n + n, last, group in stored)


def recount(conn: Connection, groups: Iterable[Group]) -> None:
    """Count these groups again from their claims."""
    wanted = sorted(set(groups))
    stored = _stored_groups(conn, wanted)
    for metric, lang in wanted:
        same_lang = or_(claims.c.lang.is_(None), claims.c.lang == "") if lang == "" else claims.c.lang == lang
        row = conn.execute(
            select(func.count().label("n"), func.max(_when()).label("last"))
            .select_from(claims.join(documents, documents.c.id == claims.c.document_id))
            .where(claims.c.metric == metric, same_lang)
        ).one()
        _write_group(conn, (metric, lang), int(row.n), _as_date(row.last), (metric, lang) in stored)


def refresh_latest(conn: Connection, parties: Iterable[Party]) -> None:
    """Find again the latest figure, and count the figures, of these (metric, party) pairs."""
    for metric, party in sorted(set(parties)):
        mine = (figures.c.metric == metric) & (figures.c.party == party)
        top = conn.scalar(
            select(figures.c.id).where(mine)
            .order_by(figures.c.as_of.desc().nulls_last(), figures.c.citations.desc(), figures.c.id.desc())
            .limit(1)
        )
        key = (metric_latest.c.metric == metric) & (metric_latest.c.party == party)
        if top is None:
            conn.execute(delete(metric_latest).where(key))
            continue
        n = int(conn.scalar(select(func.count()).select_from(figures).where(mine)) or 0)
        if conn.execute(update(metric_latest).where(key).values(figure_id=top, figures=n)).rowcount == 0:
            conn.execute(insert(metric_latest).values(metric=metric, party=party, figure_id=top, figures=n))


# -- from scratch ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The contents of ``metric_summary`` and ``metric_latest``, comparable with ``==``."""

    groups: dict[Group, tuple[int, date | None]]
    latest: dict[Party, tuple[int, int]]
    """(metric, party) → (latest figure id, figures)."""


def computed(conn: Connection) -> Summary:
    """The summary as aggregated from every claim and figure now."""
    counted = (
        select(claims.c.metric, _lang_key().label("lang"), func.count().label("n"), func.max(_when()).label("last"))
        .join(documents, documents.c.id == claims.c.document_id)
        .group_by(claims.c.metric, _lang_key())
    )
    part = (figures.c.metric, figures.c.party)
    ranked = select(
        figures.c.metric, figures.c.party, figures.c.id,
        func.row_number().over(partition_by=part, order_by=(
            figures.c.as_of.desc().nulls_last(), figures.c.citations.desc(), figures.c.id.desc())).label("rank"),
        func.count().over(partition_by=part).label("total"),
    ).subquery("ranked")
    groups = {(r.metric, r.lang): (int(r.n), _as_date(r.last)) for r in conn.execute(counted)}
    latest = {(r.metric, r.party): (int(r.id), int(r.total))
              for r in conn.execute(select(ranked).where(ranked.c.rank == 1))}
    return Summary(groups, latest)


def stored(conn: Connection) -> Summary:
    """The summary as the ledger keeps it."""
    groups = {(r.metric, r.lang): (int(r.claims), _as_date(r.last_date)) for r in conn.execute(select(metric_summary))}
    latest = {(r.metric, r.party): (int(r.figure_id), int(r.figures)) for r in conn.execute(select(metric_latest))}
    return Summary(groups, latest)


def rebuild(conn: Connection) -> None:
    """Write the summary again from scratch (after a bulk load that went around the store)."""
    bump(conn)
    fresh = computed(conn)
    conn.execute(delete(metric_summary))
    conn.execute(delete(metric_latest))
    if fresh.groups:
        conn.execute(insert(metric_summary), [
            {"metric": m, "lang": lang, "claims": n, "last_date": last} for (m, lang), (n, last) in fresh.groups.items()])
    if fresh.latest:
        conn.execute(insert(metric_latest), [
            {"metric": m, "party": p, "figure_id": i, "figures": n} for (m, p), (i, n) in fresh.latest.items()])


# -- reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricTotal:
    """One row of ``metric_summary``: a metric's claims in one language (``""``: none)."""

    metric: str
    lang: str
    claims: int
    last_date: date | None


def metric_totals(conn: Connection) -> list[MetricTotal]:
    """Every row of ``metric_summary``, by metric and language."""
    query = select(metric_summary).order_by(metric_summary.c.metric, metric_summary.c.lang)
    return [MetricTotal(r.metric, r.lang, int(r.claims), _as_date(r.last_date)) for r in conn.execute(query)]
