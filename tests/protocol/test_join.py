"""Joining: query parameter or join_session, Origin at the handshake, site binding, kick."""

from __future__ import annotations

import asyncio

import pytest
import socketio

from tests.conftest import ORIGIN, new_session_id


async def test_join_by_query_parameter(srv, sio_client):
    c = await sio_client(srv.url)
    joined = c.of("session_joined")[0]
    assert joined == {"sessionId": c.session_id, "restored": False, "history": []}


async def test_join_by_event(srv, sio_client):
    c = await sio_client(srv.url, query=False)
    joined = c.of("session_joined")[0]
    assert joined["sessionId"] == c.session_id
    assert joined["restored"] is False


async def test_rejoin_is_restored_with_history(srv, sio_client):
    c = await sio_client(srv.url)
    async with srv.http() as h:
        r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": "say hi"})
    assert r.status_code == 202
    await c.wait_for("message")
    await c.close()
    c2 = await sio_client(srv.url, session_id=c.session_id, query=False)
    joined = c2.of("session_joined")[0]
    assert joined["restored"] is True
    roles = [(m["role"], m["text"]) for m in joined["history"]]
    assert roles == [("visitor", "say hi"), ("agent", "hi")]
    assert all(m["id"] and m["createdAt"].endswith("Z") for m in joined["history"])


@pytest.mark.parametrize("bad", ["not-a-uuid", "", 42, None, "{" + new_session_id() + "}",
                                 new_session_id().upper() + "x"])
async def test_join_with_bad_session_id_is_an_error(srv, sio_client, bad):
    c = await sio_client(srv.url, join=False)
    await c.emit("join_session", {"sessionId": bad})
    err = await c.wait_for("error")
    assert err["code"] == "invalid_session"
    assert "Traceback" not in err["message"]
    assert "session_joined" not in c.names()
    assert c.sio.connected


async def test_bad_query_session_id_is_an_error(srv, sio_client):
    c = await sio_client(srv.url, join=False)
    await c.close()
    sio = socketio.AsyncClient(reconnection=False)
    got: list = []
    sio.on("*", lambda ev, data: got.append((ev, data)))
    await sio.connect(f"{srv.url}?sessionId=nope", transports=["websocket"],
                      headers={"Origin": ORIGIN})
    for _ in range(100):
        if got:
            break
        await asyncio.sleep(0.02)
    await sio.disconnect()
    assert got and got[0][0] == "error" and got[0][1]["code"] == "invalid_session"


@pytest.mark.parametrize("origin", [None, "http://evil.test", "http://site.test:8080",
                                    "https://site.test", "null"])
async def test_handshake_refused_for_other_origins(srv, sio_client, origin):
    with pytest.raises(socketio.exceptions.ConnectionError):
        await sio_client(srv.url, origin=origin)


async def test_wildcard_origins(server_factory, sio_client):
    async with server_factory(allowed_origins=("https://*.a.com",)) as s:
        c = await sio_client(s.url, origin="https://shop.a.com")
        assert c.of("session_joined")
        for bad in ("https://a.com", "https://evil-a.com", "https://a.com.evil.net",
                    "http://shop.a.com"):
            with pytest.raises(socketio.exceptions.ConnectionError):
                await sio_client(s.url, origin=bad)


async def test_session_bound_to_its_site(server_factory, sio_client, tmp_path):
    from leflux.storage.opening import open_database
    from leflux.storage.store import SiteRow, Store

    db = f"sqlite+aiosqlite:///{tmp_path / 'sites.db'}"
    store = Store(await open_database(db))
    await store.upsert_site(SiteRow(name="other", origins=["http://other.test"]))
    await store.close()
    async with server_factory(database_url=db) as s:
        a = await sio_client(s.url)
        b = await sio_client(s.url, origin="http://other.test", session_id=a.session_id,
                             wait_joined=False)
        err = await b.wait_for("error")
        assert err["code"] == "forbidden"
        for _ in range(100):
            if not b.sio.connected:
                break
            await asyncio.sleep(0.02)
        assert not b.sio.connected
        assert "error" not in a.names()  # the rightful socket was not kicked
        async with s.http("http://other.test") as h:
            r = await h.get(f"/api/sessions/{a.session_id}")
            assert r.status_code == 403
            r = await h.post(f"/api/sessions/{a.session_id}/messages", json={"text": "x"})
            assert r.status_code == 403
            assert r.json()["error"]["code"] == "forbidden"


async def test_newer_socket_kicks_older(srv, sio_client):
    a = await sio_client(srv.url)
    b = await sio_client(srv.url, session_id=a.session_id, query=False)
    err = await a.wait_for("error")
    assert err["code"] == "replaced"
    for _ in range(100):
        if not a.sio.connected:
            break
        await asyncio.sleep(0.02)
    assert not a.sio.connected
    assert b.sio.connected
    assert "error" not in b.names()
    # The new socket gets the session's events, the old one nothing more.
    n = len(a.events)
    async with srv.http() as h:
        await h.post(f"/api/sessions/{a.session_id}/messages", json={"text": "say again"})
    await b.wait_for("message")
    assert len(a.events) == n


async def test_engineio_handshake_over_websocket_only(srv):
    import json

    import httpx
    import websockets

    url = srv.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(url, additional_headers={"Origin": ORIGIN}) as ws:
        raw = await ws.recv()
    assert raw[0] == "0"  # engine.io OPEN
    opened = json.loads(raw[1:])
    assert opened["pingInterval"] == 25000 and opened["pingTimeout"] == 20000
    # What it announces is the real limit (1 MiB), and no upgrade: WebSocket only.
    assert opened["maxPayload"] == 1_048_576 and opened["upgrades"] == []
    async with httpx.AsyncClient(base_url=srv.url, headers={"Origin": ORIGIN}) as h:
        r = await h.get("/socket.io/", params={"EIO": "4", "transport": "polling"})
    assert r.status_code == 400 and "Invalid transport" in r.text
