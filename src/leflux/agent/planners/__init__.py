"""Planners by name. LLM planners are imported lazily so ``rules`` needs no SDK; the
rules planner itself at its first plan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

from leflux.agent.planner import PlanEvent, Planner, PlanRequest
from leflux.agent.ports import UsageHook
from leflux.config import Settings
from leflux.errors import ConfigError


def build_planner(settings: Settings, *, usage_hook: UsageHook | None = None) -> Planner:
    if settings.planner == "rules":
        return RulesOnFirstPlan()
    if settings.planner in ("openai", "anthropic"):
        from leflux.agent.planners.llm import create_llm_planner

        return create_llm_planner(settings, usage_hook=usage_hook)
    if settings.planner == "hybrid":
        from leflux.agent.planners.hybrid import HybridPlanner
        from leflux.agent.planners.llm import create_llm_planner

        # The hybrid's LLM half is the planner its settings would pick on its own.
        llm = replace(settings, planner=settings.llm_kind())
        return HybridPlanner(create_llm_planner(llm, usage_hook=usage_hook))
    raise ConfigError(f"unknown planner {settings.planner!r}")


class RulesOnFirstPlan:
    """The rules planner, imported at its first plan rather than at start-up: its ~165
    modules (its steps, their regular expressions, rapidfuzz) are
    ~60 ms of CPU and ~8 MB resident (bench/FINDINGS.md, "Start-up: the rules planner
    and httpx's command line"). A server that is restarted serves connects and joins
    without them; the first visitor's turn pays the import once (its lexicons are
    built at that turn already), every later turn runs the planner as before."""

    name = "rules"

    def __init__(self) -> None:
        self._planner: Planner | None = None

    def plan(self, request: PlanRequest) -> AsyncIterator[PlanEvent]:
        if self._planner is None:
            from leflux.agent.planners.rules import RulesPlanner

            self._planner = RulesPlanner()
        return self._planner.plan(request)

    async def aclose(self) -> None:
        if self._planner is not None:
            await self._planner.aclose()
