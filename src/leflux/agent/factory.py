"""Builds the engine a server process runs, from its settings."""

from __future__ import annotations

from leflux.agent.engine import TaskEngine
from leflux.agent.planners import build_planner
from leflux.agent.ports import Engine
from leflux.config import Settings


def create_engine(settings: Settings) -> Engine:
    """The task engine with the planner named by ``settings.planner``."""
    return TaskEngine(build_planner(settings), settings.limits)
