"""Multi-step tasks of the rules planner, page after page, through the real engine."""

from __future__ import annotations

from typing import Any

import pytest

from leflux.agent.engine import TaskEngine
from leflux.agent.planners.rules import RulesPlanner
from leflux.protocol import ActionResult, PageContext, SequenceResult, StepResult
from tests.unit.agent.memconv import MemConversation
from tests.unit.rules.pages import (
    CART,
    CHECKOUT,
    FLAT,
    LISTING,
    LOGIN,
    PRODUCT,
    SIGNUP,
    edited,
    page,
)


class Drive:
    def __init__(self) -> None:
        self.conv = MemConversation()
        self.eng = TaskEngine(RulesPlanner())

    async def say(self, text: str, ctx: PageContext) -> None:
        self.conv.context = ctx
        await self.eng.on_visitor_message(self.conv, text, ctx)

    def plan(self) -> dict[str, Any]:
        return self.conv.of("action_plan")[-1]

    def steps(self) -> list[tuple[str, int | None, str | None]]:
        a = self.plan()["actions"][0]
        raw = a["actions"] if a.get("isSequence") else [
            {"action": a["type"].split("_")[0].replace("click", "click"), **a}]
        return [(s["action"], s.get("elementId"), s.get("inputData")) for s in raw]

    async def done_and_continue(self, ctx: PageContext, ok: bool = True,
                                error: str = "element is hidden") -> None:
        a = self.plan()["actions"][0]
        if a.get("isSequence"):
            results = [StepResult(index=i, action=s["action"], elementId=s.get("elementId"),
                                  success=ok or i < len(a["actions"]) - 1,
                                  error=None if ok or i < len(a["actions"]) - 1 else error)
                       for i, s in enumerate(a["actions"])]
            await self.eng.on_sequence_result(self.conv, SequenceResult(success=ok,
                                                                        results=results))
        else:
            await self.eng.on_action_result(self.conv, a["id"], ActionResult(
                success=ok, elementId=a.get("elementId"), error=None if ok else error))
        self.conv.context = ctx
        await self.eng.on_continue(self.conv, ctx)

    def finished(self) -> dict[str, Any] | None:
        done = self.conv.of("task_complete")
        return done[-1] if done else None


def with_text(ctx: PageContext, text: str, url: str | None = None) -> PageContext:
    data = ctx.model_dump(mode="json", exclude_none=True)
    data["visibleText"] = text
    if url:
        data["url"] = url
    return PageContext.model_validate(data)


async def test_cart_then_checkout_across_pages() -> None:
    d = Drive()
    await d.say("put the red shoes in my cart and check out", FLAT["listing"])
    assert d.plan()["actions"][0]["elementId"] == 13  # Add to cart of the red pair
    await d.done_and_continue(with_text(FLAT["listing"], "Added to your cart: Red running "
                                                         "shoes."))
    assert d.plan()["actions"][0]["elementId"] == 5  # no checkout link here: the cart
    await d.done_and_continue(CART)
    assert d.plan()["actions"][0]["elementId"] == 14  # Proceed to checkout
    await d.done_and_continue(CHECKOUT)
    done = d.finished()
    assert done is not None and "checkout" in done["message"].lower()
    assert len(d.conv.of("action_plan")) == 3


async def test_add_to_cart_opens_product_then_adds() -> None:
    d = Drive()
    home = page("https://shop.example.com/", "Shop", [
        {"id": 30, "tag": "a", "text": "Red running shoes", "href": "/products/red-running-shoes"},
        {"id": 31, "tag": "a", "text": "Wool socks", "href": "/products/wool-socks"}])
    await d.say("add red running shoes to my cart", home)
    assert d.plan()["actions"][0]["elementId"] == 30
    await d.done_and_continue(PRODUCT)
    assert d.plan()["actions"][0]["elementId"] == 13
    await d.done_and_continue(with_text(PRODUCT, "Added to cart."))
    assert "Added" in d.finished()["message"]  # type: ignore[index]


async def test_add_to_cart_searches_when_not_on_page() -> None:
    d = Drive()
    await d.say("add wool socks to the basket", FLAT["faq"])
    assert d.steps() == [("type", 6, "wool socks"), ("click", 7, None)]


async def test_submit_error_is_reported_not_repeated() -> None:
    d = Drive()
    await d.say("log in as maria with password tulip42", LOGIN)
    assert d.steps()[-1] == ("click", 14, None)
    await d.done_and_continue(with_text(LOGIN, "Incorrect username or password."))
    done = d.finished()
    assert done is not None and "Incorrect username or password" in done["message"]
    assert len(d.conv.of("action_plan")) == 1


async def test_hint_text_is_not_mistaken_for_an_error() -> None:
    d = Drive()
    await d.say("sign me up as Ahmed, ahmed@example.com with password s3cretpass", SIGNUP)
    # Same page text as before (it has "Password must be at least 8 characters"), new URL.
    await d.done_and_continue(with_text(SIGNUP, SIGNUP.visibleText,
                                        url="https://shop.example.com/account"))
    done = d.finished()
    assert done is not None and "problem" not in done["message"]


async def test_navigates_to_login_form_first() -> None:
    d = Drive()
    await d.say("log in as maria with password tulip42", PRODUCT)
    assert d.plan()["actions"][0]["elementId"] == 8
    await d.done_and_continue(LOGIN)
    assert d.steps() == [("type", 11, "maria"), ("type", 12, "tulip42"), ("click", 14, None)]


async def test_checkout_place_order_is_gated_and_reports_success() -> None:
    d = Drive()
    await d.say("check out, ship to 1 Main St, city: Springfield, zip 12345", CHECKOUT)
    assert d.conv.of("action_plan") == []
    assert d.conv.of("confirmation_required")
    await d.eng.on_confirmation(d.conv, True)
    assert d.steps()[-1] == ("click", 23, None)
    await d.done_and_continue(page("https://shop.example.com/orders/1042", "Order 1042", [],
                                   "Thank you! Your order number is 1042."))
    assert "order number is 1042" in d.finished()["message"]  # type: ignore[index]


async def test_failed_click_is_not_repeated() -> None:
    d = Drive()
    await d.say("open the blue running shoes", LISTING)
    assert d.plan()["actions"][0]["elementId"] == 15
    await d.done_and_continue(LISTING, ok=False)
    plans = d.conv.of("action_plan")
    assert [p["actions"][0].get("elementId") for p in plans].count(15) == 1
    done = d.finished()
    assert done is not None or plans[-1]["actions"][0]["elementId"] != 15


async def test_two_step_checkout_of_the_demo_shop() -> None:
    """Real embed contexts of the demo shop (captured with Chromium): cart -> shipping ->
    payment, then the site-marked "Place order" waits for the visitor."""
    import json
    from pathlib import Path

    def demo(name: str) -> PageContext:
        path = Path(__file__).parent / "demo_pages" / f"{name}.json"
        return PageContext.model_validate(json.loads(path.read_text()))

    d = Drive()
    await d.say("check out and place the order. Ship to name Ahmed Ali, email ahmed@example.com, "
                "address 1 Main Street, city Dublin, postal code D02 X285, country Ireland. "
                "Pay with card number 4242 4242 4242 4242, expiry 12/30, CVC 123.", demo("cart"))
    assert d.steps() == [("click", 14, None)]
    await d.done_and_continue(demo("checkout_shipping"))
    assert d.steps() == [
        ("type", 10, "Ahmed Ali"), ("type", 11, "ahmed@example.com"),
        ("type", 12, "1 Main Street"), ("type", 13, "Dublin"), ("type", 14, "D02 X285"),
        ("select", 15, "Ireland"), ("click", 16, None)]
    await d.done_and_continue(demo("checkout_payment"))
    assert len(d.conv.of("action_plan")) == 2  # held at the gate
    (prompt,) = d.conv.of("confirmation_required")
    assert "Place order" in prompt["message"]
    await d.eng.on_confirmation(d.conv, True)
    assert d.steps() == [("type", 13, "4242 4242 4242 4242"), ("type", 14, "12/30"),
                         ("type", 15, "123"), ("click", 16, None)]
    await d.done_and_continue(page("http://shop.test/orders/1", "Order 1", [],
                                   "Thank you, Ahmed! Your order 10001 is placed."))
    done = d.finished()
    assert done is not None and "Your order 10001 is placed" in done["message"]
    assert len(d.conv.of("action_plan")) == 3


def test_unanswered_question_opens_the_faq_but_not_from_the_faq() -> None:
    from tests.unit.rules.test_table import run

    steps, said, _ = run("product", "do you sell gift cards?")
    assert steps == [("click", 3, None)] and "FAQ" in said  # nav: 3 is the FAQ link
    steps, said, blocks = run("faq", "do you sell gift cards?")
    assert not steps and "couldn't find" in said and not blocks


def test_search_from_a_page_without_a_search_box_opens_the_shop() -> None:
    from leflux.agent.planner import PlanActions, PlanRequest
    from leflux.agent.planners.rules.planner import decide
    from leflux.agent.ports import SiteInfo

    bare = page("https://shop.example.com/about", "About", [
        {"id": 1, "tag": "a", "text": "Shop", "href": "/products"},
        {"id": 2, "tag": "a", "text": "About", "href": "/about"}], nav=False)
    req = PlanRequest(visitor_text="search for red shoes", goal="search for red shoes",
                      context=bare, history=[], memory=[], site=SiteInfo(name="t"))
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId) for s in plan.steps] == [("click", 1)]


async def test_one_shot_request_ends_on_the_continue_after_its_result() -> None:
    d = Drive()
    await d.say("check remember me", LOGIN)
    a = d.plan()["actions"][0]
    await d.eng.on_action_result(d.conv, a["id"], ActionResult(success=True, elementId=13))
    assert d.finished() is None  # iterative mode: the embed's continue_task ends it
    # The box shows ticked on the next page context: that is the evidence for "done".
    await d.eng.on_continue(d.conv, edited(LOGIN, e13={"checked": True}))
    assert d.finished() == {"summary": "check remember me \u2014 Ticked \u201cRemember me\u201d.",
                            "message": "Ticked \u201cRemember me\u201d."}
    assert len(d.conv.of("action_plan")) == 1


async def test_one_shot_failure_is_reported_after_continue() -> None:
    d = Drive()
    await d.say("check remember me", LOGIN)
    await d.done_and_continue(LOGIN, ok=False, error="element is disabled")
    done = d.finished()
    assert done is not None and "element is disabled" in done["message"]


async def test_several_things_to_do_show_a_steps_block() -> None:
    d = Drive()
    await d.say("search for blue hoodie, then add the blue fleece hoodie to my cart and go to "
                "checkout", FLAT["faq"])
    (block,) = [b for b in d.conv.of("ui_block") if b["block_type"] == "steps"]
    assert block["data"]["steps"] == [
        {"label": "Search for \u201cblue hoodie\u201d", "status": "active"},
        {"label": "Add \u201cblue fleece hoodie\u201d to the cart", "status": "todo"},
        {"label": "Go to checkout", "status": "todo"}]
    d2 = Drive()
    await d2.say("search for blue hoodie", FLAT["faq"])
    assert not [b for b in d2.conv.of("ui_block") if b["block_type"] == "steps"]


async def test_add_to_cart_retries_once_when_the_cart_did_not_change() -> None:
    import json
    from pathlib import Path

    def demo(name: str) -> PageContext:
        path = Path(__file__).parent / "demo_pages" / f"{name}.json"
        return PageContext.model_validate(json.loads(path.read_text()))

    d = Drive()
    await d.say("add this to my cart", demo("product_red_running_shoes"))
    assert d.steps() == [("click", 14, None)]
    # "Success", yet the same page with the same "Cart 0" badge: the add never landed.
    await d.done_and_continue(demo("product_red_running_shoes"))
    assert d.finished() is None and d.steps() == [("click", 14, None)]
    await d.done_and_continue(demo("cart"))
    assert "Added" in d.finished()["message"]  # type: ignore[index]
    assert len(d.conv.of("action_plan")) == 2


async def test_contact_request_without_details_says_what_is_still_needed() -> None:
    from tests.unit.rules.test_demo_table import demo

    contact = demo("contact").model_copy(deep=True)
    for el in contact.indexedElements:
        if el.label in ("Your name", "Email", "Message"):
            el.required = True  # type: ignore[attr-defined]  # as the embed reports it now
    d = Drive()
    await d.say("contact support about a late order", demo("home"))
    assert d.steps() == [("click", 5, None)]  # to the contact page first
    await d.done_and_continue(contact)
    assert d.steps() == [("select", 13, "Order status")]  # nothing typed up, nothing sent
    filled = contact.model_copy(deep=True)
    next(e for e in filled.indexedElements if e.id == 13).value = "order"
    await d.done_and_continue(filled)
    done = d.finished()
    assert done is not None
    assert "Still needed: Your name, Email, Message" in done["message"], done


def _form_page(name: str) -> PageContext:
    import json
    from pathlib import Path
    path = Path(__file__).parent / "form_pages" / f"{name}.json"
    return PageContext.model_validate(json.loads(path.read_text()))


@pytest.mark.parametrize("text", [
    "Order it: sam@example.com, Sam Reed, 4 Park Row, Bristol BS1 5LL, card 4242 4242 4242 "
    "4242 exp 12/29 cvc 123",
    "Buy these for me. Email sam@example.com, Sam Reed, 4 Park Row, Bristol BS1 5LL, "
    "standard free shipping, card 4242 4242 4242 4242 exp 12/29 security code 123"])
async def test_a_checkout_step_of_choices_goes_on_with_the_defaults(text: str) -> None:
    """checkout_steps_shipping: rates Tracked 48 Free (4, on) / DPD Next Day (order by 1pm)
    (6) / Click & collect Free (7), "Continue to payment" (9). Neither "order it" (the
    rate's description) nor "free" (two rates say it) names a rate: the default stays and
    the step goes on, to where the card goes."""
    d = Drive()
    await d.say(text, _form_page("checkout_steps_information"))
    assert d.steps()[-1] == ("click", 15, None)
    await d.done_and_continue(_form_page("checkout_steps_shipping"))
    assert d.steps() == [("click", 9, None)]


async def test_a_later_step_is_reached_by_the_steps_continue() -> None:
    """'..., I want next day delivery, then take me to the payment page': the details go in,
    the rate is on the next step, so the step's own Continue (15) before it; the rate (6)
    there and its Continue (9), as the visitor asked to go on to payment."""
    d = Drive()
    await d.say("sam@example.com, Sam Reed, 4 Park Row, Bristol BS1 5LL. I want next day "
                "delivery, then take me to the payment page",
                _form_page("checkout_steps_information"))
    assert d.steps()[-1] == ("type", 12, "BS1 5LL")
    await d.done_and_continue(_form_page("checkout_steps_information_filled"))
    assert d.steps() == [("click", 15, None)]
    await d.done_and_continue(_form_page("checkout_steps_shipping"))
    assert d.steps() == [("check", 6, None), ("click", 9, None)]


def test_a_city_named_in_the_visitors_language() -> None:
    from tests.unit.rules.pages import plan_on
    steps, _ = plan_on(_form_page("checkout_steps_information"),
                       "Lieferung nach Deutschland bitte: Jonas Weber, Hauptstraße 5, 10115 "
                       "Berlin, jonas@example.de. Weiter zum Versand.")
    assert ("type", 11, "Berlin") in steps and steps[-1] == ("click", 15, None)


def test_a_label_that_names_a_kind_of_field_beats_a_look_alike_label() -> None:
    """checkout_index: "my surname is Lopez" is the Last name (3), never the Username (4)
    whose label looks like "surname"."""
    from tests.unit.rules.pages import plan_on
    assert plan_on(_form_page("checkout_index"), "my surname is Lopez")[0] == [
        ("type", 3, "Lopez")]


def test_details_for_a_form_one_page_on_open_the_only_way_there() -> None:
    """'book a table for Ahmed, ahmed@example.com' on a page with no form and one link:
    the link first (never a cart), then the form behind it filled and sent."""
    from leflux.protocol import PageContext
    from tests.unit.rules.pages import plan_on

    intro = PageContext.model_validate({"url": "http://s.test/step1", "indexedElements": [
        {"id": 1, "tag": "h1", "text": "Book a table"},
        {"id": 3, "tag": "a", "text": "Continue to booking details", "href": "/step2"}]})
    assert plan_on(intro, "book a table for Ahmed, ahmed@example.com")[0] == [("click", 3, None)]
    form = PageContext.model_validate({"url": "http://s.test/step2", "indexedElements": [
        {"id": 3, "tag": "input", "label": "Name", "name": "name", "formId": 7},
        {"id": 4, "tag": "input", "type": "email", "label": "Email", "formId": 7},
        {"id": 5, "tag": "button", "type": "submit", "text": "Book now", "formId": 7}]})
    assert plan_on(form, "book a table for Ahmed, ahmed@example.com")[0] == [
        ("type", 3, "Ahmed"), ("type", 4, "ahmed@example.com"), ("click", 5, None)]
