"""Filling in a form the way a person does: every clause about the same form first, then
one press of the form's own button, and only when that is what the visitor wants.

A run of clauses ("username marta_k password Kwiatek-7, keep me logged in, go") is planned
as one: values into the fields that fit them (:mod:`fields`), options the visitor named by
their words (a radio "Next day", a box "Email me news and offers", a select's option), the
boxes and options the clauses tick or choose (:mod:`plan`). The form is sent when a clause
asks for it, when the request is a whole flow that ends in sending (log in, sign up, write
to the site, check out), or when the form keeps settings with a Save button (asking to
change a setting means saving it); never when the visitor said not to. A flow is not sent
while a required field is still empty: the visitor is told what is still needed.
"""

from __future__ import annotations

from leflux.agent.planners.rules import consent
from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.addform import counted_item, new_item_box
from leflux.agent.planners.rules.antecedent import ONE_AT_A_TIME
from leflux.agent.planners.rules.asked import asks_for_made
from leflux.agent.planners.rules.changelinks import changed
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.dependent import waits_for_options
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import (
    kind_of,
)
from leflux.agent.planners.rules.formclause import (
    HALT_ON_UNPLACED,
    RUN_ACTS,
    absorb,
    button_sends,
    clause_values,
    names_button,
    says_button,
)
from leflux.agent.planners.rules.formsend import (
    finder,
    keeps_settings,
    required_missing,
    summary,
    the_form_is_the_value,
    unplaced_note,
)
from leflux.agent.planners.rules.formwork import FormKey, Work
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.opener import asked_of
from leflux.agent.planners.rules.options import named_options
from leflux.agent.planners.rules.placing import absorb_values
from leflux.agent.planners.rules.plan import plan_clause, submit_steps
from leflux.agent.planners.rules.rows import as_edit
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step

STEP_PHASE = "step"
# Clauses a step of a form may leave to another step ("I live in the zone" on the name page).
STEP_SKIPS = frozenset({Act.CHECK, Act.UNCHECK, Act.SELECT, Act.FILL, Act.UNKNOWN})


def _goes_on(work: Work, page: Page) -> bool:
    """Does the form the run works on go on to a next step ("Continue")?"""
    sub = submit_steps(page, work.els) if work.els else []
    btn = page.by_id.get(sub[0].elementId) if sub and sub[0].elementId is not None else None
    return btn is not None and lex.goes_on(btn.name_text)


def _wants_send(work: Work, req: Request, page: Page, sub: list[Step], btn_el: PageElement | None,
                flow: Act | None, flow_sends: bool) -> bool:
    """Whether the request asks for the form to be sent (before what forbids or stops it)."""
    changed = bool(work.steps)
    wants = work.send or (flow is not None and flow_sends) or req.wants_submit or (
        changed and keeps_settings(page, sub)) or (
        changed and btn_el is not None and asked_of(req.clauses, page, btn_el, req.lang)) or (
        flow is None and btn_el is not None and asks_for_made(req, page, work.els, btn_el))
    return bool(wants)


def _may_send(work: Work, page: Page, sub: list[Step], missing: list[PageElement], flow: Act | None,
              later: bool) -> bool:
    """A send the request asks for, unless it would send the wrong thing or lose words."""
    if work.refused:
        return False  # a value the page does not take: told, and the form left as it is
    if work.soft and not the_form_is_the_value(page, work, sub):
        return False  # "add a comment: ..." to a feedback form: the comment, not the form
    if (not work.send or work.soft) and (missing or not work.steps or (
            work.unplaced and flow in HALT_ON_UNPLACED)):
        return False  # a flow is not sent half filled: say what is still needed
    # sending would lose what the visitor asked to put in
    return not (work.unplaced and flow is None and not later)


def finish(work: Work, req: Request, page: Page, consumed: int,
           flow: Act | None = None, flow_sends: bool = True, keep: bool = False,
           stepping: bool = False, changing: bool = False) -> Decision:
    """The run's plan; ``keep``: never send (a box ticked for a flow's words);
    ``stepping``: this page is a later step of a form the request walks through;
    ``changing``: the page a "Change" link of a page of answers opened."""
    order = {el.id: n for n, el in enumerate(page.els)}
    work.steps.sort(key=lambda st: order.get(st.elementId or -1, len(order)))
    labels = ", ".join(dict.fromkeys(work.labels))
    sub = [step("click", work.button)] if work.button is not None else submit_steps(
        page, work.els)
    btn_el = page.by_id.get(sub[0].elementId) if sub and sub[0].elementId is not None \
        else None
    if changing and work.steps and btn_el is not None and not keep:
        # the answer changed where it was asked: the page's own button takes it back
        return changed(work.steps, work.typed, labels, page, sub, btn_el, work.conf,
                       req.forbids_submit, consumed)
    # one step of several ("Continue"): what has no field here is for another step
    step_on = flow is None and btn_el is not None and lex.goes_on(btn_el.name_text)
    # "fill in everything up to the check page but don't send": a step's Continue is no send
    through = step_on and req.through_steps
    wants = _wants_send(work, req, page, sub, btn_el, flow, flow_sends) or through
    send = wants and (through or not req.forbids_submit) and bool(sub) and not keep
    missing = required_missing(page, work)
    fid = work.form[1] if work.form and work.form[0] == "form" else None
    later = stepping or (step_on and send)
    note = unplaced_note(work) if flow is not Act.CHECKOUT and not later else ""
    send = send and _may_send(work, page, sub, missing, flow, later)
    if waits_for_options(work, page):
        # the country first; the state among the options it brings, on the next look
        return Decision(Kind.ACT, f"Filling in {labels}.", work.steps, work.conf,
                        snapshot(page, Expect.FILL, values=work.typed, checks=work.checks,
                                 form_id=fid), f"Filled in {labels}", phase=STEP_PHASE)
    act_btn = work.button if work.button is not None and not button_sends(page, work.button) else \
        finder(work, req.values, page, req.lang)
    if act_btn is not None and work.steps and not (keep or req.forbids_submit):
        # a button that works on this page (a look-up): pressed, then the request again
        return Decision(Kind.ACT, f"Filling in {labels} and pressing {quoted(act_btn.display)}.",
                        [*work.steps, step("click", act_btn)], work.conf,
                        snapshot(page, Expect.CLICK), f"Filled in {labels} and pressed "
                        f"{quoted(act_btn.display)}", phase=STEP_PHASE)
    ids = [el.id for el in work.els]
    if send and work.els and consent.pending(page, ids, {i for i, on in work.checks.items() if on}):
        return Decision(Kind.ACT, f"Filling in {labels}.", work.steps, work.conf,
                        snapshot(page, Expect.FILL, values=work.typed, checks=work.checks,
                                 form_id=fid),
                        f"Filled in {labels}{'.' + note if note else ''}".rstrip("."),
                        phase=consent.CONSENT_PHASE, consumed=consumed)
    if send:
        return _sending(work, page, sub, labels, note, fid, consumed,
                        next_step=btn_el if step_on else None)
    if not work.steps:
        return _nothing_to_fill(work, page, missing, note, consumed, flow)
    # ("Shall I press ...?": a button all of whose required fields the run fills)
    ask = sub and btn_el is not None and not (missing or req.forbids_submit or keep or wants)
    did = f"Filled in {labels}" + _unsent(work, page, sub, note, asked=btn_el if ask else None,
                                          meant_to_send=wants and not (req.forbids_submit or keep))
    return Decision(Kind.ACT, f"Filling in {labels}.{note}", work.steps, work.conf,
                    snapshot(page, Expect.FILL, values=work.typed, checks=work.checks,
                             form_id=fid), did, consumed=consumed)


def _sending(work: Work, page: Page, sub: list[Step], labels: str, note: str,
             fid: int | None, consumed: int, next_step: PageElement | None) -> Decision:
    """The run's steps, then the form's button; ``next_step``: that button goes on to the
    form's next step, where the same request is planned again."""
    btn = page.by_id.get(sub[0].elementId) if sub[0].elementId is not None else None
    press = f" and pressing {quoted(btn.display)}" if btn is not None else " and sending it"
    head = f"Filling in {labels}{press}." if labels else f"Pressing {quoted(btn.display)}." \
        if btn is not None else "Sending the form."
    if next_step is not None:
        return Decision(Kind.ACT, head, work.steps + sub, work.conf,
                        snapshot(page, Expect.SUBMIT, form_id=fid, values=work.typed),
                        f"Filled in {labels} and pressed {quoted(next_step.display)}" if labels
                        else f"Pressed {quoted(next_step.display)}", phase=STEP_PHASE)
    return Decision(Kind.ACT, head + note, work.steps + sub, work.conf,
                    snapshot(page, Expect.SUBMIT, form_id=fid, values=work.typed),
                    f"I sent the form{'.' + note.rstrip('.') if note else ''}",
                    consumed=consumed, summary=summary(page, work))


def _nothing_to_fill(work: Work, page: Page, missing: list[PageElement], note: str,
                     consumed: int, flow: Act | None) -> Decision:
    """No step for the run: what was said instead, or the fields still wanted."""
    still = [el.display for el in missing or (
        [el for el in page.fields if el.is_text_field and not el.has_value
         and work.fits(page, el) and kind_of(el) != "search"] if flow is not None else [])]
    text = " ".join(work.said + work.refused) or (
        f"Nothing to change here.{note}" if not still else
        f"Tell me what to fill in: {', '.join(still)}.{note}")
    return Decision(Kind.SAY, text.strip(), confidence=work.conf, consumed=consumed)


def _unsent(work: Work, page: Page, sub: list[Step], note: str, *,
            asked: PageElement | None, meant_to_send: bool) -> str:
    """What the report adds to "Filled in ...": the form is not sent (and why), and
    ``asked``, a button to offer pressing when all its form says it needs is there."""
    did = ""
    if meant_to_send:
        did += ", but I did not send the form"
    elif sub:  # the form is there to be sent, and it is not: say so
        did += "; I did not save it yet" if keeps_settings(page, sub) else \
            "; I did not send it yet"
    if note or work.refused:
        did += "." + " ".join([note.rstrip("."), *work.refused]).rstrip(".")
    elif asked is not None and any(el.required and work.fits(page, el) for el in page.fields):
        did += f". Shall I press {quoted(asked.display)}?"  # all it says it needs is there
    return did


def _ends_run(work: Work, c: Clause, page: Page, lang: str) -> bool | None:
    """A later clause that presses the form's button ends the run (True), one that is not
    about a form ends it before itself (False); None: the run goes on."""
    if c.act in (Act.NAVIGATE, Act.CLICK, Act.UNKNOWN) and work.steps and \
            names_button(work, c, page, lang) and work.button is not None and \
            button_sends(page, work.button):
        work.send = True  # "..., then take me to the payment page": the form's button
        return True
    if c.act is Act.CLICK and work.steps and says_button(work, c, page, lang):
        return True
    return False if c.act not in RUN_ACTS else None


def _once_more(work: Work, c: Clause, page: Page) -> bool:
    """A later clause whose value goes where this run already typed one (a second email
    for the form's one email field): the form once more, after this one is done."""
    for v in c.values:
        if v.kind not in ONE_AT_A_TIME or v.label:
            continue  # (a birth date after the appointment's is another field's)
        fits = [el for el in page.fields if el.is_text_field and work.fits(page, el)
                and kind_of(el) == v.kind.value]
        if fits and all(el.id in work.typed for el in fits):
            return True
    return False


def _opt_in_boxes(work: Work, page: Page) -> None:
    """"subscribe me": the box that says so is what they asked for."""
    for el in page.fields:
        if el.is_toggle and el.type != "radio" and work.fits(page, el) and \
                not el.e.checked and lex.is_opt_in(el.name_text):
            work.take(page, el, step("check", el, None, el.display))


def _run_clauses(work: Work, i: int, req: Request, page: Page, flow: Act | None,
                 opt_in: bool, stepping: bool) -> int:
    """Absorb the clauses from ``i`` on into ``work``; the index of the first one left."""
    j = i
    while j < len(req.clauses):
        c = req.clauses[j]
        ends = _ends_run(work, c, page, req.lang) if j > i else None
        if ends is not None:
            return j + 1 if ends else j
        if j > i and _once_more(work, c, page):
            return j  # "invite nina@… and omar@…": the form again, for the next one
        if flow is not None and j == i:
            absorb_values(work, clause_values(c, req, True), page, req.lang)
            named_options(work, c, page, req.lang)
            if opt_in:
                _opt_in_boxes(work, page)
        elif not absorb(work, c, req, page, j == i) and not (
                c.act in STEP_SKIPS and (stepping or _goes_on(work, page))
                and plan_clause(c, req, page).kind is Kind.SKIP):
            break  # (on a form of steps, what nothing here is for waits for its step)
        j += 1
        if work.send:
            break
    return j


def plan_run(i: int, req: Request, page: Page, flow: Act | None = None,
             form: FormKey | None = None, flow_sends: bool = True,
             opt_in: bool = False, stepping: bool = False,
             changing: bool = False) -> Decision | None:
    """The clauses from ``i`` on that work on one form, as one plan; None when clause
    ``i`` is not one this module plans (the per-clause planner takes it). ``flow``: the
    flow clause ``i`` is (sent when ``flow_sends`` and every required field is filled)."""
    first = req.clauses[i]
    if flow is None and first.act not in RUN_ACTS:
        return None
    work = Work(form=form)
    j = _run_clauses(work, i, req, page, flow, opt_in, stepping)
    if j == i:
        return None
    single_control = j == i + 1 and first.act in (Act.CHECK, Act.UNCHECK, Act.SELECT)
    if flow is None and not work.steps and not work.send and not work.refused:
        return None
    if flow is None and first.act is Act.FILL and (counted_item(
            first, page, req.lang) is not None or (not any(
                el.form_id is not None for el in work.els) and (
                as_edit(first, page, req.lang) is not None or new_item_box(
                    clause_values(first, req, True), page, req.lang)))):
        return None  # a row renamed or counted, an item for a list: the list's planner
    # a send asked for later must not go before the clauses in between were done
    held = any(c.act is Act.SUBMIT for c in req.clauses[j:]) and not work.send
    d = finish(work, req, page, j - i - 1, flow, flow_sends, keep=held, stepping=stepping,
               changing=changing)
    if single_control and d.before is not None and d.before.expect is not Expect.SUBMIT and \
            plan_clause(first, req, page).kind is not Kind.SKIP:
        return None  # one box or option, nothing sent: the per-clause planner says it best
    return d
