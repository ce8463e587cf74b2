"""The rules planner's case table: (page, request) -> expected first plan or answer.

Steps are written as (action, elementId, inputData); ``None`` inputData means "none sent".
Answers are written as {"text": substring} and {"block": block_type}, and ``[]`` means
no plan at all.
"""

from __future__ import annotations

from typing import Any

import pytest

from leflux.agent.planner import FinishTask, PlanActions, PlanRequest, ShowBlock, TextDelta
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from tests.unit.rules.pages import FLAT, PAGES

T = tuple[str, int | None, str | None]
CASES: list[tuple[str, str, list[T] | dict[str, Any]]] = [
    # ---- sign-up
    ("signup", "sign me up as Ahmed Khan, ahmed@example.com with password s3cretpass", [
        ("type", 11, "Ahmed"), ("type", 12, "Khan"), ("type", 13, "ahmed@example.com"),
        ("type", 15, "s3cretpass"), ("type", 16, "s3cretpass"), ("click", 19, None)]),
    ("signup", "sign me up as Ahmed, ahmed@example.com", [
        ("type", 11, "Ahmed"), ("type", 13, "ahmed@example.com"), ("click", 19, None)]),
    ("signup", "register me: first name: Lina, last name: Haddad, email: lina@mail.com", [
        ("type", 11, "Lina"), ("type", 12, "Haddad"), ("type", 13, "lina@mail.com"),
        ("click", 19, None)]),
    ("signup", "my name is Jo Park and my email is jo@park.io", [
        ("type", 11, "Jo"), ("type", 12, "Park"), ("type", 13, "jo@park.io")]),
    ("signup", "create an account for me, email sam@x.org, phone +1 415 555 0199, "
               "password hunter2hunter2, and I agree to the terms", [
        ("type", 13, "sam@x.org"), ("type", 14, "+1 415 555 0199"),
        ("type", 15, "hunter2hunter2"), ("type", 16, "hunter2hunter2"), ("check", 17, None),
        ("click", 19, None)]),
    ("signup", "uncheck send me offers", [("uncheck", 18, None)]),
    ("signup", "tick I agree to the terms", [("check", 17, None)]),
    ("signup", "check the offers box", {"text": "already checked"}),
    ("signup", "go to log in", [("click", 8, None)]),
    ("signup", "what must my password be?", {"text": "at least 8 characters"}),
    # a required consent box: never ticked unasked (the question comes after the fill,
    # see test_consent.py); an optional newsletter box is left alone either way
    ("signup_req", "sign me up as Ahmed, ahmed@example.com, password Secret123!", [
        ("type", 11, "Ahmed"), ("type", 12, "ahmed@example.com"), ("type", 13, "Secret123!"),
        ("type", 14, "Secret123!")]),
    ("signup_req", "sign me up as Ahmed, ahmed@example.com, password Secret123! and I accept "
                   "the privacy policy", [
        ("type", 11, "Ahmed"), ("type", 12, "ahmed@example.com"), ("type", 13, "Secret123!"),
        ("type", 14, "Secret123!"), ("check", 16, None), ("click", 17, None)]),
    ("signup_req", "register me as Ahmed, ahmed@example.com, password Secret123!, I agree to "
                   "the terms", [
        ("type", 11, "Ahmed"), ("type", 12, "ahmed@example.com"), ("type", 13, "Secret123!"),
        ("type", 14, "Secret123!"), ("check", 16, None), ("click", 17, None)]),
    ("signup_req", "I don't agree to the terms", {"text": "left"}),
    # ---- login
    ("login", "log in as maria with password tulip42", [
        ("type", 11, "maria"), ("type", 12, "tulip42"), ("click", 14, None)]),
    ("login", "sign in with maria@example.com and password tulip42", [
        ("type", 11, "maria@example.com"), ("type", 12, "tulip42"), ("click", 14, None)]),
    ("login", "login as bob, pw: x9!zz", [
        ("type", 11, "bob"), ("type", 12, "x9!zz"), ("click", 14, None)]),
    ("login", "check remember me", [("check", 13, None)]),
    ("login", "I forgot my password", [("click", 15, None)]),
    ("login", "click sign up", [("click", 16, None)]),
    ("login", "open the FAQ", [("click", 3, None)]),
    ("product", "log in as maria with password tulip42", [("click", 8, None)]),
    # ---- checkout
    ("checkout", "ship to 12 Rue de la Paix, city: Paris, zip 75002, country: France", [
        ("type", 13, "12 Rue de la Paix"), ("type", 14, "Paris"), ("type", 15, "75002"),
        ("select", 16, "France")]),
    ("checkout", "my name is Ana Silva, email ana@silva.pt", [
        ("type", 11, "Ana Silva"), ("type", 12, "ana@silva.pt")]),
    ("checkout", "choose express shipping", [("check", 18, None)]),
    ("checkout", "select Morocco as the country", [("select", 16, "Morocco")]),
    ("checkout", "set country to Germany", [("select", 16, "Germany")]),
    # Paying is the whole flow: the card, then the form's own button (the site's gate).
    ("checkout", "pay with card 4242 4242 4242 4242, expiry 12/28, cvc 123", [
        ("type", 20, "4242 4242 4242 4242"), ("type", 21, "12/28"), ("type", 22, "123"),
        ("click", 23, None)]),
    ("checkout", "fill in card 4242 4242 4242 4242, expiry 12/28, cvc 123 but don't pay yet", [
        ("type", 20, "4242 4242 4242 4242"), ("type", 21, "12/28"), ("type", 22, "123")]),
    ("checkout", "place my order", [("click", 23, None)]),
    ("checkout", "go back to the cart", [("click", 5, None)]),
    ("checkout", "how much is the order total?", {"text": "$84.00"}),
    # ---- search and listing
    ("listing", "search for red shoes", [("type", 6, "red shoes"), ("click", 7, None)]),
    ("product", "look for wool socks", [("type", 6, "wool socks"), ("click", 7, None)]),
    ("listing", "open the red running shoes", [("click", 12, None)]),
    ("listing", "add the blue running shoes to my cart", [("click", 16, None)]),
    ("listing", "add the hiking boots to cart", [("click", 19, None)]),
    ("listing", "open the running shoes", {"block": "choices"}),
    ("listing", "add running shoes to my cart", {"block": "choices"}),
    ("listing", "sort by price: low to high", [("select", 20, "Price: low to high")]),
    ("listing", "choose price high to low", [("select", 20, "Price: high to low")]),
    ("listing", "only show in stock", [("check", 21, None)]),
    ("listing", "check in stock only", [("check", 21, None)]),
    ("listing", "next page", [("click", 22, None)]),
    ("listing", "scroll down", [("scroll", None, "down")]),
    ("listing", "scroll to the top", [("scroll", None, "top")]),
    ("listing", "how much are the blue running shoes?", {"text": "$52"}),
    ("listing", "go to /faq", [("click", 3, None)]),
    ("listing", "go to /about-us", [("navigate", None, "/about-us")]),
    # ---- product page and cart
    ("product", "add this to my cart", [("click", 13, None)]),
    ("product", "add 2 of the red running shoes to the cart", [
        ("type", 12, "2"), ("click", 13, None)]),
    ("product", "select size EU 42", [("select", 11, "EU 42")]),
    ("product", "choose 43 for the size", [("select", 11, "EU 43")]),
    ("product", "what is the return policy?", {"text": "Free returns within 30 days"}),
    ("product", "how long does shipping take?", {"text": "Ships in 2-3 business days"}),
    ("product", "add to wishlist", [("click", 14, None)]),
    ("product", "checkout", [("click", 5, None)]),
    ("cart", "proceed to checkout", [("click", 14, None)]),
    # "apply" asks for the code to be applied: typed, then the code's own Apply button.
    ("cart", "apply the discount code: SPRING10", [
        ("type", 12, "SPRING10"), ("click", 13, None)]),
    ("cart", "remove the red running shoes", [("click", 11, None)]),
    # ---- contact
    ("contact", "send a message saying my order #1042 has not arrived yet", [
        ("select", 13, "Order status"), ("type", 14, "my order #1042 has not arrived yet"),
        ("click", 15, None)]),
    ("contact", "contact them as Omar, omar@example.com, about returns, message: can I return "
                "sale items", [
        ("type", 11, "Omar"), ("type", 12, "omar@example.com"), ("select", 13, "Returns"),
        ("type", 14, "can I return sale items"), ("click", 15, None)]),
    ("contact", "pick Returns as the topic", [("select", 13, "Returns")]),
    ("contact", "what is the phone number?", {"text": "+1 555 0100"}),
    ("contact", "when do you answer?", {"text": "within one business day"}),
    # ---- booking
    ("booking", "book a table for 4 on 2026-12-24 at 7:30pm, name Ahmed, phone 0612345678", [
        ("type", 11, "2026-12-24"), ("type", 12, "19:30"), ("select", 13, "4 guests"),
        ("type", 14, "Ahmed"), ("type", 15, "0612345678"), ("click", 17, None)]),
    ("booking", "reserve for 2 people on December 31 at 8pm under Lee", [
        ("type", 11, "2026-12-31"), ("type", 12, "20:00"), ("select", 13, "2 guests"),
        ("type", 14, "Lee"), ("click", 17, None)]),
    ("booking", "how large can a party be?", {"text": "larger than 8"}),
    # ---- settings
    # Issue 13: "change/update X to Y" fills and leaves the sending to the visitor.
    # Settings are kept with the page's Save button: changing one means saving it.
    ("settings", "change my display name to Sam Lee", [("type", 11, "Sam Lee"),
                                                        ("click", 15, None)]),
    ("settings", "set language to Español", [("select", 12, "Español"), ("click", 15, None)]),
    ("settings", "set language to Español but don't save", [("select", 12, "Español")]),
    ("settings", "turn off email notifications", [("uncheck", 13, None), ("click", 15, None)]),
    ("settings", "enable dark mode", [("check", 14, None), ("click", 15, None)]),
    ("settings", "change my password to n3wP4ssw0rd!", [("type", 32, "n3wP4ssw0rd!")]),
    ("settings", "delete my account", [("click", 40, None)]),
    ("settings", "cancel subscription", [("click", 41, None)]),
    # ---- FAQ and general
    ("faq", "do you ship internationally?", {"text": "we ship to 40 countries"}),
    ("faq", "what's the return policy", {"text": "within 30 days"}),
    ("faq", "how long does delivery take to Canada?", {"text": "International delivery"}),
    ("faq", "do you sell gift cards?", {"text": "couldn't find"}),
    ("faq", "hello", {"text": "I can fill in forms"}),
    ("faq", "help", {"text": "search for red shoes"}),
    ("faq", "subscribe to the newsletter with nina@example.com", [
        ("type", 52, "nina@example.com"), ("click", 53, None)]),
    ("faq", "write me a poem about the sea and the sky in winter please", {"text": "can't"}),
    ("faq", "click the big purple unicorn", {"text": "couldn't find"}),
]


def run(page_key: str, text: str, variant: str = "tree"
        ) -> tuple[list[T], str, list[ShowBlock]]:
    page = (PAGES if variant == "tree" else FLAT)[page_key]
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=page, history=[],
                      memory=[], site=SiteInfo(name="t"), planner_state=state)
    events = decide(req)
    if [s.action for e in events if isinstance(e, PlanActions) for s in e.steps] == ["wait"]:
        # a target not there yet is looked for once more: on the same page, the answer then
        events = decide(PlanRequest(visitor_text=None, goal=text, context=page, history=[],
                                    memory=[], site=SiteInfo(name="t"), planner_state=state))
    steps: list[T] = []
    for ev in events:
        if isinstance(ev, PlanActions):
            steps = [(s.action, s.elementId, s.inputData) for s in ev.steps]
    said = "".join(ev.text if isinstance(ev, TextDelta) else ev.message for ev in events
                   if isinstance(ev, TextDelta | FinishTask))
    blocks = [ev for ev in events if isinstance(ev, ShowBlock)]
    return steps, said, blocks


def test_table_is_large_and_varied() -> None:
    assert len(CASES) >= 60
    assert {p for p, _, _ in CASES} >= {"signup", "login", "checkout", "listing", "contact",
                                        "booking", "settings"}


# "tree": pages with their <form>/<article> structure; "flat": as the embed reports them
# (interactive elements only, in document order, no parents). Both must plan the same.
@pytest.mark.parametrize("variant", ["tree", "flat"])
@pytest.mark.parametrize(("page_key", "text", "expected"), CASES,
                         ids=[f"{p}:{t[:40]}" for p, t, _ in CASES])
def test_case(page_key: str, text: str, expected: list[T] | dict[str, Any],
              variant: str) -> None:
    steps, said, blocks = run(page_key, text, variant)
    if isinstance(expected, list):
        assert steps == expected, said
        assert said  # it always says what it is doing
    else:
        if "text" in expected:
            assert expected["text"].lower() in said.lower()
            assert steps == []
        if "block" in expected:
            assert expected["block"] in [b.block_type for b in blocks]
            assert steps == []
