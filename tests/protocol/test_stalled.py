"""A kill -9 between two of a turn's commits: the rejoin finishes the task.

The server is the product's engine and rules planner in a real ``leflux serve`` process
(``tests/support/stall_engine.py``: it hangs at the chosen point so the kill falls
there), the client a real Socket.IO client acting as the embed. Two states were left
open until the visitor wrote again (bench/FINDINGS.md, "Soak"):

* ``running``: the planner's words were streamed and the task opened, but the process
  died before its plan was stored: the rejoin plans the step again and sends the plan;
* ``awaiting_action`` with the result recorded: the process died after storing the
  action's result, before the engine took it in: the rejoin hands the engine that result
  (as ``action_complete`` would have) and the embed goes on with ``continue_task``.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import Client
from tests.support.server import ORIGIN, LeFluxServer
from tests.unit.rules.pages import SIGNUP

STALL = "tests.support.stall_engine:create_engine"
PAGE = SIGNUP.model_dump(mode="json", exclude_none=True) | {"contextId": "ctx-signup-1"}
WORDS = "sign me up as Ahmed Ali, ahmed@example.com"


def stalling_server(tmp_path: Path, point: str) -> LeFluxServer:
    mark = tmp_path / "hung"
    return LeFluxServer(tmp_path, engine=STALL, env={
        "LEFLUX_TEST_STALL": point, "LEFLUX_TEST_STALL_MARK": str(mark)})


async def wait_hung(server: LeFluxServer, within: float = 10.0) -> None:
    mark = Path(server.env["LEFLUX_TEST_STALL_MARK"])
    deadline = time.monotonic() + within
    while not await asyncio.to_thread(mark.exists):
        assert time.monotonic() < deadline, f"the engine never hung:\n{server.log()}"
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # past the commits before the hang (group-committed)


def restart_plain(server: LeFluxServer) -> None:
    """kill -9, then the same server on the same database, without the hang."""
    server.kill()
    server.env.pop("LEFLUX_TEST_STALL")
    server.start()


async def snapshot(server: LeFluxServer, session_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(headers={"Origin": ORIGIN}) as h:
        r = await h.get(f"{server.url}/api/sessions/{session_id}")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def post(server: LeFluxServer, session_id: str, text: str) -> None:
    async with httpx.AsyncClient(headers={"Origin": ORIGIN}) as h:
        r = await h.post(f"{server.url}/api/sessions/{session_id}/messages",
                         json={"text": text, "context": PAGE})
    assert r.status_code == 202, r.text


async def run_plan(c: Client, plan: dict[str, Any]) -> None:
    """Report every action of the plan done, as the embed does after running it."""
    for action in plan["actions"]:
        if action["type"] == "execute_generic_sequence":
            results = [{"index": i, "action": s["action"], "elementId": s.get("elementId"),
                        "success": True} for i, s in enumerate(action["actions"])]
            await c.sio.call("sequence_complete", {"sessionId": c.session_id, "result": {
                "success": True, "results": results}}, timeout=10)
        else:
            await c.sio.call("action_complete", {
                "sessionId": c.session_id, "actionId": action["id"],
                "result": {"success": True, "elementId": action.get("elementId"),
                           "description": "done"}}, timeout=10)


def visible(c: Client) -> list[str]:
    """What the client was shown besides ``session_joined``."""
    return [n for n in c.names() if n in ("message_chunk", "message_done", "message",
                                          "ui_block", "action_plan")]


async def test_a_task_left_running_is_planned_again_on_rejoin(tmp_path, sio_client):
    server = stalling_server(tmp_path, "plan")
    server.start()
    try:
        c = await sio_client(server.url)
        await post(server, c.session_id, WORDS)
        said = (await c.wait_for("message_done", within=10))["text"]
        await c.wait_for("ui_block")
        await wait_hung(server)  # the task is open, its plan never stored
        assert (await snapshot(server, c.session_id))["activeTask"]["state"] == "running"
        restart_plain(server)
        await c.close()

        c2 = await sio_client(server.url, session_id=c.session_id)
        joined = c2.of("session_joined")[0]
        assert joined["activeTask"]["state"] == "running"
        assert [m["text"] for m in joined["history"]][:2] == [WORDS, said]
        plan = await c2.wait_for("action_plan", within=10)
        assert plan["contextId"] == PAGE["contextId"]  # made on the page the words came with
        # The words and the form's summary the visitor already has are not said again.
        assert visible(c2) == ["action_plan"]
        await run_plan(c2, plan)
        await c2.sio.call("continue_task", {"sessionId": c.session_id, "context": PAGE},
                          timeout=10)
        await c2.wait_for("task_complete", within=10)
        body = await snapshot(server, c.session_id)
        assert "activeTask" not in body
        texts = [m["text"] for m in body["history"]]
        assert texts.count(WORDS) == 1 and texts.count(said) == 1
        # Nothing is owed any more: a later join re-sends nothing and plans nothing.
        c3 = await sio_client(server.url, session_id=c.session_id)
        await asyncio.sleep(0.5)
        assert visible(c3) == []
    finally:
        server.stop()


async def test_a_recorded_result_the_engine_never_took_in_goes_on_on_rejoin(
    tmp_path, sio_client
):
    server = stalling_server(tmp_path, "result")
    server.start()
    try:
        c = await sio_client(server.url)
        await post(server, c.session_id, WORDS)
        plan = await c.wait_for("action_plan", within=10)
        seq = plan["actions"][0]
        assert seq["type"] == "execute_generic_sequence"
        results = [{"index": i, "action": s["action"], "elementId": s.get("elementId"),
                    "success": True} for i, s in enumerate(seq["actions"])]
        # The page ran it; the turn that reports it stores the result, then the process
        # dies before the engine took it in (no acknowledgement ever comes).
        await c.emit("sequence_complete", {"sessionId": c.session_id, "result": {
            "success": True, "results": results}})
        await wait_hung(server)
        assert (await snapshot(server, c.session_id))["activeTask"]["state"] == (
            "awaiting_action")
        restart_plain(server)
        await c.close()

        c2 = await sio_client(server.url, session_id=c.session_id)
        # The plan ran, so it is not sent again: the task waits for the page as it is
        # now, and the embed answers with continue_task, as after any action.
        assert c2.of("session_joined")[0]["activeTask"]["state"] == "awaiting_context"
        await c2.sio.call("continue_task", {"sessionId": c.session_id, "context": PAGE},
                          timeout=10)
        done = await c2.wait_for("task_complete", within=10)
        # The engine planned on from the recorded result: the form was sent.
        assert "I sent the form" in done["message"]
        assert visible(c2) == []  # the plan was never sent again
        body = await snapshot(server, c.session_id)
        assert "activeTask" not in body
        assert body["history"][-1]["text"] == done["message"]
    finally:
        server.stop()


async def test_a_turn_still_running_here_is_not_resumed(server_factory, sio_client):
    """One process: a join while a turn of the session runs leaves the task to it."""
    async with server_factory() as srv:
        engine = srv.engine
        c = await sio_client(srv.url)
        async with srv.http() as h:
            r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": "hold"})
            assert r.status_code == 202
            for _ in range(100):  # the task is open, its turn waits on the release
                body = (await h.get(f"/api/sessions/{c.session_id}")).json()
                if "activeTask" in body:
                    break
                await asyncio.sleep(0.02)
        assert body["activeTask"]["state"] == "running"
        c2 = await sio_client(srv.url, session_id=c.session_id)
        assert c2.of("session_joined")[0]["activeTask"]["state"] == "running"
        await asyncio.sleep(0.3)
        engine.release.set()
        plan = await c2.wait_for("action_plan")
        await asyncio.sleep(0.3)
        assert c2.of("action_plan") == [plan]  # one plan: the live turn's
        assert [name for name, _ in engine.calls] == ["visitor_message"]


async def test_a_result_being_taken_in_here_is_not_handed_over_again(
    server_factory, sio_client
):
    async with server_factory() as srv:
        engine = srv.engine
        c = await sio_client(srv.url)
        async with srv.http() as h:
            r = await h.post(f"/api/sessions/{c.session_id}/messages",
                             json={"text": "holdresult"})
            assert r.status_code == 202
        plan = await c.wait_for("action_plan")
        await c.emit("action_complete", {"sessionId": c.session_id,
                                         "actionId": plan["actions"][0]["id"],
                                         "result": {"success": True}})
        for _ in range(100):  # stored, and the engine's step waits on the release
            if ("action_result", plan["actions"][0]["id"]) in engine.calls:
                break
            await asyncio.sleep(0.02)
        c2 = await sio_client(srv.url, session_id=c.session_id)
        assert c2.of("session_joined")[0]["activeTask"]["state"] == "awaiting_action"
        engine.release.set()
        await c2.wait_for("task_complete")
        await asyncio.sleep(0.3)
        assert [name for name, _ in engine.calls] == ["visitor_message", "action_result"]
