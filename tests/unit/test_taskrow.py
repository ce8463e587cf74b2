"""The stored format of a task's memory and planner state: written at version 2, a
version-1 row (as servers wrote it before the format had a number) migrated when read,
anything else refused with an error that says what it found."""

from __future__ import annotations

import json
from typing import Any

import pytest

from leflux.agent.memory import Note, PlanEntry, StepReport, planner_view
from leflux.errors import TaskUnreadable
from leflux.session.taskrow import TASK_FORMAT_VERSION, stored_entries, task_values, to_record
from leflux.storage.rows import TaskRow

# A version-1 row exactly as the engine wrote it: a sent plan with its reported results
# (one an owner's tool's answer), the planner's state before it, a held plan that was
# answered, and the note of that answer; the planner state a bare object.
V1_MEMORY: list[dict[str, Any]] = [
    {"url": "http://shop.test/signup", "plan": 1, "status": "sent",
     "actionIds": ["action-1-aa", "action-1-bb"],
     "steps": [{"action": "type", "elementId": 12, "inputData": "Ahmed",
                "description": "name"},
               {"action": "call_tool", "description": "look up", "toolName": "lookup",
                "args": {"q": "x"}}],
     "results": [{"index": 0, "action": "type", "elementId": 12, "success": True,
                  "description": "typed", "error": None, "result": None, "truncated": None},
                 {"index": 1, "action": "call_tool", "elementId": None, "success": False,
                  "description": "", "error": "timed out", "result": {"partial": [1, 2]}}],
     "finish": None, "planner": "rules", "planMs": 3.4,
     "stateBefore": {"version": 2, "engine": "pipeline"}},
    {"url": "http://shop.test/cart", "plan": 2, "status": "answered", "actionIds": [],
     "steps": [], "results": None,
     "finish": {"summary": "Ordered.", "message": "Done!", "failed": True},
     "what": "place the order", "ask": "Place the order?", "unreported": True},
    {"note": "confirmed", "message": "Place the order?"},
]
V1_STATE = {"version": 2, "engine": "pipeline", "said": ["Filled in the name."]}


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def row(memory: Any, planner_state: Any) -> TaskRow:
    return TaskRow(id="task-1", session_id="s-1", goal="sign me up", state="awaiting_action",
                   plans_sent=2, memory=memory, planner_state=planner_state, is_open=True,
                   outstanding_plan=None, held_plan=None, held_prompt=None)


def test_a_version_1_row_migrates_to_typed_entries() -> None:
    task = to_record(row(V1_MEMORY, V1_STATE))
    first, second, note = task.memory
    assert isinstance(first, PlanEntry) and isinstance(second, PlanEntry)
    assert first.status == "sent" and first.actionIds == ["action-1-aa", "action-1-bb"]
    assert first.steps[1].toolName == "lookup" and first.steps[1].args == {"q": "x"}
    assert first.results is not None and first.results[1] == StepReport(
        index=1, action="call_tool", success=False, description="", error="timed out",
        result={"partial": [1, 2]})
    assert first.step_of(first.results[1]) is first.steps[1]
    assert first.stateBefore == {"version": 2, "engine": "pipeline"} and first.planMs == 3.4
    assert second.results is None and second.unreported
    assert second.finish is not None and second.finish.failed
    assert second.what == "place the order"
    assert note == Note(note="confirmed", message="Place the order?")
    assert task.planner_state == V1_STATE


def test_a_migrated_row_keeps_every_key_the_old_engine_wrote() -> None:
    # Written back at the current version, each entry holds every key with its value
    # (unset ones left out).
    entries = task_values(to_record(row(V1_MEMORY, V1_STATE)))["memory"]["entries"]
    for old, new in zip(V1_MEMORY, entries, strict=True):
        assert without_nulls(old) == {k: v for k, v in new.items() if k in old}
    assert entries[0]["results"][0] == {"index": 0, "action": "type", "elementId": 12,
                                        "success": True, "description": "typed"}


def test_planners_read_typed_copies_of_the_memory() -> None:
    task = to_record(row(V1_MEMORY, V1_STATE))
    view = planner_view(task.memory)
    assert view == task.memory
    first = view[0]
    assert isinstance(first, PlanEntry) and first.results is not None
    assert first.results[0] == StepReport(index=0, action="type", elementId=12,
                                          success=True, description="typed")
    # A planner changing what it reads does not change the engine's record.
    first.results[0].success = False
    first.steps.clear()
    kept = task.memory[0]
    assert isinstance(kept, PlanEntry) and kept.results is not None
    assert kept.results[0].success and len(kept.steps) == 2


def test_written_at_the_current_version_and_read_back_the_same() -> None:
    task = to_record(row(V1_MEMORY, V1_STATE))
    values = json.loads(json.dumps(task_values(task)))  # as a JSON column holds it
    assert values["memory"]["version"] == values["planner_state"]["version"] == 2
    assert TASK_FORMAT_VERSION == 2
    again = to_record(row(values["memory"], values["planner_state"]))
    assert again.memory == task.memory and again.planner_state == task.planner_state


def test_the_console_reads_either_version() -> None:
    values = task_values(to_record(row(V1_MEMORY, V1_STATE)))
    assert stored_entries(V1_MEMORY, "task-1") == stored_entries(values["memory"], "task-1")


@pytest.mark.parametrize(("memory", "planner_state", "says"), [
    ({"version": 3, "entries": []}, {"version": 3, "state": {}},
     "format version 3 is not one this server reads (1, 2)"),
    ({"entries": []}, {}, "the memory is a dict with no format version"),
    ("[]", {}, "the memory is a str with no format version"),
    ({"version": 2, "entries": [], "more": 1}, {"version": 2, "state": {}},
     "the memory has the keys ['entries', 'more', 'version']"),
    ({"version": 2, "entries": []}, {"engine": "pipeline"},
     "the planner state is not in its envelope"),
    ([], ["not", "an", "object"], "version 1: the planner state is a list"),
    ([{"plan": 1, "status": "lost"}], {}, "memory entry 0.plan.status: Input should be"),
    ([{"plan": 1, "status": "sent", "colour": "red"}], {},
     "memory entry 0.plan.colour: Extra inputs are not permitted"),
    ([{"note": "shrugged"}], {}, "memory entry 0.note.note: Input should be 'confirmed'"),
])
def test_an_unknown_shape_or_version_is_refused_saying_what_it_found(
        memory: Any, planner_state: Any, says: str) -> None:
    with pytest.raises(TaskUnreadable) as caught:
        to_record(row(memory, planner_state))
    assert says in str(caught.value)
    assert str(caught.value).startswith("stored task task-1 cannot be read: ")
    # What the visitor is told: no internals.
    assert "couldn't pick up the task in progress" in caught.value.message
