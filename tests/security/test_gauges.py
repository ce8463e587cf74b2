"""The process's gauges stay true under sockets that leave at awkward moments."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.security.conftest import ALLOWED, LIFTED, SITE_A
from tests.security.rawws import RawWebSocket
from tests.support.server import LeFluxServer

ROUNDS = 300


@pytest.fixture(scope="module")
def gauged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    server = LeFluxServer(tmp_path_factory.mktemp("gauges"), allowed_origins=ALLOWED,
                          env=LIFTED)
    with server:
        yield server


def gauge(server: LeFluxServer, name: str) -> float:
    text = httpx.get(f"{server.url}/metrics", timeout=10).text
    match = re.search(rf"^{name} (\S+)$", text, re.M)
    assert match, f"{name} not in /metrics"
    return float(match.group(1))


def join_and_vanish(server: LeFluxServer) -> None:
    """Connect with a session id in the URL (the join starts at once), then close the
    TCP connection while the join is still reading the store."""
    ws = RawWebSocket("127.0.0.1", server.port,
                      f"/socket.io/?EIO=4&transport=websocket&sessionId={uuid.uuid4()}",
                      SITE_A)
    try:
        ws.recv_frame()  # engine.io's open packet
        ws.send_text("40")
    finally:
        ws.close()


async def test_sessions_gauge_returns_to_zero_after_disconnects_mid_join(gauged):
    def storm() -> None:
        with ThreadPoolExecutor(16) as pool:
            list(pool.map(lambda _: join_and_vanish(gauged), range(ROUNDS)))

    await asyncio.to_thread(storm)
    for _ in range(100):  # the server notices the closed sockets within moments
        if gauge(gauged, "leflux_sockets") == 0 and gauge(gauged, "leflux_sessions") == 0:
            break
        await asyncio.sleep(0.1)
    assert gauge(gauged, "leflux_sockets") == 0
    assert gauge(gauged, "leflux_sessions") == 0
