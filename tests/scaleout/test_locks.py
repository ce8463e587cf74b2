"""RedisTurns against the real Redis: mutual exclusion between two "processes" (two
clients with their own owners), lease expiry of a dead holder, renewal of a long turn,
order within a process, and clear errors when Redis is unreachable."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis

from leflux.errors import ConfigError, Conflict, StoreUnavailable
from leflux.session.locks import RedisTurns, connect, lease_from_env

pytestmark = [pytest.mark.redis, pytest.mark.timeout(60)]


@pytest.fixture
async def clients(redis_url: str) -> AsyncIterator[Any]:
    made: list[Any] = []

    def make(url: str = redis_url) -> Any:
        c = connect(url)
        made.append(c)
        return c

    yield make
    for c in made:
        await c.aclose()


def turns(client: Any, owner: str, **kw: Any) -> RedisTurns:
    # A prefix per test: parallel runs on the shared Redis never meet.
    return RedisTurns(client, owner, prefix=f"leflux-test:{uuid.uuid4().hex}:", **kw)


async def test_two_processes_take_turns(clients):
    a = turns(clients(), "proc-a", lease_s=5)
    b = RedisTurns(clients(), "proc-b", lease_s=5, prefix=a.prefix)
    sid = str(uuid.uuid4())
    inside: list[str] = []
    overlap = False

    async def step(t: RedisTurns, name: str) -> None:
        nonlocal overlap
        async with t.turn(sid):
            overlap = overlap or bool(inside)
            inside.append(name)
            await asyncio.sleep(0.05)
            inside.remove(name)

    await asyncio.gather(*(step(a if i % 2 else b, f"s{i}") for i in range(20)))
    assert not overlap
    assert await a.holder(sid) is None  # released after the last turn


async def test_dead_holders_lease_runs_out(clients):
    a = turns(clients(), "proc-a", lease_s=0.6)
    b = RedisTurns(clients(), "proc-b", lease_s=0.6, prefix=a.prefix)
    sid = str(uuid.uuid4())
    # "kill -9": a takes the lock and never releases nor renews it.
    token, _fence = await a._acquire(a.key(sid))
    assert (await a.holder(sid)) == token and token.startswith("proc-a/")
    started = time.monotonic()
    async with b.turn(sid):
        waited = time.monotonic() - started
        assert (await b.holder(sid) or "").startswith("proc-b/")
    assert 0.3 < waited < 3


async def test_a_long_turn_keeps_its_lease(clients):
    a = turns(clients(), "proc-a", lease_s=0.6)
    b = RedisTurns(clients(), "proc-b", lease_s=0.6, prefix=a.prefix, wait_s=0.5)
    sid = str(uuid.uuid4())
    async with a.turn(sid):
        await asyncio.sleep(1.5)  # 2.5 leases: renewed meanwhile
        with pytest.raises(Conflict):
            async with b.turn(sid):
                pass


async def test_only_the_holder_releases(clients):
    a = turns(clients(), "proc-a", lease_s=5)
    sid = str(uuid.uuid4())
    async with a.turn(sid):
        raw = aioredis.Redis(connection_pool=a.redis.connection_pool)
        assert await a._release(keys=[a.key(sid)], args=["someone-else/123"]) == 0
        assert await raw.exists(a.key(sid)) == 1


async def test_order_of_arrival_within_a_process(clients):
    a = turns(clients(), "proc-a", lease_s=5)
    b = RedisTurns(clients(), "proc-b", lease_s=5, prefix=a.prefix, wait_s=0.5)
    sid = str(uuid.uuid4())
    order: list[int] = []

    async def step(i: int) -> None:
        async with a.turn(sid):
            order.append(i)
            await asyncio.sleep(0.01)

    tasks = []
    for i in range(10):
        tasks.append(asyncio.create_task(step(i)))
        await asyncio.sleep(0)  # each arrives after the previous one
    await asyncio.gather(*tasks)
    assert order == list(range(10))
    # The last turn left nothing held: no holder, and another process's turn is had at
    # once (its wait is far shorter than the lease a leftover lock would hold it for).
    assert await a.holder(sid) is None
    async with b.turn(sid):
        assert (await b.holder(sid) or "").startswith("proc-b/")


async def test_hundreds_of_turns_at_once_share_the_connections(clients):
    # More turns at once than the client's connections: they wait for one, none fails.
    from leflux.session.locks import REDIS_CONNECTIONS

    t = turns(clients(), "proc-a", lease_s=5)
    done: list[str] = []

    async def step(sid: str) -> None:
        async with t.turn(sid):
            await asyncio.sleep(0.01)
        done.append(sid)

    sids = [str(uuid.uuid4()) for _ in range(REDIS_CONNECTIONS * 8)]
    await asyncio.gather(*(step(sid) for sid in sids))
    assert sorted(done) == sorted(sids)


async def test_unreachable_redis_is_a_clear_error(clients):
    from tests.support.server import free_port

    dead = turns(clients(f"redis://127.0.0.1:{free_port()}/0"), "proc-a")
    with pytest.raises(StoreUnavailable) as err:
        async with dead.turn(str(uuid.uuid4())):
            pass
    assert "briefly unavailable" in err.value.message
    with pytest.raises(StoreUnavailable):
        await dead.ready()


def test_lease_from_env():
    assert lease_from_env({}) == 10.0
    assert lease_from_env({"LEFLUX_SESSION_LEASE_S": "2.5"}) == 2.5
    for bad in ("soon", "0.1"):
        with pytest.raises(ConfigError):
            lease_from_env({"LEFLUX_SESSION_LEASE_S": bad})
