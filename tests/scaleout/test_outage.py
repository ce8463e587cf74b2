"""Redis going away and coming back under two running processes: clear errors while it
is gone, the same processes (no restart, no crash loop) working again after."""

from __future__ import annotations

import asyncio
import time
import urllib.request
from typing import Any

import httpx
import pytest

from tests.scaleout.test_fanout import PAGE, post
from tests.support.server import ORIGIN, LeFluxServer

pytestmark = [pytest.mark.redis, pytest.mark.pg, pytest.mark.timeout(150)]


def healthy(server: LeFluxServer) -> bool:
    with urllib.request.urlopen(server.url + "/healthz", timeout=3) as r:
        return r.status == 200


async def post_raw(server: LeFluxServer, session_id: str, text: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.url, headers={"Origin": ORIGIN}) as h:
        return await h.post(f"/api/sessions/{session_id}/messages",
                            json={"text": text, "context": PAGE})


async def test_redis_restart(cluster, pg_url, private_redis, sio_client):
    a, b = await cluster(2, database_url=pg_url, redis_url=private_redis.url)
    visitor = await sio_client(b.url)
    await post(a, visitor.session_id, "click the submit button", PAGE)
    plan = await visitor.wait_for("action_plan", within=10)

    private_redis.stop()
    await asyncio.sleep(0.5)
    # The visitor's words: refused with a clear 503 instead of silently never answered.
    r = await post_raw(a, visitor.session_id, "click the submit button")
    assert r.status_code == 503
    body: dict[str, Any] = r.json()
    assert body["error"]["code"] == "internal"
    assert "unavailable" in body["error"]["message"]
    # A socket event: an error on the socket, in words a visitor may read.
    n = len(visitor.events)
    await visitor.emit("action_complete", {
        "sessionId": visitor.session_id, "actionId": plan["actions"][0]["id"],
        "result": {"success": True, "elementId": 19, "description": "clicked Submit"}})
    err = await visitor.wait_for("error", after=n, within=10)
    assert err["code"] == "internal" and "Traceback" not in err["message"]
    # Nobody crashed: both still answer health checks, and joins still work.
    assert healthy(a) and healthy(b)
    other = await sio_client(a.url)
    assert other.of("session_joined")[0]["restored"] is False

    private_redis.start()
    # Recovery on the same processes: the result is accepted and cross-process emits
    # flow again once the Socket.IO manager has re-subscribed (it backs off 1, 2, 4 s).
    deadline = time.monotonic() + 30
    while True:
        n = len(visitor.events)
        await visitor.emit("action_complete", {
            "sessionId": visitor.session_id, "actionId": plan["actions"][0]["id"],
            "result": {"success": True, "elementId": 19, "description": "clicked Submit"}})
        await asyncio.sleep(0.5)
        if not [e for e, _ in visitor.events[n:] if e == "error"]:
            break
        assert time.monotonic() < deadline, visitor.events[n:]
    fresh = await sio_client(b.url)
    deadline = time.monotonic() + 30
    while True:
        r = await post_raw(a, fresh.session_id, "click the submit button")
        if r.status_code == 202:
            try:
                got = await fresh.wait_for("action_plan", within=3)
                break
            except TimeoutError:
                pass
        assert time.monotonic() < deadline, f"no recovery: {r.status_code} {fresh.events}"
        await asyncio.sleep(1)
    assert got["actions"][0]["elementId"] == 19
    assert a.proc is not None and a.proc.poll() is None
    assert b.proc is not None and b.proc.poll() is None


async def test_postgres_restart(cluster, private_pg, redis_url, sio_client):
    a, b = await cluster(2, database_url=private_pg.url, redis_url=redis_url)
    visitor = await sio_client(b.url)
    await post(a, visitor.session_id, "click the submit button", PAGE)
    plan = await visitor.wait_for("action_plan", within=10)
    done = {"sessionId": visitor.session_id, "actionId": plan["actions"][0]["id"],
            "result": {"success": True, "elementId": 19, "description": "clicked Submit"}}

    await asyncio.to_thread(private_pg.stop)
    n = len(visitor.events)
    await visitor.emit("action_complete", done)
    err = await visitor.wait_for("error", after=n, within=15)
    assert err["code"] == "internal" and "Traceback" not in err["message"]
    r = await post_raw(a, visitor.session_id, "click the submit button")
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "internal"
    assert healthy(a) and healthy(b)

    await asyncio.to_thread(private_pg.start)
    # The same processes recover: the pool replaces its dead connections.
    deadline = time.monotonic() + 30
    while True:
        n = len(visitor.events)
        await visitor.emit("action_complete", done)
        await asyncio.sleep(0.5)
        if not [e for e, _ in visitor.events[n:] if e == "error"]:
            break
        assert time.monotonic() < deadline, visitor.events[n:]
    fresh = await sio_client(a.url)
    await post(b, fresh.session_id, "click the submit button", PAGE)
    assert (await fresh.wait_for("action_plan", within=10))["actions"][0]["elementId"] == 19
    assert a.proc is not None and a.proc.poll() is None
    assert b.proc is not None and b.proc.poll() is None
