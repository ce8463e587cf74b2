"""Redis mode: a task a killed process left ``running`` (its words streamed, its plan
never stored) is planned again by the process the visitor rejoins on, once the dead
one's turn lease has run out, and never while the process that holds the turn is alive.

Both processes serve the product's engine and rules planner; A's hangs in ``send_plan``
(``tests/support/stall_engine.py``) so that the kill falls between the two commits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.protocol.test_stalled import PAGE, STALL, WORDS, visible
from tests.scaleout.conftest import LEASE_S
from tests.scaleout.test_fanout import post
from tests.scaleout.test_turns import snapshot, until
from tests.support.server import LeFluxServer

pytestmark = [pytest.mark.redis, pytest.mark.pg, pytest.mark.timeout(120)]


async def test_a_dead_process_s_task_is_planned_again_once_its_lease_ran_out(
    tmp_path: Path, pg_url: str, redis_url: str, sio_client
):
    mark = tmp_path / "hung"
    servers = [
        LeFluxServer(tmp_path, database_url=pg_url, engine=STALL,
                     extra_args=["--redis-url", redis_url],
                     env={"LEFLUX_SESSION_LEASE_S": LEASE_S, **extra})
        for extra in ({"LEFLUX_TEST_STALL": "plan", "LEFLUX_TEST_STALL_MARK": str(mark)},
                      {})
    ]
    a, b = servers
    try:
        for s in servers:
            s.start()
        x = await sio_client(a.url)
        await post(a, x.session_id, WORDS, PAGE)
        said = (await x.wait_for("message_done", within=10))["text"]
        await until(mark.exists)
        # A is alive and holds the session's turn (it renews its lease): a join on B
        # leaves the task to it, however long it takes.
        y = await sio_client(b.url, session_id=x.session_id)
        assert y.of("session_joined")[0]["activeTask"]["state"] == "running"
        await asyncio.sleep(float(LEASE_S) * 1.5)
        assert visible(y) == []
        a.kill()
        # B's resume waited on the turn since the join: it gets it once A's lease has
        # run out, and plans the step (without saying the words again).
        plan = await y.wait_for("action_plan", within=15)
        assert plan["contextId"] == PAGE["contextId"]
        await asyncio.sleep(0.5)
        assert visible(y) == ["action_plan"]
        body = await snapshot(b, x.session_id)
        assert body["activeTask"]["state"] == "awaiting_action"
        assert [m["text"] for m in body["history"]].count(said) == 1
    finally:
        for s in servers:
            s.stop()
