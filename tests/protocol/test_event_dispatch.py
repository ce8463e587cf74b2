"""A socket's events: the last frame a socket's reader finds runs its handler in the
reader's own task (transport/live_socket.py ``_hand_over``), the others each in a task
of their own, as python-socketio does. Either way a slow handler holds up nothing on its
socket, and one socket's events are taken in the order they came (the session's turn)."""

from __future__ import annotations

import asyncio

from tests.conftest import Client


def context(session_id: str, n: int) -> dict[str, object]:
    return {"sessionId": session_id, "context": {
        "url": f"https://site.test/page/{n}", "title": f"page {n}", "elements": []}}


async def test_a_slow_handler_does_not_hold_up_the_sockets_next_events(
    server_factory, sio_client
):
    async with server_factory() as srv:
        engine = srv.engine
        c: Client = await sio_client(srv.url)
        async with srv.http() as h:
            r = await h.post(f"/api/sessions/{c.session_id}/messages",
                             json={"text": "holdresult"})
            assert r.status_code == 202
        plan = await c.wait_for("action_plan")
        # Its handler waits on the engine's release, holding the session's turn.
        await c.emit("action_complete", {"sessionId": c.session_id,
                                         "actionId": plan["actions"][0]["id"],
                                         "result": {"success": True}})
        for _ in range(100):
            if ("action_result", plan["actions"][0]["id"]) in engine.calls:
                break
            await asyncio.sleep(0.02)
        # Another event on the same socket is answered meanwhile...
        await c.emit("no_such_event", {})
        error = await c.wait_for("error")
        assert error["code"] == "invalid_payload"
        # ... and one that needs the session's turn waits for it, then runs.
        acked = asyncio.get_running_loop().create_future()
        await c.sio.emit("update_context", context(c.session_id, 1),
                         callback=lambda *a: acked.set_result(a))
        await asyncio.sleep(0.3)
        assert not acked.done()
        engine.release.set()
        await c.wait_for("task_complete")
        assert await asyncio.wait_for(acked, 5) == ()


async def test_back_to_back_events_keep_their_order(srv, sio_client):
    c: Client = await sio_client(srv.url)
    acks: list[int] = []
    done = asyncio.get_running_loop().create_future()

    def ack(n: int) -> None:
        acks.append(n)
        if len(acks) == 30 and not done.done():
            done.set_result(None)

    for n in range(30):  # written at once: the reader finds several frames queued
        await c.sio.emit("update_context", context(c.session_id, n),
                         callback=lambda *_a, n=n: ack(n))
    await asyncio.wait_for(done, 10)
    assert acks == list(range(30))
