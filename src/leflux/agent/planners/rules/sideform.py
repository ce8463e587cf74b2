"""A detail of an order that belongs to a small form beside the checkout's own: a promo
code said with the order ("..., et le code promo SPRING10") goes in the code box and its
own button is pressed first, as a person redeems the code before placing the order; the
order is then planned again on the page as it is (the total with the discount).
"""

from __future__ import annotations

from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import LABEL_ACCEPT, assign, fit
from leflux.agent.planners.rules.flows import FORM_SURE, checkout_form
from leflux.agent.planners.rules.formfill import STEP_PHASE
from leflux.agent.planners.rules.formwork import FormKey, form_key
from leflux.agent.planners.rules.model import Request, Value, ValueKind
from leflux.agent.planners.rules.plan import submit_steps
from leflux.agent.planners.rules.verify import Expect, snapshot


def _shown(page: Page, v: Value) -> bool:
    """The page already shows the value outside its fields (a code applied or refused)."""
    return v.text.lower() in page.text.lower()


def _side_field(v: Value, page: Page, main: FormKey, lang: str) -> PageElement | None:
    """The one empty text field of another form that the value's label names."""
    found = [el for el in page.fields if el.is_text_field and not el.has_value
             and form_key(page, el) != main and fit(el, v, lang) >= LABEL_ACCEPT]
    return found[0] if len(found) == 1 else None


def side_form_first(i: int, req: Request, page: Page) -> Decision | None:
    """The other form a labelled detail of the order is for, filled and sent first; None
    when every detail has its place in the checkout form (or is done already)."""
    values = req.clauses[i].values or (req.values if len(req.clauses) == 1 else [])
    main = checkout_form(values, page, req.lang)
    if main is None:
        return None
    fields = [el for el in page.fields if not el.is_toggle and form_key(page, el) == main]
    placed = {id(a.value) for a in assign(values, page, fields, req.lang)}
    for v in values:
        if id(v) in placed or not v.label or v.kind is not ValueKind.TEXT or _shown(page, v):
            continue
        el = _side_field(v, page, main, req.lang)
        sub = submit_steps(page, [el]) if el is not None else []
        btn = page.by_id.get(sub[0].elementId) if sub and sub[0].elementId is not None \
            else None
        if el is None or btn is None:
            continue
        return Decision(Kind.ACT, f"Filling in {el.display} and pressing {quoted(btn.display)} "
                        "first.", [step("type", el, v.text, el.display), *sub], FORM_SURE,
                        snapshot(page, Expect.SUBMIT, form_id=el.form_id),
                        f"Filled in {el.display} and pressed {quoted(btn.display)}",
                        phase=STEP_PHASE)
    return None
