"""With ``--redis-url`` every limit is counted once for all processes: two servers behind
a balancer do not let one address through twice as often."""

from __future__ import annotations

import uuid

import httpx
import pytest
import socketio

from tests.support.server import ORIGIN

pytestmark = [pytest.mark.redis, pytest.mark.timeout(120)]

LOW = {
    "LEFLUX_MESSAGES_PER_MINUTE": "3",
    "LEFLUX_NEW_SESSIONS_PER_HOUR_PER_IP": "5",
    "LEFLUX_MESSAGES_PER_MINUTE_PER_IP": "12",
    "LEFLUX_SOCKETS_PER_MINUTE_PER_IP": "4",
}


async def post(url: str, session_id: str) -> tuple[int, str]:
    async with httpx.AsyncClient(base_url=url, headers={"Origin": ORIGIN}) as h:
        r = await h.post(f"/api/sessions/{session_id}/messages", json={"text": "hi"})
    return r.status_code, r.json().get("error", {}).get("message", "")


async def test_two_processes_share_every_limit(cluster, pg_url, redis_url):
    a, b = await cluster(2, database_url=pg_url, redis_url=redis_url, env=LOW)
    servers = (a, b)

    # One session's messages (3 a minute), alternating between the processes.
    one = str(uuid.uuid4())
    codes = [(await post(servers[i % 2].url, one))[0] for i in range(5)]
    assert codes == [202] * 3 + [429] * 2

    # New sessions from one address (5 an hour, one made above).
    fresh = [str(uuid.uuid4()) for _ in range(5)]
    answers = [await post(servers[i % 2].url, sid) for i, sid in enumerate(fresh)]
    assert [code for code, _ in answers] == [202] * 4 + [429]
    assert "new chats" in answers[-1][1]

    # The address's messages (12 a minute; 10 counted so): two more, then refused.
    answers = [await post(servers[i % 2].url, sid) for i, sid in enumerate(fresh[:3])]
    assert [code for code, _ in answers] == [202, 202, 429]
    assert "Too many messages from your network" in answers[-1][1]

    # Sockets from one address (4 a minute), alternating processes.
    clients = [socketio.AsyncClient(reconnection=False) for _ in range(5)]
    outcomes = []
    for i, c in enumerate(clients):
        try:
            await c.connect(servers[i % 2].url, transports=["websocket"],
                            headers={"Origin": ORIGIN}, wait_timeout=5)
            outcomes.append("connected")
        except socketio.exceptions.ConnectionError:
            outcomes.append("refused")
    for c in clients:
        if c.connected:
            await c.disconnect()
    assert outcomes == ["connected"] * 4 + ["refused"]
