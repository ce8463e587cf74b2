"""Iterative mode and context updates as seen on the wire: at most 5 continue_task
round-trips per visitor message, then a "Keep going" choice; update_context on open and
after meaningful DOM changes (debounced), with password values never sent."""

from __future__ import annotations

import json

import pytest

from tests.e2e.support.browser import Chat, Wire, wait_for

pytestmark = pytest.mark.browser


def test_five_round_trips_then_keep_going(stack, visitor) -> None:
    page = visitor.page
    wire = Wire(page)
    page.goto(stack.site.url("counter.html"))
    chat = Chat(page).ready().connected()
    chat.say(", then ".join(["click Add one"] * 8))
    choice = chat.hook("choice").filter(has_text="Keep going")
    choice.wait_for(timeout=30_000)
    assert len(wire.events("continue_task")) == 5
    # One plan from the visitor's message, then one per round-trip.
    assert page.inner_text("#count") == "6"
    for payload in wire.events("continue_task"):
        assert payload["context"]["url"].endswith("/counter.html")
        assert any(e.get("text") == "Add one" for e in payload["context"]["indexedElements"])

    choice.click()  # saying so is a new visitor message, with 5 new round-trips
    wait_for(lambda: chat.messages("visitor")[-1:] == ["Keep going"], what="visitor bubble")
    assert chat.hook("choice").filter(has_text="Keep going").is_disabled()


def test_update_context_on_open_and_after_dom_changes(stack, visitor) -> None:
    page = visitor.page
    wire = Wire(page)
    page.goto(stack.site.url("plain.html"))
    chat = Chat(page).ready().connected()
    page.fill("#full-name", "Zed")
    page.evaluate("() => { const p = document.createElement('input'); p.type = 'password';"
                  " p.value = 'hunter2'; p.setAttribute('aria-label', 'Secret');"
                  " document.querySelector('form').appendChild(p); }")
    before = len(wire.events("update_context"))
    chat.open()
    wait_for(lambda: len(wire.events("update_context")) > before, page=page,
             what="update_context on open")
    ctx = wire.events("update_context")[-1]["context"]
    assert ctx["title"] == "Sign up — Plain Shop"
    by_label = {e.get("label"): e for e in ctx["indexedElements"]}
    assert by_label["Full name"]["value"] == "Zed"
    assert "value" not in by_label["Secret"]
    assert "hunter2" not in json.dumps(wire.sent)

    # A meaningful change (a new button) is sent once the DOM is quiet again.
    count = len(wire.events("update_context"))
    page.evaluate("() => { const b = document.createElement('button'); b.type = 'button';"
                  " b.textContent = 'Apply promo'; document.body.appendChild(b); }")
    wait_for(lambda: len(wire.events("update_context")) > count, timeout=10,
             what="update_context after a DOM change", page=page)
    latest = wire.events("update_context")[-1]["context"]
    assert any(e.get("text") == "Apply promo" for e in latest["indexedElements"])

    # A change the server would not notice (a class on a heading) sends nothing new.
    count = len(wire.events("update_context"))
    page.evaluate("() => document.querySelector('h1').classList.add('shiny')")
    page.wait_for_timeout(2500)
    assert len(wire.events("update_context")) == count
