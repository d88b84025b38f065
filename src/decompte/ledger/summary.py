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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    ColumnElement, Table, and_, bindparam, case, delete, func, insert, literal, literal_column, or_, select, tuple_, update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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


# Statements built once: the store runs them for every document, and building a statement
# costs SQLAlchemy more than SQLite spends running it.
_BUMP = update(ledger_version).where(ledger_version.c.id == 1).values(version=ledger_version.c.version + 1)


def bump(conn: Connection) -> None:
    """Raise the change counter (creating its row in a ledger that has none)."""
    if not conn.execute(_BUMP).rowcount:
        conn.execute(insert(ledger_version).values(id=1, version=1))


_STAMP = select(ledger_version.c.version).where(ledger_version.c.id == 1)


def stamp(conn: Connection) -> int:
    """The change counter: equal between two reads means nothing was written in between."""
    return int(conn.scalar(_STAMP) or 0)


# -- one document's share ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cited:
    """A figure a document's claims cite, as ``metric_latest`` ranks it."""

    id: int
    party: Party
    as_of: date | None
    citations: int
    mine: int
    """How many of the citations are this document's."""

    @property
    def rank(self) -> tuple[bool, date, int, int]:
        """Larger is later: dated before undated, then the date, the citations, the newest id."""
        return self.as_of is not None, self.as_of or date.min, self.citations, self.id


@dataclass
class DocumentShare:
    """What one document's claims contribute: claims and latest date per group, figures cited."""

    groups: dict[Group, tuple[int, date | None]] = field(default_factory=dict)
    cited: dict[int, Cited] = field(default_factory=dict)

    @property
    def parties(self) -> set[Party]:
        return {c.party for c in self.cited.values()}


_SHARE_COUNTED = (
    select(claims.c.metric, _lang_key().label("lang"), func.count().label("n"), func.max(_when()).label("last"))
    .join(documents, documents.c.id == claims.c.document_id)
    .where(claims.c.document_id == bindparam("document_id"))
    .group_by(claims.c.metric, _lang_key())
)
_MINE = (select(claims.c.figure_id, func.count().label("n")).where(claims.c.document_id == bindparam("document_id"))
         .group_by(claims.c.figure_id).subquery("mine"))
_SHARE_CITED = (select(figures.c.id, figures.c.metric, figures.c.party, figures.c.as_of, figures.c.citations, _MINE.c.n)
                .join(_MINE, _MINE.c.figure_id == figures.c.id))


def document_share(conn: Connection, document_id: int) -> DocumentShare:
    """The document's claims per group and the figures they cite."""
    counted = conn.execute(_SHARE_COUNTED, {"document_id": document_id})
    cited = conn.execute(_SHARE_CITED, {"document_id": document_id})
    share = DocumentShare()
    for row in counted:
        share.groups[(row.metric, row.lang)] = (int(row.n), _as_date(row.last))
    for row in cited:
        share.cited[int(row.id)] = Cited(int(row.id), (row.metric, row.party), _as_date(row.as_of),
                                         int(row.citations), int(row.n))
    return share


def document_added(conn: Connection, document_id: int) -> None:
    """Count a newly stored document's claims in (call after they are inserted)."""
    bump(conn)
    share = document_share(conn, document_id)
    _add_counts(conn, share.groups)
    _raise_latest(conn, share, {}, {})


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
    old = set(before.cited)
    remaining = set(conn.scalars(select(figures.c.id).where(figures.c.id.in_(sorted(old))))) if old else set()
    gone: dict[Party, int] = {}
    for figure_id in old - remaining:
        party = before.cited[figure_id].party
        gone[party] = gone.get(party, 0) + 1
    _raise_latest(conn, after, before.cited, gone)


def document_changed(conn: Connection, document_id: int) -> None:
    """A stored document's missing metadata was filled in: a publication date can only make its
    claims' latest date later (nothing is ever overwritten), so the dates are raised, not recounted."""
    bump(conn)
    share = document_share(conn, document_id)
    _add_counts(conn, {group: (0, last) for group, (_n, last) in share.groups.items()})


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


def _upsert(conn: Connection, table: Table, rows: list[dict[str, Any]],
            combine: Callable[[Any], dict[str, Any]]) -> None:
    """Insert ``rows``; where a row's key is taken, update it with ``combine(new)`` instead, ``new``
    being the row offered (SQL's ``excluded``). One statement on SQLite and PostgreSQL."""
    if not rows:
        return
    prepared = _UPSERTS.get((conn.dialect.name, table.name))
    if prepared is not None:
        conn.execute(prepared, rows)
        return
    for row in rows:  # elsewhere row by row: the change counter's lock keeps other writers out meanwhile
        offered = SimpleNamespace(**{k: literal(v, table.c[k].type) for k, v in row.items()})
        where = and_(*(c == row[c.name] for c in table.primary_key.columns))
        if conn.execute(update(table).where(where).values(**combine(offered))).rowcount == 0:
            conn.execute(insert(table).values(**row))


def _summed(new: Any) -> dict[str, Any]:
    kept = metric_summary.c
    later = case((new.last_date.is_(None), kept.last_date),
                 (or_(kept.last_date.is_(None), new.last_date > kept.last_date), new.last_date),
                 else_=kept.last_date)
    return {"claims": kept.claims + new.claims, "last_date": later}


def _latest_replaced(new: Any) -> dict[str, Any]:
    return {"figure_id": new.figure_id, "figures": new.figures}


def _prepared_upsert(dialect_insert: Any, table: Table, combine: Callable[[Any], dict[str, Any]]) -> Any:
    statement = dialect_insert(table)
    keys = [c.name for c in table.primary_key.columns]
    return statement.on_conflict_do_update(index_elements=keys, set_=combine(statement.excluded))


_UPSERTS: dict[tuple[str, str], Any] = {
    (name, table.name): _prepared_upsert(dialect_insert, table, combine)
    for name, dialect_insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
    for table, combine in ((metric_summary, _summed), (metric_latest, _latest_replaced))
}


def _add_counts(conn: Connection, deltas: dict[Group, tuple[int, date | None]]) -> None:
    """Add claims (negative: remove) and a candidate latest date to each group."""
    rows = [{"metric": m, "lang": lang, "claims": n, "last_date": last} for (m, lang), (n, last) in sorted(deltas.items())]
    _upsert(conn, metric_summary, rows, _summed)
    if any(n < 0 for n, _last in deltas.values()):
        conn.execute(delete(metric_summary).where(metric_summary.c.claims <= 0))


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


_KEPT = (
    select(metric_latest.c.metric, metric_latest.c.party, metric_latest.c.figures, figures.c.id, figures.c.as_of,
           figures.c.citations)
    .join(figures, figures.c.id == metric_latest.c.figure_id)
    .where(tuple_(metric_latest.c.metric, metric_latest.c.party).in_(bindparam("pairs", expanding=True)))
)
"""The kept latest figure of each of a document's (metric, party) pairs: only those pairs, as a
metric may have one party per unattributed document and the ledger grows."""


def _raise_latest(
    conn: Connection, share: DocumentShare, lowered: dict[int, Cited], gone: dict[Party, int]
) -> None:
    """Bring ``metric_latest`` up to date after a document's claims were stored.

    Citations only grow for the figures ``share`` cites, so a pair's latest figure is its
    kept one or one of those; a pair whose kept figure is among ``lowered`` (the figures the
    claims just deleted cited) is ranked again from scratch. ``gone``: figures deleted, per pair.
    """
    pairs = sorted(share.parties | {c.party for c in lowered.values()})
    kept = {(r.metric, r.party): (Cited(int(r.id), (r.metric, r.party), _as_date(r.as_of), int(r.citations), 0),
                                  int(r.figures))
            for r in conn.execute(_KEPT, {"pairs": pairs})} if pairs else {}
    again = set()
    rows: list[dict[str, Any]] = []
    for pair in pairs:
        top, n = kept.get(pair, (None, 0))
        if top is None and pair in gone or top is not None and top.id in lowered:
            again.add(pair)
            continue
        mine = [c for c in share.cited.values() if c.party == pair]
        n += sum(1 for c in mine if c.id not in lowered and c.citations == c.mine) - gone.get(pair, 0)
        best = max(mine + ([top] if top else []), key=lambda c: c.rank)
        rows.append({"metric": pair[0], "party": pair[1], "figure_id": best.id, "figures": n})
    _upsert(conn, metric_latest, rows, _latest_replaced)
    refresh_latest(conn, again)


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
            {"metric": m, "lang": lang, "claims": n, "last_date": last}
            for (m, lang), (n, last) in fresh.groups.items()])
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


def metric_totals(conn: Connection, *, provenance: str | None = None) -> list[MetricTotal]:
    """Every row of ``metric_summary``, by metric and language; with ``provenance``, the same rows
    counted from the claims of that provenance (the summary keeps no provenance: a full read)."""
    if provenance is None:
        query = select(metric_summary).order_by(metric_summary.c.metric, metric_summary.c.lang)
        return [MetricTotal(r.metric, r.lang, int(r.claims), _as_date(r.last_date)) for r in conn.execute(query)]
    counted = (
        select(claims.c.metric, _lang_key().label("lang"), func.count().label("n"), func.max(_when()).label("last"))
        .join(documents, documents.c.id == claims.c.document_id)
        .where(claims.c.provenance == provenance)
        .group_by(claims.c.metric, _lang_key())
        .order_by(claims.c.metric, _lang_key())
    )
    return [MetricTotal(r.metric, r.lang, int(r.n), _as_date(r.last)) for r in conn.execute(counted)]
