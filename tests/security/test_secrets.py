"""Secrets stay out of the server log at the default level: the API key, what the
visitor typed (name, email) and page content, across a full LLM turn, a malformed tool
call, a provider failure and rejected payloads."""

from __future__ import annotations

import asyncio
import os
import secrets
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.security.conftest import ALLOWED, http, signup_context, sock
from tests.support.fake_llm import Fail, FakeRequest, FakeToolCall, Reply, Step
from tests.support.fake_openai import FakeOpenAI
from tests.support.server import LeFluxServer

pytestmark = pytest.mark.timeout(90)

KEY = "sk-canary-" + secrets.token_hex(16)
NAME = "Zelda Quxworth"
EMAIL = "zelda.quxworth@example.org"
PAGE_TEXT = "Marmalade-Orbit-Canary"
PAGE_LABEL = "Lighthouse-Canary-Label"


def page() -> dict[str, Any]:
    return signup_context(extra_text=f"Members get {PAGE_TEXT} perks.", extra_elements=[
        {"id": 6, "tag": "input", "type": "text", "label": PAGE_LABEL}])


def model(req: FakeRequest) -> Step:
    if req.index == 0:  # text, then a plan carrying the visitor's details
        return Reply(text=f"Signing you up, {NAME}.", tool_calls=[
            FakeToolCall("type_text", {"element_id": 1, "text": NAME}),
            FakeToolCall("type_text", {"element_id": 2, "text": EMAIL}),
            FakeToolCall("click", {"element_id": 3, "description": "Sign up"})])
    if req.index in (1, 2):  # a malformed call (unknown element) twice: refused, logged
        return Reply(tool_calls=[FakeToolCall("type_text", {
            "element_id": 999, "text": EMAIL, "description": f"{PAGE_LABEL} {NAME}"})])
    return Fail(500, "upstream broke", {"retry-after-ms": "10"})


async def test_no_secrets_in_the_log(tmp_path: Path):
    fake = await FakeOpenAI(model).start()
    env = {"OPENAI_API_KEY": KEY}
    server = LeFluxServer(tmp_path, planner="openai", allowed_origins=ALLOWED, env=env,
                          extra_args=["--model", "fake-model",
                                      "--openai-base-url", f"{fake.base_url}/v1"])
    server.env.pop("LEFLUX_LOG_LEVEL", None)  # the default level, whatever the caller set
    try:
        await asyncio.to_thread(server.start)
        sid = str(uuid.uuid4())
        async with sock(server, session_id=sid) as s, http(server) as h:
            r = await h.post(f"/api/sessions/{sid}/messages", json={
                "text": f"sign me up as {NAME}, {EMAIL}", "context": page()})
            assert r.status_code == 202
            plan = await s.wait_for("action_plan", within=15)
            await s.sio.emit("sequence_complete", {"sessionId": sid, "result": {
                "success": True, "results": [
                    {"index": 0, "action": "type", "elementId": 1, "success": True,
                     "description": f"typed {NAME}"},
                    {"index": 1, "action": "type", "elementId": 2, "success": True,
                     "description": f"typed {EMAIL}"},
                    {"index": 2, "action": "click", "elementId": 3, "success": True}]}})
            n = len(s.events)
            await s.sio.emit("continue_task", {"sessionId": sid, "context": page()})
            await wait_settled(s, n)
            n = len(s.events)  # the provider fails on the next message
            r = await h.post(f"/api/sessions/{sid}/messages", json={
                "text": f"try again, my email is {EMAIL}", "context": page()})
            assert r.status_code == 202
            await wait_settled(s, n)
            n = len(s.events)
            # Rejected payloads that carry the visitor's data.
            await s.sio.emit("action_complete", {"sessionId": sid, "actionId": EMAIL,
                                                 "result": {"success": "yes", "error": NAME}})
            await s.sio.emit("update_context", {"sessionId": sid, "context": {
                "indexedElements": [{"id": "x", "tag": "input", "value": EMAIL}],
                "visibleText": PAGE_TEXT}})
            await s.wait_for("error", within=5, after=n)
            r = await h.post(f"/api/sessions/{sid}/messages",
                             json={"text": 5, "context": {"visibleText": EMAIL}})
            assert r.status_code == 400
            assert plan["actions"]
        await asyncio.sleep(0.5)
    finally:
        server.stop()
        await fake.stop()
    log = server.log_path.read_text(errors="replace")
    # The paths that log were taken: the refused tool call and the provider failure.
    assert "refused tool calls" in log and "provider failed" in log, log[-3000:]
    for secret in (KEY, KEY[-12:], EMAIL, "zelda.quxworth", NAME, PAGE_TEXT, PAGE_LABEL):
        assert secret not in log, f"{secret!r} is in the server log:\n{log[-3000:]}"
    assert os.environ.get("OPENAI_API_KEY") != KEY


async def wait_settled(s: Any, after: int, within: float = 20.0) -> None:
    """Until the open task has ended one way or another (error, message, completion)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if any(n in ("error", "task_complete", "message") for n in s.names()[after:]):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"the task did not settle: {s.names()[after:]}")


async def test_rules_server_log_has_no_visitor_data(served):
    """The shared rules-planner server, after everything the suite has sent it."""
    sid = str(uuid.uuid4())
    async with sock(served, session_id=sid) as s, http(served) as h:
        r = await h.post(f"/api/sessions/{sid}/messages",
                         json={"text": f"sign me up as {NAME}, {EMAIL}", "context": page()})
        assert r.status_code == 202
        await s.wait_for("action_plan", within=10)
        await s.sio.emit("update_context", {"sessionId": sid, "context": {
            "indexedElements": [{"id": "bad", "value": EMAIL}], "visibleText": PAGE_TEXT}})
        await s.wait_for("error", within=5)
    await asyncio.sleep(0.3)
    log = served.log_path.read_text(errors="replace")
    for secret in (EMAIL, NAME, PAGE_TEXT, PAGE_LABEL):
        assert secret not in log, f"{secret!r} is in the server log"
