"""Action plans as the wire wants them, and the engine's small bookkeeping helpers."""

from __future__ import annotations

import time
import uuid
from typing import Any

from leflux.protocol import (
    STEP_TO_TYPE,
    Action,
    ActionPlan,
    IndexedElement,
    PageContext,
    SequenceAction,
    Step,
)


def new_action_id() -> str:
    # Time-ordered like the seed's "action-1779723850877", unique across processes.
    return f"action-{int(time.time() * 1000)}-{uuid.uuid4().hex[:8]}"


def build_plan(steps: list[Step], message: str | None) -> ActionPlan:
    """One step -> a single action; more -> one ``execute_generic_sequence``."""
    if len(steps) == 1:
        s = steps[0]
        action: Action | SequenceAction = Action(
            id=new_action_id(), type=STEP_TO_TYPE[s.action],  # type: ignore[arg-type]
            elementId=s.elementId, inputData=s.inputData, description=s.description,
            toolName=s.toolName, args=s.args,
        )
        return ActionPlan(actions=[action], message=message)
    seq = SequenceAction(id=new_action_id(), actions=list(steps))
    return ActionPlan(actions=[seq], message=message, isSequence=True)


def plan_steps(plan: ActionPlan) -> list[Step]:
    steps: list[Step] = []
    for a in plan.actions:
        if isinstance(a, SequenceAction):
            steps += a.actions
        else:
            step = next(k for k, v in STEP_TO_TYPE.items() if v == a.type)
            steps.append(Step(action=step, elementId=a.elementId, inputData=a.inputData,  # type: ignore[arg-type]
                              description=a.description, toolName=a.toolName, args=a.args))
    return steps


def failure_key(step: Step | None) -> tuple[Any, ...]:
    """Two failures of the same step (action, element, value, tool) count as a repeat."""
    if step is None:
        return (None, None, None, None)
    return (step.action, step.elementId, step.inputData, step.toolName)


def page_moved(before: str | None, after: str) -> bool:
    """Did the page change (ignoring the #fragment)?"""
    return before is not None and before != "" and (
        before.split("#")[0] != after.split("#")[0])


def _fingerprint(el: IndexedElement) -> list[str]:
    return [el.tag, el.type or "", el.text or "", el.label or "", el.name or ""]


def target_prints(plan: ActionPlan, context: PageContext | None) -> dict[str, list[str]]:
    """What each element a plan names looked like on the page it was made on."""
    if context is None:
        return {}
    by_id = {e.id: e for e in context.indexedElements}
    out: dict[str, list[str]] = {}
    for s in plan_steps(plan):
        el = by_id.get(s.elementId) if s.elementId is not None else None
        if el is not None:
            out[str(el.id)] = _fingerprint(el)
    return out


def same_targets(prints: dict[str, list[str]], context: PageContext) -> bool:
    """Does ``context`` hold the same elements under the same ids (a page reloaded as it
    was)? Only then may a plan made on the earlier load run on it."""
    if not prints:
        return False
    by_id = {str(e.id): e for e in context.indexedElements}
    return all(k in by_id and _fingerprint(by_id[k]) == v for k, v in prints.items())
