"""Indexes for what contests and revisions read (``ledger.compare``).

- ``claims (metric, period_start, claimant_id)``: ``usual_starts`` asks, per metric, which
  period start its attributed claims give most often. Without it that grouping read every
  claim of the metrics asked (≈ 150 ms for 40 metrics of a 100 000-claim ledger, on every
  cold timeline or page of revisions); the index covers the query.
- ``claims (figure_id, document_id)`` instead of ``claims (figure_id)``: a figure's first
  citation (its earliest document) is then found in the index alone, without reading each
  citation's row (a third of ``figure_rows``' time); every lookup by figure still uses it.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claims_metric_period_start_claimant_id", "claims", ["metric", "period_start", "claimant_id"])
    op.create_index("ix_claims_figure_id_document_id", "claims", ["figure_id", "document_id"])
    op.drop_index("ix_claims_figure_id", table_name="claims")


def downgrade() -> None:
    op.create_index("ix_claims_figure_id", "claims", ["figure_id"])
    op.drop_index("ix_claims_figure_id_document_id", table_name="claims")
    op.drop_index("ix_claims_metric_period_start_claimant_id", table_name="claims")
