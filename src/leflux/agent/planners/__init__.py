"""Planners by name. LLM planners are imported lazily so ``rules`` needs no SDK."""

from __future__ import annotations

from dataclasses import replace

from leflux.agent.planner import Planner
from leflux.agent.ports import UsageHook
from leflux.config import Settings
from leflux.errors import ConfigError


def build_planner(settings: Settings, *, usage_hook: UsageHook | None = None) -> Planner:
    if settings.planner == "rules":
        from leflux.agent.planners.rules import RulesPlanner

        return RulesPlanner()
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
