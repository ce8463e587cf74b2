"""The cheaper engine.io writer wait (transport/engine_socket.py): same contract as engine.io's."""

from __future__ import annotations

import asyncio
from typing import Any

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


class FakeWebSocket:
    """engine.io's ASGI WebSocket as the socket's loop uses it: frames to read, what
    the writer sent, whether it was closed."""

    def __init__(self) -> None:
        self.frames: asyncio.Queue[str | None] = asyncio.Queue()
        self.sent: list[str] = []
        self.closed = False

    async def wait(self) -> str | None:
        return await self.frames.get()

    async def send(self, data: str) -> None:
        self.sent.append(data)

    async def close(self) -> None:
        self.closed = True


async def run_loop(sock: QuickPollSocket, ws: FakeWebSocket, received: list[str],
                   fail_on: str | None = None) -> None:
    async def receive(pkt: packet.Packet) -> None:
        received.append(pkt.data)
        assert asyncio.current_task() is loop_task  # read and handled in the loop's task
        if pkt.data == fail_on:
            raise RuntimeError("a handler failed")
        await sock.send(packet.Packet(packet.MESSAGE, f"ack {pkt.data}"))

    sock.receive = receive  # type: ignore[method-assign]
    sock.server.sockets[sock.sid] = sock
    loop_task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    made: list[object] = []

    def counted(loop: asyncio.AbstractEventLoop, coro: Any, **kw: Any) -> asyncio.Task[Any]:
        made.append(coro)
        return asyncio.Task(coro, loop=loop, **kw)

    loop.set_task_factory(counted)
    try:
        async with asyncio.timeout(5):
            await sock.websocket_loop(ws)
    finally:
        loop.set_task_factory(None)
    # One Task: the writer. No Task (nor wait_for) per frame read.
    assert len(made) == 1, made


async def test_the_socket_loop_reads_each_frame_in_its_own_task_and_answers_in_order():
    sock, ws, received = make_socket(), FakeWebSocket(), []
    for i in range(3):
        ws.frames.put_nowait(packet.Packet(packet.MESSAGE, f"m{i}").encode())
    ws.frames.put_nowait(packet.Packet(packet.MESSAGE, "boom").encode())
    ws.frames.put_nowait(packet.Packet(packet.MESSAGE, "after").encode())
    ws.frames.put_nowait(None)  # the client closed
    await run_loop(sock, ws, received, fail_on="boom")
    # A failing packet is logged and the loop reads on (as engine.io's does).
    assert received == ["m0", "m1", "m2", "boom", "after"]
    assert ws.sent == [packet.Packet(packet.MESSAGE, f"ack {m}").encode()
                       for m in ("m0", "m1", "m2", "after")]
    assert ws.closed and sock.closed


async def test_the_socket_loop_ends_at_the_read_deadline_and_on_an_oversize_frame():
    sock, ws, received = make_socket(ping_interval=0.05, ping_timeout=0.05), FakeWebSocket(), []
    await run_loop(sock, ws, received)  # nothing within ping interval + timeout
    assert received == [] and ws.closed and sock.closed
    sock, ws = make_socket(), FakeWebSocket()
    ws.frames.put_nowait("4" + "x" * sock.server.max_http_buffer_size)
    await run_loop(sock, ws, received)
    assert received == [] and ws.closed and sock.closed
