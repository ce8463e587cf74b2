"""Task memory as the engine records it, for tests that hand planners a plan that ran."""

from __future__ import annotations

from collections.abc import Sequence

from leflux.agent.memory import MemoryEntry, PlanEntry, StepReport
from leflux.protocol import Step


def ran(steps: Sequence[Step], *, failed: dict[int, str] | None = None,
        plan: int = 1) -> PlanEntry:
    """A plan sent to the page and reported on: each step worked but those in ``failed``
    (its index -> the page's error); each result says the step's action, target and
    description, as the embed's do."""
    failed = failed or {}
    return PlanEntry(plan=plan, status="sent", steps=list(steps), results=[
        StepReport(index=i, action=s.action, elementId=s.elementId,
                   description=s.description, success=i not in failed, error=failed.get(i))
        for i, s in enumerate(steps)])


def worked(count: int = 1) -> list[MemoryEntry]:
    """The memory after one plan of ``count`` steps that all worked (its steps left out:
    what the planner reads of it is that nothing failed)."""
    return [PlanEntry(plan=1, status="sent", results=[
        StepReport(index=i, success=True) for i in range(count)])]
