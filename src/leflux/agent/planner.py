"""The planner interface: the engine never knows which planner runs.

A planner turns a :class:`PlanRequest` into an async stream of :data:`PlanEvent`s.
Text deltas are streamed to the visitor as they come; actions become an
``action_plan`` (after the high-stakes gate); a ``FinishTask`` ends the task.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from leflux.agent.memory import MemoryEntry
from leflux.agent.ports import SiteInfo
from leflux.protocol import BlockType, HistoryMessage, PageContext, Step

# The most recent messages a planner is given (``PlanRequest.history``): the LLM prompt
# shows the last 12 (``prompt.history_lines``), the rules planner reads the last few. A
# turn reads only this window, so its cost does not grow with the session.
HISTORY_WINDOW = 40


@dataclass(frozen=True)
class PlanRequest:
    # The visitor's words that started this turn; None when planning the next step of
    # an open task (continue_task, or after a confirmation).
    visitor_text: str | None
    # The open task's goal (the visitor message that opened it), or visitor_text.
    goal: str
    context: PageContext | None
    # The last ``HISTORY_WINDOW`` finished messages, oldest first.
    history: list[HistoryMessage]
    # Step memory of the open task, typed (``memory.py``; a copy: ``planner_view``):
    # plans made and their reported results, notes of the visitor's answers.
    memory: Sequence[MemoryEntry]
    site: SiteInfo
    # The planner's own scratch space for this task; the planner may mutate it and the
    # engine persists it with the task.
    planner_state: dict[str, Any] = field(default_factory=dict)
    plans_sent: int = 0


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class PlanActions:
    """One or more steps; one step is sent as a single action, more as a sequence."""

    steps: list[Step]
    message: str | None = None
    # The rules planner's score for its decision (0..1); None from planners without one.
    confidence: float | None = None
    # Which planner produced these steps ("rules", or the LLM's name under --planner
    # hybrid); the engine records it with the plan in task memory.
    planner: str | None = None


@dataclass(frozen=True)
class ShowBlock:
    block_type: BlockType
    data: dict[str, Any]
    message: str | None = None


@dataclass(frozen=True)
class AskConfirmation:
    """The planner asks the visitor before going on; the next actions are held."""

    message: str
    confirm_label: str = "Confirm"
    cancel_label: str = "Cancel"


@dataclass(frozen=True)
class FinishTask:
    summary: str
    message: str
    # The goal could not be reached (the task's outcome is "failed", not "completed").
    failed: bool = False


@dataclass(frozen=True)
class Notice:
    """A short non-streamed message (question or error)."""

    text: str
    is_question: bool = False
    is_error: bool = False


PlanEvent = TextDelta | PlanActions | ShowBlock | AskConfirmation | FinishTask | Notice


class Planner(Protocol):
    name: str

    def plan(self, request: PlanRequest) -> AsyncIterator[PlanEvent]: ...

    async def aclose(self) -> None: ...
