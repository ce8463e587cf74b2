"""Planners by name. LLM planners are imported lazily so ``rules`` needs no SDK."""

from __future__ import annotations

from leflux.agent.planner import Planner
from leflux.config import Settings
from leflux.errors import ConfigError


def build_planner(settings: Settings) -> Planner:
    if settings.planner == "rules":
        from leflux.agent.planners.rules import RulesPlanner

        return RulesPlanner()
    if settings.planner in ("openai", "anthropic"):
        from leflux.agent.planners.llm import create_llm_planner

        return create_llm_planner(settings)
    if settings.planner == "hybrid":
        from leflux.agent.planners.hybrid import HybridPlanner
        from leflux.agent.planners.llm import create_llm_planner

        return HybridPlanner(create_llm_planner(settings.with_(planner=settings.llm_kind())))
    raise ConfigError(f"unknown planner {settings.planner!r}")
