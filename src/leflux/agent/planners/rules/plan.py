"""Steps for one clause on the page as it is: which elements, which actions, what scope.

Each act grounds its target (:mod:`ground`), then writes the steps a person would take:
values into the fields that ask for them, Enter where a form has no submit button, the
row's own control for row actions, a double click to edit, Apply after a filter. A form is
submitted only when the request asks for it. Every decision carries a confidence; when the
page does not make the target clear the decision is a question with choices instead.
A clause this module does not cover gives ``SKIP`` (the caller may hand it on).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from leflux.agent.planners.rules import consent
from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.addform import counted_item, new_item_box
from leflux.agent.planners.rules.decide import (
    SKIP,
    Decision,
    Kind,
    ask,
    name,
    once_per_page,
    quoted,
    rows_count,
    step,
)
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import assign, choose_option, kind_of
from leflux.agent.planners.rules.fieldstep import step_for
from leflux.agent.planners.rules.ground import (
    CONFIDENT,
    Grounding,
    ground,
    ground_any,
    kind_test,
    query_words,
)
from leflux.agent.planners.rules.listsearch import list_box, plan_list_search, rows_query
from leflux.agent.planners.rules.match import TYPO_MIN_RATIO, tokens
from leflux.agent.planners.rules.model import Act, Clause, Reference, Request
from leflux.agent.planners.rules.named import plan_named_button, plan_toggle_all, said_by
from leflux.agent.planners.rules.quantity import plan_row_count
from leflux.agent.planners.rules.reference import ALL
from leflux.agent.planners.rules.rowaction import plan_bulk_action, plan_row_action
from leflux.agent.planners.rules.rows import (
    as_edit,
    plan_add,
    plan_clear,
    plan_delete,
    plan_edit,
    values_of,
)
from leflux.agent.planners.rules.search import plan_site_search
from leflux.agent.planners.rules.sending import form_of, lone_send, submit_steps
from leflux.agent.planners.rules.sorting import plan_sort
from leflux.agent.planners.rules.verbfit import fitting_verb
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.agent.planners.rules.views import option_words, plan_view
from leflux.protocol import Step

# Acts whose words may be a row's new count ("just one oat milk", "I need 7 t-shirts").
COUNT_ACTS = frozenset({Act.FILL, Act.SEARCH, Act.ADD})
# Acts whose words may be a row's own verb when nothing else fits ("archive order 12").
ROW_VERB_ACTS = frozenset({Act.UNKNOWN, Act.CHECK, Act.UNCHECK, Act.CLICK, Act.SEARCH})
OPTION_ACCEPT = 0.7   # an option of a select named this well is the one meant
NAMED_OPTION = 0.9    # a search query that is an option's name is that option


def plan_click(c: Clause, page: Page, lang: str) -> Decision:
    test_field = c.target is not None and c.target.kind in ("field", "textbox", "input")
    pool = fitting_verb(page.fields if test_field else page.clickables, c, lang, page)
    if c.act is Act.LOGOUT and not (c.target and c.target.words):
        g = ground_any(sorted(lex.control_words(Act.LOGOUT, lang)), page, pool, lang=lang)
    else:
        g = ground(c.target, page, pool, lang=lang, container=c.container)
    if not g.confident and not g.ambiguous and c.target is not None and c.target.words \
            and not c.target.quoted:
        # "expand the warranty question": the words some control says ("warranty").
        told = said_by(query_words(c.target.words, lang), pool, lang)
        if told and len(told) < len(query_words(c.target.words, lang)):
            g = ground(Reference(words=" ".join(told), kind=c.target.kind), page, pool,
                       lang=lang, container=c.container)
    if g.ambiguous and c.target is not None and not c.target.quoted:
        # "show password": the control named by the verb too ("Show password", not
        # "Forgot password?")
        whole = ground(Reference(words=c.text, kind=c.target.kind), page, pool, lang=lang,
                       container=c.container)
        if whole.confident and not whole.ambiguous:
            g = whole
    if g.confident and g.best is not None:
        el = g.best.el
        expect = Expect.CLICK
        return Decision(Kind.ACT, f"Opening {quoted(el.display)}.", [step("click", el)],
                        g.best.score, snapshot(page, expect), f"Opened {quoted(el.display)}")
    if g.ambiguous:
        return ask(g, "click", "one")
    return SKIP


@once_per_page  # (a form's run and the per-clause planner both ask for it)
def plan_toggle(c: Clause, page: Page, lang: str) -> Decision:
    on = c.act is not Act.UNCHECK
    if ALL in ((c.target.kind if c.target else None), (c.container.kind if c.container
                                                        else None)):
        return plan_toggle_all(c, page)
    pool = [el for el in page.els if el.is_toggle]
    target = c.target if (c.target and (c.target.words or c.target.kind or c.target.ordinal)) \
        else Reference(kind="toggle")
    container = c.container
    if container is None and not target.words and target.ordinal is not None and \
            kind_test(target.kind) in (None, kind_test("item")) and rows_count(page):
        # "tick the first one": the list's first row, not the page's first box.
        container, target = target, Reference(kind="toggle")
    g = ground(target, page, pool, lang=lang, container=container)
    if g.ambiguous:
        return ask(g, "tick" if on else "untick", "box")
    if not (g.confident and g.best is not None):
        return SKIP
    el = g.best.el
    if bool(el.e.checked) == on:
        state = "ticked" if on else "unticked"
        return Decision(Kind.SAY, f"{quoted(name(el))} is already {state}.",
                        confidence=g.best.score)
    action = "check" if on else "uncheck"
    return Decision(Kind.ACT, f"{'Ticking' if on else 'Unticking'} {quoted(name(el))}.",
                    [step(action, el, None, name(el))], g.best.score,
                    snapshot(page, Expect.TOGGLE, checks={el.id: on}),
                    f"{'Ticked' if on else 'Unticked'} {quoted(name(el))}")


def best_option(el: PageElement, words: str, lang: str) -> tuple[float, str]:
    return choose_option(el, words, lang)


def plan_select(c: Clause, page: Page, lang: str) -> Decision:
    words = c.option or (c.target.words if c.target else "") or (
        c.container.words if c.container and c.act is Act.FILTER else "")
    if not words:
        return SKIP
    if c.act is Act.SORT and (by_column := plan_sort(c, page, lang)) is not None:
        return by_column  # "sort by total, highest first": the table's column header
    d = _plan_select(c, words, page, lang)
    if d.kind is Kind.SKIP and c.act is Act.FILTER:
        # "show only pending orders": the option is "Pending" ("orders" is the list).
        cut = option_words(words, lang)
        d = _plan_select(c, cut, page, lang) if cut != words else d
        if d.kind is Kind.SKIP:
            d = plan_view(words, page, lang)  # "show only completed": the list's view links
        if d.kind is Kind.SKIP:  # "only show in stock": a filter's box
            d = plan_toggle(Clause(Act.CHECK, c.text, target=Reference(words=cut)), page, lang)
    return d


def _plan_select(c: Clause, words: str, page: Page, lang: str) -> Decision:
    scored: list[tuple[float, PageElement, str]] = []
    named = ground(c.target, page, [el for el in page.fields if el.is_select], lang=lang) \
        if c.target and c.option and c.target.words else None
    named_ids = {x.el.id for x in named.candidates} if named else set()
    for el in page.fields:
        if el.is_select:
            s, text = best_option(el, words, lang)
            if s >= OPTION_ACCEPT:
                scored.append((s + (0.05 if el.id in named_ids else 0.0), el, text))
    radios = ground(Reference(words=words), page,
                    [el for el in page.els if el.type == "radio" or el.role in (
                        "radio", "tab", "option")], lang=lang)
    for cand in radios.candidates:
        scored.append((cand.score, cand.el, ""))
    if not scored:
        return SKIP
    scored.sort(key=lambda t: (-t[0], t[1].id))
    s, el, text = scored[0]
    if len(scored) > 1 and scored[1][0] > s - 0.05 and scored[1][1].id != el.id:
        return Decision(Kind.ASK, "Which one do you mean?", confidence=s, choices=[
            (f"{t or e.display}", f"choose {t or e.display}") for _, e, t in scored[:5]])
    if s < CONFIDENT:
        return SKIP
    if el.is_select:
        st = step("select", el, text, el.display)
        return Decision(Kind.ACT, f"Choosing {quoted(text)}.", [st], s,
                        snapshot(page, Expect.FILL, values={el.id: text}), f"Chose {quoted(text)}")
    if el.is_toggle:
        return Decision(Kind.ACT, f"Choosing {quoted(el.display)}.", [step("check", el)], s,
                        snapshot(page, Expect.TOGGLE, checks={el.id: True}),
                        f"Chose {quoted(el.display)}")
    return Decision(Kind.ACT, f"Choosing {quoted(el.display)}.", [step("click", el)], s,
                    snapshot(page, Expect.CLICK), f"Chose {quoted(el.display)}")


def plan_fill(c: Clause, req: Request, page: Page, lang: str, submit: bool = False
              ) -> Decision:
    if (reply := plan_row_action(c, page, lang)) is not None and reply.phase == "edit":
        return reply  # "reply to Dana's comment: ...": her row's Reply, then the message
    if not submit and (edit := as_edit(c, page, lang)) is not None:
        return plan_edit(edit, req, page, lang)
    if not submit and (added := counted_item(c, page, lang)) is not None:
        return added
    values = values_of(c, req)
    fields = [el for el in page.fields if not el.is_toggle]
    got = assign(values, page, fields, lang) or new_item_box(values, page, lang)
    if not got:
        return SKIP
    steps: list[Step] = []
    typed: dict[int, str] = {}
    for a in got:
        st = step_for(a.el, a.text, a.el.display)
        if st is None:
            continue
        steps.append(st)
        typed[a.el.id] = st.inputData or ""
    if not steps:
        return SKIP
    labels = ", ".join(a.el.display for a in got)
    conf = min(a.score for a in got)
    els = [a.el for a in got]
    if (submit or req.wants_submit) and not req.forbids_submit:
        sub = submit_steps(page, els)
        if sub and consent.pending(page, [el.id for el in els]):
            # A required box is the visitor's to tick: fill, then ask (pipeline.resume).
            return Decision(Kind.ACT, f"Filling in {labels}.", steps, conf,
                            snapshot(page, Expect.FILL, values=typed,
                                     form_id=form_of(page, els)),
                            f"Filled in {labels}", phase=consent.CONSENT_PHASE)
        if sub:
            return Decision(Kind.ACT, f"Filling in {labels} and sending the form.",
                            steps + sub, conf, snapshot(page, Expect.SUBMIT,
                                                        form_id=form_of(page, els)),
                            "I sent the form")
    return Decision(Kind.ACT, f"Filling in {labels}.", steps, conf,
                    snapshot(page, Expect.FILL, values=typed, form_id=form_of(page, els)),
                    f"Filled in {labels}")


def plan_submit(c: Clause, req: Request, page: Page, lang: str) -> Decision:
    named = c.target if c.target and c.target.words else Reference(words=c.text)
    g = ground(named, page, page.clickables, lang=lang)
    if g.confident and g.best is not None and (g.best.el.tag == "a" or not (
            c.target and c.target.words)):
        # "next page", "continue to payment": the control they named, whatever it is.
        el = g.best.el
        return Decision(Kind.ACT, f"Pressing {quoted(el.display)}.", [step("click", el)],
                        g.best.score, snapshot(page, Expect.SUBMIT if el.tag != "a" else
                                               Expect.CLICK), f"Pressed {quoted(el.display)}")
    if c.target and c.target.words and not g.candidates:
        return SKIP  # they named something this page does not show: not some other form
    filled = [el for el in page.fields if el.has_value and not el.is_toggle]
    if not filled and (lone := lone_send(page)) is not None:
        # "ok, send it" on a page of answers to check: its one form holds only its button
        return Decision(Kind.ACT, f"Pressing {quoted(lone.display)}.", [step("click", lone)],
                        CONFIDENT, snapshot(page, Expect.SUBMIT, form_id=lone.form_id),
                        "I sent the form")
    if not filled:
        return SKIP
    if c.target and c.target.words:
        g = ground(c.target, page, page.clickables, lang=lang)
        if g.confident and g.best is not None:
            el = g.best.el
            return Decision(Kind.ACT, f"Pressing {quoted(el.display)}.", [step("click", el)],
                            g.best.score, snapshot(page, Expect.SUBMIT), "I sent the form")
    sub = submit_steps(page, filled)
    if not sub:
        return SKIP
    if boxes := consent.pending(page, [el.id for el in filled]):
        ask = consent.ask(boxes)
        return Decision(Kind.ASK, ask["message"], confidence=CONFIDENT, choices=[
            (o["label"], o["value"]) for o in ask["data"]["options"]])
    return Decision(Kind.ACT, "Sending the form.", sub, CONFIDENT,
                    snapshot(page, Expect.SUBMIT, form_id=form_of(page, filled)),
                    "I sent the form")


def option_named(words: str, page: Page, lang: str) -> tuple[PageElement, str, float] | None:
    """The one select option these words name outright (all of them, nothing else)."""
    found = []
    for el in page.fields:
        if el.is_select:
            s, text = best_option(el, words, lang)
            if s >= NAMED_OPTION:
                found.append((el, text, s))
    return found[0] if len(found) == 1 else None


def plan_search(c: Clause, page: Page, lang: str) -> Decision:
    query = c.query or (c.target.words if c.target else "")
    if not query:
        return SKIP
    # An option of a filter on this page that is what they ask for ("just show me the
    # apparel"): choose it, then the filter's own button.
    picked = option_named(query, page, lang) or option_named(option_words(query, lang), page,
                                                              lang)
    if picked is not None and not c.values:
        el, text, score = picked
        sent = submit_steps(page, [el])
        return Decision(Kind.ACT, f"Choosing {quoted(text)}.",
                        [step("select", el, text, el.display), *sent],
                        score, snapshot(page, Expect.SEARCH), f"Chose {quoted(text)}")
    # (Named a search: they want the search box. An interim reading of the act's own
    # verb until understand tells "search for X" from "find X" itself.)
    first = next(iter(tokens(c.text)), "")
    said_search = lex.stem(first, lang) == lex.stem(Act.SEARCH.value, lang) or fuzz.ratio(
        first, Act.SEARCH.value) >= TYPO_MIN_RATIO
    # Something on this page that is what they look for: open it rather than search.
    on_page = Grounding() if c.values or said_search else ground(
        Reference(words=query), page, [el for el in page.clickables if el.tag == "a"],
        lang=lang)
    if on_page.confident and on_page.best is not None and on_page.best.why == "label":
        el = on_page.best.el
        return Decision(Kind.ACT, f"Opening {quoted(el.display)}.", [step("click", el)],
                        on_page.best.score, snapshot(page, Expect.CLICK),
                        f"Opened {quoted(el.display)}")
    if c.values:
        return search_with_limits(c, page, lang, query)
    if not said_search:  # "show me only what's completed": a view of the list
        view = plan_view(query, page, lang)
        if view.kind is not Kind.SKIP:
            return view
    # "find the orders from Lena": the box that filters this page's list, else the site's.
    return plan_list_search(query, page, lang) or plan_site_search(query, page, lang)


def search_with_limits(c: Clause, page: Page, lang: str, query: str) -> Decision:
    """"red shoes under $50": the query into the search box, the amount into the
    price field of the same form, then that form's button."""
    box = next((el for el in page.fields if el.is_text_field and kind_of(el) == "search"), None)
    if box is None:
        return SKIP
    others = [el for el in page.fields if el.id != box.id and not el.is_toggle
              and (box.form_id is None or el.form_id == box.form_id)]
    got = assign(c.values, page, others, lang)
    if len(got) != len(c.values):
        # No place for the limit here: search, and set it on the results page (which
        # usually has the filters), once.
        return Decision(Kind.ACT, f"Searching for {quoted(query)}.",
                        [step("type", box, query, box.display), *submit_steps(page, [box])],
                        CONFIDENT, snapshot(page, Expect.SEARCH), "", phase="again")
    steps = [step("type", box, query, box.display)]
    steps += [st for a in got if (st := step_for(a.el, a.text, a.el.display)) is not None]
    steps += submit_steps(page, [box, *(a.el for a in got)])
    return Decision(Kind.ACT, f"Searching for {quoted(query)}.", steps,
                    min(a.score for a in got), snapshot(page, Expect.SEARCH),
                    f"Searched for {quoted(query)}")


def plan_clause(c: Clause, req: Request, page: Page) -> Decision:
    d = _plan_clause(c, req, page)
    if d.kind is Kind.SKIP and c.act in ROW_VERB_ACTS and not c.negated:
        # "archive order #1042", "star the lease agreement": a row's own control.
        d = plan_row_action(c, page, req.lang) or plan_bulk_action(c, page, req.lang) or d
    if d.kind is Kind.SKIP and c.act is Act.FILTER and (box := list_box(page)) and rows_query(
            words := c.option or c.text, box, req.lang) != words and (
            listed := plan_list_search(words, page, req.lang)):
        return listed  # "filter the help topics for gift": the list's box, then "gift"
    if d.kind is Kind.SKIP and c.act in (Act.UNKNOWN, Act.FILTER) and list_box(page):
        # Words this page's list has no control for: said so, never typed into its search
        # box and called a search ("descarga la factura").
        return Decision(Kind.FAIL, f"I couldn't find how to do {quoted(c.text)} on this page.")
    return d


def _plan_clause(c: Clause, req: Request, page: Page) -> Decision:
    lang = req.lang
    if c.negated or (c.act is Act.SUBMIT and req.forbids_submit):
        # What they said not to do is not a step ("don't send it yet").
        return Decision(Kind.SAY, "", confidence=CONFIDENT)
    if c.act in COUNT_ACTS and (counted := plan_row_count(c, page, lang)) is not None:
        return counted  # "i need 2 more bananas": the row's own count
    if c.act is Act.UNKNOWN and c.target is not None and c.target.words:
        # No verb known: the words may be a button's own name ("reject all cookies").
        return plan_named_button(c, page, lang)
    match c.act:
        case Act.FILL:
            return plan_fill(c, req, page, lang)
        case Act.SUBMIT:
            return plan_submit(c, req, page, lang)
        case Act.ADD:
            return plan_add(c, req, page, lang)
        case Act.EDIT:
            return plan_edit(c, req, page, lang)
    return _plan_control(c, page, lang)


def _plan_control(c: Clause, page: Page, lang: str) -> Decision:
    """A clause that acts on one control of the page (press, tick, choose, delete...)."""
    match c.act:
        case Act.CLICK | Act.NAVIGATE | Act.LOGOUT:
            return plan_click(c, page, lang)
        case Act.CHECK | Act.UNCHECK:
            return plan_toggle(c, page, lang)
        case Act.SELECT | Act.FILTER | Act.SORT:
            return plan_select(c, page, lang)
        case Act.DELETE:
            return plan_delete(c, page, lang)
        case Act.CLEAR:
            return plan_clear(c, page, lang)
        case Act.SEARCH:
            return plan_search(c, page, lang)
    return SKIP
