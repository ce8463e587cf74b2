"""An in-memory ``Conversation``: the session layer's contract without a database.

It keeps what the real one persists (history, the open task, the held plan) and records
every event it would emit, so engine tests can assert on the wire traffic.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from leflux.agent.ports import SiteInfo, TaskRecord
from leflux.config import Limits
from leflux.protocol import (
    TYPE_TO_STEP,
    ActionPlan,
    ConfirmationRequired,
    HistoryMessage,
    MessageChunk,
    MessageDone,
    PageContext,
    TaskComplete,
    UiBlock,
)
from leflux.session.taskrow import task_values, to_record
from leflux.storage.rows import TaskRow


class MemStream:
    def __init__(self, conv: MemConversation) -> None:
        self.conv = conv
        self.stream_id = f"stream-{uuid.uuid4()}"
        self.chunks: list[str] = []

    async def write(self, delta: str) -> None:
        self.conv.emit("message_chunk", MessageChunk(
            delta=delta, streamId=self.stream_id, chunkIndex=len(self.chunks)).wire())
        self.chunks.append(delta)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


class MemConversation:
    def __init__(self, site: SiteInfo | None = None, limits: Limits | None = None) -> None:
        self.session_id = str(uuid.uuid4())
        self.site = site or SiteInfo(name="test")
        self.limits = limits or Limits()
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.messages: list[HistoryMessage] = []
        self.context: PageContext | None = None
        # Stored as a database row is: in the session layer's format, through JSON.
        self._task: TaskRow | None = None
        self._held: dict[str, Any] | None = None
        self.closed: list[TaskRecord] = []
        self.outcomes: list[str] = []  # each closed task's outcome, in order

    # -- helpers for tests
    def emit(self, event: str, payload: dict[str, Any]) -> None:
        self.events.append((event, payload))

    def of(self, event: str) -> list[dict[str, Any]]:
        return [p for e, p in self.events if e == event]

    def steps(self, plan: int) -> list[dict[str, Any]]:
        """The steps of the ``plan``-th action plan, whether it was sent as a sequence or
        as single actions (a single ``press_key`` reads as the step ``press``)."""
        out: list[dict[str, Any]] = []
        for action in self.of("action_plan")[plan]["actions"]:
            if action.get("isSequence"):
                out.extend(action["actions"])
            else:
                out.append({**action, "action": TYPE_TO_STEP[action["type"]]})
        return out

    def names(self) -> list[str]:
        return [e for e, _ in self.events]

    def clear(self) -> None:
        self.events.clear()

    def _store(self, task: TaskRecord) -> None:
        values = json.loads(json.dumps(task_values(task)))
        self._task = TaskRow(id=task.task_id, session_id=self.session_id, is_open=True,
                             outstanding_plan=None, held_plan=None, held_prompt=None,
                             **values)

    def _add(self, role: str, text: str, **kw: Any) -> None:
        self.messages.append(HistoryMessage(id=str(uuid.uuid4()), role=role,  # type: ignore[arg-type]
                                            text=text, createdAt="now", **kw))

    # -- Conversation
    async def history(self) -> list[HistoryMessage]:
        return list(self.messages)

    async def latest_context(self) -> PageContext | None:
        return self.context

    async def active_task(self) -> TaskRecord | None:
        return to_record(self._task) if self._task else None

    async def open_task(self, goal: str) -> TaskRecord:
        assert self._task is None, "a task is already open"
        task = TaskRecord(task_id=f"task-{uuid.uuid4()}", goal=goal)
        self._store(task)
        return task

    async def save_task(self, task: TaskRecord) -> None:
        self._store(task)

    @asynccontextmanager
    async def reply_stream(self) -> AsyncIterator[MemStream]:
        s = MemStream(self)
        try:
            yield s
        finally:
            if s.chunks:
                self._add("agent", s.text)
                self.emit("message_done", MessageDone(text=s.text, streamId=s.stream_id).wire())

    async def say(self, text: str, *, is_question: bool = False, is_error: bool = False) -> None:
        self._add("agent", text)
        self.emit("message", {"text": text, **({"isError": True} if is_error else {}),
                              **({"isQuestion": True} if is_question else {})})

    async def send_plan(self, task: TaskRecord, plan: ActionPlan) -> None:
        assert task.plans_sent < self.limits.plans_per_task, "engine sent past the cap"
        task.plans_sent += 1
        task.state = "awaiting_action"
        self._store(task)
        self.emit("action_plan", plan.wire())

    async def hold_for_confirmation(self, task: TaskRecord, plan: ActionPlan | None,
                                    prompt: ConfirmationRequired) -> None:
        task.state = "awaiting_confirmation"
        self._store(task)
        self._held = plan.wire() if plan else None
        self.emit("confirmation_required", prompt.wire())

    async def take_held_plan(self, task: TaskRecord) -> ActionPlan | None:
        held, self._held = self._held, None
        return ActionPlan.model_validate(held) if held else None

    async def show_block(self, block: UiBlock) -> None:
        self._add("agent", block.message or "", blockType=block.block_type, data=block.data)
        self.emit("ui_block", block.wire())

    async def complete_task(self, task: TaskRecord, summary: str, message: str, *,
                            outcome: str = "completed") -> None:
        assert self._task is not None and self._task.id == task.task_id
        self.closed.append(task)
        self.outcomes.append(outcome)
        self._task = None
        self._held = None
        self._add("agent", message, blockType="task_complete", data={"summary": summary})
        self.emit("task_complete", TaskComplete(summary=summary, message=message).wire())

    async def send_error(self, message: str, code: str) -> None:
        self.emit("error", {"message": message, "code": code})
