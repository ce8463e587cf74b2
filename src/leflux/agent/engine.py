"""The task engine: turns, tasks, iterative mode, limits and the gate.

The engine talks to the visitor only through :class:`Conversation` (the session layer
persists, then emits) and to a model only through :class:`Planner`. One call per client
event; the session layer serialises calls per session, so the engine keeps no state of
its own between calls — everything lives in the :class:`TaskRecord`.

Step memory (``task.memory``) holds one :class:`memory.PlanEntry` per plan made (its
steps, status and, once reported, results) plus :class:`memory.Note`s of answers given
before a plan; planners read it (as JSON) to recover from failures.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from leflux.agent import gate
from leflux.agent.block_policy import allowed_block
from leflux.agent.memory import (
    Finish,
    Note,
    PlanEntry,
    PlanStatus,
    StepReport,
    last_plan,
    planner_view,
    plans,
)
from leflux.agent.planner import (
    FinishTask,
    Planner,
    PlanRequest,
    ShowBlock,
)
from leflux.agent.planning import PLANNER_FAILED, Outcome, run_planner
from leflux.agent.plans import (
    build_plan,
    failure_key,
    page_moved,
    plan_steps,
    same_targets,
    target_prints,
)
from leflux.agent.ports import Conversation, TaskRecord
from leflux.config import Limits
from leflux.protocol import (
    ActionPlan,
    ActionResult,
    ConfirmationRequired,
    PageContext,
    SequenceResult,
    UiBlock,
)
from leflux.storable import json_copy

log = logging.getLogger(__name__)

# The embed's own "Keep going" choice (after its 5 round-trips) and the like resume the
# open task instead of superseding it.
KEEP_GOING_RE = re.compile(r"^\s*(?:keep going|continue|go on|carry on|yes,? keep going)"
                           r"[\s.!]*$", re.I)
# A task the visitor stopped (cancel_task): kept in the transcript as its summary.
STOPPED_SUMMARY = "Stopped by the visitor."
STOPPED_MESSAGE = "Stopped. I won't take any more steps on that."
# The embed's answer to a plan made on another tab's (or an earlier page's) context: the
# plan never ran, and the engine plans again on the context that comes next.
OTHER_PAGE = "this plan was made for another page"


class TaskEngine:
    def __init__(self, planner: Planner, limits: Limits | None = None, *,
                 on_plan: Callable[[str], None] | None = None) -> None:
        self.planner = planner
        self.limits = limits or Limits()
        # Called with the planner's name for every plan made (the server counts them).
        self.on_plan = on_plan

    async def aclose(self) -> None:
        await self.planner.aclose()

    def prepare(self) -> None:
        prepare = getattr(self.planner, "prepare", None)  # planners made at their first plan
        if prepare is not None:
            prepare()

    # ------------------------------------------------------------ client events

    async def on_visitor_message(
        self, conv: Conversation, text: str, context: PageContext | None
    ) -> None:
        task = await conv.active_task()
        page = context or await conv.latest_context()
        if task is not None and task.state == "awaiting_context" and KEEP_GOING_RE.match(text):
            await self._turn(conv, task, visitor_text=None, goal=task.goal, context=page)
            return
        if task is not None:
            await self._supersede(conv, task)
        await self._turn(conv, None, visitor_text=text, goal=text, context=page)

    async def on_action_result(
        self, conv: Conversation, action_id: str, result: ActionResult
    ) -> None:
        task = await conv.active_task()
        if task is None:
            return
        entry = next((m for m in reversed(plans(task.memory)) if action_id in m.actionIds),
                     None)
        if entry is None or entry.results is not None:
            return  # not ours, or already recorded (a repeat is a no-op)
        entry.results = [StepReport(
            index=0, action=entry.steps[0].action if entry.steps else None,
            elementId=result.elementId, success=result.success,
            description=result.description, error=result.error, result=result.result)]
        await self._after_results(conv, task, entry)

    async def on_sequence_result(self, conv: Conversation, result: SequenceResult) -> None:
        task = await conv.active_task()
        if task is None:
            return
        entry = last_plan(task.memory, "sent", unreported_only=True)
        if entry is None:
            return
        entry.results = [StepReport.model_validate(r.model_dump()) for r in result.results]
        if not result.success and all(r.success for r in result.results):
            # The embed said the sequence failed without naming a step.
            entry.results.append(StepReport(index=len(result.results), action="sequence",
                                            success=False, error="the sequence failed"))
        await self._after_results(conv, task, entry)

    async def on_context(self, conv: Conversation, context: PageContext) -> None:
        """The session layer stores the context for the next turn. One case matters here:
        the first context of a *new page* while the task waits on its last plan. A page
        that joins before the old page's result is recorded sees ``awaiting_action`` and
        sends ``update_context`` rather than ``continue_task``; that context is the one the
        task is owed, so plan on it (the late result is then a no-op)."""
        task = await conv.active_task()
        if task is None or task.state not in ("awaiting_action", "awaiting_context"):
            return
        await self._continue(conv, task, context, require_move=True)

    async def on_continue(self, conv: Conversation, context: PageContext) -> None:
        task = await conv.active_task()
        if task is None:
            return
        await self._continue(conv, task, context, require_move=False)

    async def _continue(self, conv: Conversation, task: TaskRecord, context: PageContext, *,
                        require_move: bool) -> None:
        entry = last_plan(task.memory, "sent")
        moved = entry is not None and page_moved(entry.url, context.url)
        if require_move and not moved:
            return
        if task.state == "awaiting_action":
            # The result of a plan that navigated away can be lost with its page. A
            # context from another page than the plan's means the plan ran: go on (a late
            # result is then a no-op). From the same page it is a stale repeat.
            if entry is None or entry.results is not None or not moved:
                return
            entry.results = []
            entry.unreported = True
        elif task.state not in ("awaiting_context", "running"):
            return  # the visitor owes an answer first
        await self._turn(conv, task, visitor_text=None, goal=task.goal, context=context)

    async def on_confirmation(self, conv: Conversation, confirmed: bool) -> None:
        task = await conv.active_task()
        if task is None or task.state != "awaiting_confirmation":
            return
        held = await conv.take_held_plan(task)
        entry = last_plan(task.memory, "held")
        if not confirmed:
            if entry is not None:
                entry.status = "declined"
            what = (entry.what if entry else None) or "that"
            await conv.complete_task(
                task, f"Cancelled: the visitor declined to {what}.",
                f"Okay, I won't {what}. I've stopped here.", outcome="declined")
            return
        if held is not None:
            if entry is not None:
                entry.status = "sent"
                await self._restamp(conv, held, entry)
            # The embed lets a key press submit a form the site marked only in a plan
            # the visitor approved.
            held.confirmed = True
            await self._send(conv, task, held)
            return
        # The planner asked before it had a plan: plan on with the answer in memory.
        task.memory.append(Note(note="confirmed", message=entry.ask if entry else None))
        if entry is not None:
            entry.status = "answered"
        await self._turn(conv, task, visitor_text=None, goal=task.goal,
                         context=await conv.latest_context())

    async def on_cancel(self, conv: Conversation) -> None:
        """The visitor pressed Stop. The plan out on the page (if any) is marked
        cancelled, a held one is dropped, and the task closes: a late result or context
        finds no open task, so nothing is planned after this."""
        task = await conv.active_task()
        if task is None:
            return
        if task.state == "awaiting_confirmation":
            await conv.take_held_plan(task)
        for m in plans(task.memory):
            if m.status == "held" or (m.status == "sent" and m.results is None):
                m.status = "cancelled"
        await conv.complete_task(task, STOPPED_SUMMARY, STOPPED_MESSAGE, outcome="declined")

    # ------------------------------------------------------------ internals

    @staticmethod
    async def _restamp(conv: Conversation, held: ActionPlan, entry: PlanEntry) -> None:
        """The page was reloaded while the visitor was asked: when the new load shows the
        same elements under the same ids, the confirmed plan may run there (else the embed
        refuses it and the engine plans again, asking again if it must)."""
        latest = await conv.latest_context()
        if (held.contextId is None or latest is None or not latest.contextId
                or latest.contextId == held.contextId
                or page_moved(entry.url, latest.url)):
            return
        if same_targets(entry.targets, latest):
            held.contextId = latest.contextId

    async def _supersede(self, conv: Conversation, task: TaskRecord) -> None:
        if task.state == "awaiting_confirmation":
            await conv.take_held_plan(task)  # a pending confirmation counts as declined
            for m in plans(task.memory):
                if m.status == "held":
                    m.status = "declined"
        await conv.complete_task(
            task, "Superseded: the visitor asked for something else.",
            "I stopped the previous task to help with your new request.", outcome="abandoned")

    async def _after_results(self, conv: Conversation, task: TaskRecord,
                             entry: PlanEntry) -> None:
        results = entry.results or []
        if results and all(r.error == OTHER_PAGE for r in results):
            # Refused by a tab whose page the plan was not made on: it never ran. Forget it
            # (the planner's state goes back to before it) and plan again on the context
            # that tab sends next (plans_sent still counts
            # it, so two tabs can never bounce plans forever).
            task.memory.remove(entry)
            task.planner_state = entry.stateBefore or {}
            task.state = "awaiting_context"
            await conv.save_task(task)
            return
        failed = [r for r in results if not r.success]
        if failed:
            for r in failed:
                step = entry.step_of(r)
                key = failure_key(step)
                count = sum(1 for m in plans(task.memory) for rr in (m.results or [])
                            if not rr.success and failure_key(m.step_of(rr)) == key)
                if count >= self.limits.max_repeated_failures:
                    desc = (step.description or step.action) if step else "a step"
                    await conv.complete_task(
                        task,
                        f"Stopped: the same step ({desc}) failed {count} times.",
                        f"I couldn't get \u201c{desc}\u201d to work after {count} tries, "
                        "so I've stopped.", outcome="failed")
                    return
        elif entry.finish is not None:
            fin = entry.finish
            await conv.complete_task(task, fin.summary, fin.message,
                                     outcome="failed" if fin.failed else "completed")
            return
        task.state = "awaiting_context"
        await conv.save_task(task)

    async def _turn(self, conv: Conversation, task: TaskRecord | None, *,
                    visitor_text: str | None, goal: str,
                    context: PageContext | None) -> None:
        state: dict[str, Any] = task.planner_state if task else {}
        if task is not None and visitor_text is None and not task.memory:
            # Its only plan was refused by a tab it was not made for: plan from the words.
            visitor_text = goal
        state_before = json_copy(state)  # stored with the plan (PlanEntry.stateBefore)
        request = PlanRequest(
            visitor_text=visitor_text, goal=goal, context=context,
            history=await conv.history(), memory=planner_view(task.memory) if task else [],
            site=conv.site, planner_state=state,
            plans_sent=task.plans_sent if task else 0,
        )
        out = await run_planner(self.planner, self.limits.planner_timeout_s, conv, request)
        if out.failed:
            await conv.send_error(out.message or PLANNER_FAILED, "planner_error")
            if task is not None:
                await conv.complete_task(task, "Stopped: the assistant failed to plan the next "
                                         "step.", "I had to stop this task because of an error.",
                                         outcome="failed")
            return
        for b in out.blocks:
            if isinstance(b, ShowBlock):
                data = allowed_block(b.block_type, b.data, conv.site)
                if data is not None:
                    await conv.show_block(UiBlock(block_type=b.block_type, data=data,
                                                  message=b.message))
            else:
                await conv.say(b.text, is_question=b.is_question, is_error=b.is_error)
        if not out.steps and out.ask is None:
            if task is not None:
                fin = out.finish or FinishTask(
                    summary=(out.text or "The task ended without further steps.")[:500],
                    message=out.text or "I've stopped here.")
                task.planner_state = state
                await conv.complete_task(task, fin.summary, fin.message,
                                         outcome="failed" if fin.failed else "completed")
            elif out.finish and not out.text:
                await conv.say(out.finish.message)
            return
        if task is None:
            task = await conv.open_task(goal)
        task.planner_state = state
        await self._dispatch(conv, task, out, context, state_before)

    async def _dispatch(self, conv: Conversation, task: TaskRecord, out: Outcome,
                        context: PageContext | None,
                        state_before: dict[str, Any] | None = None) -> None:
        if task.plans_sent >= self.limits.plans_per_task:
            await self._limit(conv, task)
            return
        plan = build_plan(out.steps, out.message) if out.steps else None
        if plan is not None and context is not None and context.contextId:
            plan.contextId = context.contextId  # only the tab with that page runs it
        finish = (Finish(summary=out.finish.summary, message=out.finish.message,
                         failed=out.finish.failed) if out.finish else None)
        hit = gate.review(out.steps, context, conv.site) if out.steps else None
        if out.ask is not None or hit is not None:
            if out.ask is not None:
                prompt = ConfirmationRequired(message=out.ask.message,
                                              confirm_label=out.ask.confirm_label,
                                              cancel_label=out.ask.cancel_label)
                what = out.ask.message.rstrip("?. ")
            else:
                assert hit is not None
                prompt = ConfirmationRequired(message=gate.confirmation_text(hit),
                                              confirm_label="Yes, go ahead",
                                              cancel_label="No, stop")
                what = gate.what_it_does(hit)
            entry = self._entry(task, plan, "held", finish, context.url if context else "")
            if plan is not None:
                entry.targets = target_prints(plan, context)
            self._made_by(entry, out)
            entry.what = what
            entry.ask = prompt.message
            task.memory.append(entry)
            await conv.hold_for_confirmation(task, plan, prompt)
            return
        assert plan is not None
        entry = self._entry(task, plan, "sent", finish, context.url if context else "")
        self._made_by(entry, out)
        # The planner's state before this plan, in case a tab refuses it (never ran).
        for m in plans(task.memory):
            m.stateBefore = None
        entry.stateBefore = state_before
        task.memory.append(entry)
        await conv.send_plan(task, plan)

    def _made_by(self, entry: PlanEntry, out: Outcome) -> None:
        """Which planner made the plan and how long it took, for the transcript/metrics."""
        if out.planner is None:
            return
        entry.planner = out.planner
        entry.planMs = out.plan_ms
        if self.on_plan is not None:
            self.on_plan(out.planner)

    async def _send(self, conv: Conversation, task: TaskRecord, plan: ActionPlan) -> None:
        if task.plans_sent >= self.limits.plans_per_task:
            await self._limit(conv, task)
            return
        await conv.send_plan(task, plan)

    async def _limit(self, conv: Conversation, task: TaskRecord) -> None:
        n = self.limits.plans_per_task
        await conv.complete_task(
            task, f"Stopped at the limit of {n} action plans for one task.",
            f"I've stopped: this task reached the limit of {n} steps. "
            "Tell me if you'd like me to keep going.", outcome="failed")

    @staticmethod
    def _entry(task: TaskRecord, plan: ActionPlan | None, status: PlanStatus,
               finish: Finish | None, url: str) -> PlanEntry:
        return PlanEntry(
            url=url, plan=task.plans_sent + 1, status=status,
            actionIds=[a.id for a in plan.actions] if plan else [],
            steps=plan_steps(plan) if plan else [], finish=finish)
