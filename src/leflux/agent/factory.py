"""Builds the engine a server process runs, from its settings."""

from __future__ import annotations

from collections.abc import Callable

from leflux.agent.engine import TaskEngine
from leflux.agent.planners import build_planner
from leflux.agent.ports import Engine, UsageHook
from leflux.config import Settings


def create_engine(settings: Settings, *, on_usage: UsageHook | None = None,
                  on_plan: Callable[[str], None] | None = None) -> Engine:
    """The task engine with the planner named by ``settings.planner``. ``on_usage``: each
    LLM call's tokens (metrics, budgets); ``on_plan``: each plan made, by its planner."""
    return TaskEngine(build_planner(settings, usage_hook=on_usage), settings.limits,
                      on_plan=on_plan)
