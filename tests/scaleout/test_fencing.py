"""Fenced turns (issue 11, item 10): a holder that lost its Redis lease cannot write.

First the store and two lease holders on the real Redis and PostgreSQL; then two real
server processes, one frozen (SIGSTOP) in the middle of a slow turn until its lease has
run out and the other process has taken the session's next turn."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from leflux.errors import LeaseLost
from leflux.session.locks import RedisTurns, connect
from leflux.session.taskrow import new_task_columns
from leflux.storage.opening import open_database
from leflux.storage.store import Store
from tests.conftest import ClientFactory
from tests.support.server import ORIGIN, LeFluxServer

pytestmark = [pytest.mark.redis, pytest.mark.pg, pytest.mark.timeout(120)]
SCRIPTED = "tests.protocol.scripted_engine:create_engine"

# The stored columns of a new task, in the session layer's format.
NEW_TASK = new_task_columns()


@pytest.fixture
async def store(pg_url: str) -> AsyncIterator[Store]:
    s = Store(await open_database(pg_url))
    yield s
    await s.close()


async def test_the_holder_that_lost_its_lease_cannot_write(store, redis_url):
    clients = [connect(redis_url), connect(redis_url)]
    prefix = f"leflux-test:{uuid.uuid4().hex}:"
    a = RedisTurns(clients[0], "proc-a", lease_s=0.5, prefix=prefix)
    b = RedisTurns(clients[1], "proc-b", lease_s=0.5, prefix=prefix)
    sid = str(uuid.uuid4())
    await store.ensure_session(sid, "default")
    try:
        async with a.turn(sid) as fence_a:
            await store.create_task(sid, "task-a", "buy shoes", **NEW_TASK, fence=fence_a)
            time.sleep(0.8)  # noqa: ASYNC251 - process A stalls (its whole loop) past its lease
            async with b.turn(sid) as fence_b:
                assert fence_b.token > fence_a.token
                await store.add_message(sid, "agent", "from B", fence=fence_b)
            # A wakes up, still inside its turn: every kind of write is refused.
            with pytest.raises(LeaseLost):
                await store.add_message(sid, "agent", "from A", fence=fence_a)
            with pytest.raises(LeaseLost):
                await store.update_task("task-a", fence=fence_a, state="awaiting_action")
            with pytest.raises(LeaseLost):
                await store.record_plan(sid, "task-a", {"actions": [{"id": "x"}]},
                                        {"state": "awaiting_action"}, fence_a)
            with pytest.raises(LeaseLost):
                await store.close_task(sid, "task-a", fence=fence_a)
        history = [m.text for m in await store.history(sid)]
        assert history == ["from B"]
        task = await store.get_task("task-a")
        assert task is not None and task.state == "running" and task.outstanding_plan is None
        assert await store.get_action(sid, "x") is None
        # A later turn (any holder) writes again; tokens keep growing even if Redis lost
        # its counter (a restart without persistence).
        await clients[0].delete(prefix + "#fence")
        async with a.turn(sid) as fence_c:
            assert fence_c.token > fence_b.token
            await store.add_message(sid, "agent", "from A again", fence=fence_c)
    finally:
        for c in clients:
            await c.aclose()


# ------------------------------------------------------------------ two processes


def scripted(tmp_path: Path, pg_url: str, redis_url: str) -> LeFluxServer:
    return LeFluxServer(tmp_path, database_url=pg_url, engine=SCRIPTED,
                        extra_args=["--redis-url", redis_url],
                        env={"LEFLUX_SESSION_LEASE_S": "1"})


async def post(server: LeFluxServer, session_id: str, text: str) -> None:
    async with httpx.AsyncClient(base_url=server.url, headers={"Origin": ORIGIN}) as h:
        r = await h.post(f"/api/sessions/{session_id}/messages", json={"text": text})
    assert r.status_code == 202, r.text


async def test_a_frozen_process_cannot_send_a_plan_after_losing_its_turn(
    tmp_path: Path, pg_url: str, redis_url: str, sio_client: ClientFactory,
) -> None:
    a = scripted(tmp_path, pg_url, redis_url)
    b = scripted(tmp_path, pg_url, redis_url)
    await asyncio.gather(asyncio.to_thread(a.start, 60), asyncio.to_thread(b.start, 60))
    assert a.proc is not None
    frozen = False
    try:
        visitor = await sio_client(b.url)
        # A takes the session's turn; its "planner" needs 2.5 s.
        await post(a, visitor.session_id, "late 2500")
        await asyncio.sleep(0.4)
        os.kill(a.proc.pid, signal.SIGSTOP)
        frozen = True
        await asyncio.sleep(1.8)  # A's 1 s lease runs out; A cannot renew it
        await post(b, visitor.session_id, "say B answers now")
        said = await visitor.wait_for("message", within=10)
        assert said["text"] == "B answers now"
        os.kill(a.proc.pid, signal.SIGCONT)
        frozen = False
        # A wakes up past its planner's wait and tries to open a task and send a plan.
        log = ""
        for _ in range(100):
            log = a.log()
            if "lost its lease" in log:
                break
            await asyncio.sleep(0.1)
        assert "lost its lease" in log, log[-2000:]
        await asyncio.sleep(0.5)
        assert "action_plan" not in visitor.names()
        async with httpx.AsyncClient(base_url=b.url, headers={"Origin": ORIGIN}) as h:
            body: dict[str, Any] = (await h.get(f"/api/sessions/{visitor.session_id}")).json()
        assert "activeTask" not in body
        assert [m["text"] for m in body["history"] if m["role"] == "agent"] == [
            "B answers now"]
    finally:
        if frozen:
            os.kill(a.proc.pid, signal.SIGCONT)
        await asyncio.gather(asyncio.to_thread(a.stop), asyncio.to_thread(b.stop))
