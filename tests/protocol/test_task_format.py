"""A stored open task in an older or an unknown format, met by a running server.

The real engine (with a scripted planner) behind the real socket; between two events the
test rewrites the task's row in the database as another server version would have left it.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

from leflux.agent.engine import TaskEngine
from leflux.agent.memory import PlanEntry
from leflux.agent.planner import FinishTask, PlanActions, PlanEvent, PlanRequest
from leflux.protocol import Step
from tests.conftest import Client
from tests.unit.agent.scripted import ScriptedPlanner

PAGE = {"url": "http://site.test/form", "title": "Form", "visibleText": "A form",
        "indexedElements": [{"id": 1, "tag": "button", "text": "Save"}]}


def script(request: PlanRequest) -> list[PlanEvent]:
    """Click Save; then finish, saying what the memory and the planner state held."""
    if request.visitor_text is not None:
        request.planner_state["clicks"] = 1
        return [PlanActions([Step(action="click", elementId=1, description="Save")])]
    last = request.memory[-1]
    assert isinstance(last, PlanEntry) and last.results is not None  # typed, not JSON
    return [FinishTask(summary=f"{len(request.memory)} plan, {last.status}, "
                               f"success {last.results[0].success}, "
                               f"state {request.planner_state}",
                       message="Saved.")]


def columns(db: Path, session_id: str) -> tuple[Any, Any]:
    with sqlite3.connect(db) as conn:
        memory, state = conn.execute(
            "SELECT memory, planner_state FROM tasks WHERE session_id = ?",
            (session_id,)).fetchone()
    return json.loads(memory), json.loads(state)


def rewrite(db: Path, session_id: str, memory: Any, planner_state: Any) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE tasks SET memory = ?, planner_state = ? WHERE session_id = ?",
                     (json.dumps(memory), json.dumps(planner_state), session_id))


async def task_state(db: Path, session_id: str, want: str) -> None:
    """Wait until the engine has recorded the result (the task waits for the page)."""
    for _ in range(200):
        with sqlite3.connect(db) as conn:
            (state,) = conn.execute("SELECT state FROM tasks WHERE session_id = ?",
                                    (session_id,)).fetchone()
        if state == want:
            return
        await asyncio.sleep(0.025)
    raise AssertionError(f"the task stayed {state}, not {want}")


async def start_task(s: Any, sio_client: Any) -> tuple[Client, dict[str, Any]]:
    c = await sio_client(s.url)
    async with s.http() as h:
        r = await h.post(f"/api/sessions/{c.session_id}/messages",
                         json={"text": "save the form", "context": PAGE})
    assert r.status_code == 202, r.text
    return c, await c.wait_for("action_plan")


async def report_click(c: Client, plan: dict[str, Any]) -> None:
    await c.emit("action_complete", {
        "sessionId": c.session_id, "actionId": plan["actions"][0]["id"],
        "result": {"success": True, "elementId": 1, "description": "clicked Save"}})


async def test_a_row_of_the_format_before_versions_is_read_and_rewritten(
        server_factory, sio_client, tmp_path: Path) -> None:
    db = tmp_path / "leflux.db"
    async with server_factory(engine=TaskEngine(ScriptedPlanner(script))) as s:
        c, plan = await start_task(s, sio_client)
        memory, state = columns(db, c.session_id)
        assert memory["version"] == state["version"] == 2
        # As a server before the format had a version stored it: both bare.
        rewrite(db, c.session_id, memory["entries"], state["state"])
        await report_click(c, plan)
        await task_state(db, c.session_id, "awaiting_context")
        await c.emit("continue_task", {"sessionId": c.session_id, "context": PAGE})
        done = await c.wait_for("task_complete")
        assert done["summary"] == "1 plan, sent, success True, state {'clicks': 1}"
        assert "error" not in c.names()
        memory, state = columns(db, c.session_id)
        assert memory["version"] == 2 and memory["entries"][0]["results"][0]["success"]


async def test_a_row_of_an_unknown_version_closes_the_task_and_the_server_goes_on(
        server_factory, sio_client, tmp_path: Path) -> None:
    db = tmp_path / "leflux.db"
    async with server_factory(engine=TaskEngine(ScriptedPlanner(script))) as s:
        c, plan = await start_task(s, sio_client)
        memory, state = columns(db, c.session_id)
        rewrite(db, c.session_id, {**memory, "version": 9}, {**state, "version": 9})
        await report_click(c, plan)
        error = await c.wait_for("error")
        assert error["code"] == "internal"
        assert "couldn't pick up the task in progress" in error["message"]
        async with s.http() as h:
            snapshot = (await h.get(f"/api/sessions/{c.session_id}")).json()
        assert "activeTask" not in snapshot
        # The session goes on: a new request opens a new task.
        mark = len(c.events)
        async with s.http() as h:
            r = await h.post(f"/api/sessions/{c.session_id}/messages",
                             json={"text": "save it again", "context": PAGE})
        assert r.status_code == 202
        await c.wait_for("action_plan", after=mark)
