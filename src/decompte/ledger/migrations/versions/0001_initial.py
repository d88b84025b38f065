"""The first ledger schema: documents, claimants, figures, claims, runs, verdicts, views.

Written out in full rather than imported from ``schema.py``: a migration must keep
describing the schema of its own version when ``schema.py`` moves on.

Revision ID: 0001
Revises:
Create Date: 2024-06-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

CLAIMS_VIEW = """
CREATE VIEW claims_view AS
SELECT c.id AS claim_id, c.metric, c.value, c.qualifier, c.low, c.high,
       c.counted, c.event, c.side, c.quote,
       cl.name AS claimant, cl.kind AS claimant_kind, cl.country AS claimant_country,
       c.claimant AS claimant_as_written, c.period_start, c.period_end,
       c.figure_id, d.id AS document_id, d.published, d.site, d.title, d.url,
       d.canonical_url, d.lang, c.start_offset, c.end_offset, c.sentence, c.confidence
FROM claims c
JOIN documents d ON d.id = c.document_id
LEFT JOIN claimants cl ON cl.id = c.claimant_id
"""

FIGURES_VIEW = """
CREATE VIEW figures_view AS
SELECT f.id AS figure_id, f.metric, f.as_of, f.value, f.high, f.qualifier,
       cl.name AS claimant, cl.kind AS claimant_kind, f.party,
       f.citations, f.outlets, f.first_published
FROM figures f
LEFT JOIN claimants cl ON cl.id = f.claimant_id
"""


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("command", sa.Text),
        sa.Column("extractor_version", sa.String(64)),
        sa.Column("summary", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc_key", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("site", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("lang", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("skip_reason", sa.Text),
        sa.Column("extractor_version", sa.String(64)),
        sa.Column("n_claims", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("extracted_at", sa.DateTime),
        sa.Column("run_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("canonical_url", name="uq_documents_canonical_url"),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_documents_run_id_runs", ondelete="SET NULL"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_site", "documents", ["site"])
    op.create_table(
        "claimants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("party", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_claimants"),
        sa.UniqueConstraint("key", name="uq_claimants_key"),
    )
    op.create_index("ix_claimants_party", "claimants", ["party"])
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("metric", sa.String(80), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("high", sa.Float),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("claimant_id", sa.Integer),
        sa.Column("party", sa.Text, nullable=False),
        sa.Column("as_of", sa.Date),
        sa.Column("citations", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("first_published", sa.Date),
        sa.PrimaryKeyConstraint("id", name="pk_figures"),
        sa.UniqueConstraint("key", name="uq_figures_key"),
        sa.ForeignKeyConstraint(["claimant_id"], ["claimants.id"], name="fk_figures_claimant_id_claimants"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_figures_metric_as_of", "figures", ["metric", "as_of"])
    op.create_index("ix_figures_party_metric", "figures", ["party", "metric"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("figure_id", sa.Integer, nullable=False),
        sa.Column("claimant_id", sa.Integer),
        sa.Column("start_offset", sa.Integer, nullable=False),
        sa.Column("end_offset", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("counted", sa.String(32), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("side", sa.String(8)),
        sa.Column("metric", sa.String(80), nullable=False),
        sa.Column("claimant", sa.Text),
        sa.Column("claimant_short", sa.Text),
        sa.Column("period_start", sa.Date),
        sa.Column("period_end", sa.Date),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("lang", sa.String(16)),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_claims_document_id_documents", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["figure_id"], ["figures.id"], name="fk_claims_figure_id_figures"),
        sa.ForeignKeyConstraint(["claimant_id"], ["claimants.id"], name="fk_claims_claimant_id_claimants"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_index("ix_claims_figure_id", "claims", ["figure_id"])
    op.create_index("ix_claims_metric_period_end", "claims", ["metric", "period_end"])
    op.create_index("ix_claims_claimant_id", "claims", ["claimant_id"])
    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("series", sa.Text),
        sa.Column("reference_value", sa.Float),
        sa.Column("reference_date", sa.Date),
        sa.Column("details", sa.Text),
        sa.Column("checked_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_verdicts"),
        sa.UniqueConstraint("claim_id", name="uq_verdicts_claim_id"),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_verdicts_claim_id_claims", ondelete="CASCADE"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_verdicts_status", "verdicts", ["status"])
    op.execute(CLAIMS_VIEW)
    op.execute(FIGURES_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS figures_view")
    op.execute("DROP VIEW IF EXISTS claims_view")
    for table in ("verdicts", "claims", "figures", "claimants", "documents", "runs"):
        op.drop_table(table)
