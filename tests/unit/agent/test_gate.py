"""The high-stakes gate: what needs a confirmation and what does not."""

from __future__ import annotations

from typing import Any

import pytest

from leflux.agent import gate
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext, Step

SITE = SiteInfo(name="t")


def check(el: dict[str, Any], step: Step | None = None, site: SiteInfo = SITE,
          more: list[dict[str, Any]] | None = None) -> gate.GateHit | None:
    page = PageContext.model_validate({"url": "https://s.test/", "indexedElements": [
        {"id": 1, "tag": "button", **el}, *(more or [])]})
    return gate.review([step or Step(action="click", elementId=1)], page, site)


@pytest.mark.parametrize("text", [
    "Pay now", "Pay $84.00", "Buy now", "Place order", "Place your order", "Complete purchase",
    "Confirm order", "Confirm payment", "Delete account", "Remove item", "Transfer funds",
    "Send money", "Cancel subscription", "Cancel my membership", "Unsubscribe",
    "Change password", "Update password", "Checkout/confirm", "Deactivate account",
    "Close my account", "Disable your account",
])
def test_high_stakes_words_are_gated(text: str) -> None:
    hit = check({"text": text})
    assert hit is not None and hit.target == text


@pytest.mark.parametrize("text", [
    "Add to cart", "Proceed to checkout", "Search", "Next", "Sign up", "Log in", "Save",
    "Payment methods we accept", "Removable lining", "Continue shopping", "Cancel",
    "Send message", "Forgot your password?", "Account settings", "Close",
])
def test_everyday_actions_pass(text: str) -> None:
    assert check({"text": text}) is None


def test_label_value_name_and_href_count() -> None:
    assert check({"text": "", "label": "Delete this address"}) is not None
    assert check({"tag": "input", "type": "submit", "value": "Pay"}) is not None
    assert check({"text": "Go", "name": "unsubscribe"}) is not None
    assert check({"tag": "a", "text": "here", "href": "/account/delete"}) is not None


def test_site_marker_on_element_or_ancestor() -> None:
    assert check({"text": "Continue", "confirm": True}) is not None
    assert check({"text": "Continue", "confirm": False}) is None
    assert check({"text": "Continue", "parentId": 2},
                 more=[{"id": 2, "tag": "div", "confirm": True}]) is not None


def test_site_patterns_and_broken_patterns() -> None:
    site = SiteInfo(name="t", confirm_patterns=(r"upgrade\s+to\s+pro", "[unclosed"))
    assert check({"text": "Upgrade to Pro"}, site=site).reason == "site pattern"  # type: ignore[union-attr]
    assert check({"text": "Open [unclosed box"}, site=site) is not None
    assert check({"text": "Upgrade later"}, site=site) is None


def test_typed_text_is_not_an_action_but_fields_are() -> None:
    assert check({"tag": "input", "label": "Search", "value": "delete"},
                 Step(action="type", elementId=1, inputData="delete")) is None
    hit = check({"tag": "input", "label": "Type DELETE to remove your data"},
                Step(action="type", elementId=1, inputData="DELETE"))
    assert hit is not None


def test_new_password_form_submit_is_gated() -> None:
    page = PageContext.model_validate({"indexedElements": [
        {"id": 1, "tag": "input", "type": "password", "label": "New password"},
        {"id": 2, "tag": "button", "text": "Save"}]})
    steps = [Step(action="type", elementId=1, inputData="x"), Step(action="click", elementId=2)]
    hit = gate.review(steps, page, SITE)
    assert hit is not None and hit.reason == "password change"


def test_navigate_and_select_targets_count() -> None:
    assert gate.review([Step(action="navigate", inputData="/checkout/confirm")], None,
                       SITE) is not None
    page = PageContext.model_validate({"indexedElements": [
        {"id": 1, "tag": "select", "label": "Action", "options": [
            {"value": "keep", "text": "Keep"}, {"value": "del", "text": "Delete all"}]}]})
    assert gate.review([Step(action="select", elementId=1, inputData="del")], page,
                       SITE) is not None
    assert gate.review([Step(action="select", elementId=1, inputData="keep")], page,
                       SITE) is None


def test_looking_is_never_gated() -> None:
    assert check({"text": "Delete account"}, Step(action="scroll", elementId=1)) is None
    assert check({"text": "Delete account"}, Step(action="highlight", elementId=1)) is None


def test_elements_the_gate_cannot_see_need_confirmation() -> None:
    page = PageContext.model_validate({"indexedElements": [{"id": 1, "tag": "button",
                                                            "text": "Next"}]})
    hit = gate.review([Step(action="click", elementId=77, description="Next")], page, SITE)
    assert hit is not None and hit.reason == "unknown element"
    assert gate.review([Step(action="click", elementId=1)], None, SITE) is not None
    assert gate.review([Step(action="scroll", inputData="down")], None, SITE) is None


def test_a_list_item_named_buy_is_ticked_and_edited_without_a_confirmation() -> None:
    box = {"tag": "input", "type": "checkbox", "role": "checkbox", "label": "Buy milk"}
    assert check(box, Step(action="check", elementId=1)) is None
    assert check(box, Step(action="uncheck", elementId=1)) is None
    assert check(box, Step(action="dblclick", elementId=1)) is None
    # The same words on a button still ask, double-clicked or not.
    assert check({"text": "Buy now"}, Step(action="dblclick", elementId=1)) is not None
    # A box the site marks still asks.
    assert check({**box, "confirm": True}, Step(action="check", elementId=1)) is not None


def test_an_faq_entry_asking_about_paying_opens_without_a_confirmation() -> None:
    entry = {"tag": "summary", "text": "How can I pay?"}
    assert check(entry) is None
    # The same words on a button still ask; a summary the site marks still asks.
    assert check({"text": "Pay now"}) is not None
    assert check({**entry, "confirm": True}) is not None


def test_enter_in_a_field_is_judged_by_its_form_not_by_what_was_typed() -> None:
    field = {"id": 1, "tag": "input", "type": "text", "label": "New todo",
             "value": "buy oat milk"}
    page = PageContext.model_validate({"url": "https://s.test/", "indexedElements": [field],
                                       "forms": []})
    assert gate.review([Step(action="press", elementId=1, inputData="Enter")], page,
                       SITE) is None
    assert gate.review([Step(action="type", elementId=1, inputData="delete all")], page,
                       SITE) is None
