"""One tab acts for a session: a replaced tab takes no messages until "Continue here", and
a plan runs only in the tab whose page context it was made on (two pages of one browser
context share localStorage, hence the session)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.support.browser import Chat, wait_for

pytestmark = pytest.mark.browser

STATUS = "() => document.querySelector('leflux-widget')?.getAttribute('data-status')"


def _status(page: Any) -> str:
    return str(page.evaluate(STATUS))


def test_replaced_tab_is_disabled_until_continue_here(stack, visitor) -> None:
    first = visitor.page
    first.goto(stack.site.url("counter.html"))
    chat1 = Chat(first).ready().connected().open()
    second = visitor.new_page()
    second.goto(stack.site.url("counter.html"))
    chat2 = Chat(second).ready().connected()
    wait_for(lambda: _status(first) == "replaced", what="first tab replaced")
    assert chat1.hook("input").is_disabled() and chat1.hook("send").is_disabled()
    take_over = chat1.hook("take-over")
    assert take_over.is_visible() and take_over.inner_text() == "Continue here"

    take_over.click()
    wait_for(lambda: _status(first) == "connected", what="first tab back", page=first)
    wait_for(lambda: _status(second) == "replaced", what="second tab replaced", page=second)
    assert not chat1.hook("input").is_disabled() and chat1.hook("take-over").is_hidden()
    chat2.open()
    assert chat2.hook("input").is_disabled()

    chat1.say("click Add one")
    wait_for(lambda: first.inner_text("#count") == "1", what="clicked in the acting tab")
    assert second.inner_text("#count") == "0"  # not re-read: the other tab did nothing
    assert visitor.page_errors == []


def test_a_plan_made_on_another_tabs_page_is_refused_and_replanned(stack, visitor) -> None:
    acting = visitor.page
    acting.goto(stack.site.url("counter.html"))
    Chat(acting).ready().connected()
    chat = Chat(acting)
    chat.record_events()
    other = visitor.new_page()
    other.goto(stack.site.url("counter.html?tab=2"))
    Chat(other).ready().connected()
    wait_for(lambda: _status(acting) == "replaced", what="first tab replaced")
    chat.open()
    chat.hook("take-over").click()
    wait_for(lambda: _status(acting) == "connected", what="first tab acting", page=acting)
    wait_for(lambda: _status(other) == "replaced", what="second tab replaced", page=other)

    # An old embed in the replaced tab still posts a message with its own page's context.
    other_context = other.evaluate("() => window.LeFlux.getContext()")
    status = other.evaluate("""async ([url, body]) => {
      const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify(body)});
      return r.status;
    }""", [f"{stack.server.url}/api/sessions/{Chat(other).session_id()}/messages",
           {"text": "click Add one", "context": other_context}])
    assert status in (200, 202), status

    def plans() -> list[Any]:
        return chat.events("action_plan")

    wait_for(lambda: len(plans()) >= 2, what="a plan, refused, then one for this tab",
             timeout=30, page=acting)
    first_plan, second_plan = plans()[:2]
    assert first_plan["contextId"] == other_context["contextId"]
    executed = chat.events("action_executed")
    assert executed[0]["result"]["error"] == "this plan was made for another page"
    assert executed[0]["result"]["success"] is False
    own_prefix = acting.evaluate("() => window.LeFlux.getContext().contextId").split(".")[0]
    assert second_plan["contextId"].split(".")[0] == own_prefix
    wait_for(lambda: acting.inner_text("#count") == "1", what="the re-made plan ran here",
             page=acting)
    assert acting.evaluate("() => Number(localStorage.getItem('clicks'))") == 1
