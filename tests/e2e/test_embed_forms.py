"""The embed fills real forms in Chromium: plain HTML, React-controlled, open shadow roots
and same-origin iframes — driven by a visitor typing into the widget, answered by a real
``leflux serve`` with the default rules planner."""

from __future__ import annotations

import pytest

from tests.e2e.support.browser import wait_for

pytestmark = pytest.mark.browser


def test_plain_form_sign_up_submits_and_finishes_on_the_next_page(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("plain.html"))
    chat = visitor.chat().ready().connected()
    chat.say("sign me up as Ahmed, ahmed@example.com")

    # The submit click navigates mid-task; the next page's embed rejoins and finishes.
    page.wait_for_url("**/welcome.html?*", timeout=20_000)
    assert "name=Ahmed" in page.url and "email=ahmed%40example.com" in page.url
    chat.ready()
    chat.wait_agent("Welcome, Ahmed")
    # The conversation came along from the server's history, form summary included.
    assert chat.messages("visitor")[0] == "sign me up as Ahmed, ahmed@example.com"
    summary = page.locator('[data-leflux="message"][data-block-type="form_summary"]')
    assert "ahmed@example.com" in summary.inner_text()


def test_fill_without_submit_leaves_values_on_the_page(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("plain.html"))
    chat = visitor.chat().ready().connected()
    chat.record_events()
    chat.say("fill in email: ahmed@example.com")
    chat.wait_agent("Filled in")
    assert page.input_value("#email") == "ahmed@example.com"
    assert page.url.endswith("/plain.html")
    executed = chat.events("action_executed")
    assert executed and all(e["result"]["success"] for e in executed)
    # Streamed reply: chunks then one locked bubble.
    assert chat.events("message_chunk") and chat.events("message_done")
    assert page.locator('[data-leflux="message"][aria-busy="true"]').count() == 0


def test_react_controlled_form_sees_typed_values(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("react/index.html"))
    chat = visitor.chat().ready().connected()
    chat.record_events()

    chat.say("select Weekly digest")
    assert "Weekly digest" in chat.wait_done()
    wait_for(lambda: page.get_attribute("#state", "data-plan") == "weekly", what="React plan")

    chat.say("sign me up as Ahmed, ahmed@example.com and accept the terms")
    # React only submits when its own state holds the terms box: typed values and the
    # click went through React's event system, not just the DOM.
    result = page.locator("#result")
    result.wait_for(timeout=20_000)
    assert result.inner_text() == "Subscribed Ahmed <ahmed@example.com> on weekly"


def test_open_shadow_root_and_same_origin_iframe(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("shadow.html"))
    chat = visitor.chat().ready().connected()
    chat.record_events()
    context = page.evaluate("() => window.LeFlux.getContext()")
    labels = {e.get("label"): e for e in context["indexedElements"]}
    assert labels["Coupon code"].get("shadow") is True
    assert labels["Delivery city"].get("frame") is True
    assert "No coupon yet" in context["visibleText"]

    chat.say("fill in coupon code: SAVE10")
    assert "Coupon code" in chat.wait_done()
    chat.say("click Apply coupon")
    status = page.locator("coupon-box #status")  # Playwright pierces the open shadow root
    wait_for(lambda: status.inner_text() == "Coupon SAVE10 applied", what="coupon applied")
    chat.wait_done(count=2)  # let it report before the next request, which would stop it

    chat.say("fill in delivery city: Paris; tick gift wrap")
    assert "gift wrap" in chat.wait_done(count=3).lower()
    frame = page.frame_locator("#delivery")
    assert frame.locator("#city").input_value() == "Paris"
    assert frame.locator("#gift").is_checked()
