"""How a person sends a form: its own submit button, else the button that follows the
fields and says it sends, else Enter in the last field typed into (never in a message box,
where Enter starts a new line)."""

from __future__ import annotations

import re

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.formwork import form_key
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act
from leflux.agent.planners.rules.views import names_page
from leflux.protocol import Step

# What a button that sends a form says.
SUBMIT_RE = re.compile(
    r"\b(submit|send|sign ?up|register|create (?:an |my )?account|join|log ?in|sign ?in|continue|"
    r"next|save|update|book|reserve|search|go|place (?:my )?order|pay|subscribe|apply|confirm|"
    r"request|get started|done|finish|checkout|check out)\b", re.I)


def form_of(page: Page, els: list[PageElement]) -> int | None:
    ids = {el.form_id for el in els if el.form_id is not None}
    return next(iter(ids)) if len(ids) == 1 else None


def submit_steps(page: Page, filled: list[PageElement]) -> list[Step]:
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
            # (only one that says it sends: never a card's "Add to cart" after a box; one
            # greyed out until its box holds text, as a comment's "Post" is, counts)
            says_send = nxt is not None and not nxt.is_field and (
                not nxt.disabled or not any(el.has_value for el in filled)) and bool(
                _says_send(nxt.name_text) or (nxt.type == "submit" and not
                                              nxt.name_text.strip()))
            if says_send:
                btn = nxt
            elif btn is not None and not (btn.id > last_id and SUBMIT_RE.search(btn.name_text)):
                btn = None
            if btn is not None and names_page(btn.name_text):
                btn = None  # "Next page" after a list's filter pages on, it sends nothing
        if btn is not None:
            return [step("click", btn, None, btn.display)]
    typed = next((el for el in reversed(filled) if el.is_text_field), None)
    if typed is None or multi_line(typed):
        return []  # Enter in a message box starts a new line, it sends nothing
    return [step("press", typed, "Enter", "submit")]


def multi_line(el: PageElement) -> bool:
    return el.tag == "textarea" or el.flag("editable")


def _says_send(name: str) -> bool:
    """Does a button's name say it sends (Submit, Send, Post...)?"""
    return bool(SUBMIT_RE.search(name)) or bool(
        set(tokens(name)) & lex.control_words(Act.SUBMIT, "en"))


def lone_send(page: Page) -> PageElement | None:
    """The button of the page's one form that holds no field at all and says it sends
    ("Accept and send" under answers to check; never "Delete account")."""
    found = [page.by_id.get(f.submit_ids[0]) for fid, f in page.forms.items() if f.submit_ids
             and not any(el.form_id == fid for el in page.fields)]
    btn = found[0] if len(found) == 1 else None
    return btn if btn is not None and _says_send(btn.name_text) else None


def sends_form(page: Page, el: PageElement) -> bool:
    """Is ``el`` a form's own send button (pressing it sends the form)?"""
    return el.type == "submit" or any(el.id in f.submit_ids for f in page.forms.values())


def submit_button(page: Page, near: list[int], *, exclude: set[int] | None = None
                  ) -> PageElement | None:
    """The button that submits the form holding the fields ``near``."""
    anchors = [page.by_id[i] for i in near if i in page.by_id]
    # A button of another form (the footer newsletter) never submits this one.
    forms = {form_key(page, a) for a in anchors}
    best: tuple[float, PageElement] | None = None
    for el in page.clickables:
        if forms and form_key(page, el) not in forms:
            continue
        if (exclude and el.id in exclude) or (el.tag == "a" and not el.role == "button"):
            continue
        is_submit = el.type == "submit" or (el.tag == "button" and el.type in ("", "submit"))
        label = el.name_text
        m = SUBMIT_RE.search(label)
        if not (is_submit or m):
            continue
        score = (2.0 if el.type == "submit" else 0.0) + (1.5 if m else 0.0)
        if anchors:
            score += max(page.closeness(a, el) for a in anchors) / 25.0
            # Buttons usually follow their fields.
            if el.id > max(a.id for a in anchors):
                score += 0.5
        if best is None or score > best[0]:
            best = (score, el)
    return best[1] if best else None
