"""Hostile input from outside, through the real server: answered with a clear error to
its sender only, never stored, never felt by other sessions."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.conftest import new_session_id


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def context(url: str, **more: Any) -> dict[str, Any]:
    return {"url": url, "title": "t", "visibleText": "", "indexedElements": [
        {"id": 1, "tag": "a", "text": "Home"}], **more}


async def test_deep_contexts_are_refused_at_the_edge_and_fail_no_other_write(srv, sio_client):
    # orjson reads 1,024 levels but writes 255: a 300-deep context used to be accepted and
    # then fail the group-committed write of every session in its batch.
    victims = [await sio_client(srv.url) for _ in range(8)]
    attacker = await sio_client(srv.url)
    poisons = [{"viewport": nested(300)}, {"forms": [{"id": 1, "x": nested(300)}]},
               {"extra": {"a": nested(40)}},
               {"indexedElements": [{"id": 1, "tag": "a", "x": nested(300)}]}]
    sends = []
    for round_ in range(5):
        for v in victims:
            sends.append(v.emit("update_context", {"sessionId": v.session_id,
                                                   "context": context(f"http://s.test/{round_}")}))
        for p in poisons:
            sends.append(attacker.emit("update_context", {
                "sessionId": attacker.session_id, "context": {**context("http://evil/"), **p}}))
    await asyncio.gather(*sends)
    for _ in range(250):
        if len(attacker.of("error")) >= 5 * len(poisons):
            break
        await asyncio.sleep(0.02)
    errors = attacker.of("error")
    assert len(errors) == 5 * len(poisons)
    assert {e["code"] for e in errors} == {"invalid_payload"}
    assert any("nested more than 32 levels deep" in e["message"] for e in errors)
    assert all(len(e["message"]) <= 300 for e in errors)
    await asyncio.sleep(0.3)
    for v in victims:
        assert "error" not in v.names()
        assert (await srv.app.store.get_session(v.session_id)).context["url"] == \
            "http://s.test/4"
    stored = await srv.app.store.get_session(attacker.session_id)
    assert stored is None or not (stored.context or {}).get("url", "").startswith("http://evil")


async def test_a_deep_context_posted_over_rest_gets_a_400(srv):
    sid = new_session_id()
    async with srv.http() as h:
        r = await h.post(f"/api/sessions/{sid}/messages",
                         json={"text": "hi", "context": context("http://s.test/",
                                                                viewport=nested(300))})
    assert r.status_code == 400
    body = r.json()["error"]
    assert body["code"] == "invalid_payload" and "nested" in body["message"]
    assert await srv.app.store.get_session(sid) is None


async def test_an_event_name_that_is_not_a_string_is_answered(srv):
    # Raw Socket.IO frames: a list or an object as the event name raised a TypeError in
    # a background task and the client heard nothing.
    import json

    import websockets

    from tests.conftest import ORIGIN

    url = srv.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(url, additional_headers={"Origin": ORIGIN}) as ws:
        await ws.recv()  # OPEN
        await ws.send("40")
        await ws.recv()  # CONNECT
        for frame in ('42[1,{}]', '42[null]', '42[{"a":1},{}]', '42[["x"],{}]', '42[true]'):
            await ws.send(frame)
            reply = await asyncio.wait_for(ws.recv(), 5)
            assert reply.startswith("42"), (frame, reply)
            event, payload = json.loads(reply[2:])
            assert event == "error" and payload == {
                "message": "The event name must be a string.", "code": "invalid_payload"}
        await ws.send('42["no_such_event",{}]')  # the socket still answers
        assert "Unknown event" in await asyncio.wait_for(ws.recv(), 5)
