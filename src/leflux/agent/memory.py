"""The engine's step memory of one task, typed.

One :class:`PlanEntry` per plan the engine made (sent to the page, or held for the
visitor's confirmation) with its steps and, once the page reported, their results; and a
:class:`Note` where the visitor confirmed a question a planner asked before it had a plan.
The engine decides on these (repeated failures, a finish once the plan ran, a plan a tab
refused); planners read them, typed (:func:`planner_view`), to recover from failed
steps. Only the session layer turns them into JSON and back: it stores them in a
versioned format (``session/taskrow.py``) and migrates or refuses an old row there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from leflux.protocol import Step

# sent: out on the page; held: waiting at the gate; declined: the visitor said no;
# answered: the gate's question (asked without a plan) was confirmed; cancelled: the
# visitor pressed Stop while it was out or held.
PlanStatus = Literal["sent", "held", "declined", "cancelled", "answered"]


class _Entry(BaseModel):
    # Closed: a stored entry with a key this server does not know is not guessed at.
    # (camelCase names, as the protocol's models: the stored keys are the names.)
    model_config = ConfigDict(extra="forbid")

    def to_json(self) -> dict[str, Any]:
        """The entry as stored (``session/taskrow.py``): unset keys left out."""
        return self.model_dump(mode="json", exclude_none=True)


class StepReport(_Entry):
    """What the page said of one step (``index`` into the plan's steps)."""

    index: int
    action: str | None = None
    elementId: int | None = None
    success: bool
    description: str | None = None
    error: str | None = None
    # What an owner's tool returned (any JSON), and whether the embed cut it.
    result: Any = None
    truncated: bool | None = None


class Finish(_Entry):
    """The planner's end of the task, applied once its plan ran without a failure."""

    summary: str
    message: str
    failed: bool = False


class PlanEntry(_Entry):
    plan: int                      # its number in the task (1 = the first)
    status: PlanStatus
    url: str = ""                  # the page it was made on
    actionIds: list[str] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    results: list[StepReport] | None = None    # None: the page has not reported yet
    # Its page went away before the result came (a new page's context stood for it).
    unreported: bool = False
    finish: Finish | None = None
    # Held at the gate: what each element it names looked like (``plans.same_targets``),
    # what it does in words ("place the order") and the question put to the visitor.
    targets: dict[str, list[str]] = Field(default_factory=dict)
    what: str | None = None
    ask: str | None = None
    # Which planner made it, and in how many milliseconds (transcript, metrics).
    planner: str | None = None
    planMs: float | None = None
    # The planner's state before this plan: put back when a tab refuses the plan (it
    # never ran). Kept on the latest sent plan only.
    stateBefore: dict[str, Any] | None = None

    def step_of(self, report: StepReport) -> Step | None:
        """The step a result reports on (None for a result about the plan as a whole)."""
        i = report.index
        return self.steps[i] if 0 <= i < len(self.steps) else None


class Note(_Entry):
    """The visitor confirmed a question a planner asked before it had a plan."""

    note: Literal["confirmed"]
    message: str | None = None


def _kind(entry: Any) -> str:
    """Which kind of entry (so a stored entry's error names the right model's field)."""
    if isinstance(entry, dict):
        return "note" if "note" in entry else "plan"
    return "note" if isinstance(entry, Note) else "plan"


MemoryEntry = Annotated[Annotated[PlanEntry, Tag("plan")] | Annotated[Note, Tag("note")],
                        Discriminator(_kind)]


def planner_view(memory: Sequence[MemoryEntry]) -> list[MemoryEntry]:
    """The memory as planners read it (``PlanRequest.memory``): typed entries, copies a
    planner cannot change the engine's record through."""
    return [m.model_copy(deep=True) for m in memory]


def plans(memory: Sequence[MemoryEntry]) -> list[PlanEntry]:
    return [m for m in memory if isinstance(m, PlanEntry)]


def last_plan(memory: Sequence[MemoryEntry], *status: PlanStatus,
              unreported_only: bool = False) -> PlanEntry | None:
    """The latest plan with one of ``status`` (and, if asked, no results yet)."""
    return next((m for m in reversed(plans(memory)) if m.status in status
                 and not (unreported_only and m.results is not None)), None)
