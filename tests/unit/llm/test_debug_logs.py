"""``--log-level debug`` never writes what visitors type or what their pages hold: the
server at debug, a real Socket.IO client, a real HTTP client and the fake OpenAI server,
then every line of the log is searched for those values."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.support.fake_llm import FakeRequest, FakeToolCall, Reply
from tests.support.fake_openai import FakeOpenAI
from tests.support.server import ORIGIN, LeFluxServer

pytestmark = pytest.mark.timeout(120)

CARD = "4242424242424242"
PAGE_SECRET = "zq-page-secret-7731"
FIELD_SECRET = "zq-field-value-5519"
TYPED = "zq-typed-result-9904"


def model(req: FakeRequest) -> Reply:
    if req.index == 0:
        return Reply(text=f"Typing {CARD}.", tool_calls=[FakeToolCall(
            "type_text", {"element_id": 1, "text": CARD, "description": "Card number"})])
    return Reply(tool_calls=[FakeToolCall("finish_task", {"summary": "typed",
                                                          "message": "Done."})])


def context() -> dict[str, object]:
    return {"url": "http://site.test/pay", "title": "Pay", "visibleText": PAGE_SECRET,
            "indexedElements": [
                {"id": 1, "tag": "input", "type": "text", "label": "Card number"},
                {"id": 2, "tag": "input", "type": "text", "label": "Note",
                 "value": FIELD_SECRET}],
            "forms": [], "focusedId": None}


async def test_debug_logs_hold_no_visitor_values(tmp_path: Path, sio_client) -> None:
    fake = await FakeOpenAI(model).start()
    server = LeFluxServer(tmp_path, planner="openai",
                          extra_args=["--model", "fake-model", "--log-level", "debug",
                                      "--openai-base-url", f"{fake.base_url}/v1"],
                          env={"OPENAI_API_KEY": "sk-test"})
    await asyncio.to_thread(server.start, 120)
    try:
        c = await sio_client(server.url)
        await c.emit("update_context", {"sessionId": c.session_id, "context": context()})
        async with httpx.AsyncClient(base_url=server.url, headers={"Origin": ORIGIN}) as h:
            r = await h.post(f"/api/sessions/{c.session_id}/messages",
                             json={"text": f"pay with card {CARD}", "context": context()})
            assert r.status_code == 202
        plan = await c.wait_for("action_plan", within=30)
        action = plan["actions"][0]
        assert action["inputData"] == CARD
        await c.emit("action_complete", {"sessionId": c.session_id, "actionId": action["id"],
                                         "result": {"success": True, "description": TYPED}})
        await c.emit("continue_task", {"sessionId": c.session_id, "context": context()})
        await c.wait_for("task_complete", within=30)
    finally:
        server.stop()
        await fake.stop()
    log = server.log_path.read_text(errors="replace")
    assert "DEBUG" in log  # the level took effect
    leaked = [line[:200] for line in log.splitlines()
              if any(v in line for v in (CARD, "4242 4242", PAGE_SECRET, FIELD_SECRET, TYPED))]
    assert leaked == []
