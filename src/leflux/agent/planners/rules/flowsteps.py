"""A flow on a form of steps rather than a form of its own: "Quiero registrarme para
votar: soy irlandesa, me llamo ..." on a page whose form goes on ("Continue") and holds no
sign-up form. The details go in step by step, as any details would; a link to a place
on this very page ("Register to vote" to "#nationality") leads nowhere new."""

from __future__ import annotations

from urllib.parse import urlsplit

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.formfill import plan_run
from leflux.agent.planners.rules.formwork import FormKey, form_key
from leflux.agent.planners.rules.model import Act, Clause, Request


def links_here(href: str | None, page: Page) -> bool:
    """A link to this very page, or to a place on it ("#nationality", a step's anchor);
    a route after the "#" ("#/signup") is another view."""
    if not href:
        return False
    to = urlsplit(href)
    return to.path.rstrip("/") == urlsplit(page.url).path.rstrip("/") and not \
        to.fragment.startswith(("/", "!"))


def goes_in_steps(page: Page, key: FormKey | None) -> bool:
    """The form (``key``; None: any form of the page) goes on to a next step
    ("Continue"), it does not send."""
    return any(lex.goes_on(el.name_text) for el in page.clickables
               if el.tag != "a" and el.form_id is not None and el.type == "submit"
               and (key is None or form_key(page, el) == key))


def signup_in_steps(i: int, req: Request, page: Page, key: FormKey | None) -> Decision | None:
    """A sign-up with details on a form of steps (``key``: the form that takes them, None
    where no form here does): from now on clause ``i`` is the details it gives (the
    request's own clause, kept with it), planned as any details on a form of steps are;
    None: no such form."""
    c = req.clauses[i]
    if c.act is not Act.SIGNUP or not c.values or not goes_in_steps(page, key):
        return None
    req.clauses[i] = Clause(Act.FILL, c.text, values=c.values)
    return plan_run(i, req, page)
