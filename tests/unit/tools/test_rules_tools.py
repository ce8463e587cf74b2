"""The rules planner and the owner's tools: which tool a request asks for, its arguments
from the visitor's words, and the reply from its result."""

from __future__ import annotations

from typing import Any

import pytest

from leflux.agent.memory import MemoryEntry, PlanEntry, StepReport
from leflux.agent.planner import FinishTask, Notice, PlanActions, PlanRequest
from leflux.agent.planners.rules.planner import decide
from leflux.agent.planners.rules.tool_args import fill
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext, Step

ORDER = {"name": "lookupOrderStatus", "description": "Look up the status of an order",
         "parameters": {"type": "object", "properties": {
             "orderNumber": {"type": "string", "description": "The order number, e.g. A1001"}},
             "required": ["orderNumber"]}}
COUPON = {"name": "applyCoupon", "description": "Apply a discount coupon code to the cart",
          "parameters": {"type": "object", "properties": {"code": {"type": "string"}},
                         "required": ["code"]}, "highStakes": True}
PAGE = {"url": "https://shop.test/cart", "title": "Cart", "visibleText": "Your cart",
        "indexedElements": [{"id": 1, "tag": "a", "text": "Orders", "href": "/orders"},
                            {"id": 2, "tag": "button", "text": "Checkout"}],
        "tools": [ORDER, COUPON]}


def request(text: str | None, memory: list[MemoryEntry] | None = None,
            state: dict[str, Any] | None = None) -> PlanRequest:
    return PlanRequest(visitor_text=text, goal=text or "goal",
                       context=PageContext.model_validate(PAGE), history=[],
                       memory=memory or [], site=SiteInfo(name="t"),
                       planner_state=state if state is not None else {})


def calls(text: str) -> list[tuple[str | None, dict[str, Any] | None]]:
    return [(s.toolName, s.args) for e in decide(request(text)) if isinstance(e, PlanActions)
            for s in e.steps if s.action == "call_tool"]


@pytest.mark.parametrize(("text", "tool", "args"), [
    ("Where is my order A1001?", "lookupOrderStatus", {"orderNumber": "A1001"}),
    ("what's the status of order #1042", "lookupOrderStatus", {"orderNumber": "1042"}),
    ("track my order B2002 please", "lookupOrderStatus", {"orderNumber": "B2002"}),
    ("my order number is A1001, where is it", "lookupOrderStatus", {"orderNumber": "A1001"}),
    ("apply coupon SAVE10", "applyCoupon", {"code": "SAVE10"}),
    ("please use the discount code WELCOME", "applyCoupon", {"code": "WELCOME"}),
])
def test_a_request_calls_the_tool_it_names_with_its_arguments(text, tool, args):
    assert calls(text) == [(tool, args)]


@pytest.mark.parametrize("text", [
    "I want to order a blue shirt", "what is your return policy", "go to checkout",
    "add the red shoes to my cart", "apply coupon SAVE10 and go to checkout", "hello",
])
def test_other_requests_call_no_tool(text):
    assert calls(text) == []


def test_a_tool_named_without_its_argument_gets_a_question():
    events = decide(request("where is my order?"))
    assert not [e for e in events if isinstance(e, PlanActions)]
    asks = [e for e in events if isinstance(e, Notice)]
    assert asks and asks[0].is_question and "order number" in asks[0].text


def resume_with(result: dict[str, Any]) -> str:
    state: dict[str, Any] = {}
    decide(request("where is my order A1001", state=state))
    memory: list[MemoryEntry] = [PlanEntry(plan=1, status="sent", steps=[
        Step(action="call_tool")], results=[StepReport(index=0, action="call_tool", **result)])]
    events = decide(request(None, memory=memory, state=state))
    fin = [e for e in events if isinstance(e, FinishTask)]
    assert len(fin) == 1
    return fin[0].message


def test_the_reply_reads_the_result_out():
    text = resume_with({"success": True, "result": {"order": "A1001", "status": "shipped",
                                                    "estimatedDelivery": "2026-12-10"}})
    assert text == ("Here's what \u201clookup order status\u201d says: order: A1001; "
                    "status: shipped; estimated delivery: 2026-12-10.")
    assert resume_with({"success": True, "result": {"message": "Order A1001 has shipped."}}) \
        == "Order A1001 has shipped."
    assert resume_with({"success": True, "result": "Delivered"}) == "Delivered"


def test_a_failed_call_gets_a_calm_reply():
    slow = resume_with({"success": False, "error": "the tool did not answer within 2 s"})
    assert slow.startswith("Sorry, the site didn't answer in time") and "tool" not in slow
    threw = resume_with({"success": False, "error": "the tool failed: No order A1001"})
    assert threw == "Sorry, I couldn't lookup order status: No order A1001."
    other = resume_with({"success": False, "error": "invalid arguments: x"})
    assert "try again" in other and "invalid" not in other


def test_arguments_are_typed_by_the_schema():
    schema = {"type": "object", "properties": {
        "email": {"type": "string", "format": "email"}, "guests": {"type": "integer"},
        "speed": {"enum": ["standard", "express"]}}, "required": ["email"]}
    got = fill(schema, "book it for 4 guests, express, email me at ana@example.com")
    assert got.args == {"email": "ana@example.com", "guests": 4, "speed": "express"}
    assert got.missing == []
    assert fill(schema, "book it").missing == ["email"]


def test_an_answer_to_the_question_completes_the_request():
    from leflux.protocol import HistoryMessage

    def said(role: str, text: str) -> HistoryMessage:
        return HistoryMessage(id=text, role=role, text=text, createdAt="2026-12-07T00:00:00Z")

    asked = decide(request("where is my order?"))
    question = next(e.text for e in asked if isinstance(e, Notice))
    req = request("A1001")
    req = PlanRequest(**{**req.__dict__, "history": [
        said("visitor", "where is my order?"), said("agent", question), said("visitor", "A1001")]})
    steps = [s for e in decide(req) if isinstance(e, PlanActions) for s in e.steps]
    assert [(s.toolName, s.args) for s in steps] == [("lookupOrderStatus",
                                                      {"orderNumber": "A1001"})]
    # Without the question before it, a bare code is no request.
    assert calls("A1001") == []


def test_a_failed_call_ends_the_task_as_failed():
    state: dict[str, Any] = {}
    decide(request("where is my order A1001", state=state))
    memory: list[MemoryEntry] = [PlanEntry(plan=1, status="sent", steps=[
        Step(action="call_tool")], results=[StepReport(
            index=0, action="call_tool", success=False,
            error="the tool did not answer within 2 s")])]
    [fin] = [e for e in decide(request(None, memory=memory, state=state))
             if isinstance(e, FinishTask)]
    assert fin.failed


def test_no_call_the_whole_schema_refuses():
    strict = {"name": "lookupOrderStatus", "description": "Look up the status of an order",
              "parameters": {"type": "object", "properties": {
                  "orderNumber": {"type": "string"}, "email": {"type": "string"}},
                  "required": ["orderNumber"], "minProperties": 2}}
    req = request("where is my order A1001")
    ctx = PageContext.model_validate({**PAGE, "tools": [strict]})
    req = PlanRequest(**{**req.__dict__, "context": ctx})
    assert not [e for e in decide(req) if isinstance(e, PlanActions)
                for s in e.steps if s.action == "call_tool"]
