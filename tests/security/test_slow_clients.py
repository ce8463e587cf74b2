"""Slow and half-sent requests (issue 11, item 5): every connection must finish its
request headers within ``LEFLUX_HEADER_TIMEOUT_S``, and past
``LEFLUX_MAX_CONNECTIONS`` open connections new requests are answered 503 at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from tests.security.conftest import ALLOWED, LIFTED, sock
from tests.support.server import LeFluxServer

pytestmark = pytest.mark.timeout(120)
PARTIAL = 100  # half-sent requests held open at once (loopback only)


@pytest.fixture(scope="module")
def impatient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    server = LeFluxServer(tmp_path_factory.mktemp("slow"), allowed_origins=ALLOWED,
                          env={**LIFTED, "LEFLUX_HEADER_TIMEOUT_S": "1"})
    with server:
        yield server


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    server = LeFluxServer(tmp_path_factory.mktemp("capped"), allowed_origins=ALLOWED,
                          env={"LEFLUX_MAX_CONNECTIONS": "20", "LEFLUX_HEADER_TIMEOUT_S": "60"})
    with server:
        yield server


async def hold(server: LeFluxServer, first_bytes: bytes) -> tuple[asyncio.StreamReader,
                                                                  asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    if first_bytes:
        writer.write(first_bytes)
        await writer.drain()
    return reader, writer


async def closed_within(reader: asyncio.StreamReader, seconds: float) -> bool:
    """True when the server ends the connection (EOF) within ``seconds``."""
    try:
        async with asyncio.timeout(seconds):
            while await reader.read(4096):
                pass
        return True
    except (TimeoutError, ConnectionError):
        return False


async def get(server: LeFluxServer, path: str = "/healthz") -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    head = await asyncio.wait_for(reader.read(4096), 10)
    writer.close()
    return int(head.split()[1])


async def test_half_sent_requests_are_closed_after_the_header_timeout(impatient):
    started = time.monotonic()
    kinds = [b"", b"GET / HT", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "]
    held = [await hold(impatient, kinds[i % 3]) for i in range(PARTIAL)]
    closed = await asyncio.gather(*(closed_within(r, 10) for r, _ in held))
    assert all(closed), f"{closed.count(False)} of {PARTIAL} still open"
    assert time.monotonic() - started < 10
    for _, w in held:
        w.close()
    assert await get(impatient) == 200


async def test_keep_alive_then_a_dribbled_request_is_closed_too(impatient):
    reader, writer = await hold(impatient, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert b" 200 " in await asyncio.wait_for(reader.readuntil(b"\r\n"), 5)
    writer.write(b"GET /healthz HTTP/1.1\r\nHo")  # the next request, never finished
    await writer.drain()
    assert await closed_within(reader, 10)
    writer.close()


async def test_websockets_outlive_the_header_timeout(impatient):
    async with sock(impatient) as s:
        await asyncio.sleep(2.5)  # > the 1 s header timeout
        assert s.sio.connected
        await s.sio.emit("join_session", {"sessionId": s.session_id})
        await s.wait_for("session_joined", after=1)


async def test_past_max_connections_requests_get_503(capped):
    held = [await hold(capped, b"GET / HT") for _ in range(20)]
    try:
        assert await get(capped) == 503
    finally:
        for _, w in held:
            w.close()
    for _ in range(50):
        if await get(capped) == 200:
            break
        await asyncio.sleep(0.1)
    assert await get(capped) == 200
