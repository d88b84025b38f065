"""Claimants as entities: ``claimants.title`` and ``claimants.organisation``, and stored rows re-resolved.

A claimant row is now one entity whatever the language or spelling (``decompte.claimants``):
its ``key`` is a slug ("gaza-health-ministry"), a person keeps the ``title`` named with
("Colonel General") and the key of the ``organisation`` spoken for. Rows stored before this
revision are resolved again from their name with the registry of the installed version:
rows that turn out to be one entity are merged (their claims and figures follow), rows that
name no one (« Maire », « Même bilan ») are removed and their claims left unattributed. A
figure's party follows its claimant, and figures that thereby become one are merged, with
their citations, outlets and first date counted again. The downgrade drops the two columns
but keeps the new keys and merges.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from importlib import import_module

import sqlalchemy as sa
from alembic import op

from decompte.claimants import ClaimantInfo, resolve

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_claimants = sa.table(
    "claimants", sa.column("id"), sa.column("key"), sa.column("name"), sa.column("kind"), sa.column("country"),
    sa.column("party"), sa.column("title"), sa.column("organisation"),
)
_figures = sa.table(
    "figures", sa.column("id"), sa.column("key"), sa.column("claimant_id"), sa.column("party"), sa.column("citations"),
    sa.column("outlets"), sa.column("first_published"),
)
_claims = sa.table("claims", sa.column("id"), sa.column("document_id"), sa.column("figure_id"), sa.column("claimant_id"))
_documents = sa.table("documents", sa.column("id"), sa.column("site"), sa.column("published"))


CLAIMS_VIEW = import_module("decompte.ledger.migrations.versions.0005_view_verdicts").CLAIMS_VIEW.replace(
    "v.checked_at AS verified_at",
    "v.checked_at AS verified_at,\n       cl.key AS claimant_key, cl.title AS claimant_title, "
    "cl.organisation AS claimant_organisation")


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS claims_view")
    op.add_column("claimants", sa.Column("title", sa.Text))
    op.add_column("claimants", sa.Column("organisation", sa.Text))
    conn = op.get_bind()
    _merge_claimants(conn)
    _rekey_figures(conn)
    op.execute(CLAIMS_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS claims_view")
    op.execute("DROP VIEW IF EXISTS figures_view")
    # not a batch: SQLite would copy and drop the claimants table, which claims and figures point to
    op.execute("ALTER TABLE claimants DROP COLUMN organisation")
    op.execute("ALTER TABLE claimants DROP COLUMN title")
    op.execute(import_module("decompte.ledger.migrations.versions.0005_view_verdicts").CLAIMS_VIEW)
    op.execute(import_module("decompte.ledger.migrations.versions.0001_initial").FIGURES_VIEW)


def _repoint(conn: sa.Connection, old: int, new: int | None) -> None:
    for table in (_claims, _figures):
        conn.execute(sa.update(table).where(table.c.claimant_id == old).values(claimant_id=new))


def _merge_claimants(conn: sa.Connection) -> None:
    """Each stored claimant resolved again: one row per entity, none for names of no one."""
    rows = conn.execute(sa.select(_claimants.c.id, _claimants.c.name).order_by(_claimants.c.id)).all()
    # Keys move in two steps so that a row may take a key another row still holds.
    conn.execute(sa.update(_claimants).values(key=sa.literal("~") + sa.cast(_claimants.c.id, sa.Text)))
    kept: dict[str, int] = {}
    for row in rows:
        info = resolve(row.name)
        if info is None or info.key in kept:
            _repoint(conn, row.id, kept[info.key] if info is not None else None)
            conn.execute(sa.delete(_claimants).where(_claimants.c.id == row.id))
            continue
        kept[info.key] = row.id
        conn.execute(sa.update(_claimants).where(_claimants.c.id == row.id).values(**_values(info)))


def _values(info: ClaimantInfo) -> dict[str, str | None]:
    return {"key": info.key, "name": info.name, "kind": info.kind, "country": info.country, "party": info.party,
            "title": info.title, "organisation": info.organisation.key if info.organisation else None}


def _rekey_figures(conn: sa.Connection) -> None:
    """Each figure's party and key from its claimant again; figures now equal are merged."""
    parties = dict(conn.execute(sa.select(_claimants.c.id, _claimants.c.party)).all())
    rows = conn.execute(sa.select(_figures.c.id, _figures.c.key, _figures.c.claimant_id, _figures.c.party)
                        .order_by(_figures.c.id)).all()
    conn.execute(sa.update(_figures).values(key=sa.literal("~") + sa.cast(_figures.c.id, sa.Text)))
    kept: dict[str, int] = {}
    for row in rows:
        party = parties.get(row.claimant_id) or _outlet_party(conn, row.id, row.party)
        parts = row.key.split("|")
        key = "|".join([*parts[:3], party, *parts[4:]]) if len(parts) == 5 else row.key
        if key in kept:
            conn.execute(sa.update(_claims).where(_claims.c.figure_id == row.id).values(figure_id=kept[key]))
            conn.execute(sa.delete(_figures).where(_figures.c.id == row.id))
            continue
        kept[key] = row.id
        conn.execute(sa.update(_figures).where(_figures.c.id == row.id).values(key=key, party=party))
    _recount(conn)


def _outlet_party(conn: sa.Connection, figure_id: int, party: str) -> str:
    """An unattributed figure is its outlet's (``decompte.ledger.dedup``)."""
    if not party.startswith("claimant:"):
        return party
    first = conn.execute(
        sa.select(_documents.c.id, _documents.c.site)
        .select_from(_claims.join(_documents, _documents.c.id == _claims.c.document_id))
        .where(_claims.c.figure_id == figure_id).order_by(_documents.c.id).limit(1)
    ).first()
    if first is None:
        return party
    return f"site:{first.site.lower()}" if first.site else f"document:{first.id}"


def _recount(conn: sa.Connection) -> None:
    cited = _claims.join(_documents, _documents.c.id == _claims.c.document_id)
    mine = _claims.c.figure_id == _figures.c.id
    conn.execute(sa.update(_figures).values(
        citations=sa.select(sa.func.count()).select_from(_claims).where(mine).scalar_subquery(),
        outlets=sa.select(sa.func.count(sa.distinct(_documents.c.site))).select_from(cited).where(mine).scalar_subquery(),
        first_published=sa.select(sa.func.min(_documents.c.published)).select_from(cited).where(mine).scalar_subquery(),
    ))
