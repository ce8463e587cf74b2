"""The demo shop's own tools, by chat: its page registers them (shop-tools.js), the rules
planner calls them from the visitor's words, and the shop's real state shows the effect
(a coupon really changes the cart's total; an order's status is read from the shop)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import test_demo_support as support
from tests.e2e.test_demo_support import events, me, say, task_completed, wait_for

demo, browser, page = support.demo, support.browser, support.page

pytestmark = pytest.mark.browser

SHIPPING = {"name": "Ahmed Ali", "email": "ahmed@example.com", "address": "1 Main Street",
            "city": "Dublin", "postal_code": "D02 X285", "country": "Ireland"}
CARD = {"card_name": "Ahmed Ali", "card_number": "4242 4242 4242 4242", "expiry": "12/39",
        "cvc": "123"}


def tools_of(page: Any) -> list[str]:
    page.wait_for_function("() => (window.LeFlux?.getContext().tools || []).length === 2")
    return [t["name"] for t in page.evaluate("() => window.LeFlux.getContext().tools")]


def test_a_coupon_applied_by_chat_changes_the_cart_total(page: Any) -> None:
    assert page.request.post("/cart/add", form={"slug": "red-running-shoes", "size": "43",
                                                "quantity": "2"}).ok
    page.goto("/cart")
    assert tools_of(page) == ["lookupOrderStatus", "applyCoupon"]
    assert page.locator('[data-summary="total"] dd').inner_text() == "$90.00"
    say(page, "apply coupon SAVE10")
    done = task_completed(page)
    assert done["message"] == ("Coupon SAVE10 applied (10% off): you save $9.00, and your "
                               "total is now $81.00.")
    cart = me(page)["cart"]
    assert cart["coupon"] == "SAVE10" and cart["totalCents"] == 8100
    # The page's summary was redrawn by the tool, without a reload.
    wait_for(lambda: page.locator('[data-summary="total"] dd').inner_text() == "$81.00",
             what="the new total on the page", page=page)
    plan = events(page, "action_plan")[0]["payload"]["actions"][0]
    assert (plan["type"], plan["toolName"], plan["args"]) == ("call_tool", "applyCoupon",
                                                             {"code": "SAVE10"})


def test_an_orders_status_by_chat(page: Any) -> None:
    assert page.request.post("/cart/add", form={"slug": "steel-water-bottle",
                                                "quantity": "1"}).ok
    assert page.request.post("/checkout", form=SHIPPING).ok
    assert page.request.post("/checkout/payment", form=CARD).ok
    number = me(page)["orders"][0]["id"]
    page.goto("/products")
    tools_of(page)
    say(page, f"where is my order {number}?")
    done = task_completed(page)
    assert done["message"].startswith(
        f"Order #{number} (1 \u00d7 Steel Water Bottle) is being packed"), done
    say(page, "what's the status of order 99999")
    missing = task_completed(page, after=1)
    assert missing["message"] == ("Sorry, I couldn't lookup order status: There's no order "
                                  "#99999 among your orders."), missing
