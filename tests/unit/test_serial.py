"""The in-process session turn (session/serial.py): one turn at a time per session, in
arrival order, nothing kept for an idle session, a cancelled waiter skipped; and the
row timestamp it shares the hot path with (storage/rows.py ``now_iso``)."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import pytest

from leflux.session.serial import SessionSerializer
from leflux.storage.rows import now_iso


async def test_turns_run_one_at_a_time_in_arrival_order() -> None:
    serial = SessionSerializer()
    order: list[str] = []
    inside = 0

    async def turn(name: str, hold: float) -> None:
        nonlocal inside
        async with serial.turn("s") as fence:
            assert fence is None
            inside += 1
            assert inside == 1
            order.append(name)
            await asyncio.sleep(hold)
            inside -= 1

    await asyncio.gather(*(turn(str(i), 0.001 * (5 - i)) for i in range(5)))
    assert order == ["0", "1", "2", "3", "4"]
    assert not serial.busy("s") and serial._waiting == {}


async def test_sessions_do_not_wait_for_each_other() -> None:
    serial = SessionSerializer()
    async with serial.turn("a"):
        async with serial.turn("b"):  # would hang if "b" waited for "a"
            assert serial.busy("a") and serial.busy("b")
    assert not serial.busy("a") and not serial.busy("b")


async def test_a_cancelled_waiter_is_skipped_and_the_turn_passes_on() -> None:
    serial = SessionSerializer()
    got: list[str] = []
    gate = asyncio.Event()

    async def holder() -> None:
        async with serial.turn("s"):
            await gate.wait()

    async def waiter(name: str) -> None:
        async with serial.turn("s"):
            got.append(name)

    first = asyncio.create_task(holder())
    await asyncio.sleep(0)
    doomed = asyncio.create_task(waiter("doomed"))
    last = asyncio.create_task(waiter("last"))
    await asyncio.sleep(0)
    doomed.cancel()
    gate.set()
    await asyncio.gather(first, last)
    with pytest.raises(asyncio.CancelledError):
        await doomed
    assert got == ["last"]
    assert not serial.busy("s")


async def test_a_waiter_cancelled_as_it_is_handed_the_turn_passes_it_on() -> None:
    serial = SessionSerializer()
    got: list[str] = []

    async def waiter(name: str) -> None:
        async with serial.turn("s"):
            got.append(name)

    async with serial.turn("s"):
        doomed = asyncio.create_task(waiter("doomed"))
        last = asyncio.create_task(waiter("last"))
        await asyncio.sleep(0)
    doomed.cancel()  # handed the turn by the release above, not yet resumed
    await last
    with pytest.raises(asyncio.CancelledError):
        await doomed
    assert got == ["last"]
    assert not serial.busy("s")


async def test_an_error_inside_the_turn_releases_it() -> None:
    serial = SessionSerializer()
    with pytest.raises(RuntimeError):
        async with serial.turn("s"):
            raise RuntimeError("boom")
    assert not serial.busy("s")
    async with serial.turn("s"):
        pass


def test_now_iso_is_utc_to_the_millisecond() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    text = now_iso()
    after = datetime.now(UTC)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", text)
    stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert before <= stamp <= after
