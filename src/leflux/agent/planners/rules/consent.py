"""Required checkboxes before a submit.

A consent box (terms, privacy policy...) is the visitor's own promise: the planner never
ticks one unasked. When a form it is about to submit has a required box still unticked,
it fills the rest and asks; the visitor's answer ("I agree to the terms") arrives as a new
message, possibly after the task ended, so ``do_consent`` works from the page alone.
"""

from __future__ import annotations

import re
from typing import Any

from leflux.agent.planner import ShowBlock
from leflux.agent.planners.rules import outcome
from leflux.agent.planners.rules.decision import Ctx, D, act, click, done, fail, q
from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.forms import form_key, submit_button
from leflux.agent.planners.rules.intents import Intent
from leflux.protocol import Step

CONSENT_RE = re.compile(r"\b(?:terms|conditions|privacy|polic(?:y|ies)|agree|consent|accept|"
                        r"gdpr|eula|i have read)\b", re.I)
AGREE_VALUE = "I agree to the terms"
DECLINE_VALUE = "Don't agree"


def is_required(el: El) -> bool:
    return el.required or el.raw("ariaRequired") in (True, "true")


def is_consent(el: El) -> bool:
    return bool(CONSENT_RE.search(f"{el.field_text} {el.name_text}"))


def _box(el: El) -> bool:
    # Radios are a choice between options, not a yes/no the visitor owes.
    return el.is_toggle and not el.one_of and not el.e.checked


def pending(page: Page, near: list[int], skip: set[int] | frozenset[int] = frozenset()
            ) -> list[El]:
    """Required boxes still unticked in the form holding the elements ``near``."""
    forms = {form_key(page, page.by_id[i]) for i in near if i in page.by_id}
    return [el for el in page.fields if _box(el) and is_required(el) and el.id not in skip
            and (not forms or form_key(page, el) in forms)]


def agree_steps(page: Page) -> list[Step]:
    """Tick the page's consent boxes (the visitor said they agree)."""
    boxes = [el for el in page.fields if _box(el) and is_consent(el)]
    boxes = [el for el in boxes if is_required(el)] or boxes
    return [Step(action="check", elementId=el.id, description=el.display) for el in boxes]


def ask(boxes: list[El]) -> dict[str, Any]:
    """The question about ``boxes`` as a JSON-able ShowBlock (kept in the intent)."""
    consent = [el for el in boxes if is_consent(el)]
    el = (consent or boxes)[0]
    if consent:
        message = (f"Do you agree to the terms? The form needs {q(el.display)} ticked, and I "
                   "won't tick it for you.")
        options = [{"label": "I agree", "value": AGREE_VALUE},
                   {"label": "No, thanks", "value": DECLINE_VALUE}]
    else:
        message = f"The form needs {q(el.display)} ticked before it can be sent. Tick it?"
        options = [{"label": "Yes, tick it", "value": f"Tick {el.display} and submit"},
                   {"label": "No", "value": "Don't tick it"}]
    return {"block_type": "choices", "data": {"options": options}, "message": message}


def asked(intent: Intent, labels: list[str]) -> D:
    """The end of a task that stopped to ask (see ``ask``)."""
    block = ShowBlock(**intent["ask"])
    filled = f"I filled in {', '.join(labels)} but " if labels else "I "
    return done(f"{filled}haven't submitted the form: it's waiting for your answer.", [block])


def do_consent(ctx: Ctx, intent: Intent) -> D:
    """The visitor's answer to ``ask``: tick the boxes and submit, or leave them."""
    page, phase = ctx.page, intent.get("phase")
    if phase == "asked" and ctx.results is not None:
        return asked(intent, [])
    if phase in ("ticked", "submitted") and ctx.results is not None:
        if ctx.failed:
            return fail(f"I couldn't tick it: {ctx.failure_text()}.")
        if phase == "ticked":
            return done(intent.get("ok", "Done."))
        return outcome.report(page, intent)
    if not intent["on"]:
        boxes = [el for el in page.fields if _box(el) and (is_consent(el) or is_required(el))]
        if boxes:
            return done(f"OK, I left {q(boxes[0].display)} unticked, so I haven't submitted "
                        "the form.")
        return done("OK, I won't.")
    steps = agree_steps(page)
    if not steps:
        if any(el.is_toggle and el.e.checked and is_consent(el) for el in page.fields):
            return done("The terms box is already ticked.")
        return fail("I don't see a terms checkbox to tick on this page.")
    ids = [s.elementId for s in steps if s.elementId is not None]
    what = q(steps[0].description)
    forms = {form_key(page, page.by_id[i]) for i in ids}
    filled = [el.id for el in page.fields if not el.is_toggle and form_key(page, el) in forms
              and (el.e.value or el.flag("filled"))]
    others = pending(page, ids, set(ids))
    btn = submit_button(page, ids + filled) if filled else None
    if others or btn is None:
        if others:
            intent.update(phase="asked", ask=ask(others))
        else:
            intent.update(phase="ticked", ok=f"Ticked {what}.")
        return act(f"Ticking {what}.", *steps)
    intent.update(phase="submitted", url=page.url, before=outcome.before_lines(page))
    return act(f"Ticking {what} and submitting the form.", *steps, click(btn, btn.display))
