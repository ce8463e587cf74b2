"""understand -> ground -> plan -> verify -> report, clause after clause, page after page.

A visitor message is understood once (:class:`Request`); its clauses are planned in order,
each on the page as it is when its turn comes. After every plan the next page context is
read for the outcome (:mod:`verify`) and the visitor is told exactly that (:mod:`report`);
a failure stops the task. A request whose first clause nothing here plans (an act
outside :data:`PIPELINE_ACTS`, a control no step grounds) is read by its words alone
(:mod:`bytext`: the link its words name, else what the visitor is told).
"""

from __future__ import annotations

from collections.abc import Sequence

from leflux.agent.memory import MemoryEntry
from leflux.agent.planner import FinishTask, PlanActions, PlanEvent, ShowBlock, TextDelta
from leflux.agent.planners.rules import consent, flows, formfill
from leflux.agent.planners.rules.basket import EACH_PHASE, MAX_ROWS, plan_counts, plan_empty
from leflux.agent.planners.rules.bytext import (
    PRESS_ACTS,
    flow_link,
    plan_leftover,
    press_by_text,
    reason_aside,
)
from leflux.agent.planners.rules.cart import BUY_PHASE, names_cart, plan_buy, resume_buy, sells
from leflux.agent.planners.rules.changelinks import CHANGE_PHASE
from leflux.agent.planners.rules.counters import plan_counter
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, rows_count, step
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.feedback import plan_feedback
from leflux.agent.planners.rules.filters import REFINE_PHASE
from leflux.agent.planners.rules.formclause import FLOW_ACTS
from leflux.agent.planners.rules.formsend import retry_submit
from leflux.agent.planners.rules.listsearch import LIST_PHASE, press_enter
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.onpage import plan_on_page
from leflux.agent.planners.rules.opener import follow_through, only_way_on, plan_press
from leflux.agent.planners.rules.otheroption import OTHER_PHASE
from leflux.agent.planners.rules.progress import steps_block
from leflux.agent.planners.rules.questions import ANSWER_PHASE, Trail, plan_question
from leflux.agent.planners.rules.report import report
from leflux.agent.planners.rules.rowaction import row_confirm
from leflux.agent.planners.rules.rowedit import FORM_PHASE
from leflux.agent.planners.rules.rowpages import MAX_PAGES, PAGE_PHASE
from leflux.agent.planners.rules.rows import edit_typing
from leflux.agent.planners.rules.search import SEARCH_PHASE, search_report
from leflux.agent.planners.rules.sideform import side_form_first
from leflux.agent.planners.rules.state import Pending, PlannerState
from leflux.agent.planners.rules.stepresults import failed_steps
from leflux.agent.planners.rules.tags import plan_tag_swap, plan_tags
from leflux.agent.planners.rules.talk import (
    SCROLL_PHASE,
    TALK_ACTS,
    plan_talk,
    scrolled,
    with_places,
)
from leflux.agent.planners.rules.trip import trip_on
from leflux.agent.planners.rules.verify import Expect, Outcome, Verdict, snapshot, verify

# Acts this pipeline plans clause by clause; a request with any other act is read by its
# words alone (:mod:`bytext`).
PIPELINE_ACTS = frozenset({Act.CLICK, Act.NAVIGATE, Act.LOGOUT, Act.CHECK, Act.UNCHECK,
                           Act.SELECT, Act.FILTER, Act.SORT, Act.FILL, Act.SUBMIT, Act.DELETE,
                           Act.ADD, Act.EDIT, Act.SEARCH, Act.CLEAR,
                           Act.QUESTION, Act.LOGIN, Act.SIGNUP, Act.CONTACT, Act.CHECKOUT,
                           Act.BUY, Act.CONSENT, Act.UNKNOWN}) | TALK_ACTS
# Phases whose plan only went where the clause can be done: the same clause is planned
# again on the page it leads to.
AGAIN_PHASES = frozenset({"again", ANSWER_PHASE, REFINE_PHASE, EACH_PHASE,
                          formfill.STEP_PHASE, PAGE_PHASE, CHANGE_PHASE, FORM_PHASE,
                          OTHER_PHASE})
MAX_TRIES = 3
MAX_STEPS = 12  # pages of one form a request may walk through ("Continue", ...)
# Acts whose first clause, not planned here, is said so: never turned into a press of a
# control its words happen to name (:mod:`bytext`).
OWN_ACTS = frozenset({Act.EDIT, Act.CLEAR, Act.SEARCH, Act.BUY, Act.CHECKOUT})
FORM_ACTS = frozenset({Act.FILL, Act.SUBMIT, Act.CHECK, Act.UNCHECK, Act.SELECT})


def stream(text: str) -> list[PlanEvent]:
    words = text.split(" ")
    return [TextDelta(" ".join(words[i:i + 4]) + (" " if i + 4 < len(words) else ""))
            for i in range(0, len(words), 4)] if text else []


def covers(request: Request) -> bool:
    """Every clause is one the pipeline plans; words with no verb ("dark theme", "i'm into
    flowers", "large please") may name a form's options."""
    # ("don't reserve anything yet" is the request's scope, not an act)
    acts = {c.act for c in request.clauses if not (c.act is Act.BUY and (c.values or c.negated))}
    # (words alone, "newest mystery books first", may name a listing's filters; when
    # nothing here plans them they are read by their words alone (bytext); "..., add it to my
    # order": the form's own button)
    if Act.UNKNOWN in acts and not acts & (FORM_ACTS | FLOW_ACTS | {Act.ADD}) and \
            acts != {Act.UNKNOWN}:
        return False
    return bool(request.clauses) and acts <= PIPELINE_ACTS | {Act.UNKNOWN}


def _act(d: Decision, st: PlannerState, clause: int, said: str) -> list[PlanEvent]:
    assert d.before is not None
    st.confidence = d.confidence
    tries = st.pending.tries + 1 if st.pending and st.pending.clause == clause else 0
    if ((d.phase == "again" and tries >= MAX_TRIES) or (
            d.phase == formfill.STEP_PHASE and tries >= MAX_STEPS)) and st.request is not None:
        # Opened / looked up the place twice and the clause still cannot be done there.
        st.confidence = 0.0
        text = st.request.clauses[clause].text
        return _finish(st, [f"I couldn't find how to do \u201c{text}\u201d on this page."],
                       first=False)
    st.pending = Pending(clause, d.before, d.did, d.phase, tries, d.text)
    # "again": the plan only opened the page where the clause can be done.
    # (a question's hops are bounded by the question planner itself)
    # (a row's edit form is planned once more, where its field is set and saved)
    again = (d.phase in ("again", REFINE_PHASE, CHANGE_PHASE, OTHER_PHASE) and
             tries < MAX_TRIES) or d.phase in (ANSWER_PHASE, formfill.STEP_PHASE, FORM_PHASE) or (
        d.phase == EACH_PHASE and tries < MAX_ROWS) or (
        d.phase == PAGE_PHASE and tries < MAX_PAGES)
    st.next_clause = clause if again else clause + 1 + d.consumed
    blocks = [ShowBlock("form_summary", {"fields": d.summary})] if d.summary else []
    return [*stream(said), *blocks, PlanActions(d.steps, confidence=round(d.confidence, 3))]


def _ask(d: Decision) -> list[PlanEvent]:
    opts = [{"label": label, "value": value} for label, value in d.choices]
    return [*stream(d.say), ShowBlock("choices", {"options": opts}, d.say)]


def start(request: Request, page: Page, st: PlannerState) -> list[PlanEvent]:
    """The first plan for a new request (or what the visitor is told instead)."""
    if not covers(request):  # "I don't have an account yet, take me to sign up"
        request = reason_aside(request)
    st.request, st.next_clause, st.pending, st.said = request, 0, None, []
    out = _go_on(request, page, st, first=True) if covers(request) else None
    block = steps_block(request, [names_cart(c, request.lang) for c in request.clauses])
    if out is not None and block is not None and any(isinstance(e, PlanActions) for e in out):
        # several things to do: the plan of the task up front
        out = [*[e for e in out if isinstance(e, TextDelta)], block,
               *[e for e in out if not isinstance(e, TextDelta)]]
    if out is not None:
        return with_places(request.clauses, page, out)
    # nothing planned it: the control its words name, else what the visitor is told
    d = plan_leftover(request, page)
    if d.kind is Kind.SAY and (trip := trip_on(request, page)) is not None:
        return start(trip, page, st)  # "go to Boston": no page of that name, the form's To box
    if d.kind is Kind.ACT:
        return _act(d, st, 0, d.say)
    st.confidence = d.confidence
    return _ask(d) if d.kind is Kind.ASK else stream(d.say)


def _go_on(request: Request, page: Page, st: PlannerState, *, first: bool,
           lead: str = "") -> list[PlanEvent] | None:
    """Plan the clauses from ``st.next_clause`` on; ``lead``: the report of the clause just
    done, said before the next plan."""
    said: list[str] = []
    i = st.next_clause
    while i < len(request.clauses):
        d = _plan(request, i, page, st)
        if d.kind is Kind.SKIP and not first and (on := flows.step_on(request, i, page)):
            return _act(on, st, i, " ".join(x for x in [lead, *said, on.say] if x))
        if d.kind is Kind.SKIP:
            if first and i == 0 and request.clauses[i].act not in OWN_ACTS:
                return None
            said.append(f"I couldn't find how to do \u201c{request.clauses[i].text}\u201d "
                        "on this page.")
            st.confidence = 0.0
            return _finish(st, said, first)
        if d.kind is Kind.ACT:
            return _act(d, st, i, " ".join(x for x in [lead, *said, d.say] if x))
        if d.kind is Kind.ASK:
            st.pending, st.confidence = None, 0.0
            before = " ".join(x for x in [lead, *said] if x)
            if not first:
                # A step of an open task needs the visitor: the task ends on the question.
                goal = st.request.text if st.request else ""
                text = " ".join(x for x in [*st.said, *said, d.say] if x)
                opts = [{"label": label, "value": value} for label, value in d.choices]
                return [ShowBlock("choices", {"options": opts}, d.say),
                        FinishTask(summary=f"{goal[:200]} \u2014 {d.say}"[:500], message=text)]
            return [*stream(before), *_ask(d)] if before else _ask(d)
        if d.say:
            said.append(d.say)
        st.confidence = d.confidence if d.kind is Kind.SAY else 0.0
        if d.kind is Kind.FAIL:
            return _finish(st, said, first)
        i += 1 + d.consumed
    return _finish(st, said, first)


def _plan(request: Request, i: int, page: Page, st: PlannerState) -> Decision:
    c = request.clauses[i]
    again = st.pending.tries + 1 if st.pending and st.pending.clause == i else 0
    if (flow := _flow(request, i, page, again)) is not None:
        return flow
    if (talk := plan_talk(c, page, request.lang)) is not None:
        return talk
    if (vote := plan_feedback(c, request, page)) is not None:
        return vote  # "this page was helpful": the page's own "Was this helpful?" Yes
    if c.act is Act.QUESTION:
        return _plan_question(request, i, page, st)
    if c.act is Act.CONSENT:  # the answer to the terms the agent asked about
        return consent.plan_consent(c, page)
    if each := _each_row(c, i, page, st, request.lang):
        return each
    d = plan_on_page(request, i, page, st, again)
    if d.kind is Kind.SKIP and c.act in PRESS_ACTS and c.target is None:
        # "click Add one, then ...": no thing named apart, the button its words say
        d = plan_press(c, page, request.lang)
        if d.kind is Kind.SKIP:
            d = press_by_text(c, page, request.lang)
    return d


def _plan_question(request: Request, i: int, page: Page, st: PlannerState) -> Decision:
    c = request.clauses[i]
    p = st.pending
    going_on = p is not None and p.clause == i and p.phase == ANSWER_PHASE
    trail = Trail(st.hops, list(st.seen), st.fallback, st.led) if going_on else Trail()
    d = plan_question(c, request, page, trail)
    st.hops, st.seen = trail.hops + (d.kind is Kind.ACT), trail.seen
    st.fallback, st.led = trail.fallback, trail.led
    return d


def _flow(request: Request, i: int, page: Page, again: int) -> Decision | None:
    """A flow of pages: an order with the visitor's details, log in, sign up, write to the
    site, check out, or a product into the cart."""
    c = request.clauses[i]
    if c.act in (Act.CHECKOUT, Act.BUY) and (side := side_form_first(i, request, page)):
        return side  # the promo code said with the order: redeemed first
    if c.act is Act.BUY and c.values:
        # "reserve 2 adult tickets for Sam Lee, ...": the page's counters first, then the form
        counted = plan_counter(c, request, page)
        if counted is not None and counted.kind is Kind.ACT:
            return counted
        if (d := flows.plan_booking(i, request, page, again)).kind is not Kind.SKIP:
            return d  # "buy these for me: <details>": the order's form
        if not sells(page, request.lang):
            # "book a table for Ahmed, ...": its form is a page further on
            return only_way_on(page)
    if c.act in FLOW_ACTS:
        return flows.plan_flow(i, request, page, again)
    if (led := flow_link(c, page, request.lang)) is not None:
        return led  # "take me to sign up": the link to that flow
    if c.act is Act.ADD and (tagged := plan_tags(i, request, page)) is not None:
        return tagged  # "add Python and Docker to my skills": the skills box's tags
    if c.act in (Act.UNKNOWN, Act.EDIT) and (swap := plan_tag_swap(c, page, request.lang)):
        return swap  # "replace JavaScript with TypeScript": one tag for another
    if c.act is Act.BUY or (c.act is Act.ADD and names_cart(c, request.lang)):
        return plan_buy(c, request, page, again)
    return None


def _each_row(c: Clause, i: int, page: Page, st: PlannerState, lang: str
              ) -> Decision | None:
    """Several rows changed one at a time ("1 drill and 5 packs of cable ties", "empty my
    basket"); ``last``: the row the plan before changed."""
    p = st.pending
    last = p.text if p is not None and p.clause == i and p.phase == EACH_PHASE else ""
    if c.act is Act.CLEAR:
        return plan_empty(c, page, lang, last)
    if c.act in (Act.UNKNOWN, Act.FILL, Act.EDIT):
        return plan_counts(c, page, lang, last)
    return None


def _finish(st: PlannerState, said: list[str], first: bool) -> list[PlanEvent]:
    st.pending = None
    text = " ".join([*st.said, *said]).strip() or "Done."
    if first:
        return stream(text)
    goal = st.request.text if st.request else ""
    head = text.split(". ")[0]
    return [FinishTask(summary=f"{goal[:200]} \u2014 {head}"[:500], message=text)]


def _after_buy(page: Page, st: PlannerState, failed: list[str]) -> list[PlanEvent]:
    """A press of "Add to cart": what the cart shows; a press it did not answer, once more."""
    assert st.request is not None and st.pending is not None
    said, done = resume_buy(page, st.pending, failed, st.request.lang)
    if done is not None:
        st.next_clause = st.pending.clause
        out = _go_on(st.request, page, st, first=False)
        if st.pending is not None and st.pending.phase == BUY_PHASE:
            st.pending.text = str(done) + st.pending.text[st.pending.text.index("|"):]
        return out if out is not None else _finish(st, [], first=False)
    st.said.append(said)
    if not said.startswith("Added"):
        st.confidence = 0.0
        return _finish(st, [], first=False)
    out = _go_on(st.request, page, st, first=False, lead=said)
    return out if out is not None else _finish(st, [], first=False)


def resume(page: Page, st: PlannerState, memory: Sequence[MemoryEntry]) -> list[PlanEvent]:
    """The page after the last plan: read the outcome, then go on with the next clause."""
    request, pending = st.request, st.pending
    if request is None or pending is None:
        return _finish(st, [], first=False)
    failed = failed_steps(memory)
    early = _first_moves(page, st, pending, failed, memory)
    if early is not None:
        return early
    if pending.phase == "edit" and not failed:
        failed = ["no field opened for editing"]
    if pending.phase == BUY_PHASE:
        return _after_buy(page, st, failed)
    verdict = verify(page, pending.before, failed, rows_now=rows_count(page))
    return _after(page, st, request, pending, verdict, failed)


def _first_moves(page: Page, st: PlannerState, pending: Pending, failed: list[str],
                 memory: Sequence[MemoryEntry]) -> list[PlanEvent] | None:
    """What the last plan still needs before its outcome is read: Enter for a button that
    did not work, the typing of an edit, the confirm a press brought."""
    retry = retry_submit(page, pending.before, memory) if failed and not pending.tries else None
    if retry:  # the form's button did not work: Enter in its last field, as a person would
        st.pending = Pending(pending.clause, pending.before, pending.did, pending.phase, 1)
        return [PlanActions(retry)]
    if pending.phase == "edit" and not failed:
        steps = edit_typing(page, pending.text, st.request.lang if st.request else "en")
        if steps:
            st.pending = Pending(pending.clause, snapshot(page, Expect.FILL,
                                                          shows=pending.text), pending.did)
            return [PlanActions(steps)]
    if pending.phase == "acted" and not failed and (
            confirm := follow_through(page, memory)) is not None:
        st.pending = Pending(pending.clause, snapshot(page, Expect.CLICK),
                             f"Pressed {quoted(confirm.display)}", "confirmed")
        return [*stream(f"Pressing {quoted(confirm.display)} to confirm."),
                PlanActions([step("click", confirm)], confidence=round(st.confidence, 3))]
    if pending.phase == "acted" and not failed and (
            confirm := row_confirm(page, pending.text, memory)) is not None:
        # The row asks "Remove from workspace?" in place: its own yes, once.
        st.pending = Pending(pending.clause, pending.before, pending.did, "confirmed")
        return [PlanActions([step("click", confirm)], confidence=round(st.confidence, 3))]
    return None


def _outcome(page: Page, pending: Pending, verdict: Verdict, failed: list[str],
             lang: str) -> tuple[str, list[PlanEvent]]:
    """What to tell the visitor about the plan just done, and what to show with it."""
    if pending.phase == SCROLL_PHASE:
        return scrolled(pending.did, failed), []
    if pending.phase != SEARCH_PHASE or failed:
        return report(verdict, pending.did), []
    said, items = search_report(page, pending.text, pending.before, lang)
    blocks: list[PlanEvent] = [ShowBlock("product_cards", {"items": items},
                                         f"Results for \u201c{pending.text}\u201d")]
    return said, blocks if items else []


def _after(page: Page, st: PlannerState, request: Request, pending: Pending,
           verdict: Verdict, failed: list[str]) -> list[PlanEvent]:
    """Report the outcome read from the page, then go on with the next clause."""
    if pending.phase == LIST_PHASE and verdict.outcome is Outcome.FAILURE and not failed and (
            enter := press_enter(page, pending.text)) is not None:
        # the list did not filter as the words were typed: the box waits for Enter
        st.pending = Pending(pending.clause, snapshot(page, Expect.SEARCH),
                             f"Searched for {quoted(pending.text)}", SEARCH_PHASE,
                             text=pending.text)
        return [PlanActions([enter], confidence=round(st.confidence, 3))]
    # (a clause out of tries is reported from the page like any other)
    if pending.phase in AGAIN_PHASES and st.next_clause == pending.clause and \
            verdict.outcome is not Outcome.FAILURE:
        # (a step of a flow that sent a form is told before the next step)
        lead = report(verdict, pending.did) if pending.did and pending.phase in (
            "again", formfill.STEP_PHASE) else ""
        if lead:
            st.said.append(lead)
        out = _go_on(request, page, st, first=False, lead=lead)
        return out if out is not None else _finish(st, [], first=False)
    seen, lang = frozenset(pending.before.seen), request.lang
    if verdict.outcome is Outcome.UNKNOWN and pending.before.expect is Expect.CLICK and \
            pending.phase == "acted" and (btn := flows.confirming(page, pending.did,
                                                                  seen, lang)) is not None:
        # "Delete account" opened its own "Yes, delete my account": the visitor asked for it
        st.pending = Pending(pending.clause, snapshot(page, Expect.CLICK),
                             f"Pressed \u201c{btn.display}\u201d", "confirmed")
        return [PlanActions([step("click", btn)])]
    said, blocks = _outcome(page, pending, verdict, failed, request.lang)
    st.said.append(said)
    if verdict.outcome is Outcome.FAILURE:
        return _finish(st, [], first=False)
    if pending.phase == consent.CONSENT_PHASE:  # the fields are in, a required box is not
        goal = st.request.text if st.request else ""
        asked = consent.waiting(page, list(pending.before.values), st.said, goal)
        if asked is None:
            return _finish(st, [], first=False)
        st.pending = None
        return asked
    out = _go_on(request, page, st, first=False, lead=said)
    return [*blocks, *(out if out is not None else _finish(st, [], first=False))]
