"""A planner that plays a script: a real ``Planner`` whose decisions are given by a test.

``script(request) -> list[PlanEvent]`` is called once per planning call; every request is
kept so tests can check what the engine handed over (memory, results, planner_state).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from leflux.agent.planner import PlanEvent, PlanRequest


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
