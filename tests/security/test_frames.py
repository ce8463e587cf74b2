"""Hostile frames and clients: over-size payloads are refused and the server keeps
serving everyone else; a client that sends but never reads cannot make the server
buffer without bound."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator

import httpx
import psutil
import pytest

from tests.security.conftest import ALLOWED, SITE_A, http, signup_context, sock
from tests.security.rawws import RawWebSocket
from tests.support.server import LeFluxServer

MB = 1024 * 1024


async def a_full_turn_works(server: LeFluxServer) -> None:
    async with sock(server) as s:
        async with http(server) as h:
            r = await h.post(f"/api/sessions/{s.session_id}/messages",
                             json={"text": "sign me up as Ahmed, ahmed@example.com",
                                   "context": signup_context()})
            assert r.status_code == 202
        plan = await s.wait_for("action_plan", within=10)
        assert plan["actions"]


async def test_oversized_socket_payload_is_refused_and_others_are_served(served):
    async with sock(served) as big, sock(served) as bystander:
        payload = {"sessionId": big.session_id,
                   "context": {"url": "https://a.com/", "visibleText": "x" * (1 * MB + 10)}}
        await big.sio.emit("update_context", payload)
        try:
            err = await big.wait_for("error", within=5)
            assert err["code"] == "payload_too_large"
        except TimeoutError:  # or the connection was dropped: refused either way
            assert not big.sio.connected
        assert "error" not in bystander.names()
        await a_full_turn_works(served)
        # The refused context was not stored: the session has none.
    async with http(served) as h:
        body = (await h.get(f"/api/sessions/{big.session_id}")).json()
        assert "x" * 1000 not in str(body)


async def test_huge_raw_frame_drops_only_that_connection(served):
    ws = await asyncio.to_thread(
        RawWebSocket, "127.0.0.1", served.port, "/socket.io/?EIO=4&transport=websocket", SITE_A)
    await asyncio.to_thread(ws.recv_frame)
    await asyncio.to_thread(ws.send_text, "40")
    try:  # 8 MiB in one frame, beyond even engine.io's hard cap
        await asyncio.to_thread(ws.send_text, '42["update_context",' + '"x' * (4 * MB) + '"]')
    except OSError:
        pass  # the server closed on us mid-frame: refused
    ws.close()
    await a_full_turn_works(served)


@pytest.fixture
def slow_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    server = LeFluxServer(tmp_path_factory.mktemp("slow"), allowed_origins=ALLOWED)
    with server:
        yield server


@pytest.mark.timeout(90)
async def test_client_that_never_reads_cannot_grow_server_memory(slow_target):
    """Amplification: each tiny join_session makes the server send the whole history
    (~85 KB here). The client sends 2,500 of them (~210 MB of answers) and reads none."""
    server = slow_target
    assert server.proc is not None
    proc = psutil.Process(server.proc.pid)
    sid = str(uuid.uuid4())
    async with http(server) as h:
        for i in range(20):
            r = await h.post(f"/api/sessions/{sid}/messages",
                             json={"text": f"note {i}: " + "lorem ipsum " * 330})
            assert r.status_code == 202
        for _ in range(100):  # the answers are in the history too
            hist = (await h.get(f"/api/sessions/{sid}")).json()["history"]
            if len(hist) >= 40:
                break
            await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)
    base = proc.memory_info().rss

    ws = await asyncio.to_thread(
        RawWebSocket, "127.0.0.1", server.port,
        f"/socket.io/?EIO=4&transport=websocket&sessionId={sid}", SITE_A)
    await asyncio.to_thread(ws.recv_frame)
    await asyncio.to_thread(ws.send_text, "40")
    frame = '42["join_session",' + json.dumps({"sessionId": sid}) + ']'

    def flood() -> int:
        sent = 0
        for _ in range(2_500):
            try:
                ws.send_text(frame)
            except OSError:  # the server hung up on us: that bounds it too
                break
            sent += 1
        return sent

    sent = await asyncio.to_thread(flood)
    peak = base
    served_ok = 0
    deadline = time.monotonic() + 12
    async with httpx.AsyncClient(base_url=server.url, timeout=5) as h:
        while time.monotonic() < deadline:
            peak = max(peak, proc.memory_info().rss)
            if (await h.get("/healthz")).status_code == 200:
                served_ok += 1
            await asyncio.sleep(0.25)
    ws.close()
    grown = (peak - base) / MB
    assert served_ok > 10  # the server kept answering others meanwhile
    assert grown < 100, f"server RSS grew {grown:.0f} MB for a client that reads nothing " \
                        f"({sent} joins sent)"
    await a_full_turn_works(server)
