"""Flows that end in sending a form: log in, sign up, write to the site, check out.

The form for the flow is found on the page by what it asks for (a sign-in form has one
password field and no name or confirmation; a sign-up form a password with a name or a
confirmation, or an email beside a "Subscribe" button; a message form a free-text box)
and by its button's words. When the page has none, the link or button named for the flow
("Sign in", "Register", "Contact us", "Checkout") is opened first and the clause is planned
again on the page it leads to. Filling and sending is :mod:`formfill`'s, with the flow's
scope: sent once every required field is filled. A checkout goes page by page (cart,
details, payment), filling each step from the visitor's details.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.aboutmessage import subject_from_message, topic_from_message
from leflux.agent.planners.rules.boxes import target_toggle
from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import assign, kind_of
from leflux.agent.planners.rules.flowsteps import links_here, signup_in_steps
from leflux.agent.planners.rules.formfill import (
    STEP_PHASE,
    FormKey,
    Work,
    finish,
    plan_run,
)
from leflux.agent.planners.rules.formwork import form_key
from leflux.agent.planners.rules.ground import ground_any
from leflux.agent.planners.rules.match import tokens, worded
from leflux.agent.planners.rules.model import Act, Clause, Request, Value, ValueKind
from leflux.agent.planners.rules.options import named_score
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.placing import best_form
from leflux.agent.planners.rules.plan import submit_steps
from leflux.agent.planners.rules.product import ROW_KINDS
from leflux.agent.planners.rules.verbfit import destroys_unasked
from leflux.agent.planners.rules.verify import Expect, sentences, snapshot, text_crc

# How sure a flow is of a form that shows its signs, and of the link that leads to one.
FORM_SURE = 0.9
LINK_SURE = 0.8
_PASSWORDS = {"password", "current_password"}
_SIGNUP_SIGNS = {"new_password", "confirm_password", "first_name", "last_name", "name"}


def _forms(page: Page) -> dict[FormKey, list[PageElement]]:
    out: dict[FormKey, list[PageElement]] = {}
    for el in page.fields:
        out.setdefault(form_key(page, el), []).append(el)
    return out


@lru_cache(maxsize=64)
def _phrases(act: Act, lang: str) -> tuple[tuple[str, ...], ...]:
    return tuple(p for p in (tokens(w) for w in sorted(_words(act, lang))) if p)


@lru_cache(maxsize=8192)
def says(label: str, act: Act, lang: str) -> bool:
    """The label holds one of the flow's phrases word for word ("Sign in" is no "sign
    up", though the two share a word)."""
    words = tokens(label)
    return any(words[k:k + len(p)] == p for p in _phrases(act, lang)
               for k in range(len(words) - len(p) + 1))


def _button_says(page: Page, key: FormKey, act: Act, lang: str) -> bool:
    return any(says(el.name_text, act, lang) for el in page.clickables
               if el.tag != "a" and form_key(page, el) == key)


def _words(act: Act, lang: str) -> frozenset[str]:
    return lex.control_words(act, lang) | lex.control_words(act, "en")


def fits(act: Act, kinds: set[str | None], els: list[PageElement], says: bool) -> bool:
    """Does a form with fields of these kinds serve the flow?"""
    passwords = kinds & _PASSWORDS
    if act is Act.LOGIN:
        return bool(passwords) and not kinds & _SIGNUP_SIGNS
    if act is Act.SIGNUP:
        return (bool(passwords) and bool(kinds & _SIGNUP_SIGNS)) or (
            says and bool(kinds & {"email", "username"}))
    if act is Act.CONTACT:
        return any(el.tag == "textarea" for el in els) or "message" in kinds
    return False


def flow_form(act: Act, values: list[Value], page: Page, lang: str) -> FormKey | None:
    """The form on this page for the flow, or None."""
    found: list[tuple[int, int, FormKey]] = []
    for key, els in _forms(page).items():
        kinds = {kind_of(el) for el in els if not el.is_toggle}
        says = _button_says(page, key, act, lang)
        if fits(act, kinds, els, says):
            placed = len(assign(values, page, [el for el in els if not el.is_toggle], lang))
            found.append((int(says), placed, key))
    if found:
        return max(found, key=lambda t: (t[0], t[1]))[2]
    return None


def way_to(act: Act, page: Page, lang: str) -> PageElement | None:
    """The link or button named for the flow that leads somewhere else."""
    pool = [el for el in page.clickables if not (el.tag == "a" and links_here(el.e.href, page))]
    exact = [el for el in pool if says(el.name_text, act, lang)]
    if exact:
        return exact[0]
    g = ground_any(sorted(_words(act, lang)), page, pool, lang=lang)
    return g.best.el if g.confident and g.best is not None else None


def link_first(i: int, req: Request, page: Page, again: int) -> Decision | None:
    """'i forgot my password, my email is ...': details for the page a link here names
    with every word ("Forgot password?"), not for this page's form: the link first."""
    c = req.clauses[i]
    if again or c.act is not Act.FILL or not c.values:
        return None
    text = c.text
    for v in c.values:
        text = text.replace(v.raw, " ").replace(v.label or "\0", " ")
    stop = lex.stopwords(req.lang) | lex.stopwords("en")
    said = tuple(w for w in tokens(text) if w not in stop and any(ch.isalpha() for ch in w))
    if len(said) < LINK_WORDS:
        return None
    here = urlsplit(page.url).path.rstrip("/")
    found = [el for el in page.clickables if el.tag == "a" and el.e.href and urlsplit(
        el.e.href).path.rstrip("/") != here and len([w for w in tokens(el.name_text)
                                                    if w not in stop]) >= LINK_WORDS
             and named_score(el.name_text, said, said, req.lang) >= 1.0]
    return _go(found[0], page) if len(found) == 1 else None


def start_button(c: Clause, page: Page) -> Decision:
    """Details for a form on a page with no fields but one button ("Start now"): the
    form starts behind it; the request is planned again there."""
    buttons = [el for el in page.clickables if el.role == "button" or el.tag == "button"]
    if page.fields or len(c.values) < STEP_MIN_VALUES or len(buttons) != 1:
        return SKIP
    return Decision(Kind.ACT, f"Opening {quoted(buttons[0].display)} first.",
                    [step("click", buttons[0])], LINK_SURE, snapshot(page, Expect.CLICK),
                    f"Pressed {quoted(buttons[0].display)}", phase=STEP_PHASE)


# A link named by at least this many words of the visitor (and all of its own).
LINK_WORDS = 2


def _go(el: PageElement, page: Page) -> Decision:
    return Decision(Kind.ACT, f"Opening {quoted(el.display)} first.", [step("click", el)],
                    LINK_SURE, snapshot(page, Expect.CLICK), "", phase="again")


def _values(req: Request, i: int) -> list[Value]:
    c = req.clauses[i]
    return c.values or (req.values if len(req.clauses) == 1 else [])


def plan_flow(i: int, req: Request, page: Page, again: int = 0) -> Decision:
    """One flow clause on this page; ``again``: how many pages it has gone through."""
    c = req.clauses[i]
    lang = req.lang
    if c.act is Act.CHECKOUT:
        return plan_checkout(i, req, page, again)
    values = _values(req, i)
    if not values and c.target is not None and c.target.words:
        # "subscribe me to the newsletter": the box of that name, not a whole sign-up
        work = Work()
        if target_toggle(work, Clause(Act.CHECK, c.text, target=c.target), page, lang):
            return finish(work, req, page, 0, keep=True)
    key = flow_form(c.act, values, page, lang)
    if key is None and not again and (link := way_to(c.act, page, lang)) is not None:
        return _go(link, page)
    if key is None and c.act is Act.SIGNUP and values and not any(
            v.kind is ValueKind.PASSWORD for v in values):
        key = best_form(values, page, lang)  # "subscribe me with x@y.z": the box that takes it
        if (d := signup_in_steps(i, req, page, key)) is not None:
            return d  # "register me to vote: I'm Irish, ...": a form of steps, step by step
    if key is None:
        return SKIP
    els = _forms(page).get(key, [])
    if c.act is Act.CONTACT:
        subject_from_message(c.values, els, lang)
        topic_from_message(c.text, c.values, els, lang)
    passwordless = not any(el.type == "password" for el in els)
    d = plan_run(i, req, page, flow=c.act, form=key,
                 flow_sends=bool(values) or c.act is not Act.CONTACT,
                 opt_in=c.act is Act.SIGNUP and passwordless)
    return d if d is not None else SKIP


def named_control(c: Clause, page: Page, lang: str) -> Decision:
    """'delete my account': the one control labelled with the act and the thing ("Delete
    account"), when no row of a list is meant."""
    if c.target is None or not c.target.words:
        return SKIP
    phrases = [f"{w} {c.target.words}" for w in sorted(_words(c.act, lang))]
    g = ground_any(phrases, page, [el for el in page.clickables if not el.group or
                                   el.extra("groupKind") not in ("item", "row")], lang=lang)
    if not (g.confident and g.best is not None):
        return SKIP
    el = g.best.el
    return Decision(Kind.ACT, f"Pressing {quoted(el.display)}.", [step("click", el)], g.best.score,
                    snapshot(page, Expect.CLICK), f"Opened {quoted(el.display)}")


def confirming(page: Page, did: str, seen: frozenset[int] = frozenset(), lang: str = "en"
               ) -> PageElement | None:
    """After pressing a control ("Opened “Delete account”"), the button the page showed to
    confirm it: it says the same verb ("Yes, delete my account"), it is not the control,
    and it is new (a button that was there before, "Clear completed" after pressing the
    "Completed" filter, confirms nothing). A press that destroyed nothing (a note opened,
    "Shopping: milk ...") has no destroying confirm ("Delete note “Shopping ...”")."""
    m = re.search(r"\u201c(.+)\u201d", did)
    words = list(worded(m[1])) if m else []
    if not words:
        return None
    verb = words[0]
    # (the same words in the dialog that opened are its confirm: "Leave project" again)
    found = [el for el in page.clickables if el.tag != "a" and verb in tokens(el.name_text)
             and (worded(el.name_text) != tuple(words) or el.extra("groupKind") == "dialog")
             and not destroys_unasked(el, tuple(words), lang)]
    found = [el for el in found if el.extra("groupKind") == "dialog" or text_crc(
        el.display) not in seen]
    if len(found) > 1:
        found = [el for el in found if el.extra("groupKind") == "dialog"]
    return found[0] if len(found) == 1 else None


def plan_booking(i: int, req: Request, page: Page, again: int = 0) -> Decision:
    """'book me a vaccination with nurse Helen on Friday at 9:15, I'm Ana Lopez, ...', 'buy
    these for me: <details>': a form that takes the details is the booking or the order,
    filled and sent step by step like a checkout (a product named alone is the cart's)."""
    if not again and checkout_form(_values(req, i), page, req.lang) is None:
        return SKIP
    return plan_checkout(i, req, page, again)


def _checkout_button(page: Page, lang: str) -> PageElement | None:
    buttons = [el for el in page.clickables if el.tag != "a" or el.role == "button"]
    g = ground_any(sorted(_words(Act.CHECKOUT, lang)), page, buttons, lang=lang)
    return g.best.el if g.confident and g.best is not None else None


# A checkout step takes at least this many of the visitor's details (a footer's newsletter
# box takes one, the email).
STEP_MIN_VALUES = 2


def checkout_form(values: list[Value], page: Page, lang: str) -> FormKey | None:
    """The form of a checkout step: the one taking most details, not a newsletter, log-in
    or search form."""
    best: tuple[int, FormKey] | None = None
    for key, els in _forms(page).items():
        if any(_button_says(page, key, act, lang) for act in (Act.SIGNUP, Act.LOGIN,
                                                              Act.SEARCH)) or _per_item(els):
            continue
        placed = len(assign(values, page, [el for el in els if not el.is_toggle], lang))
        if placed >= min(STEP_MIN_VALUES, len(values)) and (best is None or placed > best[0]):
            best = (placed, key)
    return best[1] if best else None


def _per_item(els: list[PageElement]) -> bool:
    """Controls spread over several rows, items or cards of a list (a size on each product
    card) are each item's own options, never one order's details."""
    return len({el.group for el in els if el.extra("groupKind") in ROW_KINDS}) > 1


def _options_step(req: Request, i: int, page: Page, lang: str, later: bool
                  ) -> Decision | None:
    """A later step of a checkout that asks for choices only (the delivery rate): the ones
    the words name, then its own button, and on to the next step (``later``: details for a
    step after it are still to go in)."""
    for key, els in _forms(page).items():
        if any(el.is_text_field for el in els) or any(
                _button_says(page, key, act, lang) for act in (Act.SIGNUP, Act.LOGIN,
                                                              Act.SEARCH)):
            continue
        d = plan_run(i, req, page, flow=Act.CHECKOUT, form=key)
        if (d is None or d.kind is Kind.SAY) and later:
            # nothing named for it: its choices as they are, as a person goes on with the
            # default delivery when the details for a later step are still to go in
            d = _go_on_with(page, els)
        if d is None or d.kind is not Kind.ACT or d.before is None or \
                d.before.expect is not Expect.SUBMIT:
            continue
        if later or any(st.action != "click" for st in d.steps):
            d.phase = "again"
            return d
    return None


def step_on(req: Request, i: int, page: Page) -> Decision | None:
    """Clause ``i`` cannot be done on this step of a form and a later clause asks to go on
    ("..., then take me to the payment page"): the step's own Continue, as a person goes
    to the next step for what is asked there ("I want next day delivery")."""
    later = req.clauses[i + 1:]
    if req.forbids_submit or not any(c.act in (Act.NAVIGATE, Act.SUBMIT, Act.CHECKOUT)
                                     and not c.negated for c in later):
        return None
    filled = [el for el in page.fields if el.has_value and el.is_text_field]
    sub = submit_steps(page, filled) if filled else []
    btn = page.by_id.get(sub[0].elementId or -1) if sub and sub[0].action == "click" else None
    nexts = lex.synonyms("next", req.lang) | lex.synonyms("next", "en")
    if btn is None or not set(tokens(fold(btn.name_text))) & nexts:
        return None
    return Decision(Kind.ACT, f"Pressing {quoted(btn.display)} to go on to the next step.",
                    sub, FORM_SURE, snapshot(page, Expect.SUBMIT, form_id=btn.form_id),
                    f"Pressed {quoted(btn.display)}", phase="again")


def _go_on_with(page: Page, els: list[PageElement]) -> Decision | None:
    sub = submit_steps(page, els)
    btn = page.by_id.get(sub[0].elementId) if sub and sub[0].action == "click" and \
        sub[0].elementId is not None else None
    if btn is None:
        return None
    return Decision(Kind.ACT, f"Pressing {quoted(btn.display)}.", sub, FORM_SURE,
                    snapshot(page, Expect.SUBMIT, form_id=btn.form_id),
                    f"Pressed {quoted(btn.display)}")


# Pages a checkout with no details goes through to reach the checkout (the cart's).
MAX_HOPS = 3


def _at_checkout(page: Page, lang: str) -> bool:
    """Does the page say it is the checkout (its address or title)?"""
    return says(" ".join((fold(urlsplit(page.url).path), fold(page.title))), Act.CHECKOUT,
                lang)


def _further(page: Page, values: list[Value], again: int, lang: str) -> Decision:
    """A checkout with no details of the visitor's: on from the cart to the checkout page
    by its link (never a button that could place the order), then say where we are."""
    if values:
        return Decision(Kind.SAY, "", confidence=FORM_SURE)
    if _at_checkout(page, lang):
        return Decision(Kind.SAY, "You're at the checkout. Tell me your details and I'll "
                        "fill them in.", confidence=FORM_SURE)
    link = way_to(Act.CHECKOUT, page, lang)
    if link is not None and link.tag == "a" and again < MAX_HOPS:
        return _go(link, page)
    return Decision(Kind.FAIL, "I couldn't find the way to the checkout from this page.")


def plan_checkout(i: int, req: Request, page: Page, again: int) -> Decision:
    """To the checkout, then each of its steps filled from the visitor's details and sent
    (the last one, "Place order", passes the site's own confirmation)."""
    lang = req.lang
    values = _values(req, i)
    key = checkout_form(values, page, lang)
    if key is not None:
        d = plan_run(i, req, page, flow=Act.CHECKOUT, form=key)
        if d is not None and d.kind is Kind.ACT:
            if d.before is not None and d.before.expect is Expect.SUBMIT:
                d.phase = "again"  # the next step of the checkout may follow
            return d
        if d is not None and again and values:  # (a cart's discount code is no step)
            return d
    card = any(v.kind is ValueKind.CARD_NUMBER for v in values)
    if again and (step_form := _options_step(req, i, page, lang, card)) is not None:
        return step_form  # a step of choices ("standard free shipping"), then on
    if again:
        place = _checkout_button(page, lang)
        if place is not None and req.wants_submit and not card:
            return Decision(Kind.ACT, f"Pressing {quoted(place.display)}.", [step("click", place)],
                            FORM_SURE, snapshot(page, Expect.SUBMIT), "I sent the order")
        if card and not any(lex.outcome_kind(x, lang) == "success" for x in sentences(
                page.text)):
            # the payment the visitor gave was never reached: the order is not placed
            return Decision(Kind.FAIL, "I couldn't finish the order: I don't see where your "
                            "card details go on this page, so nothing was paid.",
                            confidence=0.0)
        return _further(page, values, again, lang)
    link = way_to(Act.CHECKOUT, page, lang)
    if link is None:
        link = next((el for el in page.clickables if el.tag == "a" and any(
            lex.is_cart(w, lang) for w in tokens(el.name_text) if w.isalpha())), None)
    if link is not None:
        return _go(link, page)
    if not values:
        return Decision(Kind.SAY, "You're at the checkout. Tell me your details and I'll fill "
                        "them in.", confidence=FORM_SURE)
    return SKIP

