"""The form's own button named by the visitor's verb alone ("..., 2 passengers. search")."""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.formwork import Work
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act


def search_button(work: Work, page: Page, lang: str) -> bool:
    """'search' after a search form's fields were filled ("Search flights"): that form's
    own submit button, which says the verb, is pressed."""
    verbs = {w for w in lex.control_words(Act.SEARCH, lang) | lex.control_words(Act.SEARCH)
             if " " not in w}
    form = page.forms
    for el in page.clickables:
        if el.disabled or not work.fits(page, el) or el.form_id is None:
            continue
        sends = el.type == "submit" or (el.form_id in form and el.id in form[el.form_id].submit_ids)
        if sends and set(tokens(el.name_text)) & verbs:
            work.button, work.send = el, True
            return True
    return False
