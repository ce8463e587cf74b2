"""The widget itself: one script tag, no global leaks but window.LeFlux, the data-leflux
hooks and JS API, script options, keyboard use, a phone-sized viewport, a calm
panel when the server is down, and a calm note when another tab takes the session."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.e2e.support.browser import Chat, wait_for
from tests.e2e.support.site import ORPHAN_EMBED, FixtureSite

pytestmark = pytest.mark.browser

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_one_script_tag_only_adds_window_leflux(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("blank.html"))
    before = set(page.evaluate("() => Object.getOwnPropertyNames(window)"))
    page.evaluate("""(src) => {
        const s = document.createElement('script');
        s.src = src; s.async = true; document.head.appendChild(s);
    }""", f"{stack.server.url}/embed.js")
    chat = Chat(page).ready().connected()
    after = set(page.evaluate("() => Object.getOwnPropertyNames(window)"))
    assert after - before == {"LeFlux"}
    session_id = chat.session_id()
    assert UUID_RE.match(session_id)
    assert page.evaluate("() => localStorage.getItem('leflux:sessionId')") == session_id
    # The page's own scripts still work, and nothing of the widget is in the light DOM.
    assert page.evaluate("() => document.querySelector('leflux-widget').children.length") == 0
    assert page.evaluate("() => !!document.querySelector('leflux-widget').shadowRoot")


def test_hooks_and_js_api(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("plain.html"))
    chat = Chat(page).ready().connected()
    launcher = chat.hook("launcher")
    assert launcher.get_attribute("aria-label")
    assert launcher.get_attribute("aria-expanded") == "false"
    assert chat.hook("input").is_hidden()

    page.evaluate("() => window.LeFlux.open()")
    chat.hook("input").wait_for(state="visible")
    assert launcher.get_attribute("aria-expanded") == "true"
    assert chat.hook("input").get_attribute("aria-label") == "Message"
    page.evaluate("() => window.LeFlux.close()")
    chat.hook("input").wait_for(state="hidden")

    page.evaluate("""() => {
        window.__got = [];
        for (const e of ['message_chunk', 'message_done', 'action_plan', 'task_complete'])
            window.LeFlux.on(e, (p) => window.__got.push(e));
        // A host callback that throws must not break the embed.
        window.LeFlux.on('message_done', () => { throw new Error('host bug'); });
    }""")
    page.evaluate("() => window.LeFlux.send('fill in email: api@example.com')")
    chat.wait_agent("Filled in")
    assert page.input_value("#email") == "api@example.com"
    got = page.evaluate("() => window.__got")
    assert {"message_chunk", "message_done", "action_plan", "task_complete"} <= set(got)
    assert chat.hook("input").is_visible()  # send() opens the panel
    assert chat.messages("visitor") == ["fill in email: api@example.com"]


def test_keyboard_only(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("plain.html"))
    chat = Chat(page).ready().connected()
    chat.hook("launcher").focus()
    page.keyboard.press("Enter")
    chat.hook("input").wait_for(state="visible")
    # Focus moved into the panel's input: type and send with Enter.
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    wait_for(lambda: chat.messages("visitor") == ["hello"], what="visitor bubble")
    chat.wait_agent("I can")
    page.keyboard.press("Escape")
    chat.hook("input").wait_for(state="hidden")


def test_script_options_open_and_left(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("options.html"))
    chat = Chat(page).ready()
    chat.hook("input").wait_for(state="visible")
    assert page.get_attribute("leflux-widget", "data-position") == "bottom-left"
    box = chat.hook("launcher").bounding_box()
    assert box is not None and box["x"] < 100


def test_phone_sized_viewport(stack, chromium) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True)
    try:
        page = context.new_page()
        page.goto(stack.site.url("plain.html"))
        chat = Chat(page).ready().connected().open()
        panel = chat.hook("panel").bounding_box()
        assert panel is not None
        assert panel["width"] == pytest.approx(390, abs=1)
        assert panel["height"] >= 800
        send = chat.hook("send").bounding_box()
        assert send is not None and send["x"] + send["width"] <= 390
    finally:
        context.close()


def _calm_offline_panel(page: Any, chat: Chat) -> None:
    chat.open()
    wait_for(lambda: any("Can't reach the assistant" in n for n in chat.notes()),
             what="offline note")
    chat.say("fill in email: x@example.com")
    wait_for(lambda: any("Couldn't send your message" in n for n in chat.notes()),
             what="send failure note")
    assert chat.hook("input").input_value() == "fill in email: x@example.com"
    assert page.get_attribute("leflux-widget", "data-status") in ("offline", "reconnecting")
    # The host page is untouched and still works.
    assert page.input_value("#email") == ""
    page.fill("#email", "me@example.com")


def test_calm_error_when_the_server_goes_down(own_stack, visitor) -> None:
    page = visitor.page
    page.goto(own_stack.site.url("plain.html"))
    chat = Chat(page).ready().connected()
    own_stack.server.kill()
    _calm_offline_panel(page, chat)
    assert visitor.page_errors == []


def test_calm_error_when_no_server_answers(visitor) -> None:
    site = FixtureSite(server_url="").start()
    site.server_url = site.origin + ORPHAN_EMBED.removesuffix("/embed.js")
    try:
        page = visitor.page
        page.goto(site.url("plain.html"))
        chat = Chat(page).ready()
        _calm_offline_panel(page, chat)
    finally:
        site.stop()
    assert visitor.page_errors == []


def test_a_second_tab_takes_the_session_calmly(stack, visitor) -> None:
    first = visitor.page
    first.goto(stack.site.url("plain.html"))
    chat1 = Chat(first).ready().connected()
    second = visitor.new_page()  # same context: same localStorage, same session
    second.goto(stack.site.url("plain.html"))
    chat2 = Chat(second).ready().connected()
    assert chat1.session_id() == chat2.session_id()
    first.wait_for_function(
        "() => document.querySelector('leflux-widget').getAttribute('data-status') === 'replaced'")
    assert any("another tab" in n for n in chat1.notes())
    time.sleep(3)  # no reconnect fight: the second tab keeps the session
    assert second.get_attribute("leflux-widget", "data-status") == "connected"
    assert first.get_attribute("leflux-widget", "data-status") == "replaced"


