"""The engine when its planner fails: an error to the visitor, the open task closed, a
streamed reply never left open."""

from __future__ import annotations

import asyncio

from leflux.agent.engine import TaskEngine
from leflux.agent.planner import (
    PlanActions,
    PlanEvent,
    PlanRequest,
    TextDelta,
)
from leflux.config import Limits
from leflux.protocol import ActionResult
from tests.unit.agent.memconv import MemConversation
from tests.unit.agent.scripted import click, engine_with, plain_page


async def test_planner_error_gives_error_and_closes_open_task() -> None:
    calls = {"n": 0}

    def script(r: PlanRequest) -> list[PlanEvent]:
        calls["n"] += 1
        return [TextDelta("Working"), PlanActions([click(1)])]

    eng, p = engine_with(script)
    conv = MemConversation()
    await eng.on_visitor_message(conv, "go", plain_page())
    aid = conv.of("action_plan")[0]["actions"][0]["id"]
    await eng.on_action_result(conv, aid, ActionResult(success=True))
    p.fail_after = 1
    conv.clear()
    await eng.on_continue(conv, plain_page())
    assert conv.of("message_done")[0]["text"] == "Working"  # the bubble still locks
    (err,) = conv.of("error")
    assert err["code"] == "planner_error" and "Traceback" not in err["message"]
    assert conv.of("action_plan") == []
    assert conv.of("task_complete") and await conv.active_task() is None


async def test_planner_timeout_is_a_planner_error() -> None:
    eng, _ = engine_with(lambda r: [TextDelta("slow"), PlanActions([click(1)])], delay_s=0.5,
                         limits=Limits(planner_timeout_s=0.1))
    conv = MemConversation()
    await asyncio.wait_for(eng.on_visitor_message(conv, "go", plain_page()), 5)
    assert [e["code"] for e in conv.of("error")] == ["planner_error"]
    assert conv.of("action_plan") == [] and await conv.active_task() is None


async def test_planner_error_message_is_kept_and_its_stream_closed() -> None:
    from leflux.errors import PlannerError

    closed = {"yes": False}

    class Failing:
        name = "failing"

        async def plan(self, request: PlanRequest):  # type: ignore[no-untyped-def]
            try:
                yield TextDelta("Hmm")
                raise PlannerError("The model service is busy. Please try again.")
            finally:
                closed["yes"] = True

        async def aclose(self) -> None:
            return None

    eng = TaskEngine(Failing())  # type: ignore[arg-type]
    conv = MemConversation()
    await eng.on_visitor_message(conv, "go", plain_page())
    assert conv.of("error") == [{"message": "The model service is busy. Please try again.",
                                 "code": "planner_error"}]
    assert closed["yes"]


async def test_timed_out_planner_stream_is_closed() -> None:
    closed = {"yes": False}

    class Slow:
        name = "slow"

        async def plan(self, request: PlanRequest):  # type: ignore[no-untyped-def]
            try:
                yield TextDelta("Thinking")
                await asyncio.sleep(10)
                yield PlanActions([click(1)])
            finally:
                closed["yes"] = True

        async def aclose(self) -> None:
            return None

    eng = TaskEngine(Slow(), Limits(planner_timeout_s=0.1))  # type: ignore[arg-type]
    conv = MemConversation()
    await asyncio.wait_for(eng.on_visitor_message(conv, "go", plain_page()), 5)
    assert [e["code"] for e in conv.of("error")] == ["planner_error"]
    assert closed["yes"] and conv.of("action_plan") == []
