"""``--planner hybrid`` inside a real ``leflux serve``: the rules planner plans what it is
sure of, the LLM (the fake OpenAI server on loopback, real HTTP + SSE) the rest; each plan
is counted on /metrics under the planner that made it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from leflux.agent.planners.hybrid import MIN_CONFIDENCE
from leflux.agent.planners.rules.planner import confidence, decide
from leflux.config import Settings
from tests.support.fake_llm import FakeRequest, FakeToolCall, Reply
from tests.support.fake_llm import Step as ScriptStep
from tests.support.fake_openai import FakeOpenAI
from tests.support.server import ORIGIN, LeFluxServer
from tests.unit.llm.conftest import signup_page

pytestmark = pytest.mark.timeout(90)


def context() -> dict[str, Any]:
    return signup_page().model_dump(exclude_none=True)


async def post(server: LeFluxServer, sid: str, text: str) -> None:
    async with httpx.AsyncClient(base_url=server.url, headers={"Origin": ORIGIN}) as h:
        r = await h.post(f"/api/sessions/{sid}/messages", json={"text": text,
                                                                "context": context()})
    assert r.status_code == 202, r.text


def plans_counted(metrics: str) -> dict[str, float]:
    return {line.split('planner="')[1].split('"')[0]: float(line.rsplit(" ", 1)[1])
            for line in metrics.splitlines() if line.startswith("leflux_plans_total{")}


async def test_rules_when_sure_llm_otherwise_and_metrics_count_both(tmp_path: Path,
                                                                    sio_client: Any) -> None:
    seen: list[FakeRequest] = []

    def model(req: FakeRequest) -> ScriptStep:
        seen.append(req)
        return Reply(text="Opening home.", tool_calls=[
            FakeToolCall("click", {"element_id": 6, "description": "Home"})])

    fake = await FakeOpenAI(model).start()
    server = LeFluxServer(tmp_path, planner="hybrid", extra_args=[
        "--model", "fake-model", "--openai-base-url", f"{fake.base_url}/v1"],
        env={"OPENAI_API_KEY": "sk-test"})
    await asyncio.to_thread(server.start)
    try:
        c = await sio_client(server.url)
        # The rules planner is sure of this one: no request reaches the model.
        await post(server, c.session_id, "tick I accept the terms")
        plan = await c.wait_for("action_plan", within=15)
        step = plan["actions"][0]
        assert (step["type"], step["elementId"]) == ("check_element", 4)
        assert seen == []
        await c.emit("action_complete", {"sessionId": c.session_id, "actionId": step["id"],
                                         "result": {"success": True, "description": "ok"}})
        n = len(c.events)
        await c.emit("continue_task", {"sessionId": c.session_id, "context": context()})
        await c.wait_for("task_complete", within=15, after=n)
        # Words the rules planner does not know: the model takes the request.
        n = len(c.events)
        await post(server, c.session_id, "bring me back to where I started from")
        plan = await c.wait_for("action_plan", within=15, after=n)
        assert (plan["actions"][0]["type"], plan["actions"][0]["elementId"]) == (
            "click_element", 6)
        assert len(seen) == 1
        async with httpx.AsyncClient(base_url=server.url) as h:
            metrics = (await h.get("/metrics")).text
        assert plans_counted(metrics) == {"rules": 1.0, "openai": 1.0}, metrics
    finally:
        server.stop()
        await fake.stop()


def test_how_sure_the_rules_planner_is() -> None:
    from tests.unit.llm.conftest import make_request

    for text, sure in [("tick I accept the terms", True), ("choose France", True),
                       ("bring me back to where I started from", False)]:
        req = make_request(text)
        decide(req)
        assert (confidence(req.planner_state) >= MIN_CONFIDENCE) is sure, text


def test_the_llm_behind_hybrid_is_chosen_from_flags_or_inferred(monkeypatch: Any) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    assert Settings(planner="hybrid", llm="anthropic").llm_kind() == "anthropic"
    assert Settings(planner="hybrid", model="claude-sonnet-4").llm_kind() == "anthropic"
    assert Settings(planner="hybrid", model="gpt-4o-mini").llm_kind() == "openai"
    with pytest.raises(Exception, match="--llm must be one of"):
        Settings(planner="hybrid", llm="llama")
