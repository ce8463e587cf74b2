"""What a connected socket keeps (transport/socket.py): the handshake's environ cut to
what a connect handler reads, and engine.io's outgoing queue a SocketQueue. The session
keeps working over WebSocket (the only transport: a polling handshake is refused)."""

from __future__ import annotations

import pytest
import socketio

from leflux.transport.engine_socket import SocketQueue
from leflux.transport.handshake import ENVIRON_KEPT
from tests.conftest import ORIGIN


async def _check_trimmed(srv) -> None:
    sio = srv.app.transport.sio
    assert sio.environ, "no socket connected"
    for environ in sio.environ.values():
        assert set(environ) <= set(ENVIRON_KEPT)
        assert environ["HTTP_ORIGIN"] == ORIGIN
        assert "wsgi.input" not in environ  # engine.io's per-request class goes with it
        assert environ["asgi.scope"]["headers"] == []
        assert environ["asgi.scope"]["client"][0] == "127.0.0.1"
    for sock in sio.eio.sockets.values():
        assert isinstance(sock.queue, SocketQueue)


async def test_websocket_session_works_with_a_trimmed_environ(srv, sio_client):
    c = await sio_client(srv.url)
    await _check_trimmed(srv)
    # Events after the trim: a second join on the same socket, then an unknown event.
    await c.emit("join_session", {"sessionId": c.session_id})
    await c.wait_for("session_joined", after=1, pred=lambda e: True)
    await c.emit("no_such_event", {})
    err = await c.wait_for("error")
    assert err["code"] == "invalid_payload"


async def test_a_client_that_starts_with_polling_is_refused(srv):
    client = socketio.AsyncClient(reconnection=False)
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await client.connect(srv.url, transports=["polling", "websocket"],
                                 headers={"Origin": ORIGIN}, wait_timeout=5)
        assert not srv.app.transport.sio.eio.sockets
    finally:
        await client.disconnect()
