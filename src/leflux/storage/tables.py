"""The schema as SQLAlchemy Core tables (the Alembic migrations create exactly these).

Timestamps are ISO-8601 UTC strings: identical on SQLite and PostgreSQL, and they are
what the wire shows (``createdAt``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

sites = Table(
    "sites",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("origins", JSON, nullable=False),
    Column("instructions", Text, nullable=False, default=""),
    Column("greeting", Text, nullable=True),
    Column("accent_color", String(32), nullable=True),
    Column("suggestions", JSON, nullable=True),
    Column("confirm_patterns", JSON, nullable=True),
    Column("daily_token_budget", BigInteger, nullable=True),  # migration 0005
    Column("image_hosts", JSON, nullable=True),
    Column("created_at", String(40), nullable=False),
    # The widget's title and avatar (migration 0007).
    Column("title", String(100), nullable=True),
    Column("avatar_url", String(2048), nullable=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("site_name", String(100), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    # The socket that holds the session (one socket per session), across processes.
    Column("holder_sid", String(64), nullable=True),
    Column("context", JSON, nullable=True),
    Column("active_task_id", String(64), nullable=True),
    # The latest task's outcome, "open" while it runs (migration 0006: the console).
    Column("outcome", String(16), nullable=True),
    Index("ix_sessions_site_created", "site_name", "created_at"),
    Index("ix_sessions_created", "created_at"),
    # The highest lease fencing token a turn wrote with (migration 0005, locks.py).
    Column("lease_fence", BigInteger, nullable=True),
    Index("ix_sessions_updated_at", "updated_at"),  # retention (migration 0005)
)

messages = Table(
    "messages",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column(
        "session_id", String(36), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False
    ),
    Column("role", String(16), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("block_type", String(32), nullable=True),
    Column("data", JSON, nullable=True),
    Column("created_at", String(40), nullable=False),
    # Streamed replies: the deltas so far (batched writes), done once message_done went out.
    Column("stream_id", String(64), nullable=True),
    Column("chunks", JSON, nullable=True),
    Column("done", Boolean, nullable=False, default=True),
    Column("owner", String(64), nullable=True),
    # A visitor message whose answer has not run yet (migration 0002).
    Column("pending", Boolean, nullable=True),
    Index("ix_messages_session_seq", "session_id", "seq"),
    Index("ix_messages_pending", "session_id", "pending"),
    Index("ix_messages_stream_id", "stream_id"),  # migration 0003
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", String(64), primary_key=True),
    Column(
        "session_id", String(36), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False
    ),
    Column("goal", Text, nullable=False),
    Column("state", String(32), nullable=False),
    Column("plans_sent", Integer, nullable=False, default=0),
    Column("memory", JSON, nullable=False),
    Column("planner_state", JSON, nullable=False),
    Column("is_open", Boolean, nullable=False, default=True),
    Column("outstanding_plan", JSON, nullable=True),
    Column("held_plan", JSON, nullable=True),
    Column("held_prompt", JSON, nullable=True),
    Column("created_at", String(40), nullable=False),
    Column("closed_at", String(40), nullable=True),
    # completed | failed | declined | abandoned once closed (migration 0006).
    Column("outcome", String(16), nullable=True),
    Index("ix_tasks_session", "session_id"),
    Index("ix_tasks_created", "created_at"),
)

actions = Table(
    "actions",
    metadata,
    Column(
        "session_id", String(36), ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("id", String(128), primary_key=True),
    Column("task_id", String(64), nullable=False),
    Column("is_sequence", Boolean, nullable=False, default=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(16), nullable=False),  # pending | done
    Column("result", JSON, nullable=True),
    Column("created_at", String(40), nullable=False),
    Column("completed_at", String(40), nullable=True),
)

# What messages and tasks do not keep, for the owner's console (migration 0006):
# kind "page" {url, title}, "page_said" {alerts}, "confirmation_asked" {message},
# "confirmation_answered" {confirmed}, "error" {code, message}.
session_events = Table(
    "session_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column(
        "session_id", String(36), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False
    ),
    Column("task_id", String(64), nullable=True),
    Column("kind", String(32), nullable=False),
    Column("data", JSON, nullable=True),
    Column("created_at", String(40), nullable=False),
    Index("ix_session_events_session_seq", "session_id", "seq"),
)
