"""Index ``messages.stream_id``.

Every streamed reply is written by its stream id: the live flusher several times a
second and ``message_done`` once. Without an index each of those writes scanned the
whole messages table, so streaming got slower as the history grew.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_messages_stream_id", "messages", ["stream_id"])


def downgrade() -> None:
    op.drop_index("ix_messages_stream_id", "messages")
