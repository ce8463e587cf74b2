"""The engine across pages: a context from a new page stands for a lost result, the first
context of a new page continues a waiting task, and the same page plans nothing."""

from __future__ import annotations

from leflux.agent.memory import PlanEntry
from leflux.agent.planner import (
    FinishTask,
    PlanActions,
)
from leflux.protocol import ActionResult
from tests.unit.agent.memconv import MemConversation
from tests.unit.agent.pages import page_context
from tests.unit.agent.scripted import click, engine_with, plain_page


async def test_continue_from_a_new_page_without_the_result_goes_on() -> None:
    eng, p = engine_with(lambda r: [PlanActions([click(1, "Next")])] if r.visitor_text
                         else [FinishTask("done", "Arrived.")])
    conv = MemConversation()
    await eng.on_visitor_message(conv, "go", page_context("http://site.test/a", [
        {"id": 1, "tag": "a", "text": "Next", "href": "/b"}]))
    aid = conv.of("action_plan")[0]["actions"][0]["id"]
    # Same page, no result: a stale repeat, ignored.
    await eng.on_continue(conv, page_context("http://site.test/a#top", []))
    assert len(p.requests) == 1
    # The click navigated and its result was lost with the old page.
    await eng.on_continue(conv, page_context("http://site.test/b", []))
    assert conv.of("task_complete") == [{"summary": "done", "message": "Arrived."}]
    last = p.requests[-1].memory[-1]
    assert isinstance(last, PlanEntry) and last.results == []
    await eng.on_action_result(conv, aid, ActionResult(success=True))  # late: a no-op
    assert len(conv.of("task_complete")) == 1


async def test_first_context_of_a_new_page_continues_a_waiting_task() -> None:
    # The new page joined before the old page's result was recorded: it saw
    # awaiting_action and sent update_context, not continue_task.
    eng, _ = engine_with(lambda r: [PlanActions([click(1, "Next")])] if r.visitor_text
                         else [FinishTask("done", "Arrived.")])
    for result_first in (True, False):
        conv = MemConversation()
        await eng.on_visitor_message(conv, "go", page_context("http://site.test/a", [
            {"id": 1, "tag": "a", "text": "Next", "href": "/b"}]))
        aid = conv.of("action_plan")[0]["actions"][0]["id"]
        if result_first:
            await eng.on_action_result(conv, aid, ActionResult(success=True))
        await eng.on_context(conv, page_context("http://site.test/a", []))  # same page: nothing
        assert conv.of("task_complete") == []
        await eng.on_context(conv, page_context("http://site.test/b", []))
        assert conv.of("task_complete") == [{"summary": "done", "message": "Arrived."}]
        await eng.on_action_result(conv, aid, ActionResult(success=True))
        await eng.on_continue(conv, page_context("http://site.test/b", []))
        assert len(conv.of("task_complete")) == 1


async def test_update_context_without_a_task_or_on_the_same_page_plans_nothing() -> None:
    eng, p = engine_with(lambda r: [PlanActions([click(1)])])
    conv = MemConversation()
    await eng.on_context(conv, plain_page())
    assert p.requests == []
    await eng.on_visitor_message(conv, "go", plain_page())
    await eng.on_action_result(conv, conv.of("action_plan")[0]["actions"][0]["id"],
                               ActionResult(success=True))
    await eng.on_context(conv, plain_page())  # same URL: the embed will continue itself
    assert len(p.requests) == 1
