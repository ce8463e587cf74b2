"""What a step causes beyond the element it names: the form it submits.

A browser submits a form without anyone clicking its button: Enter in a text field
submits the field's form through its default button (implicit submission), and
Enter or Space on a focused submit button presses it, as does a click on a submit
control (a ``<button>`` without a type counts). The gate judges such a step by the
form it submits, so this module finds that form from the page context: the
``formId`` of each control, ``forms`` (method, action, submit controls, the site's
marks) and ``focusedId`` (what a key press with no element lands on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from leflux.protocol import FormInfo, IndexedElement, PageContext, Step

# Keys whose default action can submit: Enter (also as part of a chord, e.g. "Ctrl+Enter")
# and Space. An empty key is pressed as Enter by the embed.
_SUBMIT_KEY_RE = re.compile(r"(?:^|\+)\s*(?:enter|return|numpadenter|space|spacebar)\s*$",
                            re.IGNORECASE)
_SPACE_RE = re.compile(r"(?:^|\+)\s*(?:space|spacebar)\s*$", re.IGNORECASE)
_FORM_CONTROLS = frozenset({"input", "button", "select", "textarea"})
UNKNOWN: Any = object()  # the page context does not say (an old embed, or none at all)


@dataclass(frozen=True)
class Submission:
    """The form a step would submit: ``form`` None with ``unsure`` set when the gate
    cannot tell, ``submitter`` set when one submit control is pressed or clicked."""

    form: FormInfo | None
    submitter: IndexedElement | None = None
    unsure: str | None = None


def key_could_submit(key: str | None) -> bool:
    if key == " " or not (key or "").strip():
        return True
    return _SUBMIT_KEY_RE.search(key or "") is not None


def _is_space(key: str | None) -> bool:
    return key == " " or _SPACE_RE.search(key or "") is not None


def is_submitter(el: IndexedElement) -> bool:
    """A control whose default action submits its form."""
    kind = (el.type or "").lower()
    if el.tag == "button":
        return kind in ("", "submit")
    return el.tag == "input" and kind in ("submit", "image")


def focused_id(context: PageContext | None) -> Any:
    """The focused element's id, None when nothing is focused, UNKNOWN when not said."""
    if context is None or "focusedId" not in context.model_fields_set:
        return UNKNOWN
    return context.focusedId


def forms_by_id(context: PageContext | None) -> dict[int, FormInfo] | None:
    if context is None or context.forms is None:
        return None
    return {f.id: f for f in context.forms}


def submission(step: Step, el: IndexedElement, forms: dict[int, FormInfo] | None
               ) -> Submission | None:
    """The form that ``step`` on ``el`` submits, or None when it submits none."""
    if step.action == "click":
        if not is_submitter(el):
            return None
    elif step.action == "press":
        if not key_could_submit(step.inputData):
            return None
        if not is_submitter(el) and (_is_space(step.inputData) or el.tag == "button" or
                                     (el.tag == "input" and
                                      (el.type or "").lower() in ("button", "reset"))):
            # Space types a space or toggles a box, and either key on a plain button
            # presses that button: only a submit control submits then.
            return None
    else:
        return None
    fid = el.formId
    if fid is None:
        # Without the forms list a key press could still submit a form the gate cannot
        # see; a click on a submit control is judged by the control itself then.
        if forms is None and step.action == "press" and el.tag in _FORM_CONTROLS:
            return Submission(None, unsure="the page did not say which form this is in")
        return None  # the embed lists forms and this control is in none
    form = forms.get(fid) if forms is not None else None
    if form is None:
        return Submission(None, unsure="the page did not describe this form")
    return Submission(form, submitter=el if is_submitter(el) else None)

