"""The high-stakes gate against implicit form submission, in a real browser: a model
(the fake OpenAI server on loopback) types a card number and presses Enter in the field,
so the form would go through its marked submit button without anyone clicking it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.support.browser import Chat, wait_for
from tests.e2e.support.llm import openai_stack
from tests.support.fake_llm import FakeRequest, FakeToolCall, Reply

pytestmark = pytest.mark.browser

CARD = "4242424242424242"


def model(req: FakeRequest) -> Reply:
    text = req.last_user_text
    if "Payment received" in text:
        return Reply(tool_calls=[FakeToolCall("finish_task", {
            "summary": "Paid", "message": "Your payment went through."})])
    found = re.search(r'^(\d+) [^\n"]*"Card number"', text, re.MULTILINE)
    assert found, text
    card = int(found.group(1))
    return Reply(text="Paying now.", tool_calls=[FakeToolCall("run_sequence", {"steps": [
        {"action": "type", "element_id": card, "value": CARD},
        {"action": "press", "element_id": card, "value": "Enter"}]})])


@pytest.fixture
def llm_stack(tmp_path: Path) -> Iterator[Stack]:
    with openai_stack(tmp_path, model) as s:
        yield s


def paid(stack: Stack) -> list[str]:
    return [p for p in stack.site.requests if p.startswith("/paid.html")]


def test_enter_cannot_submit_a_marked_form_without_confirmation(llm_stack: Stack,
                                                                visitor: Any) -> None:
    page = visitor.page
    page.goto(llm_stack.site.url("pay.html"))
    chat = Chat(page).ready().connected()

    chat.say("pay for my order with my card")
    chat.hook("confirmation").wait_for(state="visible", timeout=30_000)
    assert "Continue" in chat.hook("confirmation").inner_text()
    chat.hook("cancel").click()
    chat.wait_agent("I won't")
    page.wait_for_timeout(500)
    assert paid(llm_stack) == [] and page.url.endswith("/pay.html")
    assert page.input_value("#card") == ""  # nothing of the held plan ran

    chat.say("pay for my order with my card")
    chat.hook("confirmation").wait_for(state="visible", timeout=30_000)
    assert paid(llm_stack) == []
    chat.hook("confirm").click()
    wait_for(lambda: paid(llm_stack) or None, timeout=30, what="the approved payment")
    assert paid(llm_stack) == [f"/paid.html?card={CARD}"]
