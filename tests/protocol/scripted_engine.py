"""A real ``Engine`` driven by a tiny script language in the visitor's words, so the
protocol tests exercise the session layer through the same interface as the agent.

Visitor message commands (space separated, first word picks the script):
  ``stream N [DELAY_MS]``  stream N chunks "c0 ", "c1 ", ... with a pause between
  ``say TEXT``             a non-streamed message
  ``plan``                 open a task and send one click action (ids ``a-<n>``)
  ``late MS``              wait MS (a slow planner), then open a task and send a plan
  ``plan2``                one plan with two actions
  ``seq``                  open a task and send a three-step sequence
  ``confirm``              open a task and hold a plan for confirmation
  ``block``                show a ``choices`` ui block
  ``many``                 keep planning on every continue_task (tests the plan cap)
  ``hold``                 open a task, wait for ``engine.release``, then send a plan
  ``holdresult``           send a plan; its result waits for ``engine.release``
  ``boom``                 raise an unexpected exception
  ``fail``                 raise a PlannerError
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from leflux.agent.ports import Conversation
from leflux.config import Settings
from leflux.errors import PlannerError
from leflux.protocol import (
    Action,
    ActionPlan,
    ActionResult,
    ConfirmationRequired,
    PageContext,
    SequenceAction,
    SequenceResult,
    Step,
    UiBlock,
)

_ids = itertools.count(1)


def _action_id() -> str:
    return f"a-{next(_ids)}-{id(object())}"


class ScriptedEngine:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.prepared = 0  # engine.prepare calls (the session layer's, at the first page)
        self.contexts: list[PageContext] = []
        # What ``hold`` / ``holdresult`` wait for: a turn that is live while a test joins.
        self.release = asyncio.Event()

    def _click(self) -> ActionPlan:
        return ActionPlan(actions=[Action(id=_action_id(), type="click_element", elementId=3,
                                          description="submit")], message="Clicking submit")

    async def _open_with_plan(self, conv: Conversation, cmd: str, text: str) -> None:
        """Open a task and send its first plan (or hold it for a confirmation)."""
        task = await conv.open_task(text)
        if cmd == "plan2":
            await conv.send_plan(task, ActionPlan(actions=[
                Action(id=_action_id(), type="type_text", elementId=1, inputData="Ahmed",
                       description="name"),
                Action(id=_action_id(), type="click_element", elementId=2, description="go"),
            ]))
        elif cmd == "seq":
            seq = SequenceAction(id=_action_id(), actions=[
                Step(action="type", elementId=12, inputData="Ahmed", description="name"),
                Step(action="type", elementId=13, inputData="a@example.com", description="email"),
                Step(action="click", elementId=19, description="submit"),
            ])
            await conv.send_plan(task, ActionPlan(actions=[seq], isSequence=True))
        elif cmd == "confirm":
            await conv.hold_for_confirmation(task, self._click(), ConfirmationRequired(
                message="Place the order for $42?", confirm_label="Pay", cancel_label="Stop"))
        else:
            await conv.send_plan(task, self._click())

    async def on_visitor_message(
        self, conv: Conversation, text: str, context: PageContext | None
    ) -> None:
        self.calls.append(("visitor_message", text))
        words = text.split()
        cmd, args = (words[0], words[1:]) if words else ("", [])
        task = await conv.active_task()
        if task is not None:
            await conv.complete_task(task, "Superseded by a new request.", "Okay, moving on.")
        if cmd == "stream":
            n = int(args[0]) if args else 3
            delay = float(args[1]) / 1000 if len(args) > 1 else 0.0
            async with conv.reply_stream() as s:
                for i in range(n):
                    await s.write(f"c{i} ")
                    if delay:
                        await asyncio.sleep(delay)
        elif cmd == "say":
            await conv.say(" ".join(args) or "hello", is_question=True)
        elif cmd in ("late", "plan", "many", "plan2", "seq", "confirm", "holdresult"):
            if cmd == "late":
                await asyncio.sleep(float(args[0]) / 1000 if args else 3.0)
            await self._open_with_plan(conv, cmd, text)
        elif cmd == "hold":
            task = await conv.open_task(text)
            await self.release.wait()
            await conv.send_plan(task, self._click())
        elif cmd == "block":
            await conv.show_block(UiBlock(block_type="choices", data={
                "options": [{"label": "Yes", "value": "yes"}]}, message="Pick one"))
        elif cmd == "boom":
            raise RuntimeError("scripted failure with a secret traceback")
        elif cmd == "fail":
            raise PlannerError("The planner is unavailable.")
        else:
            async with conv.reply_stream() as s:
                await s.write(f"echo: {text}")

    async def on_action_result(
        self, conv: Conversation, action_id: str, result: ActionResult
    ) -> None:
        self.calls.append(("action_result", action_id))
        task = await conv.active_task()
        if task is None:
            return
        if task.goal.startswith("holdresult"):
            await self.release.wait()
        if task.goal.startswith("many"):
            task.state = "awaiting_context"
            await conv.save_task(task)
            return
        if task.goal.startswith("plan2"):
            # Complete once both actions are reported.
            done = task.planner_state.setdefault("done", 0) + 1
            task.planner_state["done"] = done
            await conv.save_task(task)
            if done < 2:
                return
        await conv.complete_task(task, "Clicked submit.", "Done!")

    async def on_sequence_result(self, conv: Conversation, result: SequenceResult) -> None:
        self.calls.append(("sequence_result", result.success))
        task = await conv.active_task()
        if task is not None:
            await conv.complete_task(task, f"Sequence ran ({len(result.results)} steps).",
                                     "All filled in.")

    async def on_context(self, conv: Conversation, context: PageContext) -> None:
        self.calls.append(("context", context.url))
        self.contexts.append(context)

    async def on_continue(self, conv: Conversation, context: PageContext) -> None:
        self.calls.append(("continue", context.url))
        task = await conv.active_task()
        if task is None:
            return
        if task.plans_sent >= 30:
            await conv.complete_task(task, "Stopped at the limit of 30 steps.", "I stopped.")
            return
        await conv.send_plan(task, self._click())

    async def on_confirmation(self, conv: Conversation, confirmed: bool) -> None:
        self.calls.append(("confirmation", confirmed))
        task = await conv.active_task()
        if task is None:
            return
        plan = await conv.take_held_plan(task)
        if confirmed and plan is not None:
            await conv.send_plan(task, plan)
        else:
            await conv.say("Okay, I won't do that.")
            await conv.complete_task(task, "Cancelled by the visitor.", "Cancelled.")

    def prepare(self) -> None:
        self.prepared += 1

    async def on_cancel(self, conv: Conversation) -> None:
        self.calls.append(("cancel", None))
        task = await conv.active_task()
        if task is not None:
            await conv.complete_task(task, "Stopped by the visitor.", "Stopped.",
                                     outcome="declined")


def create_engine(settings: Settings) -> ScriptedEngine:
    """For ``LeFluxServer(engine=...)`` in subprocess tests."""
    return ScriptedEngine()
