"""The owner's console: task outcomes, a session timeline, and indexes for its queries.

* ``tasks.outcome``: completed | failed | declined | abandoned, written when a task
  closes (an open task has none).
* ``sessions.outcome``: the latest task's outcome (``open`` while one runs), kept with
  ``active_task_id`` so the console filters sessions by it without a join.
* ``session_events``: what the message and task tables do not keep — page changes,
  confirmations asked and answered, errors sent.
* Indexes: sessions by site and start time, tasks by start time.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("outcome", sa.String(16), nullable=True))
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("outcome", sa.String(16), nullable=True))
    op.create_table(
        "session_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(36),
                  sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("task_id", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON, nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_session_events_session_seq", "session_events", ["session_id", "seq"])
    op.create_index("ix_sessions_site_created", "sessions", ["site_name", "created_at"])
    op.create_index("ix_sessions_created", "sessions", ["created_at"])
    op.create_index("ix_tasks_created", "tasks", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_tasks_created", "tasks")
    op.drop_index("ix_sessions_created", "sessions")
    op.drop_index("ix_sessions_site_created", "sessions")
    op.drop_index("ix_session_events_session_seq", "session_events")
    op.drop_table("session_events")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("outcome")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("outcome")
