"""A planner that plays a script: a real ``Planner`` whose decisions are given by a test.

``script(request) -> list[PlanEvent]`` is called once per planning call; every request is
kept so tests can check what the engine handed over (memory, results, planner_state).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from leflux.agent.engine import TaskEngine
from leflux.agent.planner import PlanEvent, PlanRequest
from leflux.protocol import PageContext, Step
from tests.unit.agent.pages import page_context


class ScriptedPlanner:
    name = "scripted"

    def __init__(self, script: Callable[[PlanRequest], list[PlanEvent]], *,
                 delay_s: float = 0.0, fail_after: int | None = None) -> None:
        self.script = script
        self.requests: list[PlanRequest] = []
        self.delay_s = delay_s
        self.fail_after = fail_after
        self.closed = False

    async def plan(self, request: PlanRequest) -> AsyncIterator[PlanEvent]:
        self.requests.append(request)
        for i, ev in enumerate(self.script(request)):
            if self.fail_after is not None and i >= self.fail_after:
                raise RuntimeError("provider exploded")
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            yield ev

    async def aclose(self) -> None:
        self.closed = True


def click(eid: int, what: str = "") -> Step:
    return Step(action="click", elementId=eid, description=what or f"element {eid}")


def engine_with(script, **kw) -> tuple[TaskEngine, ScriptedPlanner]:  # type: ignore[no-untyped-def]
    """The engine with a scripted planner (``limits=`` for the engine, the rest for it)."""
    limits = kw.pop("limits", None)
    p = ScriptedPlanner(script, **kw)
    return TaskEngine(p, limits), p


def plain_page() -> PageContext:
    return page_context("http://site.test/", [{"id": i, "tag": "button", "text": f"Button {i}"}
                                     for i in range(1, 60)])
