"""A stored session as the console shows it: transcript, tasks and one timeline
(pure logic over the rows the store returns; secrets masked on the way)."""

from __future__ import annotations

import logging
from typing import Any

from leflux.errors import TaskUnreadable
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
from leflux.storage.consolestore import SessionDump, SessionSummaryRow

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


def _elements(context: dict[str, Any] | None) -> dict[int, dict[str, Any]]:
    items = (context or {}).get("indexedElements") or []
    return {e["id"]: e for e in items if isinstance(e, dict) and isinstance(e.get("id"), int)}


def _steps(entry: dict[str, Any], elements: dict[int, dict[str, Any]]) -> list[StepView]:
    results = {r.get("index", i): r for i, r in enumerate(entry.get("results") or [])
               if isinstance(r, dict)}
    views = []
    for i, step in enumerate(entry.get("steps") or []):
        element = elements.get(step.get("elementId"))
        words = " ".join(str(step.get(k) or "") for k in ("description",))
        if element:
            words += " " + " ".join(str(element.get(k) or "")
                                    for k in ("label", "placeholder", "name", "text"))
        res = results.get(i)
        tool = step.get("action") == "call_tool"  # an owner's tool: its args and result
        views.append(StepView(
            action=str(step.get("action") or ""), elementId=step.get("elementId"),
            inputData=mask_args(step.get("args")) if tool else mask_input(
                step.get("inputData"), words=words, element=element),
            description=mask_text(str(step.get("description") or "")) or "",
            success=res.get("success") if res else None,
            result=(mask_result(res.get("result")) if tool and res.get("result") is not None
                    else mask_text(res.get("description"))) if res else None,
            error=mask_text(res.get("error")) if res else None,
        ))
    return views


def _task_items(task: dict[str, Any], actions: dict[str, dict[str, Any]],
                asked: list[str], context: dict[str, Any] | None,
                idle_cutoff: str, last_activity: str) -> tuple[TaskView, list[TimelineItem]]:
    tid = task["id"]
    items = [TimelineItem(at=task["created_at"], kind="task_started", taskId=tid,
                          text=mask_text(task["goal"]))]
    elements = _elements(context)
    asked_left = list(asked)
    plans = 0
    entries = _plans_of(task)
    for entry in entries + _unlisted(tid, entries, actions):
        plans += 1
        rows = [actions[a] for a in entry.get("actionIds") or [] if a in actions]
        if rows:
            at = min(r["created_at"] for r in rows)
        elif entry.get("status") in ("held", "declined", "answered", "cancelled") and asked_left:
            at = asked_left.pop(0)
        else:
            at = task["created_at"]
        # The stored context tells which fields are secret, if the plan was made on it.
        same_page = (context or {}).get("url") == entry.get("url")
        steps = _steps(entry, elements if same_page else {})
        items.append(TimelineItem(
            at=at, kind="plan", taskId=tid, plan=entry.get("plan"),
            status=entry.get("status"), planner=entry.get("planner"),
            planMs=entry.get("planMs"), url=entry.get("url") or None, steps=steps,
            text=mask_text(entry.get("ask"))))
        done = [r["completed_at"] for r in rows if r.get("completed_at")]
        if entry.get("results") is not None and done:
            ok = all(s.success is not False for s in steps) and all(
                r.get("success", True) for r in entry.get("results") or [])
            failed = [s.error or s.description for s in steps if s.success is False]
            items.append(TimelineItem(
                at=max(done), kind="result", taskId=tid, plan=entry.get("plan"), success=ok,
                text="; ".join(f for f in failed if f) or None))
    outcome = task.get("outcome") or effective_outcome("open", last_activity, idle_cutoff)
    if task.get("closed_at"):
        items.append(TimelineItem(at=task["closed_at"], kind="task_closed", taskId=tid,
                                  outcome=outcome))
    view = TaskView(taskId=tid, goal=mask_text(task["goal"]) or "",
                    startedAt=task["created_at"], closedAt=task.get("closed_at"),
                    outcome=outcome, plans=plans)  # type: ignore[arg-type]
    return view, items


def _plans_of(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The task's plans as stored (one in a format this server cannot read shows none)."""
    try:
        entries = stored_entries(task.get("memory") or [], task["id"])
    except TaskUnreadable as exc:
        log.warning("console: %s", exc)
        return []
    return [m for m in entries if "plan" in m]


def _unlisted(task_id: str, entries: list[dict[str, Any]],
              actions: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Plans sent for the task that its step memory no longer lists (the engine drops a
    plan whose only report was another page's refusal, though it may have run before
    its page went away): shown from the stored action itself, status ``unlisted``."""
    listed = {a for m in entries for a in m.get("actionIds") or []}
    out = []
    for row in actions.values():
        if row.get("task_id") != task_id or row["id"] in listed:
            continue
        payload = row.get("payload") or {}
        result = row.get("result")
        if payload.get("type") == "execute_generic_sequence":
            steps = payload.get("actions") or []
            results = (result or {}).get("results") if result else None
        else:
            steps = [{"action": payload.get("type"), **{k: payload.get(k) for k in (
                "elementId", "inputData", "description")}}]
            results = [{"index": 0, **result}] if result else None
        out.append({"plan": None, "status": "unlisted", "actionIds": [row["id"]],
                    "steps": steps, "results": results, "url": None})
    return out


def _event_item(event: dict[str, Any]) -> TimelineItem:
    data = event.get("data") or {}
    kind = event["kind"]
    base = {"at": event["created_at"], "kind": kind, "taskId": event.get("task_id")}
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
        TranscriptMessage(id=m["id"], role=m["role"], text=mask_text(m["text"]) or "",
                          at=m["created_at"], blockType=m.get("block_type"))
        for m in dump.messages if m.get("done", True)
    ]
    timeline = [
        TimelineItem(at=m.at, kind="visitor_message" if m.role == "visitor"
                     else "agent_message", text=m.text, blockType=m.blockType)
        for m in transcript
    ]
    actions = {a["id"]: a for a in dump.actions}
    tasks = []
    for task in dump.tasks:
        asked = [e["created_at"] for e in dump.events
                 if e["kind"] == "confirmation_asked" and e.get("task_id") == task["id"]]
        view, items = _task_items(task, actions, asked, dump.context, idle_cutoff,
                                  dump.session.updated_at)
        tasks.append(view)
        timeline.extend(items)
    timeline.extend(_event_item(e) for e in dump.events)
    timeline.sort(key=lambda item: item.at)  # stable: same instant keeps write order
    return SessionDetail(session=head, transcript=transcript, tasks=tasks, timeline=timeline)
