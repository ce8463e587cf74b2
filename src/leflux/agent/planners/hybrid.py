"""``--planner hybrid``: the rules planner when it is sure, the LLM planner otherwise.

Each visitor message is first decided by the rules planner (offline, a few ms). When it
is confident (its decision scored at least :data:`MIN_CONFIDENCE`), that is what the
visitor gets; when it would ask which element was meant, cannot do it, or scores low, the
configured LLM planner takes the message instead. The planner
that started a task plans the rest of it. Every plan says which one made it
(``PlanActions.planner``), which the engine records and counts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from leflux.agent.planner import PlanActions, PlanEvent, Planner, PlanRequest
from leflux.agent.planners.rules.planner import confidence, decide

# A rules decision scored below this goes to the LLM.
MIN_CONFIDENCE = 0.75
RULES = "rules"


class HybridPlanner:
    name = "hybrid"

    def __init__(self, llm: Planner, min_confidence: float = MIN_CONFIDENCE) -> None:
        self.llm = llm
        self.min_confidence = min_confidence

    def prepare(self) -> None:
        prepare = getattr(self.llm, "prepare", None)  # its LLM half, made at its first plan
        if prepare is not None:
            prepare()

    async def plan(self, request: PlanRequest) -> AsyncIterator[PlanEvent]:
        st = request.planner_state
        if request.visitor_text is None and st.get("owner") == "llm":
            async for ev in self._llm(request, st):
                yield ev
            return
        rules_state: dict[str, Any] = st.get("rules", {}) if request.visitor_text is None \
            else {}
        events = decide(replace(request, planner_state=rules_state))
        if request.visitor_text is None or confidence(rules_state) >= self.min_confidence:
            st.clear()
            st.update(owner=RULES, rules=rules_state)
            for ev in events:
                yield replace(ev, planner=RULES) if isinstance(ev, PlanActions) else ev
            return
        st.clear()
        st.update(owner="llm", llm={})
        async for ev in self._llm(request, st):
            yield ev

    async def _llm(self, request: PlanRequest, st: dict[str, Any]) -> AsyncIterator[PlanEvent]:
        sub = st.setdefault("llm", {})
        async for ev in self.llm.plan(replace(request, planner_state=sub)):
            yield replace(ev, planner=self.llm.name) if isinstance(ev, PlanActions) else ev

    async def aclose(self) -> None:
        await self.llm.aclose()
