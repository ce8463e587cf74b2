"""transport/engine_socket.py's SocketQueue: asyncio.Queue's contract as engine.io uses it."""

from __future__ import annotations

import asyncio
import sys

import pytest

from leflux.transport.engine_socket import SocketQueue


async def test_fifo_and_get_nowait_on_empty():
    q = SocketQueue()
    with pytest.raises(asyncio.QueueEmpty):
        q.get_nowait()
    for i in range(5):
        q.put_nowait(i)
    await q.put(5)
    assert q.qsize() == 6 and not q.empty() and q.pending() == [0, 1, 2, 3, 4, 5]
    assert [q.get_nowait() for _ in range(3)] == [0, 1, 2]
    assert q.pending() == [3, 4, 5]
    assert [await q.get() for _ in range(3)] == [3, 4, 5]
    assert q.empty() and q.qsize() == 0


async def test_get_waits_and_is_woken_by_a_put():
    q = SocketQueue()
    asyncio.get_running_loop().call_later(0.02, q.put_nowait, "late")
    assert await asyncio.wait_for(q.get(), 2) == "late"


async def test_cancelled_get_loses_nothing():
    q = SocketQueue()
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.02):
            await q.get()
    assert q._waiters is None  # a waiter list exists only while someone waits
    q.put_nowait("a")
    assert await q.get() == "a"


async def test_two_getters_each_get_one():
    q = SocketQueue()
    t1 = asyncio.ensure_future(q.get())
    t2 = asyncio.ensure_future(q.get())
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    assert sorted(await asyncio.gather(t1, t2)) == [1, 2]


async def test_join_waits_for_task_done():
    q = SocketQueue()
    await asyncio.wait_for(q.join(), 1)  # nothing unfinished
    q.put_nowait("x")
    joined = asyncio.ensure_future(q.join())
    await asyncio.sleep(0.01)
    assert not joined.done()
    q.get_nowait()
    q.task_done()
    await asyncio.wait_for(joined, 1)
    with pytest.raises(ValueError):
        q.task_done()


async def test_a_long_backlog_drains_and_an_idle_queue_is_small():
    q = SocketQueue()
    for i in range(20_000):
        q.put_nowait(i)
    assert [q.get_nowait() for _ in range(20_000)] == list(range(20_000))
    # What an idle socket holds: far below asyncio.Queue's three deques and an Event.
    idle = sys.getsizeof(q) + sys.getsizeof(q._items)
    stock = asyncio.Queue()
    stock_size = sum(sys.getsizeof(x) for x in (stock._queue, stock._getters,  # type: ignore[attr-defined]
                                                 stock._putters))  # type: ignore[attr-defined]
    assert idle < 200 < stock_size


async def test_a_woken_getter_cancelled_passes_the_item_on():
    q = SocketQueue()
    t1 = asyncio.ensure_future(q.get())
    t2 = asyncio.ensure_future(q.get())
    await asyncio.sleep(0)
    q.put_nowait("only")  # wakes t1 ...
    t1.cancel()  # ... which is cancelled before it runs
    assert await asyncio.wait_for(t2, 1) == "only"
