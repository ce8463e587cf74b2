"""The limits over the wire: payload size, elements kept, sockets per IP."""

from __future__ import annotations

import asyncio

import pytest
import socketio

from leflux.config import Limits


async def test_oversize_socket_payload_is_refused_with_error(srv, sio_client):
    c = await sio_client(srv.url)
    await c.emit("update_context", {"sessionId": c.session_id,
                                    "context": {"visibleText": "x" * 1_100_000}})
    err = await c.wait_for("error")
    assert err["code"] == "payload_too_large"
    assert c.sio.connected
    assert (await srv.app.store.get_session(c.session_id)).context is None
    await c.emit("update_context", {"sessionId": c.session_id,
                                    "context": {"visibleText": "x" * 200_000}})
    for _ in range(100):
        stored = await srv.app.store.get_session(c.session_id)
        if stored.context:
            break
        await asyncio.sleep(0.02)
    assert len(stored.context["visibleText"]) == 200_000


async def test_elements_kept_per_context(server_factory, sio_client):
    async with server_factory(limits=Limits(max_elements=50)) as s:
        c = await sio_client(s.url)
        els = [{"id": i, "tag": "button", "text": f"b{i}"} for i in range(120)]
        await c.emit("update_context", {"sessionId": c.session_id,
                                        "context": {"url": "http://site.test/",
                                                    "indexedElements": els}})
        for _ in range(100):
            stored = await s.app.store.get_session(c.session_id)
            if stored.context:
                break
            await asyncio.sleep(0.02)
        assert [e["id"] for e in stored.context["indexedElements"]] == list(range(50))


async def test_new_sockets_per_minute_per_ip(server_factory, sio_client):
    async with server_factory(limits=Limits(sockets_per_minute_per_ip=3)) as s:
        for _ in range(3):
            await sio_client(s.url, join=False)
        refused = socketio.AsyncClient(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await refused.connect(s.url, transports=["websocket"],
                                  headers={"Origin": "http://site.test"})
        # Refused at the engine.io handshake (before the upgrade). Its HTTP answer is a
        # sentence and the code (socket.io-client's shape for a refused connect).
        async with s.http() as h:
            r = await h.get("/socket.io/", params={"EIO": "4", "transport": "polling"})
            metrics = (await h.get("/metrics")).text
        refused_for_transport = "transport" in r.text.lower()  # WebSocket only
        if not refused_for_transport:
            body = r.json()
            assert r.status_code == 401
            assert body["message"].endswith(".") and "{" not in body["message"]
            assert body["data"] == {"code": "rate_limited"}
        count = 1.0 if refused_for_transport else 2.0
        assert f'leflux_errors_total{{code="rate_limited"}} {count}' in metrics


async def test_message_length_limit(server_factory, sio_client):
    async with server_factory(limits=Limits(max_message_chars=10)) as s:
        c = await sio_client(s.url)
        async with s.http() as h:
            r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": "x" * 11})
            assert r.status_code == 413
            r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": "x" * 10})
            assert r.status_code == 202
