"""What one clause adds to the form a run fills: its values into the fields that fit them,
the boxes and options it names, the button it presses, and whether it asks for the form to
be sent. :mod:`formfill` gathers the clauses of a run and makes the plan."""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.boxes import agree, number_field, opt_in, target_toggle
from leflux.agent.planners.rules.create import creation_values
from leflux.agent.planners.rules.decide import Decision, Kind
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.examples import example_values
from leflux.agent.planners.rules.fields import (
    fit_label,
    kind_of,
)
from leflux.agent.planners.rules.formbutton import search_button
from leflux.agent.planners.rules.formsend import (
    action_button,
)
from leflux.agent.planners.rules.formwork import Work
from leflux.agent.planners.rules.ground import ground
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause, Reference, Request, Value, ValueKind
from leflux.agent.planners.rules.opposites import contrary_boxes
from leflux.agent.planners.rules.options import DISTINCT_LEN, NAMED_WORD, named_options, rating
from leflux.agent.planners.rules.placing import absorb_values, best_form
from leflux.agent.planners.rules.plan import (
    plan_select,
    plan_toggle,
)
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
def clause_values(c: Clause, req: Request, first: bool) -> list[Value]:
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


def button_sends(page: Page, el: PageElement) -> bool:
    """Is this the button that sends its form (not "Clear completed" beside it)?"""
    form = page.forms.get(el.form_id) if el.form_id is not None else None
    return el.type == "submit" or (form is not None and el.id in form.submit_ids)


def names_button(work: Work, c: Clause, page: Page, lang: str) -> bool:
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
        if not button_sends(page, el) or not work.fits(page, el) or el.disabled:
            continue
        own = [w for w in tokens(el.name_text) if w not in stop and any(ch.isalpha() for ch in w)]
        if own and all(w in verbs or any(word_sim(w, x, lang) >= NAMED_WORD for x in said)
                       for w in own) and all(any(word_sim(t, w, lang) >= NAMED_WORD
                                                 for w in own) for t in named):
            work.button, work.send = el, True
            return True
    return False


def _kept_words(c: Clause, lang: str) -> str:
    """'don't save my info': the verb and what it would act on ("save info"), as the words
    of a box that does it."""
    if c.target is None or not c.target.words:
        return ""
    said = tokens(c.text)
    own = tokens(c.target.words)
    at = next((k for k in range(len(said)) if said[k:k + len(own)] == own), -1)
    arts = lex.articles(lang) | lex.articles("en")
    before = [w for w in said[:at] if w not in arts] if at > 0 else []
    return f"{before[-1]} {c.target.words}" if before else ""


def absorb(work: Work, c: Clause, req: Request, page: Page, first: bool) -> bool:
    """Add what clause ``c`` does to this form; False when it is not about this form."""
    if c.negated and c.act is Act.SUBMIT and (kept := _kept_words(c, req.lang)) and \
            target_toggle(work, Clause(Act.UNCHECK, c.text, target=Reference(words=kept)),
                          page, req.lang):
        return True  # "don't save my info": the box that would save it, off
    if c.negated and c.act in (Act.SUBMIT, Act.FILL):
        return True  # "don't send it yet": scope, read from the request
    values = clause_values(c, req, first)
    took = _absorb_control(work, c, page, req.lang, values, first)
    if took is None:
        took = _absorb_button(work, c, page, req.lang, values)
    return took if took is not None else _absorb_words(work, c, req, page, first, values)


def _absorb_control(work: Work, c: Clause, page: Page, lang: str, values: list[Value],
                    first: bool) -> bool | None:
    """A clause that names a control of the form (a switch, a select, its button); None
    when it names none."""
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
        work.send = names_button(work, c, page, lang)
        return work.send
    return None


def _absorb_button(work: Work, c: Clause, page: Page, lang: str,
                   values: list[Value]) -> bool | None:
    """A clause that presses one of the form's buttons or makes what it makes; None when
    it does neither."""
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
    return None


def _absorb_words(work: Work, c: Clause, req: Request, page: Page, first: bool,
                  values: list[Value]) -> bool:
    """The values a clause gives, into the fields (or options) they name."""
    lang = req.lang
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
    # "..., CV17 XYZ, ...": a bare value shaped like a field's own example
    values += example_values(req.text if first else c.text, values, [
        el for el in page.fields if work.fits(page, el)], lang)
    before = len(work.unplaced)
    took = absorb_values(work, values, page, lang)
    if not (first or took) and values and best_form(values, page, lang) not in (None, work.form):
        # "try WELCOME5 and then put my name in, ...": the name is for another form, the
        # run on this one ends before it
        del work.unplaced[before:]
        return False
    if c.act in WORDY_ACTS:
        took = _absorb_loose(work, c, page, lang, before) or took
    if c.act is Act.SUBMIT:
        took = rating(work, c, page, lang) or took  # "send feedback: 4 stars, ..."
        # "add a comment: ..." sends what it names; "continue to shipping with ..." the form
        work.send, work.soft = True, all(v.kind is ValueKind.TEXT for v in values)
        return True
    return took or (bool(values) and c.act is Act.FILL)


def _absorb_loose(work: Work, c: Clause, page: Page, lang: str, before: int) -> bool:
    """A number for a number box, and values with no field of their name that name an
    option instead ("auf Deutsch")."""
    took = number_field(work, c, page, lang)
    took = contrary_boxes(work, c, page, lang) or took  # "it ships somewhere else"
    loose = work.unplaced[before:]
    start = len(work.steps)
    named = named_options(work, c, page, lang)  # the clause's own words name options
    if loose and named_options(work, c, page, lang, keep=loose):
        named = True  # ("ship to Ireland, next day": Ireland is the country's option)
    chosen = set(tokens(" ".join(f"{st.inputData or ''} {st.description or ''}"
                                 for st in work.steps[start:])))
    work.unplaced[before:] = [u for u in loose if not any(
        len(w) >= DISTINCT_LEN and w in chosen for w in tokens(u))]
    return took or named


# A form sent to go on to the next step: the request is planned again on the page it leads to.
