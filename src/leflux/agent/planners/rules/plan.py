"""Steps for one clause on the page as it is: which elements, which actions, what scope.

Each act grounds its target (:mod:`ground`), then writes the steps a person would take:
values into the fields that ask for them, Enter where a form has no submit button, the
row's own control for row actions, a double click to edit, Apply after a filter. A form is
submitted only when the request asks for it. Every decision carries a confidence; when the
page does not make the target clear the decision is a question with choices instead.
A clause this module does not cover gives ``SKIP`` (the caller may hand it on).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import get_args

from rapidfuzz import fuzz

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.extract import extract
from leflux.agent.planners.rules.fields import assign, kind_of
from leflux.agent.planners.rules.forms import fill_steps, step_for, submit_button
from leflux.agent.planners.rules.ground import (
    ACCEPT,
    CONFIDENT,
    Candidate,
    Grounding,
    ground,
    ground_any,
)
from leflux.agent.planners.rules.match import TYPO_MIN_RATIO, Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause, Reference, Request, Value, ValueKind
from leflux.agent.planners.rules.verify import Before, Expect, snapshot
from leflux.protocol import Step, StepAction

OPTION_ACCEPT = 0.7   # an option of a select named this well is the one meant
NAMED_OPTION = 0.9    # a search query that is an option's name is that option
ORDER_WEIGHT = 0.2    # share of an option's score from its characters in order


class Kind(StrEnum):
    ACT = "act"        # steps to send
    ASK = "ask"        # a question with choices (nothing done)
    SAY = "say"        # an answer / a statement, nothing to do on the page
    FAIL = "fail"      # cannot be done here, and why
    SKIP = "skip"      # not covered by this planner


@dataclass
class Decision:
    kind: Kind
    say: str = ""
    steps: list[Step] = field(default_factory=list)
    confidence: float = 0.0
    before: Before | None = None
    did: str = ""                                       # for the report after
    choices: list[tuple[str, str]] = field(default_factory=list)  # (label, reply value)
    phase: str = "acted"
    text: str = ""


SKIP = Decision(Kind.SKIP)


def q(text: str) -> str:
    return f"\u201c{text}\u201d"


def can(action: str) -> bool:
    return action in get_args(StepAction)


def step(action: str, el: El | None, data: str | None = None, what: str = "") -> Step:
    return Step(action=action, elementId=el.id if el else None,  # type: ignore[arg-type]
                inputData=data, description=what or (el.display if el else action))


def ask(g: Grounding, verb: str, noun: str) -> Decision:
    """One short question with the close candidates as choices."""
    labels: list[tuple[str, str]] = []
    for c in g.close():
        label = c.el.display if not c.el.group else f"{c.el.display} ({c.el.group[:60]})"
        if label not in (lb for lb, _ in labels):
            labels.append((label, f"{verb} {label}"))
    return Decision(Kind.ASK, f"Which {noun} do you mean?", choices=labels,
                    confidence=g.best.score if g.best else 0.0)


def name(el: El) -> str:
    """How to call an element to the visitor: a control in a row by its row."""
    return el.group[:80] if el.group and (el.is_toggle or el.hover_only) else el.display


def rows_count(page: Page) -> int:
    return len({el.group for el in page.els if el.group})


# ------------------------------------------------------------------ acts


def plan_click(c: Clause, page: Page, lang: str) -> Decision:
    test_field = c.target is not None and c.target.kind in ("field", "textbox", "input")
    pool = page.fields if test_field else page.clickables
    if c.act is Act.LOGOUT and not (c.target and c.target.words):
        g = ground_any(sorted(lex.control_words(Act.LOGOUT, lang)), page, pool, lang=lang)
    else:
        g = ground(c.target, page, pool, lang=lang, container=c.container)
    if g.confident and g.best is not None:
        el = g.best.el
        expect = Expect.CLICK
        return Decision(Kind.ACT, f"Opening {q(el.display)}.", [step("click", el)],
                        g.best.score, snapshot(page, expect), f"Opened {q(el.display)}")
    if g.ambiguous:
        return ask(g, "click", "one")
    return SKIP


def plan_toggle(c: Clause, page: Page, lang: str) -> Decision:
    on = c.act is not Act.UNCHECK
    pool = [el for el in page.els if el.is_toggle]
    target = c.target if (c.target and (c.target.words or c.target.kind or c.target.ordinal)) \
        else Reference(kind="toggle")
    g = ground(target, page, pool, lang=lang, container=c.container)
    if g.ambiguous:
        return ask(g, "tick" if on else "untick", "box")
    if not (g.confident and g.best is not None):
        return SKIP
    el = g.best.el
    if bool(el.e.checked) == on:
        return Decision(Kind.SAY, f"{q(name(el))} is already {'ticked' if on else 'unticked'}.",
                        confidence=g.best.score)
    action = "check" if on else "uncheck"
    return Decision(Kind.ACT, f"{'Ticking' if on else 'Unticking'} {q(name(el))}.",
                    [step(action, el, None, name(el))], g.best.score,
                    snapshot(page, Expect.TOGGLE, checks={el.id: on}),
                    f"{'Ticked' if on else 'Unticked'} {q(name(el))}")


def best_option(el: El, words: str, lang: str) -> tuple[float, str]:
    m = Matcher(tokens(words), lang)
    best = (0.0, "")
    for o in el.e.options or []:
        text = o.text or o.value or ""
        if not o.value and not text:
            continue
        s = max(m.score(tokens(text)), m.score(tokens(o.value or "")))
        # Word order tells "high to low" from "low to high".
        s = min(1.0, s * (1.0 - ORDER_WEIGHT) + ORDER_WEIGHT * fuzz.ratio(
            words.lower(), text.lower()) / 100.0)
        if text.strip().lower() == words.strip().lower():
            s = 1.0
        if s > best[0]:
            best = (s, text)
    return best


def plan_select(c: Clause, page: Page, lang: str) -> Decision:
    words = c.option or (c.target.words if c.target else "")
    if not words:
        return SKIP
    scored: list[tuple[float, El, str]] = []
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
        return Decision(Kind.ACT, f"Choosing {q(text)}.", [st], s,
                        snapshot(page, Expect.FILL, values={el.id: text}), f"Chose {q(text)}")
    if el.is_toggle:
        return Decision(Kind.ACT, f"Choosing {q(el.display)}.", [step("check", el)], s,
                        snapshot(page, Expect.TOGGLE, checks={el.id: True}),
                        f"Chose {q(el.display)}")
    return Decision(Kind.ACT, f"Choosing {q(el.display)}.", [step("click", el)], s,
                    snapshot(page, Expect.CLICK), f"Chose {q(el.display)}")


def form_of(page: Page, els: list[El]) -> int | None:
    ids = {el.form_id for el in els if el.form_id is not None}
    return next(iter(ids)) if len(ids) == 1 else None


def submit_steps(page: Page, filled: list[El]) -> list[Step]:
    """How a person sends the form holding ``filled``: its submit button, else Enter."""
    fid = form_of(page, filled)
    form = page.forms.get(fid) if fid is not None else None
    if form is not None and form.submit_ids:
        btn = page.by_id.get(form.submit_ids[0])
        if btn is not None:
            return [step("click", btn, None, btn.display)]
    if form is None or form.has_submit:
        btn = submit_button(page, [el.id for el in filled])
        if form is None and filled:
            # No form reported: the button that follows the fields, before any other field.
            last_id = max(el.id for el in filled)
            nxt = next((el for el in page.els if el.id > last_id and (el.is_field or (
                el.is_clickable and el.tag != "a"))), None)
            if nxt is not None and not nxt.is_field and not nxt.disabled:
                btn = nxt
        if btn is not None:
            return [step("click", btn, None, btn.display)]
    typed = next((el for el in reversed(filled) if el.is_text_field), None)
    return [step("press", typed, "Enter", "submit")] if typed is not None else []


def older_fill_count(text: str, page: Page) -> int:
    """How many fields the older form handlers would fill from these words (while both
    exist, a request they read better stays with them)."""
    steps, _ = fill_steps(page, extract(text))
    return len(steps)


def values_of(c: Clause, req: Request) -> list[Value]:
    return c.values or req.values


def plan_fill(c: Clause, req: Request, page: Page, lang: str, submit: bool = False
              ) -> Decision:
    values = values_of(c, req)
    fields = [el for el in page.fields if not el.is_toggle]
    got = assign(values, page, fields, lang)
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
    if not steps or len(steps) < older_fill_count(req.text, page):
        return SKIP  # the older form handlers understand more of this request
    labels = ", ".join(a.el.display for a in got)
    conf = min(a.score for a in got)
    els = [a.el for a in got]
    if (submit or req.wants_submit) and not req.forbids_submit:
        sub = submit_steps(page, els)
        if sub:
            return Decision(Kind.ACT, f"Filling in {labels} and sending the form.",
                            steps + sub, conf, snapshot(page, Expect.SUBMIT,
                                                        form_id=form_of(page, els)),
                            "I sent the form")
    return Decision(Kind.ACT, f"Filling in {labels}.", steps, conf,
                    snapshot(page, Expect.FILL, values=typed, form_id=form_of(page, els)),
                    f"Filled in {labels}")


def plan_submit(c: Clause, req: Request, page: Page, lang: str) -> Decision:
    if c.values:
        return plan_fill(c, req, page, lang, submit=True)
    named = c.target if c.target and c.target.words else Reference(words=c.text)
    g = ground(named, page, page.clickables, lang=lang)
    if g.confident and g.best is not None and (g.best.el.tag == "a" or not (
            c.target and c.target.words)):
        # "next page", "continue to payment": the control they named, whatever it is.
        el = g.best.el
        return Decision(Kind.ACT, f"Pressing {q(el.display)}.", [step("click", el)],
                        g.best.score, snapshot(page, Expect.SUBMIT if el.tag != "a" else
                                               Expect.CLICK), f"Pressed {q(el.display)}")
    if c.target and c.target.words and not g.candidates:
        return SKIP  # they named something this page does not show: not some other form
    filled = [el for el in page.fields if el.has_value and not el.is_toggle]
    if not filled:
        return SKIP
    if c.target and c.target.words:
        g = ground(c.target, page, page.clickables, lang=lang)
        if g.confident and g.best is not None:
            el = g.best.el
            return Decision(Kind.ACT, f"Pressing {q(el.display)}.", [step("click", el)],
                            g.best.score, snapshot(page, Expect.SUBMIT), "I sent the form")
    sub = submit_steps(page, filled)
    if not sub:
        return SKIP
    return Decision(Kind.ACT, "Sending the form.", sub, CONFIDENT,
                    snapshot(page, Expect.SUBMIT, form_id=form_of(page, filled)),
                    "I sent the form")


def row_control(c: Clause, page: Page, lang: str, act: Act) -> Grounding:
    """The control doing ``act`` in the row the clause names (its target or container)."""
    row = c.container or c.target or Reference()
    pool = [el for el in page.clickables if el.group]
    if not (row.words or row.ordinal is not None):
        return Grounding()
    return ground_any(sorted(lex.control_words(act, lang)), page, pool, lang=lang,
                      container=row)


def delete_near_item(c: Clause, page: Page, lang: str) -> Grounding:
    """Pages whose rows the embed did not report: the item named, then the delete
    control closest to it in the page's structure."""
    words = c.target.words if c.target else ""
    if not words or any(el.group for el in page.els):
        return Grounding()
    items = ground(Reference(words=words), page, [el for el in page.els if not el.is_field],
                   lang=lang)
    if not items.confident or items.best is None:
        return Grounding()
    item = items.best.el
    deleters = ground_any(sorted(lex.control_words(Act.DELETE, lang)), page, page.clickables,
                          lang=lang).candidates
    near = sorted(((page.closeness(item, d.el), d) for d in deleters), key=lambda t: -t[0])
    if not near or (len(near) > 1 and near[0][0] == near[1][0]):
        return Grounding()
    return Grounding([Candidate(near[0][1].el, min(items.best.score, near[0][1].score),
                                "near")])


def plan_delete(c: Clause, page: Page, lang: str) -> Decision:
    g = row_control(c, page, lang, Act.DELETE)
    if not g.candidates:
        g = delete_near_item(c, page, lang)
    if g.ambiguous:
        return ask(g, "delete", "one")
    if not (g.best is not None and g.best.score >= ACCEPT and len(g.candidates) == 1):
        return SKIP
    el = g.best.el
    what = el.group or (c.target.words if c.target and c.target.words else el.display)
    return Decision(Kind.ACT, f"Removing {q(what)}.", [step("click", el, None, el.display)],
                    g.best.score, snapshot(page, Expect.DELETE, count=rows_count(page) or None),
                    f"Removed {q(what)}")


def new_item_field(page: Page) -> El | None:
    """The field a list adds to on Enter: a free-text field in no form, or in a form
    without a submit button, that sits in no row (not a search, quantity or email box)."""
    out = []
    for el in page.fields:
        if not el.is_text_field or (el.group and el.position) or kind_of(el) not in (
                None, "message", "subject"):
            continue
        form = page.forms.get(el.form_id) if el.form_id is not None else None
        if form is None or not form.has_submit:
            out.append(el)
    return out[0] if len(out) == 1 else None


def plan_add(c: Clause, req: Request, page: Page, lang: str) -> Decision:
    words = c.target.words if c.target else ""
    if c.quantity or (words and lex.is_cart(words, lang)) or (
            c.container and lex.is_cart(c.container.words, lang)):
        return SKIP  # a product into the cart: the cart flow
    item = next((v.text for v in values_of(c, req) if v.kind is ValueKind.TEXT), None) or words
    if not item:
        return SKIP
    # A control that says it adds this ("Add to wishlist"), or a row's add control.
    adders = ground_any([f"{w} {item}" for w in sorted(lex.control_words(Act.ADD, lang))],
                        page, page.clickables, lang=lang, container=c.container)
    if adders.confident and adders.best is not None:
        el = adders.best.el
        return Decision(Kind.ACT, f"Pressing {q(el.display)}.", [step("click", el)],
                        adders.best.score, snapshot(page, Expect.CLICK),
                        f"Pressed {q(el.display)}")
    box = new_item_field(page)
    if box is not None:
        return Decision(Kind.ACT, f"Adding {q(item)}.",
                        [step("type", box, item), step("press", box, "Enter", "add")],
                        CONFIDENT, snapshot(page, Expect.ADD, count=rows_count(page) or None),
                        f"Added {q(item)}")
    return SKIP


def plan_edit(c: Clause, req: Request, page: Page, lang: str) -> Decision:
    new = next((v.text for v in values_of(c, req)), None)
    row = c.container or c.target
    if not new or row is None or not can("dblclick"):
        return SKIP
    g = ground(Reference(), page, [el for el in page.els if el.group and not el.is_field
                                   and not el.is_clickable], lang=lang, container=row)
    if not g.candidates:
        return SKIP
    if len({x.el.group for x in g.candidates}) > 1:
        return ask(g, "edit", "one")
    el = g.candidates[0].el
    return Decision(Kind.ACT, f"Editing {q(el.group)}.", [step("dblclick", el, None, "edit")],
                    g.candidates[0].score, snapshot(page, Expect.CLICK), f"Renamed it to {q(new)}",
                    phase="edit", text=new)


def edit_typing(page: Page, text: str) -> list[Step]:
    """After the double click: type into the field that opened (the focused one)."""
    fid = (page.context.model_extra or {}).get("focusedId") if page.context else None
    fid = fid if isinstance(fid, int) else getattr(page.context, "focusedId", None)
    el = page.by_id.get(fid) if isinstance(fid, int) else None
    if el is None or not el.is_text_field:
        return []
    return [step("clear", el), step("type", el, text), step("press", el, "Enter", "save")]


def option_named(words: str, page: Page, lang: str) -> tuple[El, str, float] | None:
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
    picked = option_named(query, page, lang)
    if picked is not None and not c.values:
        el, text, score = picked
        return Decision(Kind.ACT, f"Choosing {q(text)}.",
                        [step("select", el, text, el.display), *submit_steps(page, [el])],
                        score, snapshot(page, Expect.SEARCH), f"Chose {q(text)}")
    # Something on this page that is what they look for: open it rather than search.
    on_page = ground(Reference(words=query), page, [el for el in page.clickables
                                                    if el.tag == "a"], lang=lang)
    # (Named a search: they want the search box. An interim reading of the act's own
    # verb until understand tells "search for X" from "find X" itself.)
    first = next(iter(tokens(c.text)), "")
    said_search = lex.stem(first, lang) == lex.stem(Act.SEARCH.value, lang) or fuzz.ratio(
        first, Act.SEARCH.value) >= TYPO_MIN_RATIO
    if on_page.confident and on_page.best is not None and on_page.best.why == "label" \
            and not c.values and not said_search:
        el = on_page.best.el
        return Decision(Kind.ACT, f"Opening {q(el.display)}.", [step("click", el)],
                        on_page.best.score, snapshot(page, Expect.CLICK),
                        f"Opened {q(el.display)}")
    if c.values:
        return search_with_limits(c, page, lang, query)
    return SKIP  # the site's search (and its results) is the search flow's


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
        return SKIP
    steps = [step("type", box, query, box.display)]
    steps += [st for a in got if (st := step_for(a.el, a.text, a.el.display)) is not None]
    steps += submit_steps(page, [box, *(a.el for a in got)])
    return Decision(Kind.ACT, f"Searching for {q(query)}.", steps,
                    min(a.score for a in got), snapshot(page, Expect.SEARCH),
                    f"Searched for {q(query)}")


def plan_clause(c: Clause, req: Request, page: Page) -> Decision:
    lang = req.lang
    match c.act:
        case Act.CLICK | Act.NAVIGATE | Act.LOGOUT:
            return plan_click(c, page, lang)
        case Act.CHECK | Act.UNCHECK:
            return plan_toggle(c, page, lang)
        case Act.SELECT | Act.FILTER | Act.SORT:
            return plan_select(c, page, lang)
        case Act.FILL:
            return plan_fill(c, req, page, lang)
        case Act.SUBMIT:
            return plan_submit(c, req, page, lang)
        case Act.DELETE:
            return plan_delete(c, page, lang)
        case Act.ADD:
            return plan_add(c, req, page, lang)
        case Act.EDIT:
            return plan_edit(c, req, page, lang)
        case Act.SEARCH:
            return plan_search(c, page, lang)
    return SKIP
