"""Verdicts where users look: ``verdicts.series_version``, and ``claims_view`` with each
claim's latest verdict.

``claims_view`` gains the claim's verdict, its reason, the reference series, its version,
value and date, when it was given, the claimant id and the document key, under the
column names ``decompte export`` writes. Verdicts given before this revision have no
series version until ``decompte verify --db`` runs again.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from importlib import import_module

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None

CLAIMS_VIEW = """
CREATE VIEW claims_view AS
SELECT c.id AS claim_id, c.metric, c.value, c.qualifier, c.low, c.high,
       c.counted, c.event, c.side, c.quote,
       cl.name AS claimant, cl.kind AS claimant_kind, cl.country AS claimant_country,
       c.claimant AS claimant_as_written, c.period_start, c.period_end,
       c.figure_id, d.id AS document_id, d.published, d.site, d.title, d.url,
       d.canonical_url, d.lang, c.start_offset, c.end_offset, c.sentence, c.confidence, c.evidence,
       c.claimant_id, d.doc_key,
       v.status AS verdict, v.reason AS verdict_reason, v.series AS reference_series,
       v.series_version AS reference_version, v.reference_value, v.reference_date,
       v.checked_at AS verified_at
FROM claims c
JOIN documents d ON d.id = c.document_id
LEFT JOIN claimants cl ON cl.id = c.claimant_id
LEFT JOIN verdicts v ON v.claim_id = c.id
"""


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS claims_view")
    op.add_column("verdicts", sa.Column("series_version", sa.Text))
    op.execute(CLAIMS_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS claims_view")
    with op.batch_alter_table("verdicts") as batch:
        batch.drop_column("series_version")
    op.execute(import_module("decompte.ledger.migrations.versions.0003_claim_evidence").CLAIMS_VIEW)
