"""Resume: whatever the visitor still owes an answer to is re-sent on join — after a
reconnect, mid-stream, and after a kill -9 and restart of the server process."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.conftest import Client
from tests.support.server import LeFluxServer

REPO = Path(__file__).resolve().parents[2]
SCRIPTED = "tests.protocol.scripted_engine:create_engine"


async def post(url: str, session_id: str, text: str) -> None:
    import httpx

    async with httpx.AsyncClient(headers={"Origin": "http://site.test"}) as h:
        r = await h.post(f"{url}/api/sessions/{session_id}/messages", json={"text": text})
    assert r.status_code == 202, r.text


async def test_outstanding_plan_resent_with_same_ids(srv, sio_client):
    c = await sio_client(srv.url)
    await post(srv.url, c.session_id, "plan2")
    plan = await c.wait_for("action_plan")
    first = plan["actions"][0]["id"]
    await c.emit("action_complete", {"sessionId": c.session_id, "actionId": first,
                                     "result": {"success": True, "description": "typed"}})
    await asyncio.sleep(0.3)
    await c.close()
    c2 = await sio_client(srv.url, session_id=c.session_id)
    joined = c2.of("session_joined")[0]
    assert joined["restored"] is True
    assert joined["activeTask"]["state"] == "awaiting_action"
    again = await c2.wait_for("action_plan")
    assert again == plan  # same ids; the embed skips the one it already ran
    assert c2.names().index("session_joined") < c2.names().index("action_plan")
    # Finishing the plan stops it being owed.
    await c2.emit("action_complete", {"sessionId": c.session_id,
                                      "actionId": plan["actions"][1]["id"],
                                      "result": {"success": True, "description": "clicked"}})
    await c2.wait_for("task_complete")
    await c2.close()
    c3 = await sio_client(srv.url, session_id=c.session_id)
    await asyncio.sleep(0.3)
    assert "action_plan" not in c3.names()
    assert "activeTask" not in c3.of("session_joined")[0]


async def test_pending_confirmation_resent(srv, sio_client):
    c = await sio_client(srv.url)
    await post(srv.url, c.session_id, "confirm")
    prompt = await c.wait_for("confirmation_required")
    await c.close()
    c2 = await sio_client(srv.url, session_id=c.session_id, query=False)
    assert c2.of("session_joined")[0]["activeTask"]["state"] == "awaiting_confirmation"
    assert await c2.wait_for("confirmation_required") == prompt
    assert "action_plan" not in c2.names()
    await c2.emit("confirmation_response", {"sessionId": c.session_id, "confirmed": True})
    await c2.wait_for("action_plan")


def _stream_of(client: Client, stream_id: str) -> list[tuple[int, str]]:
    return [(d["chunkIndex"], d["delta"]) for d in client.of("message_chunk")
            if d["streamId"] == stream_id]


async def test_join_mid_stream_replays_then_continues(srv, sio_client):
    a = await sio_client(srv.url)
    await post(srv.url, a.session_id, "stream 30 30")
    await a.wait_for("message_chunk", pred=lambda d: d["chunkIndex"] >= 8)
    b = await sio_client(srv.url, session_id=a.session_id)
    done = await b.wait_for("message_done", within=10)
    chunks = _stream_of(b, done["streamId"])
    assert chunks == [(i, f"c{i} ") for i in range(30)]  # each once, in order
    assert done["text"] == "".join(f"c{i} " for i in range(30))
    names = b.names()
    assert names.index("session_joined") < names.index("message_chunk")
    # The streaming reply was not history yet when b joined; now it is.
    assert b.of("session_joined")[0]["history"][-1]["role"] == "visitor"
    b2 = await sio_client(srv.url, session_id=a.session_id)
    assert b2.of("session_joined")[0]["history"][-1]["text"] == done["text"]


async def test_resume_after_kill_and_restart(tmp_path, sio_client):
    server = LeFluxServer(tmp_path, engine=SCRIPTED)
    server.start()
    try:
        c = await sio_client(server.url)
        await post(server.url, c.session_id, "say before")
        await c.wait_for("message")
        await post(server.url, c.session_id, "plan2")
        plan = await c.wait_for("action_plan")
        # A second session is mid-stream when the process dies.
        s = await sio_client(server.url)
        await post(server.url, s.session_id, "stream 200 40")
        await s.wait_for("message_chunk", pred=lambda d: d["chunkIndex"] >= 10)
        await asyncio.sleep(0.3)  # past a batched write of the chunks
        seen = _stream_of(s, s.of("message_chunk")[0]["streamId"])
        server.kill()
        await c.close()
        await s.close()

        server.start()
        c2 = await sio_client(server.url, session_id=c.session_id)
        joined = c2.of("session_joined")[0]
        assert joined["restored"] is True
        assert [(m["role"], m["text"]) for m in joined["history"]] == [
            ("visitor", "say before"), ("agent", "before"), ("visitor", "plan2")]
        assert joined["activeTask"]["state"] == "awaiting_action"
        assert await c2.wait_for("action_plan") == plan

        s2 = await sio_client(server.url, session_id=s.session_id)
        done = await s2.wait_for("message_done")
        replay = _stream_of(s2, done["streamId"])
        # The stored chunks come back with their indices; the reply ends with its text so far.
        assert len(replay) >= 10
        assert replay == [(i, f"c{i} ") for i in range(len(replay))]
        assert replay[: len(seen)] == seen[: len(replay)]
        assert done["text"] == "".join(d for _, d in replay)
        s3 = await sio_client(server.url, session_id=s.session_id)
        await asyncio.sleep(0.3)
        assert "message_chunk" not in s3.names()
        assert s3.of("session_joined")[0]["history"][-1]["text"] == done["text"]
    finally:
        server.stop()


@pytest.mark.pg
async def test_resume_after_restart_on_postgresql(tmp_path, sio_client):
    from tests.unit.test_store import PG_URL, _pg_available

    if not await _pg_available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    server = LeFluxServer(tmp_path, database_url=PG_URL, engine=SCRIPTED)
    server.start()
    try:
        c = await sio_client(server.url)
        await post(server.url, c.session_id, "confirm")
        prompt = await c.wait_for("confirmation_required")
        server.kill()
        await c.close()
        server.start()
        c2 = await sio_client(server.url, session_id=c.session_id)
        joined = c2.of("session_joined")[0]
        assert joined["restored"] is True
        assert joined["activeTask"]["state"] == "awaiting_confirmation"
        assert await c2.wait_for("confirmation_required") == prompt
        await c2.emit("confirmation_response", {"sessionId": c.session_id, "confirmed": True})
        plan = await c2.wait_for("action_plan")
        await c2.emit("action_complete", {"sessionId": c.session_id,
                                          "actionId": plan["actions"][0]["id"],
                                          "result": {"success": True, "description": "ok"}})
        assert (await c2.wait_for("task_complete"))["message"] == "Done!"
    finally:
        server.stop()
