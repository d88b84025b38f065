"""The metrics page's summary, kept by the store: ``metric_summary``, ``metric_latest``, ``ledger_version``.

Per metric and language: claims and the latest date; per metric and party: the latest
figure and how many figures; one change counter raised by every write (see
``decompte.ledger.summary``). Filled here from the claims and figures already stored,
in the migration's own transaction. Also an index on ``claims (metric, id)``: a page of
one metric's claims after a cursor is then read in order instead of sorted.

Revision ID: 0004
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0009"
branch_labels = None
depends_on = None

# Written out rather than taken from ``ledger.summary``: a migration keeps describing its own version.
FILL_SUMMARY = """
INSERT INTO metric_summary (metric, lang, claims, last_date)
SELECT c.metric, COALESCE(c.lang, ''), COUNT(*), MAX(COALESCE(c.period_end, d.published))
FROM claims c JOIN documents d ON d.id = c.document_id
GROUP BY c.metric, COALESCE(c.lang, '')
"""

FILL_LATEST = """
INSERT INTO metric_latest (metric, party, figure_id, figures)
SELECT metric, party, id, total FROM (
    SELECT metric, party, id,
           ROW_NUMBER() OVER (PARTITION BY metric, party
                              ORDER BY as_of DESC NULLS LAST, citations DESC, id DESC) AS rank,
           COUNT(*) OVER (PARTITION BY metric, party) AS total
    FROM figures
) ranked
WHERE rank = 1
"""


def upgrade() -> None:
    op.create_table(
        "metric_summary",
        sa.Column("metric", sa.String(80), nullable=False),
        sa.Column("lang", sa.String(16), nullable=False),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("last_date", sa.Date),
        sa.PrimaryKeyConstraint("metric", "lang", name="pk_metric_summary"),
    )
    op.create_table(
        "metric_latest",
        sa.Column("metric", sa.String(80), nullable=False),
        sa.Column("party", sa.Text, nullable=False),
        sa.Column("figure_id", sa.Integer, nullable=False),
        sa.Column("figures", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("metric", "party", name="pk_metric_latest"),
    )
    op.create_table(
        "ledger_version",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_version"),
    )
    op.create_index("ix_claims_metric_id", "claims", ["metric", "id"])
    op.execute(FILL_SUMMARY)
    op.execute(FILL_LATEST)
    op.execute("INSERT INTO ledger_version (id, version) VALUES (1, 1)")


def downgrade() -> None:
    op.drop_index("ix_claims_metric_id", table_name="claims")
    op.drop_table("ledger_version")
    op.drop_table("metric_latest")
    op.drop_table("metric_summary")
