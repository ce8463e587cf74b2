"""Planners by name, each imported at its first plan (a server serves connects and joins
without one); what an LLM planner needs is checked at start-up all the same."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import replace

from leflux.agent.planner import PlanEvent, Planner, PlanRequest
from leflux.agent.planners.llm_options import LLMOptions, llm_options
from leflux.agent.ports import UsageHook
from leflux.config import Settings
from leflux.errors import ConfigError

log = logging.getLogger("leflux.planner")


def build_planner(settings: Settings, *, usage_hook: UsageHook | None = None) -> Planner:
    if settings.planner == "rules":
        return RulesOnFirstPlan()
    if settings.planner in ("openai", "anthropic"):
        return LLMOnFirstPlan(llm_options(settings), usage_hook=usage_hook)
    if settings.planner == "hybrid":
        from leflux.agent.planners.hybrid import HybridPlanner

        # The hybrid's LLM half is the planner its settings would pick on its own.
        llm = replace(settings, planner=settings.llm_kind())
        return HybridPlanner(LLMOnFirstPlan(llm_options(llm), usage_hook=usage_hook))
    raise ConfigError(f"unknown planner {settings.planner!r}")


class _OnFirstPlan:
    """A planner made at its first plan (``_make``), then used as made."""

    def __init__(self) -> None:
        self._planner: Planner | None = None

    def _make(self) -> Planner:
        raise NotImplementedError

    def plan(self, request: PlanRequest) -> AsyncIterator[PlanEvent]:
        if self._planner is None:
            return _first_plan(self._load, request)
        return self._planner.plan(request)

    def _load(self) -> Planner:
        if self._planner is None:  # (two first plans at once: made once)
            self._planner = self._make()
        return self._planner

    def prepare(self) -> None:
        """Made now, before the first plan: the session layer calls this when the first
        visitor's page arrives (the embed sends it as the page loads, before the visitor
        types), so the first words after a restart do not wait for the import (~0.06 s
        rules, ~0.25 s an LLM planner with its SDK's client). A failure here is left for
        the first plan, which reports it to the visitor as the planner's error."""
        try:
            planner = self._load()
            prepare = getattr(planner, "prepare", None)
            if prepare is not None:
                prepare()
        except Exception:  # the first plan makes it again and says why
            log.warning("the planner could not be made ahead of its first plan",
                        exc_info=True)

    async def aclose(self) -> None:
        if self._planner is not None:
            await self._planner.aclose()


class RulesOnFirstPlan(_OnFirstPlan):
    """The rules planner, imported at its first plan rather than at start-up: its ~165
    modules (its steps, their regular expressions, rapidfuzz) are
    ~60 ms of CPU and ~8 MB resident (bench/FINDINGS.md, "Start-up and memory at rest:
    what a restart loads before it serves"). A server that is restarted serves connects
    and joins without them; the first visitor's turn pays the import once (its lexicons
    are built at that turn already), every later turn runs the planner as before."""

    name = "rules"

    def _make(self) -> Planner:
        from leflux.agent.planners.rules import RulesPlanner

        return RulesPlanner()


class LLMOnFirstPlan(_OnFirstPlan):
    """An LLM planner made at its first plan: its SDK (the OpenAI SDK's client, errors
    and stream, ~60 modules with httpx2) and the planner's own modules (the prompt, its
    tools, tiktoken) are imported then, not at start-up (bench/FINDINGS.md, "Start-up:
    the LLM planner at its first plan"). Start-up has checked what can be checked
    without importing them (``llm_options``: the SDK's extra installed, the key; cli:
    the SDK's release in the tested range); the SDK's hooks are checked at that import
    (compat.import_sdk)."""

    def __init__(self, options: LLMOptions, *, usage_hook: UsageHook | None = None) -> None:
        self.name = options.kind  # what LLMPlanner's name is: its provider's
        self._options = options
        self._usage_hook = usage_hook
        super().__init__()

    def _make(self) -> Planner:
        from leflux.compat import import_sdk

        import_sdk(self._options.kind)  # as `leflux serve` loaded it at start-up before
        from leflux.agent.planners.llm import make_llm_planner

        return make_llm_planner(self._options, usage_hook=self._usage_hook)


async def _first_plan(load: Callable[[], Planner], request: PlanRequest
                      ) -> AsyncIterator[PlanEvent]:
    """The first plan: the planner imported and made at its first step, inside the
    caller's iteration, so that a failed import is the planner's error to the visitor
    (agent/planning.py ``run_planner``), not a raise out of ``plan``."""
    async for event in load().plan(request):
        yield event
