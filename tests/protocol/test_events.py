"""Every client event recorded and handed to the engine; bad input answered with error."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import new_session_id

CTX = {"url": "http://site.test/signup", "title": "Sign up", "visibleText": "Join us",
       "indexedElements": [{"id": 1, "tag": "input", "label": "Name"},
                           {"id": 3, "tag": "button", "text": "Submit"}]}


async def say(srv, c, text: str) -> None:
    async with srv.http() as h:
        r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": text})
    assert r.status_code == 202, r.text


async def test_plan_action_complete_and_task_complete(srv, sio_client):
    c = await sio_client(srv.url)
    await say(srv, c, "plan")
    plan = await c.wait_for("action_plan")
    assert plan["useUniversalIndexing"] is True
    action = plan["actions"][0]
    assert action["type"] == "click_element" and action["elementId"] == 3
    await c.emit("action_complete", {"sessionId": c.session_id, "actionId": action["id"],
                                     "result": {"success": True, "description": "clicked"}})
    done = await c.wait_for("task_complete")
    assert done == {"summary": "Clicked submit.", "message": "Done!"}
    # A repeat of a finished action id is a no-op: no error, no second engine call.
    n = len(c.events)
    await c.emit("action_complete", {"sessionId": c.session_id, "actionId": action["id"],
                                     "result": {"success": True, "description": "clicked"}})
    await asyncio.sleep(0.3)
    assert len(c.events) == n
    assert [k for k, _ in srv.engine.calls].count("action_result") == 1
    async with srv.http() as h:
        body = (await h.get(f"/api/sessions/{c.session_id}")).json()
    assert "activeTask" not in body
    last = body["history"][-1]
    assert last["blockType"] == "task_complete" and last["data"] == {"summary": "Clicked submit."}


async def test_unknown_action_id_is_an_error(srv, sio_client):
    c = await sio_client(srv.url)
    await c.emit("action_complete", {"sessionId": c.session_id, "actionId": "action-404",
                                     "result": {"success": True, "description": ""}})
    err = await c.wait_for("error")
    assert err["code"] == "unknown_action"
    assert not [k for k, _ in srv.engine.calls if k == "action_result"]


async def test_sequence_complete(srv, sio_client):
    c = await sio_client(srv.url)
    await say(srv, c, "seq")
    plan = await c.wait_for("action_plan")
    seq = plan["actions"][0]
    assert plan["isSequence"] is True and seq["isSequence"] is True
    assert seq["type"] == "execute_generic_sequence"
    assert [s["action"] for s in seq["actions"]] == ["type", "type", "click"]
    results = [{"index": i, "action": s["action"], "elementId": s["elementId"], "success": True}
               for i, s in enumerate(seq["actions"])]
    await c.emit("sequence_complete", {"sessionId": c.session_id,
                                       "result": {"success": True, "results": results}})
    done = await c.wait_for("task_complete")
    assert done["summary"] == "Sequence ran (3 steps)."
    n = len(c.events)
    await c.emit("sequence_complete", {"sessionId": c.session_id,
                                       "result": {"success": True, "results": results}})
    await asyncio.sleep(0.3)
    assert len(c.events) == n  # a repeat is a no-op


async def test_sequence_complete_without_a_sequence(srv, sio_client):
    c = await sio_client(srv.url)
    await c.emit("sequence_complete", {"sessionId": c.session_id,
                                       "result": {"success": True, "results": []}})
    assert (await c.wait_for("error"))["code"] == "unknown_action"


async def test_update_context_is_stored_and_handed_over(srv, sio_client):
    """Stored always; handed to the engine only while the session has an open task."""
    c = await sio_client(srv.url)
    idle = {**CTX, "title": "Just browsing"}
    await c.emit("update_context", {"sessionId": c.session_id, "context": idle})
    for _ in range(100):
        stored = await srv.app.store.get_session(c.session_id)
        if stored.context:
            break
        await asyncio.sleep(0.02)
    assert stored.context["title"] == "Just browsing"
    assert srv.engine.contexts == []  # no open task: nothing for the engine
    await say(srv, c, "many")
    await c.wait_for("action_plan")
    await c.emit("update_context", {"sessionId": c.session_id, "context": CTX})
    for _ in range(100):
        if srv.engine.contexts:
            break
        await asyncio.sleep(0.02)
    ctx = srv.engine.contexts[0]
    assert ctx.url == CTX["url"] and len(ctx.indexedElements) == 2
    stored = await srv.app.store.get_session(c.session_id)
    assert stored.context["title"] == "Sign up"
    assert "error" not in c.names()


async def test_the_first_page_makes_the_engine_ready_once(srv, sio_client):
    """engine.prepare (the planner made ahead of its first plan) at the process's first
    page context, after it is handled; not at a connect or a join, and only once."""
    c = await sio_client(srv.url)
    await asyncio.sleep(0.1)
    assert srv.engine.prepared == 0  # connected and joined: no page yet
    for title in ("One", "Two", "Three"):
        await c.sio.call("update_context", {"sessionId": c.session_id,
                                            "context": {**CTX, "title": title}}, timeout=10)
    d = await sio_client(srv.url)
    await d.sio.call("update_context", {"sessionId": d.session_id, "context": CTX}, timeout=10)
    await asyncio.sleep(0.05)
    assert srv.engine.prepared == 1
    assert (await srv.app.store.get_session(c.session_id)).context["title"] == "Three"


async def test_continue_task_plans_next_step(srv, sio_client):
    c = await sio_client(srv.url)
    await say(srv, c, "many")
    first = await c.wait_for("action_plan")
    await c.emit("action_complete", {"sessionId": c.session_id,
                                     "actionId": first["actions"][0]["id"],
                                     "result": {"success": True, "description": "ok"}})
    await c.emit("continue_task", {"sessionId": c.session_id, "context": CTX})
    second = await c.wait_for("action_plan", pred=lambda p: p != first)
    assert second["actions"][0]["id"] != first["actions"][0]["id"]
    assert ("continue", CTX["url"]) in srv.engine.calls


async def test_plan_cap_enforced_by_session_layer(srv, sio_client):
    """The conversation refuses a 31st plan even if an engine tried to send it."""
    from leflux.agent.ports import TaskRecord
    from leflux.errors import LimitReached
    from leflux.protocol import Action, ActionPlan

    c = await sio_client(srv.url)
    site = srv.app.sites.default
    conv = srv.app.service.conversation(c.session_id, site)
    task = await conv.open_task("cap")
    task = TaskRecord(task_id=task.task_id, goal="cap", plans_sent=30)
    with pytest.raises(LimitReached):
        await conv.send_plan(task, ActionPlan(actions=[Action(id="x-1", type="wait")]))
    assert "action_plan" not in c.names()


@pytest.mark.parametrize("confirmed", [True, False])
async def test_confirmation_response(srv, sio_client, confirmed):
    c = await sio_client(srv.url)
    await say(srv, c, "confirm")
    prompt = await c.wait_for("confirmation_required")
    assert prompt == {"message": "Place the order for $42?", "confirm_label": "Pay",
                      "cancel_label": "Stop"}
    assert "action_plan" not in c.names()
    await c.emit("confirmation_response", {"sessionId": c.session_id, "confirmed": confirmed})
    if confirmed:
        plan = await c.wait_for("action_plan")
        assert plan["actions"][0]["type"] == "click_element"
    else:
        await c.wait_for("task_complete")
        assert "action_plan" not in c.names()


async def test_confirmation_response_with_nothing_pending(srv, sio_client):
    c = await sio_client(srv.url)
    await c.emit("confirmation_response", {"sessionId": c.session_id, "confirmed": True})
    assert (await c.wait_for("error"))["code"] == "invalid_payload"


async def test_ui_block_kept_in_history(srv, sio_client):
    c = await sio_client(srv.url)
    await say(srv, c, "block")
    block = await c.wait_for("ui_block")
    assert block == {"block_type": "choices", "data": {"options": [
        {"label": "Yes", "value": "yes"}]}, "message": "Pick one"}
    c2 = await sio_client(srv.url, session_id=c.session_id)
    hist = c2.of("session_joined")[0]["history"]
    assert hist[-1]["blockType"] == "choices" and hist[-1]["text"] == "Pick one"


@pytest.mark.parametrize("cmd,code", [("boom", "internal"), ("fail", "planner_error")])
async def test_engine_failure_becomes_error_without_traceback(srv, sio_client, cmd, code):
    c = await sio_client(srv.url)
    await say(srv, c, cmd)
    err = await c.wait_for("error")
    assert err["code"] == code
    assert "secret" not in err["message"] and "Traceback" not in err["message"]
    await say(srv, c, "say still here")  # the session keeps working
    assert (await c.wait_for("message"))["text"] == "still here"


def _bad_payloads(sid: str) -> dict[str, list]:
    big = "x" * 20_000
    return {
        "action_complete": [
            None, [], "str", {"sessionId": sid}, {"sessionId": sid, "actionId": 1, "result": {}},
            {"sessionId": sid, "actionId": "a", "result": {"success": "yes"}},
            {"sessionId": "nope", "actionId": "a", "result": {"success": True}},
            {"sessionId": sid, "actionId": big, "result": {"success": True}},
        ],
        "sequence_complete": [
            {"sessionId": sid}, {"sessionId": sid, "result": {"success": True, "results": 5}},
            {"sessionId": sid, "result": {"success": True, "results": [{"index": "0"}]}},
        ],
        "update_context": [
            {"sessionId": sid}, {"sessionId": sid, "context": []},
            {"sessionId": sid, "context": {"indexedElements": [{"id": "1", "tag": "a"}]}},
            {"sessionId": sid, "context": {"url": 5}},
        ],
        "continue_task": [{"sessionId": sid, "context": "page"}, {"context": {}}],
        "confirmation_response": [
            {"sessionId": sid, "confirmed": "true"}, {"sessionId": sid}, {"confirmed": True},
        ],
        "join_session": [{}, {"sessionId": 1}, "x", [1]],
    }


async def test_malformed_payloads_get_error_on_that_socket_only(srv, sio_client):
    bystander = await sio_client(srv.url)
    c = await sio_client(srv.url)
    sent = 0
    for event, payloads in _bad_payloads(c.session_id).items():
        for p in payloads:
            await c.emit(event, p)
            sent += 1
    await c.emit("no_such_event", {"a": 1})
    sent += 1
    for _ in range(250):
        if len(c.of("error")) >= sent:
            break
        await asyncio.sleep(0.02)
    errors = c.of("error")
    assert len(errors) == sent
    assert {e["code"] for e in errors} <= {"invalid_payload", "invalid_session"}
    assert all(len(e["message"]) <= 300 and "Traceback" not in e["message"] for e in errors)
    assert "error" not in bystander.names()
    assert not [k for k, _ in srv.engine.calls]
    # Still serving both.
    await say(srv, c, "say ok")
    assert (await c.wait_for("message"))["text"] == "ok"


async def test_event_for_another_session_is_refused(srv, sio_client):
    c = await sio_client(srv.url)
    other = new_session_id()
    await c.emit("update_context", {"sessionId": other, "context": CTX})
    assert (await c.wait_for("error"))["code"] == "invalid_session"
    assert await srv.app.store.get_session(other) is None


async def test_event_before_join_is_refused(srv, sio_client):
    c = await sio_client(srv.url, join=False)
    await c.emit("update_context", {"sessionId": new_session_id(), "context": CTX})
    assert (await c.wait_for("error"))["code"] == "invalid_session"


@pytest.mark.parametrize("event", ["*", "no_such_event", "message"])
async def test_unknown_event_names_are_answered(srv, sio_client, event):
    # "*" is python-socketio's own key for the catch-all handler: it must still be an
    # unknown event for the client, answered once, and the socket keeps working.
    c = await sio_client(srv.url)
    await c.emit(event, {"sessionId": c.session_id})
    err = await c.wait_for("error")
    assert err["code"] == "invalid_payload" and "Unknown event" in err["message"]
    mark = len(c.events)
    await c.emit("join_session", {"sessionId": c.session_id})
    await c.wait_for("session_joined", after=mark)
