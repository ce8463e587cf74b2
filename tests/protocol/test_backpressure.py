"""A client that sends but never reads cannot make the server queue without bound."""

from __future__ import annotations

import asyncio
import json
import uuid

import leflux.transport.events as events_mod
import leflux.transport.socket as socket_mod
from tests.conftest import ORIGIN
from tests.security.rawws import RawWebSocket


async def test_joins_per_socket_are_limited(srv, sio_client):
    c = await sio_client(srv.url)
    for _ in range(events_mod.JOINS_PER_MINUTE + 5):
        await c.emit("join_session", {"sessionId": c.session_id})
    await c.wait_for("error", pred=lambda e: e["code"] == "rate_limited")
    assert len(c.of("session_joined")) <= events_mod.JOINS_PER_MINUTE


async def test_socket_that_never_reads_is_dropped(server_factory, monkeypatch):
    monkeypatch.setattr(events_mod, "JOINS_PER_MINUTE", 1_000_000)
    monkeypatch.setattr(socket_mod, "MAX_QUEUED_BYTES", 2 * 1024 * 1024)
    async with server_factory() as s:
        sid = str(uuid.uuid4())
        async with s.http() as h:
            for i in range(10):
                r = await h.post(f"/api/sessions/{sid}/messages",
                                 json={"text": f"note {i} " + "lorem ipsum " * 300})
                assert r.status_code == 202
        await asyncio.sleep(0.5)
        port = int(s.url.rsplit(":", 1)[1])
        ws = await asyncio.to_thread(
            RawWebSocket, "127.0.0.1", port,
            f"/socket.io/?EIO=4&transport=websocket&sessionId={sid}", ORIGIN)
        await asyncio.to_thread(ws.recv_frame)
        await asyncio.to_thread(ws.send_text, "40")
        frame = '42["join_session",' + json.dumps({"sessionId": sid}) + "]"

        def flood() -> int:
            sent = 0
            for _ in range(3_000):
                try:
                    ws.send_text(frame)
                except OSError:  # the server hung up on us
                    break
                sent += 1
            return sent

        await asyncio.to_thread(flood)
        # ~70 KB of history per join, never read: the server drops the socket once
        # MAX_QUEUED_BYTES are queued for it, instead of holding ~200 MB.
        for _ in range(200):
            if not s.app.transport.socks:
                break
            await asyncio.sleep(0.05)
        ws.close()
        assert s.app.transport.socks == {}
        eio_queues = [sock.queue.qsize() for sock in s.app.transport.sio.eio.sockets.values()]
        assert all(q < 64 for q in eio_queues)
