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
from leflux.agent.planners.rules.asked import asks_for_made
from leflux.agent.planners.rules.boxes import agree, number_field, opt_in, target_toggle
from leflux.agent.planners.rules.create import creation_values
from leflux.agent.planners.rules.decide import Decision, Kind, q, step
from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.fields import (
    fit_label,
    kind_of,
)
from leflux.agent.planners.rules.formbutton import search_button
from leflux.agent.planners.rules.formsend import (
    action_button,
    finder,
    keeps_settings,
    required_missing,
    summary,
    the_form_is_the_value,
    unplaced_note,
)
from leflux.agent.planners.rules.formwork import FormKey, Work
from leflux.agent.planners.rules.ground import ground
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause, Reference, Request, Value, ValueKind
from leflux.agent.planners.rules.opener import asked_of
from leflux.agent.planners.rules.options import DISTINCT_LEN, NAMED_WORD, named_options, rating
from leflux.agent.planners.rules.placing import absorb_values
from leflux.agent.planners.rules.plan import (
    CONSENT_PHASE,
    plan_clause,
    plan_select,
    plan_toggle,
    submit_steps,
)
from leflux.agent.planners.rules.rows import as_edit
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.agent.planners.rules.wordlabels import word_labelled

# Acts whose clauses a run gathers (with the flows of :mod:`flows`).
RUN_ACTS = frozenset({Act.LOGOUT, Act.ADD, Act.FILL, Act.CHECK, Act.UNCHECK, Act.SELECT, Act.SUBMIT,
                      Act.UNKNOWN, Act.SEARCH, Act.CONFIRM, Act.DECLINE})
FLOW_ACTS = frozenset({Act.LOGIN, Act.SIGNUP, Act.CONTACT, Act.CHECKOUT})
# Clauses whose words may name options of the form (not the ones that name a control).
WORDY_ACTS = FLOW_ACTS | {Act.SELECT, Act.ADD, Act.FILL, Act.UNKNOWN, Act.SEARCH, Act.CONFIRM,
                          Act.DECLINE}

# Values that are the visitor's own details (never a search's words or limits).
PERSONAL = frozenset({ValueKind.EMAIL, ValueKind.PHONE, ValueKind.FULL_NAME,
                      ValueKind.FIRST_NAME, ValueKind.LAST_NAME})

# Flows not sent while a detail the visitor gave has no field (a checkout's details may be
# for its next step).
HALT_ON_UNPLACED = frozenset({Act.LOGIN, Act.SIGNUP, Act.CONTACT})


# ------------------------------------------------------------------ one clause
def _values(c: Clause, req: Request, first: bool) -> list[Value]:
    return c.values or (req.values if first and len(req.clauses) == 1 else [])


def _control_step(work: Work, d: Decision, page: Page) -> bool:
    if d.kind is Kind.SAY:
        if d.say:
            work.said.append(d.say)
        return True
    if d.kind is not Kind.ACT or len(d.steps) != 1:
        return False
    st = d.steps[0]
    el = page.by_id.get(st.elementId) if st.elementId is not None else None
    if el is not None and work.checks.get(el.id) == (st.action != "uncheck"):
        return True  # an earlier clause of the run ticked it already
    return el is not None and el.is_field and work.take(page, el, st, d.confidence)


def _sends(page: Page, el: El) -> bool:
    """Is this the button that sends its form (not "Clear completed" beside it)?"""
    form = page.forms.get(el.form_id) if el.form_id is not None else None
    return el.type == "submit" or (form is not None and el.id in form.submit_ids)


def _named_button(work: Work, c: Clause, page: Page, lang: str) -> bool:
    """'..., then press Create account': the form's own button named."""
    if not (c.target and c.target.words):
        return True
    # "next page": the words for a page or a step name no button
    words = " ".join(w for w in c.target.words.split() if lex.page_word(w, lang) is None)
    g = ground(Reference(words=words or c.target.words), page,
               [el for el in page.clickables if el.tag != "a" and work.fits(page, el)],
               lang=lang)
    if g.confident and g.best is not None:
        work.button = g.best.el
        return True
    # "send it off when it's all filled in": words that name no control here, the form's own
    return not ground(Reference(words=words or c.target.words), page, page.clickables,
                      lang=lang).candidates


def says_button(work: Work, c: Clause, page: Page, lang: str) -> bool:
    """'..., add it to my order', 'ajoute-la à la commande': a clause with no values of its
    own whose words say every word of the form's own button ("Add to order"; its verb may
    be the clause's own verb in the visitor's language) presses it."""
    if c.values or c.negated:
        return False
    said = tokens(c.text)
    stop = lex.stopwords(lang) | lex.stopwords("en")
    verbs = {w for w in lex.control_words(c.act, lang) if " " not in w} if c.act in (
        Act.ADD, Act.SUBMIT) else set()
    # "add 2 pairs of sunglasses": an item of its own, unless the button says it too
    named = [w for w in tokens(c.target.words) if w not in stop] if c.target else []
    for el in page.clickables:
        if not _sends(page, el) or not work.fits(page, el) or el.disabled:
            continue
        own = [w for w in tokens(el.name_text) if w not in stop and any(ch.isalpha() for ch in w)]
        if own and all(w in verbs or any(word_sim(w, x, lang) >= NAMED_WORD for x in said)
                       for w in own) and all(any(word_sim(t, w, lang) >= NAMED_WORD
                                                 for w in own) for t in named):
            work.button, work.send = el, True
            return True
    return False


def absorb(work: Work, c: Clause, req: Request, page: Page, first: bool) -> bool:
    """Add what clause ``c`` does to this form; False when it is not about this form."""
    lang = req.lang
    if c.negated and c.act in (Act.SUBMIT, Act.FILL):
        return True  # "don't send it yet": scope, read from the request
    values = _values(c, req, first)
    if c.act is Act.LOGOUT:
        return number_field(work, c, page, lang)  # "sign me out after 15 minutes"
    if c.act is Act.SEARCH and c.negated and c.target is not None:
        # "i don't want people finding me by my phone": the switch that allows it, off
        return target_toggle(work, Clause(Act.UNCHECK, c.text, target=c.target), page, lang)
    if c.act in (Act.CHECK, Act.UNCHECK):
        if c.act is Act.CHECK and (agreed := agree(work, c, page, lang)):
            # "i accept the terms and want the newsletter": the terms, and what else it says
            return opt_in(work, c, page, lang) or agreed
        return _control_step(work, plan_toggle(c, page, lang), page) or target_toggle(
            work, c, page, lang) or named_options(work, c, page, lang)
    if c.act is Act.SELECT and not (values and not c.option):
        return _control_step(work, plan_select(c, page, lang), page) or named_options(
            work, c, page, lang)
    if c.act is Act.SUBMIT and not values:
        if first and not work.steps:
            return False  # "submit" alone: the submit planner reads the page
        work.send = _named_button(work, c, page, lang)
        return work.send
    if c.act in (Act.ADD, Act.UNKNOWN, Act.CLICK) and says_button(work, c, page, lang):
        return True
    if c.act in (Act.SEARCH, Act.CLICK, Act.UNKNOWN) and work.steps and not values and (
            btn := action_button(work, page, tokens(c.text), lang)) is not None:
        work.button = btn  # "postcode NB9 9ZZ, find my address": its "Find address"
        return True
    if c.act is Act.SEARCH and work.steps and not values and c.target is None:
        return search_button(work, page, lang)  # "..., 2 passengers. search": its button
    if c.act is Act.ADD and values and (made := creation_values(c, values, page, lang)):
        # "create an event called Dentist on 14 January at 9:30": the form that makes it
        work.send = absorb_values(work, made, page, lang)
        return work.send
    if c.act is Act.ADD and not (values and all(v.kind is not ValueKind.TEXT or fit_label(
            v, [el for el in page.fields if work.fits(page, el)], lang) is not None
            for v in values)):
        return False  # "add milk": an item for a list ("add the message: hi": a field's)
    if c.act is Act.FILL and not values and work.steps:
        # "..., make the base gluten free": an option named; else nothing more to fill
        # ("..., i'll type the password myself")
        return named_options(work, c, page, lang) or True
    labelled = word_labelled(c.text, values, [
        el for el in page.fields if work.fits(page, el)], req.lang) if c.act in WORDY_ACTS else []
    if c.act is Act.SEARCH and labelled:
        # "search flights from Manchester to Barcelona, 12 March": the form that searches
        work.send = absorb_values(work, values + labelled, page, lang)
        named_options(work, c, page, lang, keep=[v.raw for v in labelled])
        return work.send
    personal = bool(values) and all(v.kind in PERSONAL for v in values)
    if c.act is Act.SEARCH and not (personal and first) and (
            values or c.target is None or any(kind_of(el) == "search" for el in page.fields)):
        return False  # a product query goes to the site's search ("get me the code, my
        # email is ...": the visitor's own details are for a form, never a search)
    values = values + labelled  # "from London Heathrow to Lisbon": fields called From, To
    before = len(work.unplaced)
    took = absorb_values(work, values, page, lang)
    if c.act in WORDY_ACTS:
        took = number_field(work, c, page, lang) or took
        # A value with no field of its name may be an option's name ("auf Deutsch").
        loose = work.unplaced[before:]
        start = len(work.steps)
        named = named_options(work, c, page, lang)  # the clause's own words name options
        if loose and named_options(work, c, page, lang, keep=loose):
            named = True  # ("ship to Ireland, next day": Ireland is the country's option)
        chosen = set(tokens(" ".join(f"{st.inputData or ''} {st.description or ''}"
                                     for st in work.steps[start:])))
        work.unplaced[before:] = [u for u in loose if not any(
            len(w) >= DISTINCT_LEN and w in chosen for w in tokens(u))]
        took = took or named
    if c.act is Act.SUBMIT:
        took = rating(work, c, page, lang) or took  # "send feedback: 4 stars, ..."
        # "add a comment: ..." sends what it names; "continue to shipping with ..." the form
        work.send, work.soft = True, all(v.kind is ValueKind.TEXT for v in values)
        return True
    return took or (bool(values) and c.act is Act.FILL)


# A form sent to go on to the next step: the request is planned again on the page it leads to.
STEP_PHASE = "step"
# Clauses a step of a form may leave to another step ("I live in the zone" on the name page).
STEP_SKIPS = frozenset({Act.CHECK, Act.UNCHECK, Act.SELECT, Act.FILL, Act.UNKNOWN})


def _goes_on(work: Work, page: Page) -> bool:
    """Does the form the run works on go on to a next step ("Continue")?"""
    sub = submit_steps(page, work.els) if work.els else []
    btn = page.by_id.get(sub[0].elementId) if sub and sub[0].elementId is not None else None
    return btn is not None and lex.goes_on(btn.name_text)


def finish(work: Work, req: Request, page: Page, consumed: int,
           flow: Act | None = None, flow_sends: bool = True, keep: bool = False,
           stepping: bool = False) -> Decision:
    """The run's plan; ``keep``: never send (a box ticked for a flow's words);
    ``stepping``: this page is a later step of a form the request walks through."""
    order = {el.id: n for n, el in enumerate(page.els)}
    work.steps.sort(key=lambda st: order.get(st.elementId or -1, len(order)))
    labels = ", ".join(dict.fromkeys(work.labels))
    sub = [step("click", work.button)] if work.button is not None else submit_steps(
        page, work.els)
    changed = bool(work.steps)
    btn_el = page.by_id.get(sub[0].elementId) if sub and sub[0].elementId is not None \
        else None
    wants = work.send or (flow is not None and flow_sends) or req.wants_submit or (
        changed and keeps_settings(page, sub)) or (
        changed and btn_el is not None and asked_of(req.clauses, page, btn_el, req.lang)) or (
        flow is None and btn_el is not None and asks_for_made(req, page, work.els, btn_el))
    send = wants and not req.forbids_submit and bool(sub) and not keep
    missing = required_missing(page, work)
    fid = work.form[1] if work.form and work.form[0] == "form" else None
    # one step of several ("Continue"): what has no field here is for another step
    step_on = flow is None and btn_el is not None and lex.goes_on(btn_el.name_text)
    later = stepping or (step_on and send)
    note = unplaced_note(work) if flow is not Act.CHECKOUT and not later else ""
    if send and work.soft and not the_form_is_the_value(page, work, sub):
        send = False  # "add a comment: ..." to a feedback form: the comment, not the form
    if send and (not work.send or work.soft) and (missing or not work.steps or (
            work.unplaced and flow in HALT_ON_UNPLACED)):
        send = False  # a flow is not sent half filled: say what is still needed
    if send and work.unplaced and flow is None and not later:
        send = False  # sending would lose what the visitor asked to put in
    act_btn = work.button if work.button is not None and not _sends(page, work.button) else \
        finder(work, req.values, page, req.lang)
    if act_btn is not None and work.steps and not (keep or req.forbids_submit):
        # a button that works on this page (a look-up): pressed, then the request again
        return Decision(Kind.ACT, f"Filling in {labels} and pressing {q(act_btn.display)}.",
                        [*work.steps, step("click", act_btn)], work.conf,
                        snapshot(page, Expect.CLICK), f"Filled in {labels} and pressed "
                        f"{q(act_btn.display)}", phase=STEP_PHASE)
    ids = [el.id for el in work.els]
    if send and work.els and consent.pending(page, ids, {i for i, on in work.checks.items() if on}):
        return Decision(Kind.ACT, f"Filling in {labels}.", work.steps, work.conf,
                        snapshot(page, Expect.FILL, values=work.typed, checks=work.checks,
                                 form_id=fid),
                        f"Filled in {labels}{'.' + note if note else ''}".rstrip("."),
                        phase=CONSENT_PHASE, consumed=consumed)
    if send:
        btn = page.by_id.get(sub[0].elementId) if sub[0].elementId is not None else None
        press = f" and pressing {q(btn.display)}" if btn is not None else " and sending it"
        head = f"Filling in {labels}{press}." if labels else f"Pressing {q(btn.display)}." \
            if btn is not None else "Sending the form."
        if step_on and btn_el is not None:  # the same request planned again on the next step
            return Decision(Kind.ACT, head, work.steps + sub, work.conf,
                            snapshot(page, Expect.SUBMIT, form_id=fid, values=work.typed),
                            f"Filled in {labels} and pressed {q(btn_el.display)}" if labels
                            else f"Pressed {q(btn_el.display)}", phase=STEP_PHASE)
        return Decision(Kind.ACT, head + note, work.steps + sub, work.conf,
                        snapshot(page, Expect.SUBMIT, form_id=fid, values=work.typed),
                        f"I sent the form{'.' + note.rstrip('.') if note else ''}",
                        consumed=consumed, summary=summary(page, work))
    if not work.steps:
        still = [el.display for el in missing or (
            [el for el in page.fields if el.is_text_field and not el.has_value
             and work.fits(page, el) and kind_of(el) != "search"] if flow is not None else [])]
        text = " ".join(work.said) or (f"Nothing to change here.{note}" if not still else
                                       f"Tell me what to fill in: {', '.join(still)}.{note}")
        return Decision(Kind.SAY, text.strip(), confidence=work.conf, consumed=consumed)
    did = f"Filled in {labels}"
    if wants and not req.forbids_submit and not keep:
        did += ", but I did not send the form"
    elif sub:  # the form is there to be sent, and it is not: say so
        did += "; I did not save it yet" if keeps_settings(page, sub) else \
            "; I did not send it yet"
    if note:
        did += "." + note.rstrip(".")
    elif sub and btn_el is not None and not (missing or req.forbids_submit or keep or wants) \
            and any(el.required and work.fits(page, el) for el in page.fields):
        did += f". Shall I press {q(btn_el.display)}?"  # all it says it needs is there
    return Decision(Kind.ACT, f"Filling in {labels}.{note}", work.steps, work.conf,
                    snapshot(page, Expect.FILL, values=work.typed, checks=work.checks,
                             form_id=fid), did, consumed=consumed)


def plan_run(i: int, req: Request, page: Page, flow: Act | None = None,
             form: FormKey | None = None, flow_sends: bool = True,
             opt_in: bool = False, stepping: bool = False) -> Decision | None:
    """The clauses from ``i`` on that work on one form, as one plan; None when clause
    ``i`` is not one this module plans (the per-clause planner takes it). ``flow``: the
    flow clause ``i`` is (sent when ``flow_sends`` and every required field is filled)."""
    first = req.clauses[i]
    if flow is None and first.act not in RUN_ACTS:
        return None
    work = Work(form=form)
    j = i
    while j < len(req.clauses):
        c = req.clauses[j]
        if j > i and c.act in (Act.NAVIGATE, Act.CLICK, Act.UNKNOWN) and work.steps and \
                _named_button(work, c, page, req.lang) and work.button is not None and \
                _sends(page, work.button):
            work.send = True  # "..., then take me to the payment page": the form's button
            j += 1
            break
        if j > i and c.act is Act.CLICK and work.steps and says_button(work, c, page, req.lang):
            j += 1
            break
        if j > i and c.act not in RUN_ACTS:
            break
        if flow is not None and j == i:
            absorb_values(work, _values(c, req, True), page, req.lang)
            named_options(work, c, page, req.lang)
            if opt_in:  # "subscribe me": the box that says so is what they asked for
                for el in page.fields:
                    if el.is_toggle and el.type != "radio" and work.fits(page, el) and \
                            not el.e.checked and lex.is_opt_in(el.name_text):
                        work.take(page, el, step("check", el, None, el.display))
        elif not absorb(work, c, req, page, j == i):
            if not (c.act in STEP_SKIPS and (stepping or _goes_on(work, page)) and plan_clause(
                    c, req, page).kind is Kind.SKIP):
                break  # (on a form of steps, what nothing here is for waits for its step)
        j += 1
        if work.send:
            break
    if j == i:
        return None
    single_control = j == i + 1 and first.act in (Act.CHECK, Act.UNCHECK, Act.SELECT)
    if flow is None and not work.steps and not work.send:
        return None
    if flow is None and first.act is Act.FILL and (counted_item(
            first, page, req.lang) is not None or (not any(
                el.form_id is not None for el in work.els) and (
                as_edit(first, page, req.lang) is not None or new_item_box(
                    _values(first, req, True), page, req.lang)))):
        return None  # a row renamed or counted, an item for a list: the list's planner
    # a send asked for later must not go before the clauses in between were done
    held = any(c.act is Act.SUBMIT for c in req.clauses[j:]) and not work.send
    d = finish(work, req, page, j - i - 1, flow, flow_sends, keep=held, stepping=stepping)
    if single_control and d.before is not None and d.before.expect is not Expect.SUBMIT and \
            plan_clause(first, req, page).kind is not Kind.SKIP:
        return None  # one box or option, nothing sent: the per-clause planner says it best
    return d
