"""A clause done with the page's own controls: a row's action or state, a listing's filters,
a product's button, a form's fields, a slider; else the control its words name, or the
button that opens where it can be done."""

from __future__ import annotations

from dataclasses import replace
from itertools import takewhile

from leflux.agent.planners.rules import flows, formfill
from leflux.agent.planners.rules.addform import verbless_item
from leflux.agent.planners.rules.cardmove import plan_card_move
from leflux.agent.planners.rules.cart import buying, plan_buy
from leflux.agent.planners.rules.changelinks import CHANGE_PHASE, plan_change_link
from leflux.agent.planners.rules.counters import plan_counter
from leflux.agent.planners.rules.decide import Decision, Kind
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.filters import as_sort, plan_refine
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.opener import as_fill, plan_open
from leflux.agent.planners.rules.otheroption import OTHER_PHASE, as_other, plan_other
from leflux.agent.planners.rules.plan import plan_clause
from leflux.agent.planners.rules.restyle import restyle_asked, restyle_decision
from leflux.agent.planners.rules.rowaction import plan_bulk_action, plan_row_action
from leflux.agent.planners.rules.rowedit import plan_row_edit
from leflux.agent.planners.rules.rowmove import plan_menu_move
from leflux.agent.planners.rules.rowstate import plan_row_state
from leflux.agent.planners.rules.search import plan_site_search
from leflux.agent.planners.rules.sliders import plan_slider
from leflux.agent.planners.rules.state import PlannerState

# Clauses a row's own control may take before any form or filter ("refund order 1040",
# "reply to Dana's comment: ...").
ROW_FIRST = frozenset({Act.UNKNOWN, Act.FILL, Act.SUBMIT})
# Acts that work on a form, beside which verb-less words name its options.
SEARCH_ACTS = frozenset({Act.FILTER, Act.SORT})
# Clauses that may tick several rows, then press the list's button for them ("select Ana
# and Luis and deactivate them").
BULK_ACTS = frozenset({Act.CHECK, Act.UNCHECK, Act.SELECT})
# Clauses that may state a row is done ("i packed the passport", "the milk is bought").
STATE_ACTS = frozenset({Act.UNKNOWN, Act.FILL})
STOP_SURE = 0.8  # a form walked through up to the step that would send it


def plan_on_page(request: Request, i: int, page: Page, st: PlannerState, again: int
                 ) -> Decision:
    """A clause done with the page's own controls: a row's, a filter's, a form's."""
    request = _sort_read(request, i)
    c = request.clauses[i]
    if (styled := restyle_asked(c.text, page, request.lang)) is not None and not styled.rest:
        return restyle_decision(styled, page, request.lang)  # "open it and make milk bold"
    if (led := flows.link_first(i, request, page, again)) is not None:
        return led  # "i forgot my password, my email is ...": its link, then the form
    if (changed := _row_change(request, i, page, st)) is not None:
        return changed
    # "refund order 1040": a row's own verb and the row, before any filter's option.
    row = plan_row_action(c, page, request.lang) if c.act in ROW_FIRST else None
    if row is not None and c.act is not Act.UNKNOWN and row.phase != "edit":
        row = None  # a fill is a row's only when the row's control takes its message
    row = row or verbless_item(c, page, request.lang)  # "travel adapter, essential, ..."
    if row is None and c.act in STATE_ACTS:  # "done with the flights": its box
        row = plan_row_state(c, page, request.lang)
    if c.act in BULK_ACTS:  # "mark orders 1039 and 1041 as shipped"
        row = row or plan_bulk_action(c, page, request.lang)
    refined = None if row else plan_refine(c, request, page)
    if refined is not None or (row is None and c.act in SEARCH_ACTS):
        # (a filter or sort the listing's filters do not cover is no form's to fill)
        d = refined or plan_clause(c, request, page)
        if d.kind is Kind.SKIP and c.act is Act.FILTER and (words := _filter_words(c)):
            d = plan_site_search(words, page, request.lang)  # no filter says it: search
        return d
    phase = st.pending.phase if st.pending is not None and st.pending.clause == i else ""
    if phase == OTHER_PHASE:  # "Other" ticked: its box takes the answer
        request = as_other(request, i, page) or request
    stepping = phase == formfill.STEP_PHASE
    d = row or buying(c, page, request.lang) or plan_counter(c, request, page) or \
        formfill.plan_run(i, request, page, stepping=stepping,
                          changing=phase == CHANGE_PHASE) or \
        plan_slider(c, request, page) or plan_clause(c, request, page)
    if stepping and d.phase == formfill.STEP_PHASE and all(x.action == "click" for x in d.steps):
        return Decision(Kind.SAY, "", confidence=d.confidence)  # nothing more for this step
    if stepping and d.kind is Kind.SKIP and request.forbids_submit:
        # the step that sends ("Check your answers"): where the visitor said to stop
        rest = len(list(takewhile(lambda x: x.act in formfill.STEP_SKIPS,
                                  request.clauses[i + 1:])))
        return Decision(Kind.SAY, "I stopped here and did not send it.", confidence=STOP_SURE,
                        consumed=rest)
    return _not_planned(d, request, i, page, st, again)


def _row_change(request: Request, i: int, page: Page, st: PlannerState) -> Decision | None:
    """A row's value changed in its edit form ("make Maya Patel an admin": her row's Edit,
    its form, its Save), a card moved ("CI migration is done, move it over": its "Done
    ✓"), a row moved through its menu ("move the invoice into the Invoices folder")."""
    c = request.clauses[i]
    return plan_row_edit(c, page, request.lang, st, i) or plan_card_move(
        request, i, page) or plan_menu_move(c, page, request.lang)


def _sort_read(request: Request, i: int) -> Request:
    """'show newest comments first' read as the sort it is (:func:`filters.as_sort`)."""
    sort = as_sort(request.clauses[i], request.lang)
    return request if sort is None else replace(
        request, clauses=[*request.clauses[:i], sort, *request.clauses[i + 1:]])


def _not_planned(d: Decision, request: Request, i: int, page: Page, st: PlannerState,
                 again: int) -> Decision:
    """A clause nothing on the page planned: the control its words name, its form as a
    fill, the product it adds, or the button that opens where it can be done."""
    c = request.clauses[i]
    if d.kind is Kind.SKIP and c.act is Act.DELETE:
        d = flows.named_control(c, page, request.lang)  # "delete my account"
    if d.kind is Kind.SKIP and (filling := as_fill(request, i)) is not None:
        d = formfill.plan_run(i, filling, page) or d
    if d.kind is Kind.SKIP and c.act is Act.ADD:  # "add 2 red running shoes"
        d = plan_buy(c, request, page, again)
    opened = st.pending is not None and st.pending.clause == i
    if d.kind is Kind.SKIP and not opened and (
            change := plan_change_link(c, page, request.lang) or plan_other(
                c, page, request.lang)) is not None:
        return change  # a page of answers: the row's "Change" link; a question's "Other"
    if d.kind is Kind.SKIP and not opened:
        # the fields are not on the page yet: the button the visitor's verb names, or the
        # one button of a page that starts a form ("Start now")
        d = plan_open(c, page, request.lang)
        return flows.start_button(c, page) if d.kind is Kind.SKIP else d
    return d


def _filter_words(c: Clause) -> str:
    return c.query or c.option or (c.target.words if c.target else "") or ""
