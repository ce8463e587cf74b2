"""Floods against a server with the default limits: 60 new sockets per minute
per IP, 20 visitor messages per minute per session."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
import socketio

from tests.security.conftest import ALLOWED, SITE_A, Sock, http, sock
from tests.support.server import LeFluxServer


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    server = LeFluxServer(tmp_path_factory.mktemp("floods"), allowed_origins=ALLOWED)
    with server:
        yield server


async def test_61st_socket_in_a_minute_is_rate_limited(strict):
    clients: list[socketio.AsyncClient] = []
    try:
        async def one() -> socketio.AsyncClient:
            c = socketio.AsyncClient(reconnection=False)
            clients.append(c)
            await c.connect(strict.url, transports=["websocket"], headers={"Origin": SITE_A},
                            wait_timeout=10)
            return c

        await asyncio.gather(*(one() for _ in range(60)))
        assert all(c.connected for c in clients)
        refused = Sock()
        with pytest.raises(socketio.exceptions.ConnectionError):
            await refused.sio.connect(strict.url, transports=["websocket"],
                                      headers={"Origin": SITE_A}, wait_timeout=5)
        # Refused at the engine.io handshake; its answer says why (a WebSocket client
        # sees only the failed upgrade).
        async with http(strict) as h:
            metrics = (await h.get("/metrics")).text
        assert 'leflux_errors_total{code="rate_limited"} 1.0' in metrics
        # Closing sockets does not refill the budget within the minute...
        for c in clients[:10]:
            await c.disconnect()
        with pytest.raises(socketio.exceptions.ConnectionError):
            async with sock(strict, join=False):
                pass
        # ...and the 60 already connected keep working.
        assert all(c.connected for c in clients[10:])
    finally:
        for c in clients:
            if c.connected:
                await c.disconnect()


async def test_21st_message_in_a_minute_is_rate_limited(strict):
    sid, other = str(uuid.uuid4()), str(uuid.uuid4())
    async with http(strict) as h:
        codes = []
        for i in range(21):
            r = await h.post(f"/api/sessions/{sid}/messages", json={"text": f"hello {i}"})
            codes.append(r.status_code)
        assert codes[:20] == [202] * 20
        assert codes[20] == 429
        assert r.json()["error"]["code"] == "rate_limited"
        assert "Traceback" not in r.text
        # Per session: another session of the same visitor IP is not affected.
        r = await h.post(f"/api/sessions/{other}/messages", json={"text": "hello"})
        assert r.status_code == 202
        # The refused message is not in the history.
        history = (await h.get(f"/api/sessions/{sid}")).json()["history"]
        visitor = [m["text"] for m in history if m["role"] == "visitor"]
        assert visitor == [f"hello {i}" for i in range(20)]
