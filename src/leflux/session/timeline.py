"""A stored session as the console shows it: transcript, tasks and one timeline
(pure logic over the rows the store returns; secrets masked on the way)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from leflux.agent.memory import PlanEntry, StepReport, plans
from leflux.errors import TaskUnreadable
from leflux.protocol import (
    Action,
    ActionResult,
    IndexedElement,
    SequenceAction,
    SequenceResult,
    Step,
)
from leflux.session.console_models import (
    PageVisit,
    SessionDetail,
    SessionSummary,
    StepView,
    TaskView,
    TimelineItem,
    TranscriptMessage,
)
from leflux.session.masking import mask_args, mask_input, mask_result, mask_text
from leflux.session.taskrow import stored_entries
from leflux.storage.consolestore import (
    ActionHistoryRow,
    EventRow,
    SessionDump,
    SessionSummaryRow,
    TaskHistoryRow,
)

log = logging.getLogger(__name__)


def effective_outcome(outcome: str | None, last_activity: str, idle_cutoff: str) -> str | None:
    """An open task with no activity since the cutoff was abandoned."""
    if outcome == "open" and last_activity < idle_cutoff:
        return "abandoned"
    return outcome


def summary(row: SessionSummaryRow, idle_cutoff: str) -> SessionSummary:
    last = max(row.updated_at, row.last_message_at or "")
    return SessionSummary(
        sessionId=row.id, siteId=row.site_name, startedAt=row.created_at,
        lastActivityAt=last, messages=row.messages, tasks=row.tasks,
        outcome=effective_outcome(row.outcome, row.updated_at, idle_cutoff),  # type: ignore[arg-type]
        firstMessage=mask_text(row.first_message),
        pages=[PageVisit(url=str(p.get("url") or ""), title=str(p.get("title") or ""))
               for p in row.pages],
    )


@dataclass(frozen=True)
class _Page:
    """What the timeline reads of the session's stored page context: its address (None
    where it has none) and its elements by id (which fields are secret)."""

    url: str | None
    elements: dict[int, IndexedElement]


def _page(context: dict[str, Any] | None) -> _Page | None:
    """The stored context's view, each element read on its own: one this server cannot
    read is left out (as one with no id always was), the others still mask their values."""
    if not context:
        return None
    elements: dict[int, IndexedElement] = {}
    items = context.get("indexedElements")
    for item in items if isinstance(items, list) else []:
        try:
            element = IndexedElement.model_validate(item)
        except ValidationError:
            continue
        elements[element.id] = element
    url = context.get("url")
    return _Page(url=url if isinstance(url, str) else None, elements=elements)


@dataclass(frozen=True)
class _Step:
    """A step as the timeline shows it: a plan's step, or an action sent on its own."""

    action: str
    element_id: int | None
    input_data: str | None
    description: str
    args: dict[str, Any] | None = None

    @classmethod
    def of(cls, step: Step) -> _Step:
        return cls(step.action, step.elementId, step.inputData, step.description, step.args)


@dataclass(frozen=True)
class _Plan:
    """A plan as the timeline shows it: one of the task's stored plans, or an action sent
    for the task that its memory no longer lists (status ``unlisted``, no number)."""

    status: str
    action_ids: list[str]
    steps: list[_Step]
    results: list[StepReport] | None  # None: the page has not reported
    url: str | None = None
    plan: int | None = None
    planner: str | None = None
    plan_ms: float | None = None
    ask: str | None = None

    @classmethod
    def of(cls, entry: PlanEntry) -> _Plan:
        return cls(status=entry.status, action_ids=entry.actionIds,
                   steps=[_Step.of(s) for s in entry.steps], results=entry.results,
                   url=entry.url, plan=entry.plan, planner=entry.planner,
                   plan_ms=entry.planMs, ask=entry.ask)


def _step_view(step: _Step, res: StepReport | None,
               element: IndexedElement | None) -> StepView:
    words = step.description
    if element is not None:
        words += " " + " ".join(v or "" for v in (element.label, element.placeholder,
                                                  element.name, element.text))
    tool = step.action == "call_tool"  # an owner's tool: its args and result
    return StepView(
        action=step.action, elementId=step.element_id,
        inputData=mask_args(step.args) if tool else mask_input(
            step.input_data, words=words, element=element),
        description=mask_text(step.description) or "",
        success=res.success if res else None,
        result=(mask_result(res.result) if tool and res.result is not None
                else mask_text(res.description)) if res else None,
        error=mask_text(res.error) if res else None,
    )


def _steps(plan: _Plan, elements: dict[int, IndexedElement]) -> list[StepView]:
    results = {r.index: r for r in plan.results or []}
    return [_step_view(step, results.get(i), None if step.element_id is None
                       else elements.get(step.element_id))
            for i, step in enumerate(plan.steps)]


def _plan_items(task_id: str, plan: _Plan, rows: list[ActionHistoryRow], at: str,
                page: _Page | None) -> list[TimelineItem]:
    """The plan and, once its actions completed with results, its result."""
    # The stored context tells which fields are secret, if the plan was made on it.
    same_page = page is not None and page.url == plan.url
    steps = _steps(plan, page.elements if page is not None and same_page else {})
    items = [TimelineItem(
        at=at, kind="plan", taskId=task_id, plan=plan.plan, status=plan.status,
        planner=plan.planner, planMs=plan.plan_ms, url=plan.url or None, steps=steps,
        text=mask_text(plan.ask))]
    done = [r.completed_at for r in rows if r.completed_at]
    if plan.results is not None and done:
        ok = all(s.success is not False for s in steps) and all(
            r.success for r in plan.results)
        failed = [s.error or s.description for s in steps if s.success is False]
        items.append(TimelineItem(
            at=max(done), kind="result", taskId=task_id, plan=plan.plan, success=ok,
            text="; ".join(f for f in failed if f) or None))
    return items


def _task_items(task: TaskHistoryRow, actions: dict[str, ActionHistoryRow],
                asked: list[str], page: _Page | None,
                idle_cutoff: str, last_activity: str) -> tuple[TaskView, list[TimelineItem]]:
    tid = task.id
    items = [TimelineItem(at=task.created_at, kind="task_started", taskId=tid,
                          text=mask_text(task.goal))]
    asked_left = list(asked)
    shown = [_Plan.of(entry) for entry in _plans_of(task)]
    shown += _unlisted(tid, shown, actions)
    for plan in shown:
        rows = [actions[a] for a in plan.action_ids if a in actions]
        if rows:
            at = min(r.created_at for r in rows)
        elif plan.status in ("held", "declined", "answered", "cancelled") and asked_left:
            at = asked_left.pop(0)
        else:
            at = task.created_at
        items += _plan_items(tid, plan, rows, at, page)
    outcome = task.outcome or effective_outcome("open", last_activity, idle_cutoff)
    if task.closed_at:
        items.append(TimelineItem(at=task.closed_at, kind="task_closed", taskId=tid,
                                  outcome=outcome))
    view = TaskView(taskId=tid, goal=mask_text(task.goal) or "",
                    startedAt=task.created_at, closedAt=task.closed_at,
                    outcome=outcome, plans=len(shown))  # type: ignore[arg-type]
    return view, items


def _plans_of(task: TaskHistoryRow) -> list[PlanEntry]:
    """The task's plans as stored (one in a format this server cannot read shows none)."""
    try:
        return plans(stored_entries(task.memory or [], task.id))
    except TaskUnreadable as exc:
        log.warning("console: %s", exc)
        return []


# An action as stored: its payload as sent (``ActionPlan.actions``).
_SENT = TypeAdapter(Action | SequenceAction)


def _unlisted(task_id: str, listed_plans: list[_Plan],
              actions: dict[str, ActionHistoryRow]) -> list[_Plan]:
    """Plans sent for the task that its step memory no longer lists (the engine drops a
    plan whose only report was another page's refusal, though it may have run before
    its page went away): shown from the stored action itself, status ``unlisted``."""
    listed = {a for p in listed_plans for a in p.action_ids}
    return [_sent_plan(row) for row in actions.values()
            if row.task_id == task_id and row.id not in listed]


def _sent_plan(row: ActionHistoryRow) -> _Plan:
    """An action as it was sent and reported (one this server cannot read: no steps)."""
    steps: list[_Step] = []
    results: list[StepReport] | None = None
    try:
        sent = _SENT.validate_python(row.payload)
        if isinstance(sent, SequenceAction):
            steps = [_Step.of(s) for s in sent.actions]
            if row.result:
                results = [StepReport.model_validate(r.model_dump(exclude_unset=True))
                           for r in SequenceResult.model_validate(row.result).results]
        else:
            steps = [_Step(sent.type, sent.elementId, sent.inputData, sent.description)]
            if row.result:
                report = ActionResult.model_validate(row.result).model_dump(exclude_unset=True)
                results = [StepReport.model_validate({"index": 0, **report})]
    except ValidationError as exc:
        log.warning("console: action %s is not readable: %s", row.id, exc.errors()[0]["msg"])
    return _Plan(status="unlisted", action_ids=[row.id], steps=steps, results=results)


def _event_item(event: EventRow) -> TimelineItem:
    data = event.data or {}
    kind = event.kind
    base: dict[str, Any] = {"at": event.created_at, "kind": kind, "taskId": event.task_id}
    if kind == "page":
        return TimelineItem(**base, url=data.get("url"), title=data.get("title"))
    if kind == "confirmation_answered":
        return TimelineItem(**base, confirmed=bool(data.get("confirmed")))
    if kind == "page_said":
        return TimelineItem(**base, alerts=[mask_text(str(a)) or ""
                                            for a in data.get("alerts") or []])
    if kind == "error":
        return TimelineItem(**base, code=data.get("code"), text=mask_text(data.get("message")))
    return TimelineItem(**base, text=mask_text(data.get("message")))


def build_detail(dump: SessionDump, idle_cutoff: str) -> SessionDetail:
    head = summary(dump.session, idle_cutoff)
    transcript = [
        TranscriptMessage(id=m.id, role=m.role, text=mask_text(m.text) or "",
                          at=m.created_at, blockType=m.block_type)
        for m in dump.messages if m.done
    ]
    timeline = [
        TimelineItem(at=m.at, kind="visitor_message" if m.role == "visitor"
                     else "agent_message", text=m.text, blockType=m.blockType)
        for m in transcript
    ]
    actions = {a.id: a for a in dump.actions}
    page = _page(dump.context)
    tasks = []
    for task in dump.tasks:
        asked = [e.created_at for e in dump.events
                 if e.kind == "confirmation_asked" and e.task_id == task.id]
        view, items = _task_items(task, actions, asked, page, idle_cutoff,
                                  dump.session.updated_at)
        tasks.append(view)
        timeline.extend(items)
    timeline.extend(_event_item(e) for e in dump.events)
    timeline.sort(key=lambda item: item.at)  # stable: same instant keeps write order
    return SessionDetail(session=head, transcript=transcript, tasks=tasks, timeline=timeline)
