"""Test-only: the product's engine (``TaskEngine`` with the planner the settings name)
that hangs at a chosen point, so a test's kill -9 falls between two of a turn's commits.

Served with ``python -m tests.support.serve_engine tests.support.stall_engine:create_engine
serve …``. ``LEFLUX_TEST_STALL`` picks the point:

* ``plan``: a visitor message's turn hangs in ``send_plan``, before the plan is stored:
  the task was opened (after the planner's words were streamed) and is left ``running``;
* ``result``: an ``action_complete`` / ``sequence_complete`` turn hangs before the engine
  takes the result in (the service stored it first): the task is left
  ``awaiting_action`` with no plan outstanding.

On hanging it writes the file ``LEFLUX_TEST_STALL_MARK``, so the test knows when to
kill. Without ``LEFLUX_TEST_STALL`` (the restarted server) it is the product's engine.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from leflux.agent.factory import create_engine as product_engine
from leflux.agent.ports import Conversation, Engine, TaskRecord
from leflux.config import Settings
from leflux.protocol import ActionPlan, ActionResult, PageContext, SequenceResult


async def _hang() -> None:
    mark = os.environ.get("LEFLUX_TEST_STALL_MARK")
    if mark:
        await asyncio.to_thread(Path(mark).write_text, "hung")
    await asyncio.Event().wait()  # until the test kills the process


class _HangingConversation:
    """The turn's conversation, except that storing a plan never happens."""

    def __init__(self, conv: Conversation) -> None:
        self._conv = conv

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conv, name)

    async def send_plan(self, task: TaskRecord, plan: ActionPlan) -> None:
        await _hang()


class StallingEngine:
    def __init__(self, inner: Engine, point: str) -> None:
        self.inner = inner
        self.point = point

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def on_visitor_message(self, conv: Conversation, text: str,
                                 context: PageContext | None) -> None:
        if self.point == "plan":
            conv = _HangingConversation(conv)
        await self.inner.on_visitor_message(conv, text, context)

    async def on_action_result(self, conv: Conversation, action_id: str,
                               result: ActionResult) -> None:
        if self.point == "result":
            await _hang()
        await self.inner.on_action_result(conv, action_id, result)

    async def on_sequence_result(self, conv: Conversation, result: SequenceResult) -> None:
        if self.point == "result":
            await _hang()
        await self.inner.on_sequence_result(conv, result)


def create_engine(settings: Settings) -> Engine:
    engine = product_engine(settings)
    point = os.environ.get("LEFLUX_TEST_STALL", "")
    return StallingEngine(engine, point) if point else engine
