"""Checkout by chat behind the high-stakes gate, and a task across three pages with a reload.

The order is placed only after the visitor clicks the widget's confirm button; after
cancel nothing is placed. The three-page task is reloaded in the middle and must carry
on from the store (resume), ending with the real cart and the checkout page.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import test_demo_support as support
from tests.e2e.test_demo_support import (
    agent_texts,
    chat_transcript,
    me,
    say,
    task_completed,
    wait_for,
)

demo, browser, page = support.demo, support.browser, support.page

pytestmark = pytest.mark.browser

CHECKOUT_REQUEST = (
    "check out and place the order. Ship to name Ahmed Ali, email ahmed@example.com, "
    "address 1 Main Street, city Dublin, postal code D02 X285, country Ireland. "
    "Pay with card number 4242 4242 4242 4242, expiry 12/30, CVC 123."
)


def _cart_with_shoes(page: Any) -> None:
    page.goto("/products")  # the shop's visitor cookie is set on this context now
    r = page.request.post("/cart/add", form={"slug": "red-running-shoes", "quantity": "1"})
    assert r.ok
    page.goto("/cart")
    assert [i["slug"] for i in me(page)["cart"]["items"]] == ["red-running-shoes"]


def _wait_for_gate(page: Any) -> None:
    confirm = page.locator('leflux-widget [data-leflux="confirm"]')
    wait_for(lambda: confirm.count() > 0 and confirm.first.is_visible(),
             what="the confirmation dialog", page=page)
    # Held at the gate: the payment page is filled in, but no order exists yet.
    assert "/checkout/payment" in page.url
    state = me(page)
    assert state["orders"] == []
    assert state["checkoutShipping"]["name"] == "Ahmed Ali"
    assert state["checkoutShipping"]["country"] == "Ireland"


def test_checkout_places_the_order_only_after_confirming(page: Any) -> None:
    _cart_with_shoes(page)
    say(page, CHECKOUT_REQUEST)
    _wait_for_gate(page)
    page.wait_for_timeout(1500)  # the gate holds: still nothing placed a moment later
    assert me(page)["orders"] == []

    page.locator('leflux-widget [data-leflux="confirm"]').first.click()
    [order] = wait_for(lambda: me(page)["orders"], what="a placed order", page=page)
    assert [(i["slug"], i["quantity"]) for i in order["items"]] == [("red-running-shoes", 1)]
    assert order["cardLast4"] == "4242" and order["totalCents"] == 5000
    assert order["shipping"]["city"] == "Dublin"
    page.wait_for_url(f"**/orders/{order['id']}")
    assert page.locator("h1").inner_text() == "Order confirmed"
    assert me(page)["cart"]["items"] == []


def test_declining_the_confirmation_places_no_order(page: Any) -> None:
    _cart_with_shoes(page)
    say(page, CHECKOUT_REQUEST)
    _wait_for_gate(page)
    before = len(agent_texts(page))
    page.locator('leflux-widget [data-leflux="cancel"]').first.click()
    # The agent acknowledges; give a wrongly sent plan every chance to land, then look.
    wait_for(lambda: len(agent_texts(page)) > before, what="the agent's answer", page=page)
    page.wait_for_timeout(3000)
    state = me(page)
    assert state["orders"] == []
    assert [i["slug"] for i in state["cart"]["items"]] == ["red-running-shoes"]
    assert "/checkout/payment" in page.url


def test_three_page_task_survives_a_reload_in_the_middle(page: Any) -> None:
    page.goto("/")
    ask = "search for blue hoodie, then add the blue fleece hoodie to my cart and go to checkout"
    say(page, ask)
    # Page 2 of the task: the visitor reloads it as soon as it is parsed, so the agent's
    # next step (open task, owed continue_task) must come back from the store.
    page.wait_for_url("**/products?*q=blue*", wait_until="domcontentloaded")
    page.reload()
    task_completed(page)
    items = me(page)["cart"]["items"]
    assert [(i["slug"], i["quantity"]) for i in items] == [("blue-fleece-hoodie", 1)]
    page.wait_for_load_state()
    assert page.url.endswith("/checkout"), page.url
    assert page.locator("h1").inner_text() == "Checkout"
    # The chat survived the reload: the visitor's words are still there.
    assert any(ask in line for line in chat_transcript(page))
    assert me(page)["orders"] == []  # going to checkout never pays
