"""The site owner's tools through the LLM planners (real SDKs, the fake servers on
loopback): offered as ``site_<name>`` next to the built-in tools, a call becomes a
``call_tool`` step after a schema check, a bad one gets a repair round, and the result
reaches the model in the next turn."""

from __future__ import annotations

from leflux.agent.memory import MemoryEntry, PlanEntry, StepReport
from leflux.agent.planner import Notice, PlanActions
from leflux.protocol import PageContext, Step
from tests.support.fake_llm import FakeRequest, FakeToolCall, Reply
from tests.unit.llm.conftest import collect, make_request, signup_page

ORDER = {"name": "lookupOrder", "description": "Look up an order's status by its number",
         "parameters": {"type": "object", "properties": {
             "orderNumber": {"type": "string", "pattern": "^[A-Z][0-9]{4}$"}},
             "required": ["orderNumber"], "additionalProperties": False}}


def page_with_tools() -> PageContext:
    return PageContext.model_validate({**signup_page().model_dump(exclude_none=True),
                                       "tools": [ORDER]})


def tool_specs(req: FakeRequest) -> dict[str, dict]:
    out = {}
    for t in req.body.get("tools") or []:
        if "function" in t:
            out[t["function"]["name"]] = t["function"]["parameters"]
        else:
            out[t["name"]] = t["input_schema"]
    return out


async def test_the_model_sees_the_tools_and_its_call_becomes_a_call_tool_step(llm):
    seen: list[FakeRequest] = []

    def model(req: FakeRequest) -> Reply:
        seen.append(req)
        if req.index == 0:  # a bad argument first: the planner sends it back
            return Reply(tool_calls=[FakeToolCall("site_lookupOrder", {"orderNumber": "1001"})])
        return Reply(text="Looking it up.", tool_calls=[
            FakeToolCall("site_lookupOrder", {"orderNumber": "A1001"})])

    planner, _ = await llm(model)
    events = await collect(planner, make_request("where is order A1001?",
                                                 context=page_with_tools()))
    specs = tool_specs(seen[0])
    assert "click" in specs and "finish_task" in specs
    assert specs["site_lookupOrder"]["properties"]["orderNumber"]["pattern"] == "^[A-Z][0-9]{4}$"
    assert "does not match" in seen[1].all_text  # the schema's complaint went back
    plans = [e for e in events if isinstance(e, PlanActions)]
    assert len(plans) == 1 and len(plans[0].steps) == 1
    step = plans[0].steps[0]
    assert (step.action, step.toolName, step.args) == ("call_tool", "lookupOrder",
                                                       {"orderNumber": "A1001"})


async def test_a_page_without_tools_offers_none_and_an_unknown_one_is_refused(llm):
    seen: list[FakeRequest] = []

    def model(req: FakeRequest) -> Reply:
        seen.append(req)
        return Reply(tool_calls=[FakeToolCall("site_lookupOrder", {"orderNumber": "A1001"})])

    planner, _ = await llm(model)
    events = await collect(planner, make_request("where is order A1001?"))
    assert not any(n.startswith("site_") for n in tool_specs(seen[0]))
    assert not [e for e in events if isinstance(e, PlanActions)]
    assert any(isinstance(e, Notice) and e.is_error for e in events)


async def test_the_result_goes_to_the_model_with_the_steps_taken(llm):
    seen: list[FakeRequest] = []

    def model(req: FakeRequest) -> Reply:
        seen.append(req)
        return Reply(text="Your order A1001 has shipped.", tool_calls=[FakeToolCall(
            "finish_task", {"summary": "Looked up A1001", "message": "It has shipped."})])

    planner, _ = await llm(model)
    memory: list[MemoryEntry] = [PlanEntry(plan=1, status="sent", steps=[
        Step(action="call_tool", toolName="lookupOrder", args={"orderNumber": "A1001"},
             description="lookup order")],
        results=[StepReport(index=0, action="call_tool", success=True,
                            description="lookup order",
                            result={"status": "shipped", "carrier": "DHL"})])]
    await collect(planner, make_request(None, goal="where is order A1001?", memory=memory,
                                        context=page_with_tools()))
    text = seen[0].last_user_text
    assert "site_lookupOrder" in text and "shipped" in text and "DHL" in text
