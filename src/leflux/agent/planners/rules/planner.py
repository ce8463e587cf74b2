"""Placeholder while the rules planner grows: says plainly what it cannot do."""

from __future__ import annotations

from collections.abc import AsyncIterator

from leflux.agent.planner import PlanEvent, PlanRequest, TextDelta


class RulesPlanner:
    name = "rules"

    async def plan(self, request: PlanRequest) -> AsyncIterator[PlanEvent]:
        yield TextDelta("Sorry, I can't help with that yet.")

    async def aclose(self) -> None:
        return None
