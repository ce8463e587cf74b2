"""The stream's deadline (providers/sse.py ``Deadline``): one timer for a whole stream,
raising TimeoutError in the read it ends or the read after it, never elsewhere."""

from __future__ import annotations

import asyncio

import pytest

from leflux.providers.sse import Deadline


async def test_a_read_within_the_deadline_returns_its_value():
    loop = asyncio.get_running_loop()
    deadline = Deadline(loop.time() + 5)
    assert await deadline.wait(asyncio.sleep(0.01, result="data")) == "data"
    assert not deadline.expired
    deadline.cancel()


async def test_the_deadline_ends_a_read_waiting_past_it():
    loop = asyncio.get_running_loop()
    deadline = Deadline(loop.time() + 0.05)
    started = loop.time()
    with pytest.raises(TimeoutError):
        await deadline.wait(asyncio.sleep(5))
    assert loop.time() - started < 1
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0  # its own cancel taken back


async def test_a_deadline_passed_between_reads_stops_the_next_read():
    loop = asyncio.get_running_loop()
    deadline = Deadline(loop.time() + 0.02)
    await asyncio.sleep(0.05)  # the consumer's work: not cancelled there
    assert deadline.expired
    step = asyncio.sleep(0, result="late")
    with pytest.raises(TimeoutError):
        await deadline.wait(step)
    assert step.cr_frame is None  # closed, never run  # type: ignore[attr-defined]


async def test_a_cancel_from_outside_stays_a_cancel():
    loop = asyncio.get_running_loop()
    deadline = Deadline(loop.time() + 5)
    reader = asyncio.ensure_future(deadline.wait(asyncio.sleep(5)))
    await asyncio.sleep(0.01)
    reader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reader
    deadline.cancel()


async def test_a_cancel_racing_the_deadline_is_not_swallowed():
    # The deadline fired and the task was cancelled from outside before it ran again:
    # the outside cancel still ends the task (as asyncio.timeout_at behaves).
    loop = asyncio.get_running_loop()
    deadline = Deadline(loop.time() + 5)
    reader = asyncio.ensure_future(deadline.wait(asyncio.sleep(5)))
    await asyncio.sleep(0.01)
    deadline._expire()
    reader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reader
    deadline.cancel()


async def test_each_read_records_no_timer_of_its_own():
    loop = asyncio.get_running_loop()
    deadline = Deadline(loop.time() + 5)
    before = len(loop._scheduled) if hasattr(loop, "_scheduled") else None
    for _ in range(10):
        await deadline.wait(asyncio.sleep(0))
    if before is not None:  # the default loop exposes its timers
        assert len(loop._scheduled) == before
    deadline.cancel()
