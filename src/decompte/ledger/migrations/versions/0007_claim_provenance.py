"""Where each figure comes from: ``claims.provenance`` and ``claims.relay``, kept in ``claims_view``.

``provenance`` is attributed, unsourced, derived or relayed (``decompte.extract.provenance``);
``relay`` names who relays a claimant's figure (« cité par Reuters »). Claims stored before
this revision have neither until ``decompte ledger reextract`` extracts them again (their
extraction version is older).

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from importlib import import_module

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None

_PREVIOUS_VIEW = import_module("decompte.ledger.migrations.versions.0006_claimant_entities").CLAIMS_VIEW
CLAIMS_VIEW = _PREVIOUS_VIEW.replace(
    "cl.organisation AS claimant_organisation",
    "cl.organisation AS claimant_organisation,\n       c.provenance, c.relay")


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS claims_view")
    op.add_column("claims", sa.Column("provenance", sa.String(16)))
    op.add_column("claims", sa.Column("relay", sa.Text))
    op.create_index("ix_claims_provenance", "claims", ["provenance"])
    op.execute(CLAIMS_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS claims_view")
    op.drop_index("ix_claims_provenance", table_name="claims")
    # not a batch: SQLite would copy and drop the claims table, and the verdicts pointing to it with it
    op.execute("ALTER TABLE claims DROP COLUMN relay")
    op.execute("ALTER TABLE claims DROP COLUMN provenance")
    op.execute(_PREVIOUS_VIEW)
