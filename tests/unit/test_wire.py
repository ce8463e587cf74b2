"""The cheaper engine.io writer wait (transport/engine_socket.py): same contract as engine.io's."""

from __future__ import annotations

import asyncio

import engineio
import pytest
from engineio import packet
from engineio.async_socket import AsyncSocket
from engineio.exceptions import QueueEmpty

from leflux.transport.engine_socket import QuickPollSocket, quicken


def make_socket(ping_interval: float = 25, ping_timeout: float = 20) -> QuickPollSocket:
    server = engineio.AsyncServer(async_mode="asgi", ping_interval=ping_interval,
                                  ping_timeout=ping_timeout)
    sock = AsyncSocket(server, "sid-1")
    quicken(sock)
    assert type(sock) is QuickPollSocket
    return sock  # type: ignore[return-value]


async def test_poll_returns_everything_queued_in_order():
    sock = make_socket()
    pkts = [packet.Packet(packet.MESSAGE, f"m{i}") for i in range(5)]
    for p in pkts:
        sock.queue.put_nowait(p)
    assert await sock.poll() == pkts
    assert sock.queue.empty()


async def test_poll_waits_for_the_next_packet():
    sock = make_socket()
    pkt = packet.Packet(packet.MESSAGE, "late")
    asyncio.get_running_loop().call_later(0.05, sock.queue.put_nowait, pkt)
    assert await sock.poll() == [pkt]


async def test_close_marker_ends_the_writer_and_stays_for_the_next_poll():
    sock = make_socket()
    first = packet.Packet(packet.MESSAGE, "a")
    sock.queue.put_nowait(first)
    sock.queue.put_nowait(None)
    assert await sock.poll() == [first]
    assert await sock.poll() == []


async def test_nothing_within_the_ping_window_is_queue_empty():
    sock = make_socket(ping_interval=0.05, ping_timeout=0.05)
    with pytest.raises(QueueEmpty):
        await sock.poll()


async def test_cancelled_wait_is_queue_empty_like_engineio():
    sock = make_socket()
    task = asyncio.ensure_future(sock.poll())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(QueueEmpty):
        await task
