"""Below Socket.IO (issue 11, item 4): engine.io connections that never send the
Socket.IO CONNECT are Origin-checked and counted at the handshake, and closed when the
CONNECT does not come; undecodable frames close their socket with one warning line."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator

import pytest
import socketio

from tests.security.conftest import ALLOWED, SITE_A, sock
from tests.security.rawws import RawWebSocket
from tests.support.server import LeFluxServer

pytestmark = pytest.mark.timeout(120)
EIO_PATH = "/socket.io/?EIO=4&transport=websocket"


@pytest.fixture
def fresh(tmp_path) -> Iterator[LeFluxServer]:
    """Default limits: 60 new sockets per minute per address."""
    server = LeFluxServer(tmp_path, allowed_origins=ALLOWED)
    with server:
        yield server


def engineio_only(server: LeFluxServer, origin: str | None = SITE_A) -> RawWebSocket:
    """An engine.io WebSocket that reads the open packet and sends nothing more."""
    ws = RawWebSocket("127.0.0.1", server.port, EIO_PATH, origin or "")
    assert ws.recv_frame().startswith("0{")
    return ws


def closed_by_server(ws: RawWebSocket, within: float) -> bool:
    """True once the server sends a WebSocket close frame or ends the connection."""
    ws.sock.settimeout(0.5)
    deadline = time.monotonic() + within
    buf = b""
    while time.monotonic() < deadline:
        try:
            chunk = ws.sock.recv(4096)
        except TimeoutError:
            continue
        except OSError:
            return True
        if not chunk:
            return True
        buf += chunk
        while len(buf) >= 2:  # server frames: unmasked, these are short
            opcode, n = buf[0] & 0x0F, buf[1] & 0x7F
            head = 2 + (2 if n == 126 else 8 if n == 127 else 0)
            if n >= 126:
                if len(buf) < head:
                    break
                n = int.from_bytes(buf[2:head], "big")
            if opcode == 0x8:
                return True
            if len(buf) < head + n:
                break
            buf = buf[head + n:]
    return False


def handshake_status(server: LeFluxServer, origin: str | None) -> str:
    """The status line of a bare WebSocket upgrade (no Origin header when None)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        head = (f"GET {EIO_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\n")
        if origin is not None:
            head += f"Origin: {origin}\r\n"
        s.sendall((head + "\r\n").encode())
        return s.recv(4096).split(b"\r\n", 1)[0].decode()


async def test_no_origin_is_refused_at_the_engineio_handshake(fresh):
    status = await asyncio.to_thread(handshake_status, fresh, None)
    assert " 101 " not in status and status.split()[1].startswith("4"), status
    assert " 101 " in await asyncio.to_thread(handshake_status, fresh, SITE_A)


async def test_sockets_without_connect_count_against_the_address(fresh):
    # 60 engine.io-only sockets (never a Socket.IO CONNECT) take the whole minute.
    silent = [await asyncio.to_thread(engineio_only, fresh) for _ in range(60)]
    try:
        with pytest.raises(ConnectionError):  # the 61st, even a raw one, is refused
            await asyncio.to_thread(engineio_only, fresh)
        with pytest.raises(socketio.exceptions.ConnectionError):
            async with sock(fresh, join=False):
                pass
    finally:
        for ws in silent:
            ws.close()


async def test_a_socket_that_never_sends_connect_is_closed(fresh):
    ws = await asyncio.to_thread(engineio_only, fresh)
    try:
        assert await asyncio.to_thread(closed_by_server, ws, 15.0)
    finally:
        ws.close()


async def test_garbage_frames_close_the_socket_with_one_warning(fresh):
    socks = []
    for frame in ("", "x", "9", "", "x", "9"):
        ws = await asyncio.to_thread(engineio_only, fresh)
        await asyncio.to_thread(ws.send_text, "40")
        assert (await asyncio.to_thread(ws.recv_frame)).startswith("40{")
        await asyncio.to_thread(ws.send_text, frame)
        socks.append(ws)
    try:
        for ws in socks:
            assert await asyncio.to_thread(closed_by_server, ws, 5.0)
    finally:
        for ws in socks:
            ws.close()
    # Everyone else is served as before.
    async with sock(fresh) as s:
        assert s.of("session_joined")
    log = fresh.log_path.read_text()
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
    warnings = [line for line in log.splitlines() if "undecodable engine.io frame" in line]
    assert len(warnings) == 1 and warnings[0].startswith("WARNING"), warnings
