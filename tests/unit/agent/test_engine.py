"""The task engine against an in-memory Conversation: turns, plans, results, limits."""

from __future__ import annotations

import pytest

from leflux.agent.engine import TaskEngine
from leflux.agent.memory import PlanEntry
from leflux.agent.planner import (
    FinishTask,
    PlanActions,
    PlanEvent,
    PlanRequest,
    ShowBlock,
    TextDelta,
)
from leflux.agent.planners.rules import RulesPlanner
from leflux.protocol import ActionResult, SequenceResult, Step, StepResult
from tests.unit.agent.memconv import MemConversation
from tests.unit.agent.pages import signup_page, welcome_page
from tests.unit.agent.scripted import click, engine_with, plain_page


async def test_text_streams_as_chunks_then_done() -> None:
    eng, _ = engine_with(lambda r: [TextDelta("Hel"), TextDelta("lo "), TextDelta("there")])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "hi", None)
    chunks = conv.of("message_chunk")
    assert [c["chunkIndex"] for c in chunks] == [0, 1, 2]
    assert len({c["streamId"] for c in chunks}) == 1
    done = conv.of("message_done")
    assert done == [{"text": "Hello there", "streamId": chunks[0]["streamId"]}]
    assert conv.names()[-1] == "message_done"
    assert await conv.active_task() is None  # text only: no task


async def test_single_step_is_a_single_action_and_opens_a_task() -> None:
    eng, _ = engine_with(lambda r: [TextDelta("ok"), PlanActions([click(19, "submit")])])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "click submit", plain_page())
    (plan,) = conv.of("action_plan")
    assert plan["useUniversalIndexing"] is True
    assert "isSequence" not in plan
    (a,) = plan["actions"]
    assert a["type"] == "click_element" and a["elementId"] == 19
    assert a["id"].startswith("action-") and a["description"] == "submit"
    task = await conv.active_task()
    assert task is not None and task.state == "awaiting_action" and task.plans_sent == 1
    assert task.goal == "click submit"


async def test_several_steps_are_one_sequence() -> None:
    steps = [Step(action="type", elementId=12, inputData="Ahmed", description="name"),
             Step(action="type", elementId=13, inputData="a@b.c", description="email"),
             click(19, "submit")]
    eng, _ = engine_with(lambda r: [PlanActions(steps)])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "sign me up", plain_page())
    (plan,) = conv.of("action_plan")
    assert plan["isSequence"] is True
    (seq,) = plan["actions"]
    assert seq["type"] == "execute_generic_sequence" and seq["isSequence"] is True
    assert [s["action"] for s in seq["actions"]] == ["type", "type", "click"]
    assert seq["actions"][0] == {"action": "type", "elementId": 12, "inputData": "Ahmed",
                                 "description": "name"}


async def test_results_reach_the_planner_and_state_goes_awaiting_context() -> None:
    def script(r: PlanRequest) -> list[PlanEvent]:
        if r.visitor_text:
            r.planner_state["n"] = 1
            return [PlanActions([click(5)])]
        return [FinishTask("done", "All done.")]

    eng, p = engine_with(script)
    conv = MemConversation()
    await eng.on_visitor_message(conv, "go", plain_page())
    aid = conv.of("action_plan")[0]["actions"][0]["id"]
    await eng.on_action_result(conv, aid, ActionResult(success=False, elementId=5,
                                                       error="element is hidden"))
    task = await conv.active_task()
    assert task is not None and task.state == "awaiting_context"
    assert task.planner_state == {"n": 1}
    await eng.on_action_result(conv, aid, ActionResult(success=True))  # repeat: no-op
    await eng.on_continue(conv, plain_page())
    req = p.requests[-1]
    assert req.visitor_text is None and req.goal == "go"
    last = req.memory[-1]
    assert isinstance(last, PlanEntry) and last.results is not None
    assert last.results[0].success is False and last.results[0].error == "element is hidden"
    assert req.planner_state == {"n": 1}
    assert conv.of("task_complete") == [{"summary": "done", "message": "All done."}]
    assert await conv.active_task() is None


async def test_sequence_results_are_recorded() -> None:
    eng, p = engine_with(lambda r: [PlanActions([click(1), click(2)])] if r.visitor_text
                         else [FinishTask("s", "m")])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "go", plain_page())
    res = SequenceResult(success=False, results=[
        StepResult(index=0, action="click", elementId=1, success=True),
        StepResult(index=1, action="click", elementId=2, success=False, error="disabled")])
    await eng.on_sequence_result(conv, res)
    await eng.on_continue(conv, plain_page())
    last = p.requests[-1].memory[-1]
    assert isinstance(last, PlanEntry) and last.results is not None
    assert last.results[1].error == "disabled"


async def test_cap_of_30_plans_per_task() -> None:
    counter = iter(range(1, 1000))
    eng, _ = engine_with(lambda r: [PlanActions([click(next(counter))])])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "keep going", plain_page())
    for _ in range(40):
        plans = conv.of("action_plan")
        if conv.of("task_complete"):
            break
        await eng.on_action_result(conv, plans[-1]["actions"][0]["id"],
                                   ActionResult(success=True))
        await eng.on_continue(conv, plain_page())
    assert len(conv.of("action_plan")) == 30
    (done,) = conv.of("task_complete")
    assert "limit" in done["summary"] and "30" in done["summary"]
    assert await conv.active_task() is None


async def test_same_failing_action_three_times_stops() -> None:
    eng, _ = engine_with(lambda r: [PlanActions([click(7, "Buy")])])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "do it", plain_page())
    for _ in range(5):
        if conv.of("task_complete"):
            break
        aid = conv.of("action_plan")[-1]["actions"][0]["id"]
        await eng.on_action_result(conv, aid, ActionResult(success=False, error="hidden"))
        await eng.on_continue(conv, plain_page())
    assert len(conv.of("action_plan")) == 3
    (done,) = conv.of("task_complete")
    assert "3 times" in done["summary"]


async def test_new_message_supersedes_open_task() -> None:
    eng, _ = engine_with(lambda r: [PlanActions([click(5)])])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "first", plain_page())
    first = await conv.active_task()
    await eng.on_visitor_message(conv, "second", plain_page())
    names = conv.names()
    assert names.index("task_complete") < len(names) - 1
    (done,) = conv.of("task_complete")
    assert "superseded" in done["summary"].lower()
    second = await conv.active_task()
    assert second is not None and first is not None and second.task_id != first.task_id
    assert second.goal == "second"


async def test_continue_without_more_steps_closes_the_task() -> None:
    eng, _ = engine_with(lambda r: [PlanActions([click(1)])] if r.visitor_text
                         else [TextDelta("Nothing else to do.")])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "go", plain_page())
    await eng.on_action_result(conv, conv.of("action_plan")[0]["actions"][0]["id"],
                               ActionResult(success=True))
    await eng.on_continue(conv, plain_page())
    assert len(conv.of("task_complete")) == 1 and await conv.active_task() is None


async def test_finish_with_actions_completes_after_success() -> None:
    eng, _ = engine_with(lambda r: [PlanActions([click(1)]), FinishTask("clicked", "Done!")])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "go", plain_page())
    await eng.on_action_result(conv, conv.of("action_plan")[0]["actions"][0]["id"],
                               ActionResult(success=True))
    assert conv.of("task_complete") == [{"summary": "clicked", "message": "Done!"}]


async def test_blocks_are_shown_and_kept_in_history() -> None:
    eng, _ = engine_with(lambda r: [TextDelta("Pick one"), ShowBlock(
        "choices", {"options": [{"label": "A", "value": "a"}]})])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "?", None)
    assert conv.of("ui_block") == [{"block_type": "choices",
                                    "data": {"options": [{"label": "A", "value": "a"}]}}]
    assert conv.messages[-1].blockType == "choices"


@pytest.mark.parametrize("ok", [True, False])
async def test_rules_sign_up_end_to_end(ok: bool) -> None:
    eng = TaskEngine(RulesPlanner())
    conv = MemConversation()
    await eng.on_visitor_message(conv, "sign me up as Ahmed, ahmed@example.com", signup_page())
    (plan,) = conv.of("action_plan")
    seq = plan["actions"][0]["actions"]
    assert [(s["action"], s.get("elementId"), s.get("inputData")) for s in seq] == [
        ("type", 11, "Ahmed"), ("type", 12, "ahmed@example.com"), ("click", 19, None)]
    assert conv.of("ui_block")[0]["block_type"] == "form_summary"
    results = [StepResult(index=i, action=s["action"], elementId=s["elementId"],
                          success=ok or i < 2, error=None if ok or i < 2 else "gone")
               for i, s in enumerate(seq)]
    await eng.on_sequence_result(conv, SequenceResult(success=ok, results=results))
    await eng.on_continue(conv, welcome_page() if ok else signup_page())
    if ok:
        (done,) = conv.of("task_complete")
        assert "Thank you for signing up" in done["message"]
    else:
        # Recovered: a second plan that submits another way instead of the failed button.
        assert len(conv.of("action_plan")) == 2
        steps = conv.steps(1)
        assert 19 not in [s.get("elementId") for s in steps if s["action"] == "click"]
        assert steps[-1]["action"] == "press" and steps[-1]["inputData"] == "Enter"


async def test_keep_going_resumes_the_open_task_instead_of_superseding() -> None:
    eng, p = engine_with(lambda r: [PlanActions([click(len(r.memory) + 1)])])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "do the thing", plain_page())
    await eng.on_action_result(conv, conv.of("action_plan")[0]["actions"][0]["id"],
                               ActionResult(success=True))
    # The embed stopped after its own round-trip cap and offered "Keep going".
    await eng.on_visitor_message(conv, "Keep going", plain_page())
    assert conv.of("task_complete") == []
    assert len(conv.of("action_plan")) == 2
    assert p.requests[-1].visitor_text is None and p.requests[-1].goal == "do the thing"
    # Any other words are a new request.
    await eng.on_visitor_message(conv, "something else", plain_page())
    assert "superseded" in conv.of("task_complete")[0]["summary"].lower()
