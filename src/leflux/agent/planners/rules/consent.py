"""Required checkboxes before a submit, and the visitor's answer about them.

A consent box (terms, privacy policy...) is the visitor's own promise: the planner never
ticks one unasked. When a form it is about to submit has a required box still unticked,
it fills the rest and asks (:data:`CONSENT_PHASE`); the visitor's answer ("I agree to the
terms", a :attr:`Act.CONSENT` clause, see :mod:`consent_reply`) arrives as a new message,
possibly after the task ended, so :func:`plan_consent` works from the page alone.
"""

from __future__ import annotations

import re
from typing import Any

from leflux.agent.planner import FinishTask, PlanEvent, ShowBlock
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.formwork import form_key
from leflux.agent.planners.rules.model import Clause
from leflux.agent.planners.rules.sending import submit_button
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step

CONSENT_RE = re.compile(r"\b(?:terms|conditions|privacy|polic(?:y|ies)|agree|consent|accept|"
                        r"gdpr|eula|i have read)\b", re.I)
AGREE_VALUE = "I agree to the terms"
DECLINE_VALUE = "Don't agree"
# A fill that stopped short of sending because a required box is still unticked.
CONSENT_PHASE = "consent"
# The boxes to tick are the ones the agent asked about: sure as the question was.
ANSWER_SURE = 0.8


def is_required(el: PageElement) -> bool:
    return el.required or el.raw("ariaRequired") in (True, "true")


def is_consent(el: PageElement) -> bool:
    return bool(CONSENT_RE.search(f"{el.field_text} {el.name_text}"))


def _box(el: PageElement) -> bool:
    # Radios are a choice between options, not a yes/no the visitor owes.
    return el.is_toggle and not el.one_of and not el.e.checked


def pending(page: Page, near: list[int], skip: set[int] | frozenset[int] = frozenset()
            ) -> list[PageElement]:
    """Required boxes still unticked in the form holding the elements ``near``."""
    forms = {form_key(page, page.by_id[i]) for i in near if i in page.by_id}
    return [el for el in page.fields if _box(el) and is_required(el) and el.id not in skip
            and (not forms or form_key(page, el) in forms)]


def agree_steps(page: Page) -> list[Step]:
    """Tick the page's consent boxes (the visitor said they agree)."""
    boxes = [el for el in page.fields if _box(el) and is_consent(el)]
    boxes = [el for el in boxes if is_required(el)] or boxes
    return [Step(action="check", elementId=el.id, description=el.display) for el in boxes]


def ask(boxes: list[PageElement]) -> dict[str, Any]:
    """The question about ``boxes`` as a ``choices`` block's fields."""
    consent = [el for el in boxes if is_consent(el)]
    el = (consent or boxes)[0]
    if consent:
        message = (f"Do you agree to the terms? The form needs {quoted(el.display)} ticked, and I "
                   "won't tick it for you.")
        options = [{"label": "I agree", "value": AGREE_VALUE},
                   {"label": "No, thanks", "value": DECLINE_VALUE}]
    else:
        message = f"The form needs {quoted(el.display)} ticked before it can be sent. Tick it?"
        options = [{"label": "Yes, tick it", "value": f"Tick {el.display} and submit"},
                   {"label": "No", "value": "Don't tick it"}]
    return {"block_type": "choices", "data": {"options": options}, "message": message}


def waiting(page: Page, filled: list[int], said: list[str], goal: str
            ) -> list[PlanEvent] | None:
    """A fill stopped short of sending (:data:`CONSENT_PHASE`): the question about the
    required boxes still unticked, and the task's end; None when none is left."""
    boxes = pending(page, filled)
    if not boxes:
        return None
    question = ask(boxes)
    text = " ".join([*said, "I haven't submitted the form: it's waiting for your answer."])
    return [ShowBlock(question["block_type"], question["data"], question["message"]),
            FinishTask(summary=f"{goal[:200]} \u2014 waiting for consent"[:500], message=text)]


def plan_consent(c: Clause, page: Page) -> Decision:
    """The visitor's answer to :func:`ask`: tick the boxes and send the form its fields are
    filled in, or leave them (a refusal) and send nothing."""
    if c.negated:
        boxes = [el for el in page.fields if _box(el) and (is_consent(el) or is_required(el))]
        if boxes:
            return Decision(Kind.SAY, f"OK, I left {quoted(boxes[0].display)} unticked, so I "
                            "haven't submitted the form.", confidence=ANSWER_SURE)
        return Decision(Kind.SAY, "OK, I won't.", confidence=ANSWER_SURE)
    steps = agree_steps(page)
    if not steps:
        if any(el.is_toggle and el.e.checked and is_consent(el) for el in page.fields):
            return Decision(Kind.SAY, "The terms box is already ticked.",
                            confidence=ANSWER_SURE)
        return Decision(Kind.FAIL, "I don't see a terms checkbox to tick on this page.")
    ids = [s.elementId for s in steps if s.elementId is not None]
    what = quoted(steps[0].description)
    forms = {form_key(page, page.by_id[i]) for i in ids}
    filled = [el.id for el in page.fields if not el.is_toggle and form_key(page, el) in forms
              and (el.e.value or el.flag("filled"))]
    btn = submit_button(page, ids + filled) if filled else None
    ticked = snapshot(page, Expect.TOGGLE, checks=dict.fromkeys(ids, True))
    if pending(page, ids, set(ids)):
        # another required box, one the answer did not cover: asked about once ticked
        return Decision(Kind.ACT, f"Ticking {what}.", steps, ANSWER_SURE, ticked,
                        f"Ticked {what}", phase=CONSENT_PHASE)
    if btn is None:
        return Decision(Kind.ACT, f"Ticking {what}.", steps, ANSWER_SURE, ticked,
                        f"Ticked {what}")
    return Decision(Kind.ACT, f"Ticking {what} and submitting the form.",
                    [*steps, step("click", btn)], ANSWER_SURE,
                    snapshot(page, Expect.SUBMIT), "I submitted the form")
