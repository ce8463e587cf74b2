"""Two and three real processes on one Redis and one PostgreSQL: the kick of an older
socket and every emit reach a session's socket wherever it is connected."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.conftest import Client, new_session_id
from tests.support.server import ORIGIN, LeFluxServer

pytestmark = [pytest.mark.redis, pytest.mark.pg, pytest.mark.timeout(120)]

PAGE: dict[str, Any] = {
    "url": "http://site.test/contact",
    "title": "Contact us",
    "visibleText": "Contact us. We answer within a day.",
    "indexedElements": [
        {"id": 1, "tag": "a", "text": "Home", "href": "/"},
        {"id": 10, "tag": "form"},
        {"id": 11, "tag": "input", "type": "text", "label": "Your name", "parentId": 10},
        {"id": 12, "tag": "textarea", "label": "Message", "parentId": 10},
        {"id": 19, "tag": "button", "type": "submit", "text": "Submit", "parentId": 10},
    ],
}


async def post(server: LeFluxServer, session_id: str, text: str,
               context: dict[str, Any] | None = None) -> None:
    body: dict[str, Any] = {"text": text}
    if context is not None:
        body["context"] = context
    async with httpx.AsyncClient(base_url=server.url, headers={"Origin": ORIGIN}) as h:
        r = await h.post(f"/api/sessions/{session_id}/messages", json=body)
    assert r.status_code == 202, r.text


async def test_newer_socket_on_b_kicks_older_on_a(cluster, pg_url, redis_url, sio_client):
    a, b = await cluster(2, database_url=pg_url, redis_url=redis_url)
    old = await sio_client(a.url)
    new = await sio_client(b.url, session_id=old.session_id)
    err = await old.wait_for("error")
    assert err["code"] == "replaced"
    for _ in range(100):
        if not old.sio.connected:
            break
        await asyncio.sleep(0.05)
    assert not old.sio.connected
    assert new.sio.connected
    assert new.of("session_joined")[0]["restored"] is True
    assert "error" not in new.names()
    # And back: a third socket on A kicks the one on B.
    third = await sio_client(a.url, session_id=old.session_id, query=False)
    assert (await new.wait_for("error"))["code"] == "replaced"
    await asyncio.sleep(0.3)
    assert third.sio.connected and "error" not in third.names()


async def test_simultaneous_joins_on_two_processes_leave_one_socket(
    cluster, pg_url, redis_url, sio_client
):
    a, b = await cluster(2, database_url=pg_url, redis_url=redis_url)
    for i in range(16):
        sid = new_session_id()
        if i % 2:  # a session that exists already: two reconnects race
            await (await sio_client(a.url, session_id=sid)).close()
        # The loser may be kicked before its session_joined is out: don't wait for it.
        x, y = await asyncio.gather(sio_client(a.url, session_id=sid, wait_joined=False),
                                    sio_client(b.url, session_id=sid, wait_joined=False))
        for _ in range(100):  # until the kick has landed (a loaded machine is slow)
            connected = [c for c in (x, y) if c.sio.connected]
            if len(connected) < 2:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        connected = [c for c in (x, y) if c.sio.connected]
        assert len(connected) == 1, (x.names(), y.names())
        kicked = y if connected == [x] else x
        assert any(e == "error" and d["code"] == "replaced" for e, d in kicked.events)


async def test_plan_from_one_process_reaches_a_socket_on_another(
    cluster, pg_url, redis_url, sio_client
):
    a, b, c = await cluster(3, database_url=pg_url, redis_url=redis_url)
    visitor: Client = await sio_client(b.url)
    # The visitor's words go to A (REST), the socket lives on B: the whole answer
    # crosses processes through Redis.
    await post(a, visitor.session_id, "click the submit button", PAGE)
    plan = await visitor.wait_for("action_plan", within=10)
    action = plan["actions"][0]
    assert action["type"] == "click_element" and action["elementId"] == 19
    assert plan["useUniversalIndexing"] is True
    await asyncio.sleep(0.3)
    assert len(visitor.of("action_plan")) == 1  # delivered once, not once per process
    # The result goes to B; C, asked over REST, sees the same state.
    await visitor.emit("action_complete", {
        "sessionId": visitor.session_id, "actionId": action["id"],
        "result": {"success": True, "elementId": 19, "description": "clicked Submit"}})
    await asyncio.sleep(0.5)
    async with httpx.AsyncClient(base_url=c.url, headers={"Origin": ORIGIN}) as h:
        snap = (await h.get(f"/api/sessions/{visitor.session_id}")).json()
    assert snap["history"][0]["text"] == "click the submit button"
    assert snap.get("activeTask", {}).get("state") in (None, "awaiting_context")
    # Every process counts the same socket once: the metrics of A show no socket.
    assert "error" not in visitor.names()


async def test_erasing_a_session_on_b_lets_its_visitor_on_a_go(cluster, pg_url, redis_url,
                                                               sio_client):
    token = "erase-token"
    a, b = await cluster(2, database_url=pg_url, redis_url=redis_url,
                         extra_args=["--admin-token", token])
    visitor = await sio_client(a.url)
    bystander = await sio_client(a.url)
    await post(a, visitor.session_id, "hello")
    await visitor.wait_for("message_done", within=15)
    async with httpx.AsyncClient(base_url=b.url, timeout=10) as h:
        r = await h.delete(f"/api/admin/sessions/{visitor.session_id}",
                           headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    err = await visitor.wait_for("error", within=10)
    assert err["code"] == "invalid_session"
    for _ in range(100):
        if not visitor.sio.connected:
            break
        await asyncio.sleep(0.05)
    assert not visitor.sio.connected
    assert bystander.sio.connected and "error" not in bystander.names()
