"""The rules planner: deterministic, offline, for any page.

A visitor message is understood (:mod:`understand`) into a typed :class:`Request`; a
pop-up covering the page is closed first (:mod:`opener`); a request for one of the site
owner's tools goes to it (:mod:`owner_tools`); everything else is planned clause after
clause by the pipeline (:mod:`pipeline`: ground -> plan -> verify -> report). The
planner's memory across a task's iterations is :class:`state.PlannerState`, kept by the
engine as the JSON dict ``request.planner_state``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

from leflux.agent.planner import FinishTask, PlanActions, PlanEvent, PlanRequest, TextDelta
from leflux.agent.planners.rules import owner_tools, pipeline
from leflux.agent.planners.rules.correct import corrected
from leflux.agent.planners.rules.decide import Kind, quoted, step
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.model import Act, Request
from leflux.agent.planners.rules.opener import (
    closes_the_dialog,
    covering_close,
    nothing_to_close,
    rest_after_closing,
    still_covered,
)
from leflux.agent.planners.rules.restyle import (
    Restyle,
    restyle_asked,
    restyle_decision,
    with_restyle,
)
from leflux.agent.planners.rules.state import Pending, PlannerState, load, save
from leflux.agent.planners.rules.textformats import formats_asked, with_formats
from leflux.agent.planners.rules.understand import detect_language, understand
from leflux.protocol import Step

DISMISS_CONFIDENCE = 0.7  # a pop-up the request names nothing in, closed first
LOOK_AGAIN_MS = 1500  # how long a request nothing here grounds waits for the page, once
LOST_TRACK = ("I lost track of this task after an update on our side. Tell me again what "
              "you'd like to do and I'll pick it up from this page.")


def confidence(planner_state: dict[str, object]) -> float:
    """How sure the planner was of its last answer to a visitor message (0..1)."""
    c = planner_state.get("confidence")
    return float(c) if isinstance(c, (int, float)) else 0.0


def decide(req: PlanRequest, dismiss: bool = True, look: bool = True) -> list[PlanEvent]:
    """Everything this planner says and does for one request (pure, no I/O); ``dismiss``:
    a pop-up covering the page may be closed first (once per request); ``look``: details
    nothing here takes yet may wait a moment for the page (once per request)."""
    page = Page(req.context)
    if req.visitor_text is not None:
        return _start(req, page, dismiss, look)
    st, reset = load(req.planner_state)
    if reset:
        save(PlannerState(), req.planner_state)
        return [FinishTask(summary=f"{req.goal[:200]} \u2014 stopped (planner updated)",
                           message=LOST_TRACK)]
    if st.engine == "look" and st.request is not None:
        # a moment later: the request once more on the page as it is now, once
        return _ended(decide(replace(req, visitor_text=st.request.text), dismiss=dismiss,
                             look=False), req.goal)
    if st.engine == "dismiss" and st.request is not None:
        if closes_the_dialog(st.request) and not still_covered(page):
            # "close this popup": closing it was the whole request, and it is gone
            return [FinishTask(summary=f"{req.goal[:200]} \u2014 closed the pop-up",
                               message="Closed the pop-up.")]
        # the pop-up is closed: the request starts on the page it covered (looked at)
        return decide(replace(req, visitor_text=rest_after_closing(st.request)),
                      dismiss=False, look=False)
    if st.engine == "tool":
        events = owner_tools.resume(req, st.tool)
    else:
        events = pipeline.resume(page, st, req.memory)
        if st.request is not None:
            events = with_formats(events, page, st.formats, st.request.lang)
    save(st, req.planner_state)
    return events


def _start(req: PlanRequest, page: Page, dismiss: bool, look: bool) -> list[PlanEvent]:
    """The first answer to a visitor message."""
    assert req.visitor_text is not None
    st = PlannerState()
    lang = detect_language(req.visitor_text)
    # "make 'renew passport' bold": words the editor holds, formatted, nothing typed
    if (restyle := restyle_asked(req.visitor_text, page, lang)) is not None:
        restyled = _restyled(restyle, page, st, Request(req.visitor_text, lang))
        save(st, req.planner_state)
        return restyled
    # "in bold": a format for the editor's button, not words of the request
    text, st.formats, lacking = formats_asked(req.visitor_text, page, lang)
    if lacking:
        return pipeline.stream(f"This editor has no button for {' or '.join(lacking)}, so I "
                               "haven't written anything.")
    request = understand(text)
    # "it should say walk the dog": an edit of that item
    request = corrected(request, req.history, page) or request
    if dismiss and (close := covering_close(request, page)) is not None:
        st.engine, st.request = "dismiss", request
        save(st, req.planner_state)
        said = "Closing the pop-up. " if closes_the_dialog(request) else \
            "A pop-up covers the page; closing it first. "
        return [TextDelta(said),
                PlanActions([step("click", close)], confidence=DISMISS_CONFIDENCE)]
    events = owner_tools.start(request, req, st.tool)
    if events is not None:
        st.engine, st.request = "tool", request
        st.confidence = next((e.confidence or 0.0 for e in events
                              if isinstance(e, PlanActions)), 0.0)
    else:
        events = with_formats(pipeline.start(request, page, st), page, st.formats,
                              request.lang)
        if look and _nothing_grounded(request, events, st, page):
            # what the request acts on is not on the page yet (a pop-up that opens a
            # moment after the page loads): a person waits a moment and looks again
            st = PlannerState(engine="look", request=request)
            events = [PlanActions([Step(action="wait", inputData=str(LOOK_AGAIN_MS),
                                        description="Waiting for the page")],
                                  confidence=0.0)]
    save(st, req.planner_state)
    return events


def _restyled(r: Restyle, page: Page, st: PlannerState, asked: Request) -> list[PlanEvent]:
    """Words of the editor selected and formatted, then the rest of the request ("and
    save it") planned as usual; its outcome read and reported like a clause's."""
    d = restyle_decision(r, page, asked.lang)
    if d.kind is not Kind.ACT or d.before is None:
        return pipeline.stream(d.say)
    if r.rest:
        merged = with_restyle(d, pipeline.start(understand(r.rest), page, st))
        if merged is None:  # (the rest is not done: neither is the formatting)
            return pipeline.stream(f"I'm not sure how to do {quoted(r.rest)} here, so I "
                                   "haven't changed anything.")
        return merged
    # (no clause of its own: nothing is planned after its report)
    st.request, st.next_clause, st.confidence = asked, 0, d.confidence
    st.pending = Pending(-1, d.before, d.did)
    return [*pipeline.stream(d.say), PlanActions(d.steps, confidence=d.confidence)]


def _ended(events: list[PlanEvent], goal: str) -> list[PlanEvent]:
    """A task's later answer that does nothing more ends the task with what it says."""
    if any(isinstance(e, PlanActions | FinishTask) for e in events):
        return events
    said = "".join(e.text for e in events if isinstance(e, TextDelta)).strip()
    return [*(e for e in events if not isinstance(e, TextDelta)),
            FinishTask(summary=f"{goal[:200]} \u2014 {said}"[:500], message=said or "Done.")]


def _nothing_grounded(request: Request, events: list[PlanEvent], st: PlannerState,
                      page: Page) -> bool:
    """What the request acts on is nowhere on the page: details nothing takes, a control
    nothing is named ("press subscribe"), a pop-up to close and nothing that closes one
    (the rest of "close the window and ..." may be planned without it). Never a question,
    never what the visitor is asked back."""
    said = "".join(e.text for e in events if isinstance(e, TextDelta))
    if request.is_question or "?" in said or any(c.act is Act.QUESTION for c in request.clauses):
        return False
    if not all(isinstance(e, TextDelta | PlanActions) for e in events):
        return False  # (choices shown: the visitor was asked)
    if nothing_to_close(request, page):
        return True
    # (a control is what opens late; rows, links and content are there or not)
    acts = bool(request.values) or any(c.act is Act.CLICK for c in request.clauses)
    return acts and st.confidence == 0.0 and all(isinstance(e, TextDelta) for e in events)


class RulesPlanner:
    name = "rules"

    async def plan(self, request: PlanRequest) -> AsyncIterator[PlanEvent]:
        for ev in decide(request):
            yield ev

    async def aclose(self) -> None:
        return None
