"""Tasks that outlive a page: a click that navigates mid-task, a reload, a server restart
and a plan re-sent after a reconnect (never executed twice)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.support.browser import wait_for

pytestmark = pytest.mark.browser


def _orders(page: Any) -> int:
    return int(page.evaluate("() => Number(localStorage.getItem('orders') || '0')"))


def test_click_that_navigates_mid_task_continues_on_the_new_page(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("step1.html"))
    chat = visitor.chat().ready().connected()
    chat.say("book a table for Ahmed, ahmed@example.com")
    # Page 1: the agent clicks the link (navigation mid-task). Page 2: its embed rejoins,
    # sees activeTask awaiting_context, sends continue_task, fills and submits the form.
    page.wait_for_url("**/welcome.html?*", timeout=25_000)
    assert "name=Ahmed" in page.url
    chat.ready()
    chat.wait_agent("Welcome, Ahmed")
    said = chat.messages("agent")
    assert any("Opening" in m for m in said), said
    assert any("pressing \u201cBook now\u201d" in m for m in said), said


def test_reload_mid_task_shows_the_pending_confirmation_again(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("order.html"))
    chat = visitor.chat().ready().connected()
    chat.say("click Place order")
    confirm = chat.hook("confirm")
    confirm.wait_for(state="visible")
    labels = (confirm.inner_text(), chat.hook("cancel").inner_text())
    assert _orders(page) == 0  # the gate holds the click until the visitor says yes

    page.reload()
    chat.ready().record_events()
    confirm.wait_for(state="visible")  # re-sent by the server on rejoin
    assert (confirm.inner_text(), chat.hook("cancel").inner_text()) == labels
    assert chat.messages("visitor") == ["click Place order"]
    confirm.click()
    wait_for(lambda: page.inner_text("#status") == "Order placed (1)", what="order placed")
    assert "Order placed (1)" in chat.wait_done()  # the reply reports what the page now says
    assert _orders(page) == 1


def test_declined_confirmation_does_nothing(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("order.html"))
    chat = visitor.chat().ready().connected()
    chat.say("click Place order")
    chat.hook("cancel").click()
    chat.wait_agent("won't")
    assert chat.hook("confirm").is_hidden()
    assert _orders(page) == 0


def test_server_restart_mid_task(own_stack, visitor) -> None:
    page = visitor.page
    page.goto(own_stack.site.url("order.html"))
    chat = visitor.chat().ready().connected()
    chat.record_events()
    chat.say("click Place order")
    chat.hook("confirm").wait_for(state="visible")

    own_stack.server.kill()  # kill -9: nothing is flushed on the way out
    page.wait_for_function(
        "() => ['reconnecting', 'offline'].includes("
        "document.querySelector('leflux-widget').getAttribute('data-status'))")
    assert chat.hook("status").inner_text() in ("Reconnecting…", "Offline")

    own_stack.server.start()  # same port, same database
    chat.connected(timeout=20)
    chat.hook("confirm").wait_for(state="visible")
    chat.hook("confirm").click()
    wait_for(lambda: page.inner_text("#status") == "Order placed (1)", what="order placed")
    assert "Order placed (1)" in chat.wait_done()  # the reply reports what the page now says
    assert _orders(page) == 1


def test_plan_resent_after_reconnect_is_not_run_twice(stack, visitor) -> None:
    page = visitor.page
    state = {"dropped": 0, "sockets": 0}

    def route(ws: Any) -> None:
        # A real proxy between the page and the server that loses the first
        # action_complete and then drops the connection: the server still owes the
        # plan, and re-sends it (same action id) when the embed reconnects.
        server = ws.connect_to_server()
        state["sockets"] += 1

        def to_server(message: str | bytes) -> None:
            if isinstance(message, str) and '"action_complete"' in message and not state["dropped"]:
                state["dropped"] += 1
                ws.close()
                server.close()
                return
            server.send(message)

        ws.on_message(to_server)
        server.on_message(lambda m: ws.send(m))

    page.route_web_socket("**/socket.io/**", route)
    page.goto(stack.site.url("counter.html"))
    chat = visitor.chat().ready().connected()
    chat.record_events()
    chat.say("click Add one")

    chat.wait_done(timeout=25)
    assert state["dropped"] == 1 and state["sockets"] >= 2
    plans = chat.events("action_plan")
    ids = [p["actions"][0]["id"] for p in plans]
    assert len(ids) == 2 and ids[0] == ids[1], plans  # the same plan came twice...
    executed = chat.events("action_executed")
    assert [e["replayed"] for e in executed] == [False, True], executed
    assert page.inner_text("#count") == "1"  # ...and ran once
    assert page.evaluate("() => localStorage.getItem('clicks')") == "1"


def test_client_side_route_change_keeps_the_loop_going(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("spa.html"))
    chat = visitor.chat().ready().connected()
    marker = page.evaluate("() => window.spaMarker")
    chat.say("click Show details")
    chat.wait_agent("Opened")  # continue_task went out and the task finished
    assert page.inner_text("#view") == "Details view"
    assert page.url.endswith("spa.html?view=details")
    assert page.evaluate("() => window.spaMarker") == marker  # same document
