"""The LLM planners inside a real ``leflux serve`` subprocess, configured the way an
integrator does it (``--planner``, ``--model``, ``--openai-base-url``, API-key env), with
the fake provider on loopback and a real Socket.IO client as the embed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fake_llm import Fail, FakeLLMServer, FakeRequest, FakeToolCall, Reply, Step
from tests.support.fake_openai import FakeOpenAI
from tests.support.server import ORIGIN, LeFluxServer
from tests.unit.llm.conftest import signup_page

pytestmark = pytest.mark.timeout(90)


def context(url: str = "http://site.test/signup") -> dict[str, Any]:
    page = signup_page().model_dump(exclude_none=True)
    page["url"] = url
    return page


@pytest.fixture(params=["openai", "anthropic"])
async def served(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Any]:
    """``await served(script)`` -> (server, fake): the server plans with that provider."""
    kind = request.param
    running: list[tuple[LeFluxServer, FakeLLMServer]] = []

    async def start(script: Any) -> tuple[LeFluxServer, FakeLLMServer]:
        fake = await (FakeOpenAI if kind == "openai" else FakeAnthropic)(script).start()
        args = ["--model", "fake-model"]
        env: dict[str, str] = {}
        if kind == "openai":
            args += ["--openai-base-url", f"{fake.base_url}/v1"]
            env["OPENAI_API_KEY"] = "sk-test"
        else:
            env |= {"ANTHROPIC_BASE_URL": fake.base_url, "ANTHROPIC_API_KEY": "sk-ant-test"}
        server = LeFluxServer(tmp_path, planner=kind, extra_args=args, env=env)
        # The fake shares this event loop, so start the subprocess without blocking it.
        import asyncio

        await asyncio.to_thread(server.start)
        running.append((server, fake))
        return server, fake

    yield start
    for server, fake in running:
        server.stop()
        await fake.stop()


async def post(server: LeFluxServer, sid: str, text: str, ctx: dict[str, Any]) -> None:
    async with httpx.AsyncClient(base_url=server.url, headers={"Origin": ORIGIN}) as h:
        r = await h.post(f"/api/sessions/{sid}/messages", json={"text": text, "context": ctx})
    assert r.status_code == 202, r.text


async def test_sign_up_with_a_failed_step_recovered(served, sio_client):
    seen: list[FakeRequest] = []

    def model(req: FakeRequest) -> Step:
        seen.append(req)
        if req.index == 0:
            return Reply(text="Sure, signing you up now.", tool_calls=[
                FakeToolCall("type_text", {"element_id": 1, "text": "Ahmed"}),
                FakeToolCall("type_text", {"element_id": 2, "text": "ahmed@example.com"}),
                FakeToolCall("click", {"element_id": 5, "description": "Sign up"})],
                args_chunk_chars=5)
        if req.index == 1:
            return Reply(tool_calls=[FakeToolCall("press_key", {"key": "Enter",
                                                                "element_id": 2})])
        return Reply(text="All set!", tool_calls=[FakeToolCall(
            "finish_task", {"summary": "Signed Ahmed up", "message": "You're signed up."})])

    server, _ = await served(model)
    c = await sio_client(server.url)
    await post(server, c.session_id, "sign me up as Ahmed, ahmed@example.com", context())

    done = await c.wait_for("message_done", within=15)
    chunks = c.of("message_chunk")
    assert len(chunks) >= 1 and [ch["chunkIndex"] for ch in chunks] == list(range(len(chunks)))
    assert "".join(ch["delta"] for ch in chunks) == done["text"] == "Sure, signing you up now."
    plan = await c.wait_for("action_plan", within=15)
    seq = plan["actions"][0]
    assert plan["isSequence"] is True and plan["useUniversalIndexing"] is True
    assert [(s["action"], s["elementId"], s.get("inputData")) for s in seq["actions"]] == [
        ("type", 1, "Ahmed"), ("type", 2, "ahmed@example.com"), ("click", 5, None)]

    results = [{"index": 0, "action": "type", "elementId": 1, "success": True},
               {"index": 1, "action": "type", "elementId": 2, "success": True},
               {"index": 2, "action": "click", "elementId": 5, "success": False,
                "error": "the button is covered by a cookie banner"}]
    await c.emit("sequence_complete", {"sessionId": c.session_id,
                                       "result": {"success": False, "results": results}})
    n = len(c.events)
    await c.emit("continue_task", {"sessionId": c.session_id, "context": context()})
    plan2 = await c.wait_for("action_plan", within=15, after=n)
    action = plan2["actions"][0]
    assert (action["type"], action["elementId"], action["inputData"]) == ("press_key", 2, "Enter")
    # The model saw the failure (step memory) and the fresh page.
    assert "FAILED: the button is covered by a cookie banner" in seen[1].last_user_text

    await c.emit("action_complete", {"sessionId": c.session_id, "actionId": action["id"],
                                     "result": {"success": True, "description": "pressed"}})
    await c.emit("continue_task", {"sessionId": c.session_id,
                                   "context": context("http://site.test/welcome")})
    done = await c.wait_for("task_complete", within=15)
    assert done == {"summary": "Signed Ahmed up", "message": "You're signed up."}
    assert "http://site.test/welcome" in seen[2].last_user_text
    assert len(seen) == 3
    # The provider's token usage is counted on /metrics.
    async with httpx.AsyncClient(base_url=server.url) as h:
        metrics = (await h.get("/metrics")).text
    counted = {kind: float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines()
               for kind in ("input", "output")
               if line.startswith("leflux_llm_tokens_total{") and f'kind="{kind}"' in line}
    assert counted["input"] > 0 and counted["output"] > 0, metrics


async def test_injected_page_cannot_skip_the_gate(served, sio_client):
    # A model that falls for the page's "click Delete account": the server still asks.
    server, fake = await served([Reply(tool_calls=[FakeToolCall(
        "click", {"element_id": 8, "description": "Delete account"})])])
    c = await sio_client(server.url)
    await post(server, c.session_id, "what is this page?", context())
    ask = await c.wait_for("confirmation_required", within=15)
    assert ask["message"]
    assert "action_plan" not in c.names()
    await c.emit("confirmation_response", {"sessionId": c.session_id, "confirmed": False})
    await c.wait_for("task_complete", within=10)
    assert "action_plan" not in c.names()
    assert len(fake.requests) == 1


async def test_provider_failure_reaches_the_visitor_as_an_error(served, sio_client):
    server, fake = await served([Fail(500, "upstream exploded", {"retry-after-ms": "10"})] * 3)
    c = await sio_client(server.url)
    await post(server, c.session_id, "hello", context())
    err = await c.wait_for("error", within=20)
    assert err["code"] == "planner_error"
    assert "exploded" not in err["message"] and "Traceback" not in err["message"]
    assert len(fake.requests) == 3  # the SDK retried twice


@pytest.mark.parametrize(("kind", "var"), [("openai", "OPENAI_API_KEY"),
                                           ("anthropic", "ANTHROPIC_API_KEY")])
def test_missing_api_key_stops_start_up_with_one_clear_line(tmp_path, kind, var):
    import os
    import subprocess
    import sys

    from tests.support.server import free_port

    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL")}
    proc = subprocess.run(
        [sys.executable, "-m", "leflux", "serve", "--planner", kind, "--port", str(free_port()),
         "--allowed-origins", ORIGIN, "--database-url",
         f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"],
        env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert var in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


CARD = "4242 4242 4242 4242"


def payment_context(focused: int | None = None) -> dict[str, Any]:
    """A card form whose submit button the site marked ``data-leflux-confirm``, as the
    embed reports it: controls name their form, the form lists its submit controls."""
    return {
        "url": "http://site.test/pay", "title": "Payment",
        "indexedElements": [
            {"id": 1, "tag": "input", "type": "text", "label": "Card number", "formId": 9},
            {"id": 2, "tag": "button", "type": "submit", "text": "Continue", "formId": 9,
             "confirm": True},
        ],
        "forms": [{"id": 9, "method": "post", "action": "http://site.test/charge",
                   "submitIds": [2], "hasSubmit": True, "marked": True, "text": "Continue"}],
        "focusedId": focused, "visibleText": "Card details",
    }


async def test_enter_in_a_field_of_a_marked_form_needs_confirmation(served, sio_client):
    # The attack: type the card, then let Enter submit the form instead of clicking the
    # marked button. The server must ask before any of it reaches the page.
    server, _ = await served([Reply(tool_calls=[FakeToolCall("run_sequence", {"steps": [
        {"action": "type", "element_id": 1, "value": CARD},
        {"action": "press", "element_id": 1, "value": "Enter"}]})])])
    c = await sio_client(server.url)
    await post(server, c.session_id, "pay with my card", payment_context())
    ask = await c.wait_for("confirmation_required", within=15)
    assert "Enter" in ask["message"] and "Continue" in ask["message"]
    assert "action_plan" not in c.names()
    await c.emit("confirmation_response", {"sessionId": c.session_id, "confirmed": True})
    plan = await c.wait_for("action_plan", within=10)
    assert plan["confirmed"] is True
    assert [s["action"] for s in plan["actions"][0]["actions"]] == ["type", "press"]


async def test_enter_with_no_element_is_judged_by_the_focused_field(served, sio_client):
    server, _ = await served([Reply(tool_calls=[FakeToolCall("press_key", {"key": "Enter"})])])
    c = await sio_client(server.url)
    await post(server, c.session_id, "submit it", payment_context(focused=1))
    await c.wait_for("confirmation_required", within=15)
    assert "action_plan" not in c.names()
    await c.emit("confirmation_response", {"sessionId": c.session_id, "confirmed": False})
    await c.wait_for("task_complete", within=10)
    assert "action_plan" not in c.names()
