"""The high-stakes gate: server policy applied to the target elements of a plan.

The gate looks at what a step would act on — the element as the embed indexed it
(text, label, value, name, href, placeholder), the option being
selected, the URL being navigated to — and at the site's own markers
(``confirm: true`` on the element, from ``data-leflux-confirm``) and
``confirm_patterns`` — and at what the step causes: a key press or click that submits
a form is judged by that form too (see ``submission``). It never reads the visitor's
words, the page's free text or the planner's reasoning, so neither a model nor a page
can talk it out of a confirmation. Two removes are lifted (:mod:`gate_items`): an item's
own × inside a form being edited, which keeps nothing until the form is sent, a mark
taken off a row that stays ("Remove star from Budget 2027.xlsx"), and a counter's −
beside its +.

An owner's tool (``call_tool``) is judged by how the *page* registered it: one marked
``highStakes`` always asks first, one the page did not register is unknown (asks), and its
name is read like a control's label (a ``deleteAccount`` tool asks too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from leflux.agent.gate_items import (
    LIFTABLE,
    decrements_a_count,
    removes_item_from_form,
    takes_mark_off_row,
)
from leflux.agent.ports import SiteInfo
from leflux.agent.submission import (
    UNKNOWN,
    Submission,
    focused_id,
    forms_by_id,
    key_could_submit,
    submission,
)
from leflux.protocol import FormInfo, IndexedElement, PageContext, Step, ToolInfo
from leflux.toolspec import words_of

# Steps that only look (scroll, highlight, wait) never need a confirmation.
_ACTING = frozenset({"click", "dblclick", "type", "select", "check", "uncheck", "clear", "press",
                     "navigate", "call_tool"})

# Built-in high-stakes wording. Word boundaries keep "payment details"
# link text out of "pay" and "removable" out of "remove".
HIGH_STAKES: tuple[tuple[str, str], ...] = (
    ("pay", r"\bpay(?:\s+now|\s+\$?[\d.,]+)?\b"),
    ("buy", r"\bbuy(?:\s+now)?\b"),
    ("place order", r"\bplace\s+(?:my\s+|the\s+|your\s+)?order\b"),
    ("confirm purchase", r"\b(?:confirm|complete|submit|finali[sz]e)\s+"
                         r"(?:my\s+|the\s+|your\s+)?(?:purchase|order|payment|checkout)\b"),
    ("checkout confirm", r"\bcheckout\s*(?:/|-|_)?\s*(?:confirm|complete)\b"),
    ("delete", r"\bdelete\b"),
    ("remove", r"\bremove\b"),
    ("transfer", r"\btransfer\b"),
    ("send money", r"\bsend\s+(?:the\s+)?(?:money|funds|payment)\b"),
    ("cancel subscription", r"\bcancel\s+(?:my\s+|your\s+|the\s+)?"
                            r"(?:subscription|plan|membership)\b"),
    ("unsubscribe", r"\bunsubscribe\b"),
    # Closing an account is as final as deleting it, whatever the verb.
    ("close account", r"\b(?:deactivate|close|terminate|disable|suspend)\s+"
                      r"(?:my\s+|your\s+|the\s+|this\s+)?account\b"),
    ("password change", r"\b(?:change|update|reset|submit|save|set)\s+(?:new\s+|my\s+|your\s+)?"
                        r"password\b"),
)
_HIGH_STAKES_RE = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in HIGH_STAKES]
# A field for a *new* password makes the submit of its form a password change.
_NEW_PASSWORD_RE = re.compile(r"\b(?:new|confirm(?:ed)?\s+new|repeat\s+new)\s+password\b", re.I)
_TEXT_KEYS = ("text", "label", "value", "name", "href", "placeholder")
# Toggling a box or opening a row for editing does what the box / row is, never what its
# words say: ticking "Buy milk" off a list buys nothing ("buy" in a list item's label).
_LABEL_NEUTRAL = frozenset({"check", "uncheck", "dblclick"})
# Inputs whose value is the visitor's data, not a label (a submit button's value is).
_LABEL_VALUE_TYPES = frozenset({"submit", "button", "reset", "image"})
_MAX_ANCESTORS = 6


@dataclass(frozen=True)
class GateHit:
    """Why a plan needs the visitor's confirmation."""

    reason: str  # e.g. "place order", "marked by the site", "site pattern"
    step: Step
    target: str  # a short human name of the element or URL
    submits: str | None = None  # the form's submit control (or form) the step submits


@lru_cache(maxsize=64)
def _site_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p, re.IGNORECASE))
        except re.error:
            # A broken site pattern must not disable the rest; match it literally.
            compiled.append(re.compile(re.escape(p), re.IGNORECASE))
    return tuple(compiled)


def _marked(el: IndexedElement) -> bool:
    """The embed's flag: the site marked it, its form or a host around it
    ``data-leflux-confirm``."""
    return el.confirm is True


def _texts(el: IndexedElement, *, with_value: bool = True) -> list[str]:
    out: list[str] = []
    for key in _TEXT_KEYS:
        if key == "value" and not with_value:
            continue
        v = getattr(el, key)
        if isinstance(v, str) and v:
            out.append(v[:500])
    return out


def _holds_data(el: IndexedElement) -> bool:
    """A field whose value is what someone typed or chose (not a button's caption)."""
    tag = el.tag.lower()
    typ = (el.type or "").lower()
    return tag in ("textarea", "select") or (tag == "input" and typ not in _LABEL_VALUE_TYPES)


def _is_toggle_or_row(el: IndexedElement, step: Step) -> bool:
    """A checkbox / radio / switch (its label names the item), or a row's text / box
    double-clicked to edit it (a button double-clicked is still pressed)."""
    typ = (el.type or "").lower()
    role = (el.role or "").lower()
    if step.action == "dblclick":
        return el.tag.lower() not in ("button", "a") and role not in ("button", "link") \
            and typ not in _LABEL_VALUE_TYPES
    return typ in ("checkbox", "radio") or role in ("checkbox", "radio", "switch",
                                                    "menuitemcheckbox")


def element_name(el: IndexedElement) -> str:
    for v in (el.label, el.text, el.placeholder, el.name, el.value, el.href):
        if v and v.strip():
            return " ".join(v.split())[:80]
    return f"element {el.id}"


@dataclass
class _Page:
    """What the gate knows of the page while it walks a plan."""

    by_id: dict[int, IndexedElement]
    forms: dict[int, FormInfo] | None
    patterns: tuple[re.Pattern[str], ...]
    focus: Any  # id of the element a key press lands on; None: nothing; UNKNOWN
    tools: dict[str, ToolInfo]
    submits_new_password: bool = False


def review(
    steps: list[Step], context: PageContext | None, site: SiteInfo
) -> GateHit | None:
    """The first step of ``steps`` that needs a confirmation, or None."""
    page = _Page(by_id={el.id: el for el in context.indexedElements} if context else {},
                 forms=forms_by_id(context),
                 patterns=_site_patterns(tuple(site.confirm_patterns)),
                 focus=focused_id(context),
                 tools={t.name: t for t in (context.tools or [])} if context else {})
    for step in steps:
        if step.action not in _ACTING:
            continue
        hit = _review_step(step, page)
        if hit is not None:
            return hit
    return None


def _review_step(step: Step, page: _Page) -> GateHit | None:
    if step.action == "call_tool":
        return _review_tool(step, page)
    el, hit = _target(step, page)
    if hit is not None:
        return hit
    texts: list[str] = []
    if el is not None:
        page.focus = el.id
        if _marked_up(el, page.by_id):
            return GateHit("marked by the site", step, element_name(el))
        texts = _element_words(step, el, page)
    if step.action in ("select", "navigate") and step.inputData:
        texts.append(step.inputData[:500])
    if step.action == "select" and el is not None and el.options and step.inputData:
        texts += [o.text for o in el.options if step.inputData in (o.value, o.text)]
    name = element_name(el) if el is not None else (step.inputData or step.description)
    reason = _stakes(texts, page.patterns)
    if reason is not None and not (el is not None and _only_removes_an_item(step, el, texts,
                                                                             page)):
        return GateHit(reason, step, name)
    if el is not None:
        sub = submission(step, el, page.forms)
        if sub is not None:
            return _review_submission(step, el, sub, page)
    if page.submits_new_password and step.action in ("click", "dblclick", "press"):
        return GateHit("password change", step, name)
    return None


def _target(step: Step, page: _Page) -> tuple[IndexedElement | None, GateHit | None]:
    """The element a step acts on, or why the gate must ask: an element it cannot see
    (an invented id, no page context) could be anything on the real page."""
    el = page.by_id.get(step.elementId) if step.elementId is not None else None
    if step.elementId is not None and el is None:
        return None, GateHit("unknown element", step,
                             step.description or f"element {step.elementId}")
    if el is None and step.action == "press":
        # A key with no element lands on whatever has focus: the field the plan last
        # acted on, else the one the embed reports.
        if page.focus is UNKNOWN and key_could_submit(step.inputData):
            return None, GateHit("unknown focus", step, f"the {_key_name(step)} key")
        if page.focus is not None and page.focus is not UNKNOWN:
            el = page.by_id.get(page.focus)
            if el is None:
                return None, GateHit("unknown element", step, f"element {page.focus}")
    return el, None


def _element_words(step: Step, el: IndexedElement, page: _Page) -> list[str]:
    """The element's words that say what acting on it does. What is typed is the
    visitor's data, not an action: for a field only its label matters."""
    texts = _texts(el, with_value=step.action != "type" and not _holds_data(el))
    if step.action in _LABEL_NEUTRAL and _is_toggle_or_row(el, step):
        texts = []
    if step.action == "click" and el.tag.lower() == "summary":
        # An FAQ entry's question ("How can I pay?") only opens its answer to read.
        texts = []
    if step.action == "type" and any(_NEW_PASSWORD_RE.search(t) for t in texts):
        page.submits_new_password = True
    return texts


def _review_tool(step: Step, page: _Page) -> GateHit | None:
    tool = page.tools.get(step.toolName or "")
    if tool is None:
        return GateHit("unknown tool", step, step.toolName or "a tool")
    name = tool_title(tool.name)
    if tool.highStakes:
        return GateHit("marked by the site", step, name)
    reason = _stakes([name], page.patterns)
    return GateHit(reason, step, name) if reason is not None else None


def tool_title(name: str) -> str:
    """A tool's name as the visitor reads it: ``applyCoupon`` -> "apply coupon"."""
    return words_of(name)[:80]


def _review_submission(step: Step, el: IndexedElement, sub: Submission,
                       page: _Page) -> GateHit | None:
    """Judge a step by the form it submits: the site's marks on the form and its submit
    controls, their wording, the form's action URL and any new-password field in it."""
    name = element_name(el)
    if sub.form is None:
        return GateHit("unknown form", step, name, submits=sub.unsure)
    form = sub.form
    # An implicit submission goes through the form's default button, and a page may
    # handle Enter itself: every submit control of the form counts.
    submitters = ([sub.submitter] if sub.submitter is not None else
                  [s for i in form.submitIds if (s := page.by_id.get(i)) is not None])
    what = (element_name(submitters[0]) if submitters
            else " ".join((form.text or "").split())[:80] or "the form")
    if (form.marked and sub.submitter is None) or any(
            _marked_up(s, page.by_id) for s in submitters):
        return GateHit("marked by the site", step, name, submits=what)
    texts = [t for s in submitters for t in _texts(s)]
    if sub.submitter is None and form.text:
        texts.append(form.text[:500])
    if form.action:
        texts.append(form.action[:500])
    reason = _stakes(texts, page.patterns)
    if reason is not None:
        return GateHit(reason, step, name, submits=what)
    if any(other.formId == form.id and not other.disabled and _takes_card(other)
           for other in page.by_id.values()):
        # whatever its button says ("Continue"), sending a form with a card in it pays
        return GateHit("pay", step, name, submits=what)
    if page.submits_new_password or any(
            other.formId == form.id and any(_NEW_PASSWORD_RE.search(t)
                                            for t in _texts(other, with_value=False))
            for other in page.by_id.values()):
        return GateHit("password change", step, name, submits=what)
    return None


# A field for a payment card's number or security code (autocomplete, else its words).
_CARD_AUTOCOMPLETE_RE = re.compile(r"\bcc-(?:number|csc)\b", re.I)
_CARD_FIELD_RE = re.compile(r"\bcard\s*(?:number|no\b)|\bcvc\b|\bcvv\b|\bsecurity\s+code\b",
                            re.I)


def _takes_card(el: IndexedElement) -> bool:
    if el.tag not in ("input", "textarea"):
        return False
    if el.autocomplete and _CARD_AUTOCOMPLETE_RE.search(el.autocomplete):
        return True
    return any(_CARD_FIELD_RE.search(t) for t in (el.label, el.name, el.placeholder) if t)


def _marked_up(el: IndexedElement, by_id: dict[int, IndexedElement]) -> bool:
    """The site's marker on the element or an ancestor (an icon inside a marked button
    is still the marked button)."""
    node: IndexedElement | None = el
    for _ in range(_MAX_ANCESTORS):
        if node is None:
            return False
        if _marked(node):
            return True
        node = by_id.get(node.parentId) if node.parentId is not None else None
    return False


def _only_removes_an_item(step: Step, el: IndexedElement, texts: list[str],
                          page: _Page) -> bool:
    """An item's own × in a form being edited, a mark taken off a row that stays, or a
    counter's − (:mod:`gate_items`): every reason the words give is a remove."""
    reasons = {reason for reason, rx in _HIGH_STAKES_RE if any(rx.search(t) for t in texts)}
    if not reasons <= LIFTABLE or any(rx.search(t) for rx in page.patterns for t in texts):
        return False
    return decrements_a_count(step, el, page.by_id) or removes_item_from_form(
        step, el, page.forms, page.by_id, lambda words: _stakes(words, page.patterns)) or \
        takes_mark_off_row(step, el, page.forms)


def _stakes(texts: list[str], patterns: tuple[re.Pattern[str], ...]) -> str | None:
    for reason, rx in _HIGH_STAKES_RE:
        if any(rx.search(t) for t in texts):
            return reason
    if any(rx.search(t) for rx in patterns for t in texts):
        return "site pattern"
    return None


def _key_name(step: Step) -> str:
    key = (step.inputData or "").strip()
    return "Space" if step.inputData == " " else key or "Enter"


def _args_text(args: dict[str, Any] | None) -> str:
    shown = [f"{words_of(str(k))} {v}" for k, v in (args or {}).items()
             if isinstance(v, str | int | float) and not isinstance(v, bool)]
    return ", ".join(shown)[:120]


def what_it_does(hit: GateHit) -> str:
    """The step in a few words ("click “Pay”", "run “apply coupon” with code SAVE10")."""
    if hit.step.action == "call_tool":
        args = _args_text(hit.step.args)
        return f"run \u201c{hit.target}\u201d" + (f" with {args}" if args else "")
    return f"{hit.step.action} \u201c{hit.target}\u201d"


def confirmation_text(hit: GateHit) -> str:
    what = what_it_does(hit)
    if hit.reason == "unknown tool":
        return (f"I'm about to {what}, a tool this page has not offered me. "
                "Shall I go ahead?")
    if hit.step.action == "press":
        what = f"press {_key_name(hit.step)}"
        if hit.reason != "unknown focus":
            what += f" in \u201c{hit.target}\u201d"
    if hit.reason in ("unknown focus", "unknown form"):
        return (f"I'm about to {what}, and I can't tell whether that submits a form on "
                "this page. Shall I go ahead?")
    if hit.submits:
        what += f", which submits \u201c{hit.submits}\u201d"
    if hit.reason == "unknown element":
        return f"I'm about to {what}, which I can't see on this page. Shall I go ahead?"
    if hit.reason in ("marked by the site", "site pattern"):
        return f"This will {what}, which this site asks me to confirm first. Shall I go ahead?"
    return f"This will {what} ({hit.reason}). Shall I go ahead?"
