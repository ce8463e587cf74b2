"""The small interface between the session layer and the task engine.

Imports flow one way (transport -> session -> agent), so the agent defines what it
needs and the session layer implements it:

* :class:`Conversation` is one visitor session as the engine sees it. Every ``send``
  method **persists first, then emits** to the session's socket (resume
  rules), so the engine never talks to Socket.IO or the database itself.
* :class:`Engine` is what the session layer calls, one event at a time per session
  (the session layer serialises them), after it has validated and recorded the event.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from leflux.agent.memory import MemoryEntry
from leflux.protocol import (
    ActionPlan,
    ActionResult,
    ConfirmationRequired,
    HistoryMessage,
    PageContext,
    SequenceResult,
    TaskState,
    UiBlock,
)
from leflux.providers.types import Usage

# (planner name, a model call's usage, the site it was for): metrics and token budgets.
UsageHook = Callable[[str, Usage, str], None]


# How a task ended: done, stopped on errors/limits, the visitor said no at the gate,
# or dropped for a new request (the console shows and counts these).
TaskOutcome = Literal["completed", "failed", "declined", "abandoned"]


@dataclass(frozen=True)
class SiteInfo:
    """The site a session belongs to, as the agent needs it."""

    name: str
    instructions: str = ""
    # Regular expressions (case-insensitive) for the site's own high-stakes actions.
    confirm_patterns: tuple[str, ...] = ()
    # The site's allowed origins (``https://shop.example.com``, ``https://*.example.com``)
    # and the extra hosts its images may come from (``cdn.example.com``, ``*.cdn.net``).
    origins: tuple[str, ...] = ()
    image_hosts: tuple[str, ...] = ()


@dataclass
class TaskRecord:
    """An open task. The session layer stores it (``session/taskrow.py``: a versioned
    format, read back or migrated at that boundary)."""

    task_id: str
    goal: str
    state: TaskState = "running"
    plans_sent: int = 0
    # Step memory within the task: one entry per plan made, with its steps and, once
    # reported, its results (``memory.py``). Planners read it to recover from failures.
    memory: list[MemoryEntry] = field(default_factory=list)
    # A planner's own scratch space (a JSON object: the planner owns its shape and
    # version), kept across iterations.
    planner_state: dict[str, Any] = field(default_factory=dict)


class ReplyStream(Protocol):
    """A streamed agent reply: ``message_chunk``s then one ``message_done``.

    Used as ``async with conv.reply_stream() as stream: await stream.write(delta)``.
    Leaving the block sends ``message_done`` with the joined text and stores it in the
    history; a stream that wrote nothing sends nothing.
    """

    stream_id: str

    async def write(self, delta: str) -> None: ...

    @property
    def text(self) -> str: ...


@runtime_checkable
class Conversation(Protocol):
    session_id: str
    site: SiteInfo

    async def history(self) -> list[HistoryMessage]: ...
    async def latest_context(self) -> PageContext | None: ...
    async def active_task(self) -> TaskRecord | None: ...

    async def open_task(self, goal: str) -> TaskRecord: ...
    async def save_task(self, task: TaskRecord) -> None: ...

    def reply_stream(self) -> AbstractAsyncContextManager[ReplyStream]: ...
    async def say(self, text: str, *, is_question: bool = False, is_error: bool = False) -> None:
        """A non-streamed ``message`` (also kept in the history)."""

    async def send_plan(self, task: TaskRecord, plan: ActionPlan) -> None:
        """Persist ``plan`` as the task's outstanding plan (state ``awaiting_action``),
        count it in ``task.plans_sent``, then emit ``action_plan``."""

    async def hold_for_confirmation(
        self, task: TaskRecord, plan: ActionPlan | None, prompt: ConfirmationRequired
    ) -> None:
        """Persist the held plan and prompt (state ``awaiting_confirmation``), then emit
        ``confirmation_required``. ``plan`` may be None when a planner asks on its own
        before it has a plan."""

    async def take_held_plan(self, task: TaskRecord) -> ActionPlan | None:
        """Remove and return the plan held for confirmation (None if there is none)."""

    async def show_block(self, block: UiBlock) -> None:
        """Emit a ``ui_block`` and keep it in the history."""

    async def complete_task(self, task: TaskRecord, summary: str, message: str, *,
                            outcome: TaskOutcome = "completed") -> None:
        """Close the task with its outcome, keep the summary in the history, emit
        ``task_complete``."""

    async def send_error(self, message: str, code: str) -> None:
        """Emit ``error {message, code}`` to the visitor."""


class Engine(Protocol):
    """What the session layer hands every recorded client event to."""

    async def on_visitor_message(
        self, conv: Conversation, text: str, context: PageContext | None
    ) -> None: ...

    async def on_action_result(
        self, conv: Conversation, action_id: str, result: ActionResult
    ) -> None: ...

    async def on_sequence_result(self, conv: Conversation, result: SequenceResult) -> None: ...

    async def on_context(self, conv: Conversation, context: PageContext) -> None:
        """A new page context while the session has an open task (without one, the
        session layer only stores it)."""

    async def on_continue(self, conv: Conversation, context: PageContext) -> None: ...

    def prepare(self) -> None:
        """A visitor's page has arrived: make ready what their first turn would load
        (a planner made at its first plan). Never raises; called once per process."""

    async def on_confirmation(self, conv: Conversation, confirmed: bool) -> None: ...

    async def on_cancel(self, conv: Conversation) -> None:
        """The visitor stopped the open task (``cancel_task``): close it; no plan after."""


__all__ = [
    "AsyncIterator",
    "Conversation",
    "Engine",
    "ReplyStream",
    "SiteInfo",
    "TaskOutcome",
    "TaskRecord",
]
