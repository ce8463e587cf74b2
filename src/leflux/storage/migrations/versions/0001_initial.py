"""Initial schema: sites, sessions, messages, tasks, actions.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("origins", sa.JSON, nullable=False),
        sa.Column("instructions", sa.Text, nullable=False),
        sa.Column("greeting", sa.Text, nullable=True),
        sa.Column("accent_color", sa.String(32), nullable=True),
        sa.Column("suggestions", sa.JSON, nullable=True),
        sa.Column("confirm_patterns", sa.JSON, nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("site_name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("holder_sid", sa.String(64), nullable=True),
        sa.Column("context", sa.JSON, nullable=True),
        sa.Column("active_task_id", sa.String(64), nullable=True),
    )
    op.create_table(
        "messages",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        _session_id(),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("block_type", sa.String(32), nullable=True),
        sa.Column("data", sa.JSON, nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("stream_id", sa.String(64), nullable=True),
        sa.Column("chunks", sa.JSON, nullable=True),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.Column("owner", sa.String(64), nullable=True),
    )
    op.create_index("ix_messages_session_seq", "messages", ["session_id", "seq"])
    op.create_table(
        "tasks",
        sa.Column("id", sa.String(64), primary_key=True),
        _session_id(),
        sa.Column("goal", sa.Text, nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("plans_sent", sa.Integer, nullable=False),
        sa.Column("memory", sa.JSON, nullable=False),
        sa.Column("planner_state", sa.JSON, nullable=False),
        sa.Column("is_open", sa.Boolean, nullable=False),
        sa.Column("outstanding_plan", sa.JSON, nullable=True),
        sa.Column("held_plan", sa.JSON, nullable=True),
        sa.Column("held_prompt", sa.JSON, nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("closed_at", sa.String(40), nullable=True),
    )
    op.create_index("ix_tasks_session", "tasks", ["session_id"])
    _create_actions()


def _session_id(*, primary_key: bool = False) -> sa.Column[str]:
    """The column naming the session a row belongs to (deleted with it)."""
    return sa.Column("session_id", sa.String(36),
                     sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                     primary_key=primary_key, nullable=False)


def _create_actions() -> None:
    op.create_table(
        "actions",
        _session_id(primary_key=True),
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("task_id", sa.String(64), nullable=False),
        sa.Column("is_sequence", sa.Boolean, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("completed_at", sa.String(40), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("actions")
    op.drop_index("ix_tasks_session", "tasks")
    op.drop_table("tasks")
    op.drop_index("ix_messages_session_seq", "messages")
    op.drop_table("messages")
    op.drop_table("sessions")
    op.drop_table("sites")
