"""Two `leflux serve` processes on one database and one Redis: the kick and resume work
across processes."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from tests.support.server import LeFluxServer

REPO = Path(__file__).resolve().parents[2]
SCRIPTED = "tests.protocol.scripted_engine:create_engine"

pytestmark = pytest.mark.redis


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def pair(tmp_path):
    if not _redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    db = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    args = ["--redis-url", "redis://127.0.0.1:6379/0"]
    one = LeFluxServer(tmp_path, database_url=db, extra_args=args, engine=SCRIPTED).start()
    two = LeFluxServer(tmp_path, database_url=db, extra_args=args, engine=SCRIPTED).start()
    yield one, two
    one.stop()
    two.stop()


async def post(url: str, session_id: str, text: str) -> None:
    import httpx

    async with httpx.AsyncClient(headers={"Origin": "http://site.test"}) as h:
        r = await h.post(f"{url}/api/sessions/{session_id}/messages", json={"text": text})
    assert r.status_code == 202, r.text


async def test_kick_across_processes(pair, sio_client):
    one, two = pair
    a = await sio_client(one.url)
    b = await sio_client(two.url, session_id=a.session_id)
    err = await a.wait_for("error")
    assert err["code"] == "replaced"
    for _ in range(150):
        if not a.sio.connected:
            break
        await asyncio.sleep(0.02)
    assert not a.sio.connected and b.sio.connected
    # A message posted to process one is answered on the socket held by process two.
    await post(one.url, a.session_id, "say across")
    assert (await b.wait_for("message"))["text"] == "across"


async def test_resume_on_another_process(pair, sio_client):
    one, two = pair
    a = await sio_client(one.url)
    await post(one.url, a.session_id, "plan")
    plan = await a.wait_for("action_plan")
    await a.close()
    b = await sio_client(two.url, session_id=a.session_id)
    assert b.of("session_joined")[0]["restored"] is True
    assert await b.wait_for("action_plan") == plan
    await b.emit("action_complete", {"sessionId": a.session_id,
                                     "actionId": plan["actions"][0]["id"],
                                     "result": {"success": True, "description": "ok"}})
    assert (await b.wait_for("task_complete"))["message"] == "Done!"
