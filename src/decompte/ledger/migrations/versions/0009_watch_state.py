"""Watched feeds: ``feeds`` (each feed's conditional-request validators) and ``feed_items``.

``decompte watch`` polls feeds with ``If-None-Match`` / ``If-Modified-Since``; the ETag and
Last-Modified a feed last answered with are kept on its ``feeds`` row, written only once every
entry of that answer has been handled, so a run stopped half-way fetches the feed in full
again. A ``feed_items`` row is an *acknowledged* entry: written in the same transaction as the
document it stored (or pointing at the stored document it duplicates), with the alerts it
raised (JSON) until they are sent (``alerted_at``).

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("checked_at", sa.DateTime),
        sa.Column("changed_at", sa.DateTime),
        sa.Column("status", sa.String(32)),
        sa.PrimaryKeyConstraint("id", name="pk_feeds"),
        sa.UniqueConstraint("url", name="uq_feeds_url"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "feed_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE",
                                                       name="fk_feed_items_feed_id_feeds"), nullable=False),
        sa.Column("link", sa.Text, nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL",
                                                           name="fk_feed_items_document_id_documents")),
        sa.Column("acknowledged_at", sa.DateTime, nullable=False),
        sa.Column("alerts", sa.Text),
        sa.Column("alerted_at", sa.DateTime),
        sa.PrimaryKeyConstraint("id", name="pk_feed_items"),
        sa.UniqueConstraint("feed_id", "link", name="uq_feed_items_feed_id_link"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_feed_items_alerted_at", "feed_items", ["alerted_at"])


def downgrade() -> None:
    op.drop_index("ix_feed_items_alerted_at", table_name="feed_items")
    op.drop_table("feed_items")
    op.drop_table("feeds")
