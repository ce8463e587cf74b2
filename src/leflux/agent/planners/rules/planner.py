"""The rules planner: deterministic, offline, for any page.

A visitor message is understood (:mod:`understand`) into a typed :class:`Request`; the
pipeline (:mod:`pipeline`: ground -> plan -> verify -> report) plans the clauses it covers,
the older intent handlers (:mod:`chain`) the flows it does not cover yet. The planner's
memory across a task's iterations is :class:`state.PlannerState`, kept by the engine as
the JSON dict ``request.planner_state``.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from functools import lru_cache

from leflux.agent.planner import FinishTask, PlanActions, PlanEvent, PlanRequest, TextDelta
from leflux.agent.planners.rules import chain, owner_tools, pipeline
from leflux.agent.planners.rules.correct import corrected
from leflux.agent.planners.rules.decide import q, step
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.model import Request
from leflux.agent.planners.rules.opener import (
    covering_close,
    follow_through,
    rest_after_closing,
)
from leflux.agent.planners.rules.state import PlannerState, load, save

# The older handlers give no score: what they did or said matched a phrase they know.
CHAIN_CONFIDENCE = 0.8
DISMISS_CONFIDENCE = 0.7  # a pop-up the request names nothing in, closed first
LOST_TRACK = ("I lost track of this task after an update on our side. Tell me again what "
              "you'd like to do and I'll pick it up from this page.")


@lru_cache(maxsize=1)
def _understand() -> Callable[[str], Request] | None:
    try:
        mod = importlib.import_module("leflux.agent.planners.rules.understand")
    except ImportError:
        return None
    fn = getattr(mod, "understand", None)
    return fn if callable(fn) else None


def understand(text: str) -> Request | None:
    fn = _understand()
    return fn(text) if fn is not None else None


def confidence(planner_state: dict[str, object]) -> float:
    """How sure the planner was of its last answer to a visitor message (0..1)."""
    c = planner_state.get("confidence")
    return float(c) if isinstance(c, (int, float)) else 0.0


def decide(req: PlanRequest, dismiss: bool = True) -> list[PlanEvent]:
    """Everything this planner says and does for one request (pure, no I/O); ``dismiss``:
    a pop-up covering the page may be closed first (once per request)."""
    page = Page(req.context)
    if req.visitor_text is not None:
        st = PlannerState()
        request = understand(req.visitor_text)
        if request is not None:  # "it should say walk the dog": an edit of that item
            request = corrected(request, req.history, page) or request
        if dismiss and request is not None and (
                close := covering_close(request, page)) is not None:
            st.engine, st.request = "dismiss", request
            save(st, req.planner_state)
            return [TextDelta("A pop-up covers the page; closing it first. "),
                    PlanActions([step("click", close)], confidence=DISMISS_CONFIDENCE)]
        events = owner_tools.start(request, req, st.tool) if request is not None else None
        if events is not None:
            st.engine, st.request = "tool", request
            st.confidence = next((e.confidence or 0.0 for e in events
                                  if isinstance(e, PlanActions)), 0.0)
            save(st, req.planner_state)
            return events
        events = pipeline.start(request, page, st) if request is not None else None
        if events is None:
            st.engine, st.request = "chain", request
            events = chain.decide(req, st.chain, page,
                                  request.wants_submit if request else None)
            st.confidence = CHAIN_CONFIDENCE if st.chain.get("sure") else 0.0
        save(st, req.planner_state)
        return events
    st, reset = load(req.planner_state)
    if reset:
        save(PlannerState(), req.planner_state)
        return [FinishTask(summary=f"{req.goal[:200]} \u2014 stopped (planner updated)",
                           message=LOST_TRACK)]
    if st.engine == "dismiss" and st.request is not None:
        # the pop-up is closed: the request starts on the page it covered
        return decide(replace(req, visitor_text=rest_after_closing(st.request)),
                      dismiss=False)
    if st.engine == "tool":
        events = owner_tools.resume(req, st.tool)
    elif st.engine == "chain" and (confirm := follow_through(page, req.memory)) is not None:
        # the press opened a dialog asking to confirm that very thing: confirm it
        events = [TextDelta(f"Pressing {q(confirm.display)} to confirm. "),
                  PlanActions([step("click", confirm)], confidence=st.confidence)]
    elif st.engine == "chain":
        events = chain.decide(req, st.chain, page)
    else:
        events = pipeline.resume(page, st, req.memory)
    save(st, req.planner_state)
    return events


class RulesPlanner:
    name = "rules"

    async def plan(self, request: PlanRequest) -> AsyncIterator[PlanEvent]:
        for ev in decide(request):
            yield ev

    async def aclose(self) -> None:
        return None
