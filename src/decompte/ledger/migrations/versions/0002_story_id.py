"""Near-duplicate stories: ``documents.story_id`` groups the reprints of one wire story.

Nullable, filled by ``decompte ledger stories`` or ``decompte ledger load`` (see
``decompte.ingest.neardup``); a document stored before this revision has none until then.

Revision ID: 0002
Revises: 0001
Create Date: 2024-07-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("story_id", sa.String(40)))
    op.create_index("ix_documents_story_id", "documents", ["story_id"])


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_story_id")
        batch.drop_column("story_id")
