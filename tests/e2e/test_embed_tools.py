"""The site owner's tools in a real browser: a page registers tools with
``window.LeFlux.registerTool``; a visitor's words make the planner call one with the right
arguments and the reply uses what it returned; a high-stakes tool waits for the visitor's
yes (a no: its handler never runs); a handler that throws or never answers gives a calm
reply; the LLM planner calls a tool through the loopback OpenAI-compatible server."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.support.browser import Chat, wait_for
from tests.e2e.support.llm import openai_stack
from tests.support.fake_llm import FakeRequest, FakeToolCall, Reply

pytestmark = pytest.mark.browser


def open_page(stack: Stack, visitor: Any) -> tuple[Any, Chat]:
    page = visitor.page
    page.goto(stack.site.url("tools.html"))
    chat = Chat(page).ready().connected()
    chat.record_events()
    # The page's tools are in the context the embed sends (handlers stay in the page).
    tools = page.evaluate("() => window.LeFlux.getContext().tools")
    assert [t["name"] for t in tools] == ["lookupOrder", "redeemGiftCard", "checkStock"]
    assert tools[1]["highStakes"] is True and "handler" not in tools[0]
    return page, chat


def calls(page: Any) -> list[Any]:
    return list(page.evaluate("() => window.toolCalls"))


def test_a_request_calls_the_tool_and_the_reply_uses_its_result(stack: Stack,
                                                                visitor: Any) -> None:
    page, chat = open_page(stack, visitor)
    chat.say("Where is my order A1001?")
    reply = chat.wait_done()
    assert calls(page) == [["lookupOrder", {"orderNumber": "A1001"}]]
    assert "shipped" in reply and "DHL" in reply
    plan = chat.events("action_plan")[0]["actions"][0]
    assert plan["type"] == "call_tool" and plan["toolName"] == "lookupOrder"
    assert plan["args"] == {"orderNumber": "A1001"}
    executed = chat.events("action_executed")[0]["result"]
    assert executed["success"] is True and executed["result"]["status"] == "shipped"


def test_a_high_stakes_tool_waits_for_the_visitor(stack: Stack, visitor: Any) -> None:
    page, chat = open_page(stack, visitor)
    chat.say("redeem my gift card GC12345")
    chat.hook("confirmation").wait_for(state="visible", timeout=30_000)
    assert "GC12345" in chat.hook("confirmation").inner_text()
    chat.hook("cancel").click()
    chat.wait_agent("I won't")
    page.wait_for_timeout(500)
    assert calls(page) == [] and page.inner_text("#balance") == "$0.00"
    assert chat.events("action_plan") == []  # the plan never left the server

    chat.say("redeem my gift card GC12345")
    chat.hook("confirmation").wait_for(state="visible", timeout=30_000)
    assert calls(page) == []
    chat.hook("confirm").click()
    reply = chat.wait_done(2)
    assert calls(page) == [["redeemGiftCard", {"code": "GC12345"}]]
    assert page.inner_text("#balance") == "$25.00"
    assert reply == "Gift card GC12345 redeemed: your balance is now $25.00."


def test_a_throwing_or_silent_handler_gives_a_calm_reply(stack: Stack, visitor: Any) -> None:
    page, chat = open_page(stack, visitor)
    chat.say("where is my order B2002")
    threw = chat.wait_done()
    assert calls(page) == [["lookupOrder", {"orderNumber": "B2002"}]]
    assert threw.startswith("Sorry") and "No order B2002 on this account" in threw
    assert "Error" not in threw and "tool failed" not in threw

    chat.say("check stock of SKU-778")
    slow = chat.wait_done(2, timeout=30)
    assert calls(page)[-1] == ["checkStock", {"sku": "SKU-778"}]
    assert slow.startswith("Sorry") and "didn't answer in time" in slow
    # Calm replies, not error bubbles; and nothing thrown into the page.
    assert page.locator('[data-leflux="message"].lf-error').count() == 0
    assert chat.events("error") == [] and visitor.page_errors == []


def llm_model(req: FakeRequest) -> Reply:
    """Calls the site's tool, then tells the visitor what it returned."""
    text = req.last_user_text
    if "site_lookupOrder" not in req.tool_names:
        return Reply(text="I can't look orders up here.")
    if "result:" not in text:
        return Reply(text="Let me check.", tool_calls=[
            FakeToolCall("site_lookupOrder", {"orderNumber": "A1001"})])
    status = "shipped" if "shipped" in text else "unknown"
    return Reply(tool_calls=[FakeToolCall("finish_task", {
        "summary": "Looked up A1001", "message": f"Your order A1001 is {status} (via DHL)."
        if "DHL" in text else "I couldn't tell."})])


@pytest.fixture
def llm_stack(tmp_path: Path) -> Iterator[Stack]:
    with openai_stack(tmp_path, llm_model) as s:
        yield s


def test_the_llm_planner_calls_a_tool_through_the_loopback_server(llm_stack: Stack,
                                                                  visitor: Any) -> None:
    page, chat = open_page(llm_stack, visitor)
    chat.say("hey, what's going on with my order A1001?")
    reply = chat.wait_done()
    assert calls(page) == [["lookupOrder", {"orderNumber": "A1001"}]]
    assert reply == "Your order A1001 is shipped (via DHL)."
    wait_for(lambda: chat.messages("agent")[-1:] == [reply], what="the reply shown")


def stored_tools(stack: Stack, session_id: str) -> list[str] | None:
    db = sqlite3.connect(stack.server.tmp_path / "leflux.db")
    try:
        row = db.execute("SELECT context FROM sessions WHERE id = ?", (session_id,)).fetchone()
    finally:
        db.close()
    if not row or not row[0]:
        return None
    return [t["name"] for t in json.loads(row[0]).get("tools") or []]


def test_the_server_hears_when_the_set_of_tools_changes(stack: Stack, visitor: Any) -> None:
    page, chat = open_page(stack, visitor)
    chat.open()  # the panel open: the embed keeps the server's context fresh
    sid = chat.session_id()
    everyone = ["lookupOrder", "redeemGiftCard", "checkStock"]
    wait_for(lambda: stored_tools(stack, sid) == everyone, what="the page's tools stored")
    page.evaluate("""() => window.LeFlux.registerTool({name: "openLiveChat",
        description: "Open a live chat with a person", handler: () => "opened"})""")
    wait_for(lambda: stored_tools(stack, sid) == [*everyone, "openLiveChat"],
             what="the new tool reaching the server")
    assert page.evaluate("() => window.LeFlux.unregisterTool('checkStock')") is True
    wait_for(lambda: stored_tools(stack, sid) == ["lookupOrder", "redeemGiftCard",
                                                  "openLiveChat"],
             what="the withdrawn tool gone from the server's context")
    # A refused definition changes nothing and throws nothing into the page.
    assert page.evaluate("() => window.LeFlux.registerTool({name: 'click', handler: () => 1})") \
        is False


@pytest.fixture
def tight_stack(tmp_path: Path) -> Iterator[Stack]:
    """A server whose tool limits are lower than the protocol's: 2 tools, short results."""
    s = Stack(tmp_path, env={"LEFLUX_MAX_TOOLS": "2", "LEFLUX_TOOL_RESULT_CHARS": "20"})
    s.start()
    yield s
    s.stop()


def test_the_embed_keeps_to_the_tool_limits_the_server_sets(tight_stack: Stack,
                                                            visitor: Any) -> None:
    page = visitor.page
    page.goto(tight_stack.site.url("tools.html"))
    chat = Chat(page).ready().connected()
    chat.record_events()
    # The page registered three tools before /api/widget-config answered: the third goes.
    wait_for(lambda: [t["name"] for t in page.evaluate(
        "() => window.LeFlux.getContext().tools || []")] == ["lookupOrder", "redeemGiftCard"],
        what="only the server's 2 tools offered")
    assert page.evaluate("""() => window.LeFlux.registerTool({name: "openLiveChat",
        handler: () => "opened"})""") is False
    chat.say("Where is my order A1001?")
    chat.wait_done()
    assert calls(page) == [["lookupOrder", {"orderNumber": "A1001"}]]
    executed = chat.events("action_executed")[0]["result"]
    # The result is cut to the server's 20 characters, not the protocol's 4,000.
    assert executed["truncated"] is True and len(executed["result"]) == 21
