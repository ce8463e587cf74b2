"""Rows as the layers above the store see them: plain dataclasses, no SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class SiteRow:
    name: str
    origins: list[str]
    instructions: str = ""
    greeting: str | None = None
    accent_color: str | None = None
    suggestions: list[str] = field(default_factory=list)
    confirm_patterns: list[str] = field(default_factory=list)
    # LLM tokens (input + output) the site may use per UTC day; None: no cap.
    daily_token_budget: int | None = None
    # Hosts besides the site's origins that product images may load from.
    image_hosts: list[str] = field(default_factory=list)
    # The widget's title and avatar; None: "Assistant" in the visitor's language, no avatar.
    title: str | None = None
    avatar_url: str | None = None


@dataclass
class SessionRow:
    id: str
    site_name: str
    created_at: str
    holder_sid: str | None
    context: dict[str, Any] | None
    active_task_id: str | None


@dataclass
class MessageRow:
    id: str
    role: str
    text: str
    created_at: str
    block_type: str | None = None
    data: dict[str, Any] | None = None
    stream_id: str | None = None
    chunks: list[str] | None = None
    done: bool = True
    owner: str | None = None
    pending: bool = False  # visitor words not answered yet (pending.py)


@dataclass
class TaskRow:
    id: str
    session_id: str
    goal: str
    state: str
    plans_sent: int
    # The JSON columns as stored (their format: ``session/taskrow.py``).
    memory: Any
    planner_state: Any
    is_open: bool
    outstanding_plan: dict[str, Any] | None
    held_plan: dict[str, Any] | None
    held_prompt: dict[str, Any] | None


@dataclass
class JoinState:
    """Everything a join needs, read in the transaction that makes ``sid`` the holder."""

    session: SessionRow
    created: bool
    previous_holder: str | None
    history: list[MessageRow]
    open_streams: list[MessageRow]
    task: TaskRow | None


@dataclass
class TurnState:
    """What an engine step reads first, in one trip: the open task, the history and the
    session's stored page context."""

    task: TaskRow | None
    history: list[MessageRow]
    context: dict[str, Any] | None = None


@dataclass
class ActionRow:
    id: str
    task_id: str
    is_sequence: bool
    status: str
    payload: dict[str, Any]
    result: dict[str, Any] | None


def message_row(row: Any) -> MessageRow:
    return MessageRow(
        id=row.id, role=row.role, text=row.text, created_at=row.created_at,
        block_type=row.block_type, data=row.data, stream_id=row.stream_id,
        chunks=getattr(row, "chunks", None), done=bool(row.done), owner=row.owner,
        pending=bool(getattr(row, "pending", False)),
    )


def task_row(row: Any) -> TaskRow:
    return TaskRow(
        id=row.id, session_id=row.session_id, goal=row.goal, state=row.state,
        plans_sent=row.plans_sent, memory=row.memory, planner_state=row.planner_state,
        is_open=bool(row.is_open),
        outstanding_plan=row.outstanding_plan, held_plan=row.held_plan,
        held_prompt=row.held_prompt,
    )
