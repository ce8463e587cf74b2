"""Visitor messages not answered yet: ``messages.pending``.

A visitor's words are stored before their answer runs (in the session's turn, maybe on
another process). ``pending`` is true until a turn has answered them, so words whose
answering process was killed are answered on the next join instead of being lost.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("pending", sa.Boolean, nullable=True))
    op.create_index("ix_messages_pending", "messages", ["session_id", "pending"])


def downgrade() -> None:
    op.drop_index("ix_messages_pending", "messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("pending")
