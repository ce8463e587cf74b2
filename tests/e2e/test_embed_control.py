"""The visitor in control, in Chromium against a real server (rules planner): Stop ends
the task on both sides, New conversation and LeFlux.reset() start a fresh session whose
predecessor is never sent again, answered choices and gates are inert (the gate's
question staying in the transcript, its focused default the safe answer), and the panel
gets out of the way of the element the agent acts on."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Stack
from tests.e2e.support.browser import Chat, wait_for

pytestmark = pytest.mark.browser


def session(stack: Stack, session_id: str) -> dict[str, Any]:
    r = httpx.get(f"{stack.server.url}/api/sessions/{session_id}",
                  headers={"Origin": stack.site.origin}, timeout=10)
    assert r.status_code == 200, r.text
    return dict(r.json())


def shadow(page: Any, js: str) -> Any:
    return page.evaluate("() => { const host = document.querySelector('leflux-widget');"
                         f" const root = host.shadowRoot; return ({js}); }}")


def _slow_sign_up(page: Any, stack: Stack) -> Chat:
    """A sign-up plan under way: the name typed, the page still 'checking' it, so the
    plan waits for the page to settle before the email."""
    page.goto(stack.site.url("slow.html"))
    chat = Chat(page).ready().connected()
    chat.record_events()
    chat.say("sign me up as Ahmed, ahmed@example.com")
    wait_for(lambda: page.input_value("#full-name") == "Ahmed", what="the first step",
             page=page)
    return chat


def test_stop_ends_the_task_and_its_next_steps_never_run(stack, visitor) -> None:
    page = visitor.page
    chat = _slow_sign_up(page, stack)
    stop = chat.hook("stop")
    assert stop.is_visible()
    stop.click()
    wait_for(lambda: not stop.is_visible(), what="the Stop button to go", page=page)
    assert any(n.startswith("Stopped") for n in chat.notes())
    page.wait_for_timeout(3500)  # longer than the page's checking and the settle wait
    assert page.input_value("#email") == ""  # the plan's next steps never ran
    assert page.url.endswith("/slow.html")
    assert len(chat.events("action_plan")) == 1
    # The server ended the task and keeps the stop in the transcript.
    state = session(stack, chat.session_id())
    assert "activeTask" not in state
    assert state["history"][-1]["data"] == {"summary": "Stopped by the visitor."}
    # The visitor speaks again: the agent acts again.
    page.fill("#full-name", "")
    chat.say("fill in email: after@example.com")
    chat.wait_agent("Filled in")
    assert page.input_value("#email") == "after@example.com"


def test_a_stop_the_server_missed_is_said_again_on_the_next_page(stack, visitor) -> None:
    page = visitor.page
    drop = {"cancel": True}

    def relay(ws: Any) -> None:
        server = ws.connect_to_server()
        # The page's cancel_task is lost (as when a click's navigation cut the socket).
        ws.on_message(lambda m: None if drop["cancel"] and "cancel_task" in str(m)
                      else server.send(m))
        server.on_message(lambda m: ws.send(m))

    page.route_web_socket("**/socket.io/**", relay)
    chat = _slow_sign_up(page, stack)
    chat.hook("stop").click()
    page.wait_for_timeout(1000)
    assert session(stack, chat.session_id())["activeTask"]  # the server never heard it
    drop["cancel"] = False
    page.reload()  # the task is still open: the next page must not go on with it
    chat.ready().connected()
    wait_for(lambda: "activeTask" not in session(stack, chat.session_id()),
             what="the task ended on the next page", page=page)
    page.wait_for_timeout(2500)
    assert page.input_value("#email") == "" and page.url.endswith("/slow.html")
    # Ended as stopped: not carried on, nor reported as done from the half-run plan.
    last = session(stack, chat.session_id())["history"][-1]
    assert last["data"] == {"summary": "Stopped by the visitor."}, last


def test_new_conversation_and_reset_never_send_the_old_session(stack, visitor) -> None:
    page = visitor.page
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(str(f))))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.url} {r.post_data or ''}"))
    page.goto(stack.site.url("plain.html"))
    chat = Chat(page).ready().connected()
    first = chat.session_id()
    chat.say("fill in email: one@example.com")
    chat.wait_agent("Filled in")

    mark_ws, mark_http = len(sent), len(requests)
    chat.hook("menu").click()
    chat.hook("new-conversation").click()
    wait_for(lambda: chat.session_id() != first, what="a new session id")
    second = chat.session_id()
    chat.connected()
    assert chat.messages() == []  # a fresh, empty conversation
    assert page.evaluate("() => localStorage.getItem('leflux:sessionId')") == second
    chat.say("fill in email: two@example.com")
    wait_for(lambda: page.input_value("#email") == "two@example.com", what="the new turn",
             page=page)
    page.evaluate("() => window.LeFlux.reset()")
    wait_for(lambda: chat.session_id() not in (first, second), what="a third session id")
    third = chat.session_id()
    chat.connected()
    chat.say("hello")
    wait_for(lambda: chat.messages("visitor") == ["hello"], what="the third conversation")
    page.wait_for_timeout(500)

    after = sent[mark_ws:] + requests[mark_http:]
    assert not [x for x in after if first in x]  # the old id is never sent again
    assert any(second in x for x in after) and any(third in x for x in after)
    assert session(stack, second)["history"][0]["text"] == "fill in email: two@example.com"
    # A reload keeps the newest conversation.
    page.reload()
    chat.ready().connected()
    assert chat.session_id() == third
    wait_for(lambda: chat.messages("visitor") == ["hello"], what="the restored conversation")


def test_answered_choices_are_inert(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("shoes.html"))
    chat = Chat(page).ready().connected()
    chat.say("open the running shoes")
    choices = chat.hook("choice")
    wait_for(lambda: choices.count() == 2, what="the choices")
    assert [c.is_enabled() for c in choices.all()] == [True, True]
    choices.nth(1).click()
    wait_for(lambda: "?p=blue" in page.url, what="the chosen product", page=page)
    chat.ready().connected()
    # On the next page the answered choices come back from the history, inert.
    choices = chat.hook("choice")
    wait_for(lambda: choices.count() == 2, what="the choices in the history")
    assert [c.is_enabled() for c in choices.all()] == [False, False]


def test_the_gate_defaults_to_the_safe_answer_and_stays_answered(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("order.html"))
    chat = Chat(page).ready().connected()
    chat.say("click Place order")
    gate = chat.hook("confirmation")
    gate.wait_for(state="visible")
    question = gate.locator(".lf-gate-text").inner_text()
    assert shadow(page, "root.activeElement && root.activeElement.dataset.leflux") == "cancel"
    page.keyboard.press("Enter")  # the focused default: Cancel
    chat.wait_agent("won't")
    assert page.evaluate("() => localStorage.getItem('orders')") is None
    answered = chat.hook("gate")
    assert answered.get_attribute("data-answer") == "declined"
    text = answered.inner_text()
    assert question in text and "You answered: " in text
    buttons = answered.locator("button")
    assert buttons.count() == 2 and not any(b.is_enabled() for b in buttons.all())
    assert chat.hook("confirm").count() == 0 and chat.hook("cancel").count() == 0
    # The next load of the page shows the question and its answer from the history.
    page.reload()
    chat.ready().connected()
    answered = chat.hook("gate")
    wait_for(lambda: answered.count() == 1, what="the answered gate in the history", page=page)
    assert question in answered.inner_text() and "You answered: " in answered.inner_text()
    assert answered.get_attribute("data-answer") == "declined"
    assert not any(b.is_enabled() for b in answered.locator("button").all())


def _dodged_fill(page: Any, chat: Chat) -> dict[str, Any]:
    chat.say("fill in email: dodge@example.com")
    covered = wait_for(lambda: page.evaluate("() => window.__covered")[:1],
                       what="the agent typing", page=page)
    chat.wait_agent("Filled in")
    return dict(covered[0])


def test_the_panel_never_covers_the_element_acted_on(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("dodge.html"))
    chat = Chat(page).ready().connected().open()
    panel = chat.hook("panel").bounding_box()
    corner = page.locator("#email").bounding_box()
    assert panel["x"] < corner["x"] + corner["width"] and corner["y"] < panel["y"] + panel["height"]
    seen = _dodged_fill(page, chat)
    assert seen["overlap"] is False, seen
    assert seen["dodge"] == "flip" and seen["panel"]["height"] > 300  # moved, still whole
    wait_for(lambda: page.get_attribute("leflux-widget", "data-dodge") is None,
             what="the panel back in its place", page=page)


def test_on_a_phone_the_panel_shrinks_to_a_bar_while_acting(stack, chromium) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True)
    try:
        page = context.new_page()
        page.goto(stack.site.url("dodge.html"))
        chat = Chat(page).ready().connected().open()
        assert chat.hook("panel").bounding_box()["height"] >= 800  # the whole screen
        seen = _dodged_fill(page, chat)
        assert seen["overlap"] is False, seen
        assert "bar" in seen["dodge"] and seen["panel"]["height"] < 150
        wait_for(lambda: chat.hook("panel").bounding_box()["height"] >= 800,
                 what="the full panel back", page=page)
    finally:
        context.close()
