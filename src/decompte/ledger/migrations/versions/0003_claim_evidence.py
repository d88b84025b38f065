"""Why each claim says what it says: ``claims.evidence``, kept in ``claims_view``.

A JSON object, field → ``{"strategy": …, "words": …}``: the extractor strategy that decided
the field and the words of the text it read (see ``decompte.extract.strategies``). Claims
stored before this revision have none until they are extracted again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from importlib import import_module

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CLAIMS_VIEW = """
CREATE VIEW claims_view AS
SELECT c.id AS claim_id, c.metric, c.value, c.qualifier, c.low, c.high,
       c.counted, c.event, c.side, c.quote,
       cl.name AS claimant, cl.kind AS claimant_kind, cl.country AS claimant_country,
       c.claimant AS claimant_as_written, c.period_start, c.period_end,
       c.figure_id, d.id AS document_id, d.published, d.site, d.title, d.url,
       d.canonical_url, d.lang, c.start_offset, c.end_offset, c.sentence, c.confidence, c.evidence
FROM claims c
JOIN documents d ON d.id = c.document_id
LEFT JOIN claimants cl ON cl.id = c.claimant_id
"""


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS claims_view")
    op.add_column("claims", sa.Column("evidence", sa.Text))
    op.execute(CLAIMS_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS claims_view")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("evidence")
    op.execute(import_module("decompte.ledger.migrations.versions.0001_initial").CLAIMS_VIEW)
