"""Required checkboxes before a submit, and field-level errors after it, through the real
engine: a consent box is never ticked unasked; the visitor's "I agree" (a new message,
after the task that asked has ended) ticks it and submits on the page as it is then."""

from __future__ import annotations

from typing import Any

import pytest

from leflux.agent.planners.rules.model import Act
from leflux.agent.planners.rules.understand import understand
from tests.unit.rules.pages import SIGNUP, SIGNUP_REQ, edited
from tests.unit.rules.test_demo_table import demo
from tests.unit.rules.test_flows import Drive, with_text

NAME = "sign me up as Ahmed, ahmed@example.com, password Secret123!"

# The same form once the first task filled it (the embed never reports passwords' values).
FILLED = edited(SIGNUP_REQ, e11={"value": "Ahmed"}, e12={"value": "ahmed@example.com"},
                e13={"filled": True}, e14={"filled": True})


def blocks(d: Drive) -> list[dict[str, Any]]:
    return d.conv.of("ui_block")


async def test_unmentioned_required_consent_box_is_asked_about_not_ticked() -> None:
    d = Drive()
    await d.say(NAME, SIGNUP_REQ)
    assert d.steps() == [("type", 11, "Ahmed"), ("type", 12, "ahmed@example.com"),
                         ("type", 13, "Secret123!"), ("type", 14, "Secret123!")]
    await d.done_and_continue(FILLED)
    done = d.finished()
    assert done is not None and "haven't submitted" in done["message"]
    assert len(d.conv.of("action_plan")) == 1  # nothing more was done: no submit
    choice = [b for b in blocks(d) if b["block_type"] == "choices"][-1]
    assert choice["data"]["options"] == [
        {"label": "I agree", "value": "I agree to the terms"},
        {"label": "No, thanks", "value": "Don't agree"}]
    assert "I have read and accept the privacy policy" in choice["message"]


async def test_i_agree_after_the_question_ticks_and_submits_on_the_current_page() -> None:
    d = Drive()
    await d.say(NAME, SIGNUP_REQ)
    await d.done_and_continue(FILLED)
    await d.say("I agree to the terms", FILLED)  # the value of the "I agree" choice
    assert d.steps() == [("check", 16, None), ("click", 17, None)]
    await d.done_and_continue(with_text(FILLED, "Welcome, Ahmed! Your account is ready.",
                                        url="https://shop.example.com/welcome"))
    done = d.finished()
    assert done is not None and "Your account is ready" in done["message"]


async def test_declining_leaves_the_box_and_the_form_alone() -> None:
    d = Drive()
    await d.say(NAME, SIGNUP_REQ)
    await d.done_and_continue(FILLED)
    plans = len(d.conv.of("action_plan"))
    await d.say("Don't agree", FILLED)
    assert len(d.conv.of("action_plan")) == plans
    said = [m.text for m in d.conv.messages if m.role == "agent"][-1]
    assert "left \u201cI have read and accept the privacy policy\u201d unticked" in said


async def test_an_unmarked_terms_box_is_not_a_reason_to_ask() -> None:
    # Without ``required`` the form may well go without it (older embeds, optional boxes).
    d = Drive()
    await d.say("sign me up as Ahmed, ahmed@example.com", SIGNUP)
    assert d.steps()[-1] == ("click", 19, None)


async def test_other_required_box_is_asked_about_and_the_answer_ticks_and_submits() -> None:
    adult = edited(SIGNUP_REQ, e16={"label": "I am 18 or older", "name": "adult"})
    d = Drive()
    await d.say(NAME + " and I accept the terms", adult)
    assert ("check", 16, None) not in d.steps()  # agreeing to terms is not being 18
    assert ("click", 17, None) not in d.steps()
    filled = edited(adult, e11={"value": "Ahmed"}, e12={"value": "ahmed@example.com"},
                    e13={"filled": True}, e14={"filled": True})
    await d.done_and_continue(filled)
    choice = [b for b in blocks(d) if b["block_type"] == "choices"][-1]
    yes = choice["data"]["options"][0]["value"]
    assert "I am 18 or older" in choice["message"] and "I am 18 or older" in yes
    await d.say(yes, filled)
    assert d.steps() == [("check", 16, None), ("click", 17, None)]  # one plan: tick, send


async def test_field_errors_are_quoted_rather_than_the_banner() -> None:
    d = Drive()
    await d.say(NAME + " and I accept the privacy policy", SIGNUP_REQ)
    assert d.steps()[-1] == ("click", 17, None)
    text = SIGNUP_REQ.visibleText.replace(
        "Register\nFull name", "Register\nPlease correct the highlighted fields.\nFull name"
    ).replace("Confirm password\n", "Confirm password\nPasswords do not match.\n").replace(
        "privacy policy\n", "privacy policy\nPlease accept the terms to create an account.\n")
    await d.done_and_continue(with_text(FILLED, text))
    done = d.finished()
    assert done is not None
    msg = done["message"]
    # Each error with the field it is about (issue 13: name the field, quote the page).
    assert msg.startswith("The form came back with a problem: Confirm password: \u201cPasswords "
                          "do not match.\u201d I have read and accept the privacy policy: "
                          "\u201cPlease accept the terms to create an account.\u201d"), msg
    assert "highlighted" not in msg
    assert "At least 8 characters" not in msg  # a hint that was there before is no error


async def test_new_note_under_a_field_without_error_words_counts_with_a_banner() -> None:
    d = Drive()
    await d.say(NAME + " and I accept the privacy policy", SIGNUP_REQ)
    text = SIGNUP_REQ.visibleText.replace(
        "Register\nFull name", "Register\nThere was a problem with your submission.\nFull name"
    ).replace("Email\nPassword", "Email\nThat address is taken, sorry.\nPassword")
    await d.done_and_continue(with_text(FILLED, text))
    done = d.finished()
    assert done is not None and "\u201cThat address is taken, sorry.\u201d" in done["message"]


async def test_demo_shop_terms_error_is_quoted() -> None:
    # The demo shop's answer to a sign-up without the terms box (HTTP 400, same URL).
    signup = demo("signup")
    d = Drive()
    await d.say(NAME + " and accept the terms", signup)
    assert d.steps()[-2:] == [("check", 15, None), ("click", 16, None)]
    text = signup.visibleText.replace(
        "Sign in.\n", "Sign in.\nPlease correct the highlighted fields.\n").replace(
        "privacy policy\n", "privacy policy\nPlease accept the terms to create an account.\n")
    await d.done_and_continue(with_text(signup, text))
    done = d.finished()
    assert done is not None
    assert done["message"] == ("The form came back with a problem: I agree to the terms of "
                               "service and privacy policy: \u201cPlease accept the terms to "
                               "create an account.\u201d Tell me the right value and I'll try "
                               "again.")


async def test_a_fill_and_submit_request_fills_then_asks_about_the_required_box() -> None:
    d = Drive()
    await d.say("fill in name: Ahmed, email: ahmed@example.com, password: Secret123! and "
                "submit", SIGNUP_REQ)
    assert d.steps() == [("type", 11, "Ahmed"), ("type", 12, "ahmed@example.com"),
                         ("type", 13, "Secret123!"), ("type", 14, "Secret123!")]
    filled = edited(SIGNUP_REQ, e11={"value": "Ahmed"}, e12={"value": "ahmed@example.com"},
                    e13={"filled": True}, e14={"filled": True})
    await d.done_and_continue(filled)
    done = d.finished()
    assert done is not None and "haven't submitted" in done["message"]
    assert len(d.conv.of("action_plan")) == 1  # no submit
    choice = [b for b in blocks(d) if b["block_type"] == "choices"][-1]
    assert choice["data"]["options"][0] == {"label": "I agree", "value": "I agree to the terms"}
    await d.say("I agree to the terms", filled)
    assert d.steps() == [("check", 16, None), ("click", 17, None)]


async def test_submit_on_a_filled_form_asks_first_when_a_required_box_is_unticked() -> None:
    d = Drive()
    await d.say("submit the form", FILLED)
    assert not d.conv.of("action_plan")
    choice = [b for b in blocks(d) if b["block_type"] == "choices"][-1]
    assert "I have read and accept the privacy policy" in choice["message"]


async def test_a_yes_before_the_agreement_ticks_and_submits() -> None:
    """'yes, I agree to the terms' typed (not the choice's own value) is the same answer."""
    d = Drive()
    await d.say(NAME, SIGNUP_REQ)
    await d.done_and_continue(FILLED)
    await d.say("yes, I agree to the terms", FILLED)
    assert d.steps() == [("check", 16, None), ("click", 17, None)]


@pytest.mark.parametrize("text,refused", [
    ("I agree to the terms", False), ("yes, I agree to the terms", False), ("ok i agree", False),
    ("Acepto los términos", False), ("Don't agree", True), ("I don't agree to the terms", True),
    ("no, I do not accept", True), ("no acepto", True), ("ich stimme nicht zu", True)])
def test_an_answer_about_the_terms_is_understood(text: str, refused: bool) -> None:
    (clause,) = understand(text).clauses
    assert clause.act is Act.CONSENT and clause.negated is refused


@pytest.mark.parametrize("text", ["agree to the terms and sign me up", "yes please", "no"])
def test_other_words_are_no_answer_about_the_terms(text: str) -> None:
    assert all(c.act is not Act.CONSENT for c in understand(text).clauses)
