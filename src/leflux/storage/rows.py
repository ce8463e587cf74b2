"""Rows as the layers above the store see them: plain dataclasses, no SQLAlchemy."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# The current second as ``now_iso`` writes it: (seconds since the epoch, text).
_second: tuple[int, str] = (-1, "")


def now_iso() -> str:
    """UTC now to the millisecond, ``2026-12-07T23:00:23.693Z`` (what
    ``datetime.now(UTC).isoformat(timespec="milliseconds")`` gives, ``Z`` for the
    offset): the second's text worked out once per second (~0.45 against 1.5 µs; every
    stored row is stamped)."""
    global _second
    sec, ms = divmod(time.time_ns() // 1_000_000, 1000)
    if sec != _second[0]:
        _second = (sec, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)))
    return f"{_second[1]}.{ms:03d}Z"


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


@dataclass
class ActionFinished:
    """An action just completed, and the session's open task as of that transaction."""

    task: TaskRow | None


def new_message(role: str, text: str, *, block_type: str | None = None,
                data: dict[str, Any] | None = None) -> MessageRow:
    """A finished message about to be stored (its id and time set here)."""
    return MessageRow(id=str(uuid.uuid4()), role=role, text=text, created_at=now_iso(),
                      block_type=block_type, data=data)


def message_values(session_id: str, row: MessageRow, *,
                   pending: bool | None = None) -> dict[str, Any]:
    """The ``messages`` columns of a finished message, for its insert."""
    return {"id": row.id, "session_id": session_id, "role": row.role, "text": row.text,
            "block_type": row.block_type, "data": row.data, "created_at": row.created_at,
            "done": True, "pending": pending}


def message_rows(rows: Sequence[Any]) -> list[MessageRow]:
    """Rows of one statement; the history's statements leave the chunk lists out. Which
    columns are there is asked once per statement: a missing one asked of every row
    raised and caught an error per row (~40% of a turn's history read)."""
    if not rows:
        return []
    fields = rows[0]._fields
    with_chunks, with_pending = "chunks" in fields, "pending" in fields
    return [MessageRow(
        id=r.id, role=r.role, text=r.text, created_at=r.created_at,
        block_type=r.block_type, data=r.data, stream_id=r.stream_id,
        chunks=r.chunks if with_chunks else None, done=bool(r.done), owner=r.owner,
        pending=bool(r.pending) if with_pending else False,
    ) for r in rows]


def task_row(row: Any) -> TaskRow:
    return TaskRow(
        id=row.id, session_id=row.session_id, goal=row.goal, state=row.state,
        plans_sent=row.plans_sent, memory=row.memory, planner_state=row.planner_state,
        is_open=bool(row.is_open),
        outstanding_plan=row.outstanding_plan, held_plan=row.held_plan,
        held_prompt=row.held_prompt,
    )
