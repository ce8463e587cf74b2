"""The offline ``rules`` planner: deterministic, no network, no model."""

from leflux.agent.planners.rules.planner import RulesPlanner

__all__ = ["RulesPlanner"]
