"""The demo shop driven by chat, like a newcomer would: type into the widget, check the shop.

Each test is a fresh visitor (own cookies and localStorage) on one real ``leflux demo``
process with the default ``rules`` planner; the assertions read the shop's real state
(accounts, carts, contact messages) back from its JSON endpoints, not the chat.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e import test_demo_support as support
from tests.e2e.test_demo_support import (
    agent_said,
    me,
    open_widget,
    say,
    shop_state,
    task_completed,
    wait_for,
)
from tests.support.server import LeFluxServer

# The shared fixtures: one demo server and one Chromium per module, a fresh visitor per test.
demo, browser, page = support.demo, support.browser, support.page

pytestmark = pytest.mark.browser


def test_sign_up_by_chat_from_the_home_page(page: Any) -> None:
    page.goto("/")
    say(page, "sign me up as Ahmed Ali, ahmed@example.com, password Secret123! "
              "and accept the terms")
    account = wait_for(lambda: me(page)["account"], what="a signed-in account", page=page)
    assert account == {"id": account["id"], "name": "Ahmed Ali", "email": "ahmed@example.com"}
    page.wait_for_url("**/welcome")
    assert "Welcome, Ahmed Ali" in page.locator("h1").inner_text()
    emails = [a["email"] for a in shop_state(page)["accounts"]]
    assert emails.count("ahmed@example.com") == 1


@pytest.fixture
def own_shop_page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """A visitor on a demo shop of its own: this test signs up the ahmed@example.com that
    test_sign_up_by_chat_from_the_home_page signs up on the shared one."""
    server = LeFluxServer(tmp_path, command="demo", env={"XDG_DATA_HOME": str(tmp_path / "x")})
    with server:
        context = browser.new_context(base_url=server.url, viewport={"width": 1280,
                                                                      "height": 860})
        context.add_init_script(support.EVENT_RECORDER)
        context.set_default_timeout(15_000)
        pg = context.new_page()
        yield pg
        print("--- chat ---", *support.chat_transcript(pg), sep="\n")
        print("--- server log ---", server.log(), sep="\n")
        context.close()


def test_sign_up_asks_before_ticking_the_required_terms_box(own_shop_page: Any) -> None:
    page = own_shop_page
    page.goto("/signup")
    say(page, "sign me up as Ahmed, ahmed@example.com, password Secret123!")
    # The fields are filled, the required terms box is left for the visitor: a question.
    done = task_completed(page)
    assert "haven't submitted" in done["message"], done
    terms = page.locator("#signup-terms")
    assert not terms.is_checked()
    assert page.locator("#signup-name").input_value() == "Ahmed"
    assert page.url.endswith("/signup")
    question = agent_said(page, "I agree to the terms of service and privacy policy")
    assert "Do you agree" in question
    assert [a["email"] for a in shop_state(page)["accounts"]].count("ahmed@example.com") == 0
    choice = page.locator('leflux-widget [data-leflux="choice"]', has_text="I agree")
    choice.click()
    account = wait_for(lambda: me(page)["account"], what="a signed-in account", page=page)
    assert account["email"] == "ahmed@example.com" and account["name"] == "Ahmed"
    page.wait_for_url("**/welcome")
    emails = [a["email"] for a in shop_state(page)["accounts"]]
    assert emails.count("ahmed@example.com") == 1


def test_log_in_by_chat(page: Any, demo: LeFluxServer) -> None:
    # The account exists already, made through the shop's own form by another client.
    r = httpx.post(f"{demo.url}/signup", data={
        "name": "Lena Novak", "email": "lena@example.com", "password": "Hunter22!",
        "confirm_password": "Hunter22!", "terms": "on"})
    assert r.status_code == 303, r.text
    page.goto("/login")
    assert me(page)["account"] is None
    say(page, "log in with lena@example.com and password Hunter22!")
    account = wait_for(lambda: me(page)["account"], what="a signed-in account", page=page)
    assert account["email"] == "lena@example.com"
    page.wait_for_url("**/account")
    assert "Signed in as Lena Novak" in page.content()


def test_search_and_add_a_product_to_the_cart(page: Any, tmp_path: Path) -> None:
    page.goto("/products")
    say(page, "search for red shoes")
    # The listing's own filters (colour Red, category Shoes) or its search box: either way
    # the page then lists red shoes.
    page.wait_for_url(lambda url: "q=red" in url.lower() or "color=red" in url.lower())
    wait_for(lambda: "Red Running Shoes" in page.inner_text(".grid"), what="red shoes listed",
             page=page)
    agent_said(page, "red")
    assert me(page)["cart"]["items"] == []  # searching buys nothing
    say(page, "add the red running shoes to my cart")
    items = wait_for(lambda: me(page)["cart"]["items"], what="a cart line", page=page)
    assert [(i["slug"], i["quantity"]) for i in items] == [("red-running-shoes", 1)]
    page.wait_for_url("**/cart*")
    agent_said(page, "added")
    _screenshot(page, tmp_path)


def _screenshot(page: Any, tmp_path: Path) -> None:
    """A picture of the chat next to the cart it filled (kept with the test's files; the
    README's picture is made by tests/e2e/test_embed_perf.py)."""
    open_widget(page)
    page.wait_for_timeout(400)  # let the panel's transition settle
    shot = tmp_path / "demo-cart-with-chat.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000  # a real picture, not a blank page


def test_fill_and_send_the_contact_form(page: Any) -> None:
    page.goto("/")
    say(page, "contact support about a late order: my name is Ann Lee, my email is "
              "ann@example.com, and the message is: My order 10001 has not arrived yet.")

    def sent() -> dict[str, Any] | None:
        return next((m for m in shop_state(page)["contactMessages"]
                     if m["email"] == "ann@example.com"), None)

    msg = wait_for(sent, what="a stored contact message", page=page)
    assert msg["name"] == "Ann Lee"
    assert "My order 10001 has not arrived yet" in msg["message"]
    assert msg["topic"] in ("order", "shipping")
    page.wait_for_url("**/contact/thanks*")


def test_answer_an_faq_question_from_the_page(page: Any) -> None:
    page.goto("/faq")
    say(page, "what is your return policy?")
    answer = agent_said(page, "30 days")
    assert "return" in answer.lower()
    assert page.url.endswith("/faq")  # answered from the page, nothing clicked
    say(page, "how long does shipping take?")
    agent_said(page, "business days")
