"""Many sessions on three processes behind a "load balancer" that picks a process at
random for every connection and every REST call, with reconnects in the middle of
tasks and repeated results: every plan reaches the visitor, none twice, no result is
lost, and the stored history matches what the visitors saw."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import httpx
import pytest

from tests.conftest import Client, new_session_id
from tests.scaleout.test_fanout import PAGE, post
from tests.support.server import ORIGIN

pytestmark = [pytest.mark.redis, pytest.mark.pg, pytest.mark.timeout(180)]

SESSIONS = 12
ROUNDS = 3


async def test_random_routing_loses_and_repeats_nothing(cluster, pg_url, redis_url,
                                                        sio_client):
    servers = await cluster(3, database_url=pg_url, redis_url=redis_url)
    rng = random.Random(6)
    seen_plans: dict[str, list[str]] = {}

    async def visitor(session_id: str) -> list[Client]:
        sockets: list[Client] = []

        async def reconnect() -> Client:
            c = await sio_client(rng.choice(servers).url, session_id=session_id,
                                 query=rng.random() < 0.5)
            sockets.append(c)
            return c

        c = await reconnect()
        for r in range(ROUNDS):
            mark = len(c.events)
            await post(rng.choice(servers), session_id, "click the submit button", PAGE)
            plan = await c.wait_for("action_plan", within=20, after=mark)
            action_id = plan["actions"][0]["id"]
            seen_plans.setdefault(session_id, []).append(action_id)
            if rng.random() < 0.6:
                # The page navigated: the embed reconnects, maybe elsewhere, and is
                # owed the same plan (same ids) again.
                old = c
                c = await reconnect()
                again = await c.wait_for("action_plan", within=20)
                assert again["actions"][0]["id"] == action_id
                await old.close()
            result = {"sessionId": session_id, "actionId": action_id,
                      "result": {"success": True, "elementId": 19, "description": "clicked"}}
            mark = len(c.events)
            await c.emit("action_complete", result)
            await c.emit("action_complete", result)  # a repeat is a no-op
            # Iterative mode: the page settles and the embed sends the fresh context.
            await c.emit("continue_task", {"sessionId": session_id, "context": PAGE})
            await c.wait_for("task_complete", within=20, after=mark)
            await until_task_closed(servers, session_id, r + 1)
        return sockets

    ids = [new_session_id() for _ in range(SESSIONS)]
    all_sockets = await asyncio.gather(*(visitor(s) for s in ids))

    for session_id, sockets in zip(ids, all_sockets, strict=True):
        plans = seen_plans[session_id]
        assert len(plans) == ROUNDS and len(set(plans)) == ROUNDS
        for c in sockets:
            codes = [d.get("code") for d in c.of("error")]
            assert set(codes) <= {"replaced"}, codes
            got = [p["actions"][0]["id"] for p in c.of("action_plan")]
            assert len(got) == len(set(got)), "a socket got the same plan twice"
        async with httpx.AsyncClient(base_url=rng.choice(servers).url,
                                     headers={"Origin": ORIGIN}) as h:
            snap = (await h.get(f"/api/sessions/{session_id}")).json()
        roles = [(m["role"], m.get("blockType")) for m in snap["history"]]
        # Per round: the words, the streamed answer, the task summary. Nothing twice.
        assert roles == [("visitor", None), ("agent", None), ("agent", "task_complete")] \
            * ROUNDS, roles
        assert "activeTask" not in snap


async def until_task_closed(servers: list[Any], session_id: str, rounds: int) -> None:
    for _ in range(200):
        async with httpx.AsyncClient(base_url=servers[0].url, headers={"Origin": ORIGIN}) as h:
            snap = (await h.get(f"/api/sessions/{session_id}")).json()
        done = [m for m in snap["history"] if m.get("blockType") == "task_complete"]
        if len(done) >= rounds and "activeTask" not in snap:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"round {rounds} of {session_id} never closed: {snap}")
