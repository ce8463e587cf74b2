"""The gate judges what a step causes: a key press or a click that submits a form is
judged by that form (its submit controls, the site's marks, its action URL and fields)."""

from __future__ import annotations

from typing import Any

import pytest

from leflux.agent import gate
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext, Step

SITE = SiteInfo(name="t")
CARD = "4242424242424242"


def payment_page(*, submit: dict[str, Any] | None = None, form: dict[str, Any] | None = None,
                 focused: Any = None, **more: Any) -> PageContext:
    """A card field and a submit button in form 50; a search box outside any form."""
    return PageContext.model_validate({
        "url": "https://s.test/pay",
        "indexedElements": [
            {"id": 1, "tag": "input", "type": "text", "label": "Card number", "formId": 50},
            {"id": 2, "tag": "input", "type": "text", "label": "Name on card", "formId": 50},
            {"id": 3, "tag": "button", "type": "submit", "text": "Continue", "formId": 50,
             **(submit or {})},
            {"id": 4, "tag": "input", "type": "search", "label": "Search"},
            {"id": 5, "tag": "button", "type": "button", "text": "Show CVC help",
             "formId": 50},
        ],
        "forms": [{"id": 50, "method": "post", "action": "https://s.test/orders",
                   "submitIds": [3], "hasSubmit": True, "marked": False, "text": "Continue",
                   **(form or {})}],
        "focusedId": focused, **more})


def review(page: PageContext | None, *steps: Step) -> gate.GateHit | None:
    return gate.review(list(steps), page, SITE)


TYPE_CARD = Step(action="type", elementId=1, inputData=CARD)
ENTER_ON_CARD = Step(action="press", elementId=1, inputData="Enter")
ENTER = Step(action="press", inputData="Enter")


@pytest.mark.parametrize("marks", [
    {"submit": {"confirm": True}},   # the embed's flag for data-leflux-confirm on the button
    {"form": {"marked": True}},      # the form (or another submit control) carries it
])
def test_enter_in_a_field_is_judged_by_its_forms_marked_submit(marks: dict[str, Any]) -> None:
    page = payment_page(**marks)
    hit = review(page, TYPE_CARD, ENTER_ON_CARD)
    assert hit is not None and hit.reason == "marked by the site"
    assert hit.step == ENTER_ON_CARD and hit.submits == "Continue"
    assert "submits \u201cContinue\u201d" in gate.confirmation_text(hit)


@pytest.mark.parametrize("key", ["Enter", "enter", "Return", "", "NumpadEnter", "Ctrl+Enter"])
def test_every_spelling_of_enter_counts(key: str) -> None:
    page = payment_page(submit={"confirm": True})
    assert review(page, Step(action="press", elementId=2, inputData=key)) is not None


def test_high_stakes_words_on_the_submit_control_or_action_url() -> None:
    hit = review(payment_page(submit={"text": "Pay $42.00"}, form={"text": "Pay $42.00"}),
                 ENTER_ON_CARD)
    assert hit is not None and hit.reason == "pay"
    hit = review(payment_page(form={"action": "https://s.test/account/delete"}), ENTER_ON_CARD)
    assert hit is not None and hit.reason == "delete"
    # The form's own list of submit texts counts when the button itself is not indexed.
    page = payment_page(form={"submitIds": [99], "text": "Place order"})
    assert review(page, ENTER_ON_CARD) is not None


def test_a_key_with_no_element_is_judged_by_the_focused_one() -> None:
    assert review(payment_page(submit={"confirm": True}, focused=1), ENTER) is not None
    # Typed into the card field first: Enter lands there whatever the page said before.
    assert review(payment_page(submit={"confirm": True}, focused=4), TYPE_CARD,
                  ENTER) is not None
    # Focus on the search box (in no form) or nowhere: Enter submits nothing marked.
    assert review(payment_page(submit={"confirm": True}, focused=4), ENTER) is None
    assert review(payment_page(submit={"confirm": True}, focused=None), ENTER) is None


def test_unknown_focus_or_form_fails_safe() -> None:
    # An old embed: no focusedId and no forms at all.
    old = PageContext.model_validate({"indexedElements": [
        {"id": 1, "tag": "input", "type": "text", "label": "Card number"}]})
    hit = review(old, ENTER)
    assert hit is not None and hit.reason == "unknown focus"
    assert "can't tell" in gate.confirmation_text(hit)
    # No forms list: a field may sit in any form.
    hit = review(old, ENTER_ON_CARD)
    assert hit is not None and hit.reason == "unknown form"
    # A formId the forms list does not describe.
    hit = review(payment_page(form={"id": 51}), ENTER_ON_CARD)
    assert hit is not None and hit.reason == "unknown form"
    # Keys that cannot submit stay free.
    assert review(old, Step(action="press", inputData="Tab")) is None
    assert review(old, Step(action="press", elementId=1, inputData="Escape")) is None


def test_space_submits_only_through_a_submit_control() -> None:
    page = payment_page(submit={"confirm": True})
    assert review(page, Step(action="press", elementId=3, inputData=" ")) is not None
    assert review(page, Step(action="press", elementId=3, inputData="Space")) is not None
    assert review(page, Step(action="press", elementId=1, inputData="Space")) is None
    # Enter on a type=button control inside the form is not a submission of it.
    assert review(page, Step(action="press", elementId=5, inputData="Enter")) is None


def test_a_click_on_any_submitting_control_is_judged_by_the_form() -> None:
    # A <button> without a type submits its form: the form's action says "delete".
    page = payment_page(submit={"type": None, "text": "Go"},
                        form={"action": "https://s.test/account/delete"})
    hit = review(page, Step(action="click", elementId=3))
    assert hit is not None and hit.reason == "delete"
    assert review(page, Step(action="click", elementId=5)) is None  # type=button


def test_a_new_password_field_makes_the_submit_a_password_change() -> None:
    page = payment_page(**{"indexedElements": [
        {"id": 1, "tag": "input", "type": "password", "label": "New password", "formId": 50},
        {"id": 3, "tag": "button", "type": "submit", "text": "Save", "formId": 50}]})
    hit = review(page, Step(action="press", elementId=3, inputData="Enter"))
    assert hit is not None and hit.reason == "password change"
    assert review(page, Step(action="click", elementId=3)) is not None


def test_ordinary_forms_submit_freely() -> None:
    page = payment_page(**{"indexedElements": [
        {"id": 1, "tag": "input", "type": "text", "label": "Full name", "formId": 50},
        {"id": 3, "tag": "button", "type": "submit", "text": "Continue", "formId": 50},
        {"id": 4, "tag": "input", "type": "search", "label": "Search"}]})
    assert review(page, Step(action="type", elementId=1, inputData="Ana Lopez"),
                  Step(action="press", elementId=1, inputData="Enter")) is None
    assert review(page, Step(action="type", elementId=4, inputData="shoes"),
                  Step(action="press", elementId=4, inputData="Enter")) is None


async def test_the_rules_planners_enter_fallback_is_gated_too() -> None:
    # The sign-up button is plain, but the form's other submit control is marked: when
    # the button fails and the planner falls back to Enter in the last field, the form
    # would go through whichever submit control the page picks. The gate asks first.
    from leflux.agent.engine import TaskEngine
    from leflux.agent.planners.rules import RulesPlanner
    from leflux.protocol import SequenceResult, StepResult
    from tests.unit.agent.memconv import MemConversation
    from tests.unit.agent.pages import signup_page

    data = signup_page().model_dump(exclude_none=True)
    data["indexedElements"].append({"id": 20, "tag": "button", "type": "submit",
                                    "text": "Add deposit", "formId": 10, "confirm": True})
    data["forms"][0].update(submitIds=[19, 20], marked=True)
    page = PageContext.model_validate(data)
    eng, conv = TaskEngine(RulesPlanner()), MemConversation()
    await eng.on_visitor_message(conv, "sign me up as Ahmed, ahmed@example.com", page)
    (plan,) = conv.of("action_plan")
    seq = plan["actions"][0]["actions"]
    assert seq[-1]["action"] == "click" and seq[-1]["elementId"] == 19
    results = [StepResult(index=i, action=s["action"], elementId=s.get("elementId"),
                          success=i < len(seq) - 1, error=None if i < len(seq) - 1 else "gone")
               for i, s in enumerate(seq)]
    await eng.on_sequence_result(conv, SequenceResult(success=False, results=results))
    await eng.on_continue(conv, page)
    assert len(conv.of("action_plan")) == 1  # the Enter plan is held...
    (ask,) = conv.of("confirmation_required")  # ...until the visitor says so
    assert "Enter" in ask["message"]
    await eng.on_confirmation(conv, True)
    second = conv.of("action_plan")[1]
    assert second["confirmed"] is True
    assert any(s["action"] == "press" for s in conv.steps(1))


@pytest.mark.parametrize("card", [
    {"label": "Card number"},
    {"label": "Number", "autocomplete": "cc-number"},
    {"label": "CVV", "autocomplete": "cc-csc"}])
def test_sending_a_form_with_a_card_in_it_pays_whatever_its_button_says(
        card: dict[str, Any]) -> None:
    """'Continue to checkout' says nothing of paying; the card field in its form does."""
    page = payment_page(**{"indexedElements": [
        {"id": 1, "tag": "input", "type": "text", "formId": 50, **card},
        {"id": 3, "tag": "button", "type": "submit", "text": "Continue to checkout",
         "formId": 50}]})
    hit = review(page, Step(action="type", elementId=1, inputData="x"),
                 Step(action="click", elementId=3))
    assert hit is not None and hit.reason == "pay" and hit.submits == "Continue to checkout"


def test_a_disabled_card_field_pays_nothing() -> None:
    """PayPal chosen: the card fields are off, the form is sent without a card."""
    page = payment_page(**{"indexedElements": [
        {"id": 1, "tag": "input", "type": "text", "label": "Card number", "formId": 50,
         "disabled": True},
        {"id": 3, "tag": "button", "type": "submit", "text": "Continue", "formId": 50}]})
    assert review(page, Step(action="click", elementId=3)) is None
