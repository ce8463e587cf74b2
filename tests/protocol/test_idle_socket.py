"""What an idle socket keeps (transport/ws_protocol.py, transport/engine_socket.py): no
task waiting to ping or to read, uvicorn's WebSocket protocol without its handshake and
its asyncio queue, the HTTP protocol let go at the upgrade; and what must not change with
it: the heartbeat (a client that answers pings stays, one that does not is dropped), and
back-to-back events answered in the order they came."""

from __future__ import annotations

import asyncio
import gc
import json
import time

import websockets

from leflux.transport.engine_socket import SocketQueue
from leflux.transport.guard import _HeaderDeadline
from leflux.transport.live_socket import LiveSocket
from leflux.transport.ws_protocol import Gate, LeanWebSocketProtocol, _GivenRequest
from tests.conftest import ORIGIN


def _task_names() -> list[str]:
    return [t.get_coro().__qualname__ for t in asyncio.all_tasks()]  # type: ignore[union-attr]


async def test_an_idle_socket_keeps_no_handshake_and_no_waiting_task(srv, sio_client):
    c = await sio_client(srv.url)
    await c.emit("join_session", {"sessionId": c.session_id})
    await c.wait_for("session_joined", after=1, pred=lambda e: True)
    names = _task_names()
    # engine.io: a task sleeping until the next ping, and a task per frame read.
    assert not any("_send_ping" in n or "websocket_wait" in n for n in names), names
    protocols = [p for p in srv.server.server_state.connections
                 if isinstance(p, LeanWebSocketProtocol)]
    assert len(protocols) == 1
    ws = protocols[0]
    assert isinstance(ws.queue, SocketQueue) and isinstance(ws.writable, Gate)
    assert ws.request is None and ws.response is None
    assert ws.ping_timer is None  # engine.io's heartbeat is the only one
    # The upgrade request httptools parsed was not parsed again by websockets.
    assert isinstance(ws.conn, _GivenRequest) and not hasattr(ws, "__dict__")
    gc.collect()
    # The HTTP protocol that upgraded is gone (its header deadline no longer holds it).
    assert not [o for o in gc.get_objects() if isinstance(o, _HeaderDeadline)]
    # No task at all (transport/live_socket.py): not uvicorn's for the request, not
    # engine.io's loop or writer; the read deadline is one timer.
    assert not [n for n in _task_names() if "run_asgi" in n or "LiveSocket" in n], names
    assert not [o for o in gc.get_objects() if isinstance(o, asyncio.Timeout)]
    [live] = [o for o in gc.get_objects() if isinstance(o, LiveSocket)]
    assert live.reader is None and live.writer is None
    assert isinstance(live.deadline, asyncio.TimerHandle) and not live.deadline.cancelled()


async def test_back_to_back_events_are_answered_in_order(srv, sio_client):
    c = await sio_client(srv.url)
    for _ in range(3):
        mark = len(c.events)
        await c.emit("confirmation_response", {"sessionId": c.session_id, "confirmed": True})
        await c.emit("join_session", {"sessionId": c.session_id})
        await c.wait_for("session_joined", after=mark)
        await c.wait_for("error", after=mark)
        assert c.names()[mark:] == ["error", "session_joined"]


async def _raw_socket(url: str) -> websockets.ClientConnection:
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    return await websockets.connect(ws_url, additional_headers={"Origin": ORIGIN})


async def test_the_heartbeat_keeps_a_client_that_answers(server_factory):
    async with server_factory(ping_interval_s=0.2, ping_timeout_s=0.2) as srv:
        async with await _raw_socket(srv.url) as ws:
            assert "sid" in json.loads((await ws.recv())[1:])  # engine.io's OPEN
            pings = 0
            deadline = time.monotonic() + 1.5  # several ping windows
            while time.monotonic() < deadline:
                frame = await asyncio.wait_for(ws.recv(), 1.0)
                if frame == "2":
                    pings += 1
                    await ws.send("3")
            assert pings >= 4
            await ws.send("40")  # still served: the Socket.IO CONNECT is answered
            assert (await asyncio.wait_for(ws.recv(), 2.0)).startswith("40")


async def test_the_heartbeat_drops_a_client_that_does_not(server_factory):
    async with server_factory(ping_interval_s=0.2, ping_timeout_s=0.2) as srv:
        async with await _raw_socket(srv.url) as ws:
            t0 = time.monotonic()
            frames = []
            try:
                while True:
                    frames.append(await asyncio.wait_for(ws.recv(), 3.0))
            except websockets.ConnectionClosed:
                pass
            assert "2" in frames  # pinged, never answered
            assert time.monotonic() - t0 < 2.0
        assert not srv.app.transport.sio.eio.sockets


async def test_the_101_then_engineio_open_with_the_announced_limit(srv):
    # engine.io's OPEN is queued before the accept and now written with the 101 (the
    # single write: tests/unit/test_accept_frames.py): the 101 first, the OPEN whole.
    host, port = srv.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
        + f"Host: {host}:{port}\r\nOrigin: {ORIGIN}\r\n".encode()
        + b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
    try:
        first = await asyncio.wait_for(reader.read(65_536), 5.0)
        head, _, frame = first.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101")
        assert frame[0] == 0x81 and frame[1] < 126  # one unmasked text frame
        text = frame[2:2 + frame[1]].decode()
        assert len(frame) == 2 + frame[1] and text[0] == "0"  # engine.io's OPEN, whole
        opened = json.loads(text[1:])
        assert "sid" in opened
        assert opened["maxPayload"] == srv.app.transport.sio.eio.announced_max_payload
    finally:
        writer.close()
