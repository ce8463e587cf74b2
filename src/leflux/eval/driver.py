"""One task in one fresh browser context, driven the way a visitor drives the widget:
open the page, do the setup, type each turn into the widget's own input, answer the
gate as the task says, wait (on events, never fixed sleeps) until the agent is done,
then check the page."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from leflux.eval.checks import run_checks
from leflux.eval.claims import claims_success
from leflux.eval.pagescripts import BINDING, init_script
from leflux.eval.record import SETTLE_S, TaskRecord
from leflux.eval.results import TaskResult
from leflux.eval.tasks import (
    CheckStep,
    ClickStep,
    EvalTask,
    FillStep,
    GotoStep,
    PressStep,
    SelectStep,
    SetupStep,
    UncheckStep,
    site_url,
)

VIEWPORT = {"width": 1280, "height": 800}
# How long the page may take to load and its widget to connect.
READY_S = 15.0
# One Playwright step of the eval itself (a setup click, typing into the widget).
STEP_MS = 10_000
KEEP_GOING = "Keep going"  # the embed's own choice when it hits its round-trip cap
# A visitor who asked for the whole thing presses "Keep going" at the cap, this many times
# at most in one turn.
MAX_KEEP_GOING = 3

_HOOK = '[data-leflux="{}"]'
_CONNECTED = 'leflux-widget[data-status="connected"]'


@dataclass(frozen=True)
class DriveOptions:
    server_url: str
    settle_s: float = SETTLE_S
    screenshots: bool = True  # of failed tasks, for the HTML report


class _Turn:
    """Wakes the waiting turn whenever the page reports something."""

    def __init__(self, record: TaskRecord) -> None:
        self.record = record
        self.wake = asyncio.Event()
        self.last = True  # the task's last turn: no later words of its own follow
        self.kept_going = 0  # "Keep going" presses in this turn

    def report(self, source: Any, kind: Any, data: Any = None) -> None:
        self.record.page_report(time.monotonic(), str(kind), data if isinstance(data, dict)
                                else {})
        self.wake.set()


@dataclass
class Visitor:
    """A fresh browser context with the eval's page scripts, ready for one task (made
    while the previous task still runs, so its set-up costs no wall time)."""

    task: EvalTask
    context: Any
    page: Any
    turn: _Turn


async def open_visitor(browser: Any, task: EvalTask, opts: DriveOptions) -> Visitor:
    record = TaskRecord(t0=time.monotonic())
    turn = _Turn(record)
    # Reduced motion: no transitions, so Playwright's "element is stable" waits are short.
    context = await browser.new_context(viewport=VIEWPORT, reduced_motion="reduce")
    try:
        await context.expose_binding(BINDING, turn.report)
        await context.add_init_script(init_script(opts.server_url, task.inject))
        page = await context.new_page()
    except BaseException:
        await context.close()
        raise
    page.set_default_timeout(STEP_MS)
    page.on("framenavigated", lambda f: _navigated(record, page, f))
    page.on("pageerror", lambda e: record.note(time.monotonic(), "pageerror",
                                               error=str(e)[:300]))
    return Visitor(task, context, page, turn)


async def run_visitor(visitor: Visitor, opts: DriveOptions) -> TaskResult:
    """The task, from opening its start page to its checks; the context stays open (the
    caller closes it, off the critical path)."""
    task, page, turn = visitor.task, visitor.page, visitor.turn
    record = turn.record
    record.t0 = record.last_activity = time.monotonic()
    result = TaskResult(task.name, task.family, task.source, task.start_url)
    try:
        await _drive(page, task, turn, opts, result)
    except Exception as exc:
        result.error = _one_line(exc)
    await _conclude(page, task, record, result, opts.screenshots)
    result.seconds = time.monotonic() - record.t0
    return result


def _navigated(record: TaskRecord, page: Any, frame: Any) -> None:
    if frame == page.main_frame and frame.url != "about:blank":
        record.note(time.monotonic(), "url", url=frame.url)


async def _drive(page: Any, task: EvalTask, turn: _Turn, opts: DriveOptions,
                 result: TaskResult) -> None:
    await page.goto(task.start_url, wait_until="domcontentloaded")
    for step in task.task.steps:
        await _setup_step(page, task, step)
    for n, text in enumerate(task.task.say):
        turn.last, turn.kept_going = n == len(task.task.say) - 1, 0
        await _widget_ready(page, task)
        await _say(page, turn.record, text)
        result.turns += 1
        result.turn_ends.append(await _wait_done(page, task, turn, opts))


async def _setup_step(page: Any, task: EvalTask, step: SetupStep) -> None:
    try:
        if isinstance(step, FillStep):
            await page.fill(*step.fill)
        elif isinstance(step, PressStep):
            await page.press(*step.press)
        elif isinstance(step, ClickStep):
            await page.click(step.click)
        elif isinstance(step, SelectStep):
            await page.select_option(step.select[0], step.select[1])
        elif isinstance(step, CheckStep):
            await page.check(step.check)
        elif isinstance(step, UncheckStep):
            await page.uncheck(step.uncheck)
        elif isinstance(step, GotoStep):
            await page.goto(site_url(task.site, step.goto), wait_until="domcontentloaded")
    except Exception as exc:
        raise RuntimeError(f"setup step {step.model_dump()} failed: {_one_line(exc)}") from None


async def _widget_ready(page: Any, task: EvalTask) -> None:
    try:
        await page.wait_for_selector(_CONNECTED, state="attached", timeout=READY_S * 1000)
    except Exception:
        hint = "" if task.inject else " (no LeFlux script on the page? set inject: true)"
        raise RuntimeError(f"the LeFlux widget did not connect on {page.url}{hint}") from None


async def _say(page: Any, record: TaskRecord, text: str) -> None:
    box = page.locator(_HOOK.format("input"))
    if not await box.is_visible():
        await page.locator(_HOOK.format("launcher")).click()
    await box.fill(text)
    record.visitor(time.monotonic(), text)
    await page.locator(_HOOK.format("send")).click()


async def _wait_done(page: Any, task: EvalTask, turn: _Turn, opts: DriveOptions) -> str:
    """Until the agent is done with this turn: why it ended."""
    record = turn.record
    deadline = time.monotonic() + task.task.timeout
    keep_going_before = await _keep_going_count(page)
    probed_at = 0.0
    while True:
        now = time.monotonic()
        if record.pending_confirmation:
            await _answer_gate(page, record, task.task.confirm == "approve")
            continue
        reason = record.finished(now, opts.settle_s)
        if reason:
            return reason
        if now >= deadline:
            record.note(now, "timeout", seconds=task.task.timeout)
            return "timeout"
        quiet = now - record.last_activity
        if record.task_open and quiet >= opts.settle_s and probed_at < record.last_activity:
            probed_at = now  # once per quiet spell: has the embed stopped at its cap?
            if await _keep_going_count(page) > keep_going_before:
                if not (keeps_going(turn.last, turn.kept_going) and await _keep_going(page, turn)):
                    record.note(now, "round_trip_cap")
                    return "round-trip cap"
                keep_going_before = await _keep_going_count(page)
        settle = record.settle_time(opts.settle_s)
        wait = settle - quiet if record.spoke and not record.task_open else 0.25
        turn.wake.clear()
        try:
            await asyncio.wait_for(turn.wake.wait(), max(0.02, min(wait, deadline - now)))
        except TimeoutError:
            pass


def keeps_going(last_turn: bool, presses: int) -> bool:
    """Does the visitor press the embed's "Keep going" at its round-trip cap? On the task's
    last turn, as a visitor who asked for the whole thing does (an earlier turn's next words
    say what comes next), and at most :data:`MAX_KEEP_GOING` times in the turn."""
    return last_turn and presses < MAX_KEEP_GOING


async def _keep_going(page: Any, turn: _Turn) -> bool:
    """The newest "Keep going" pressed, and written down as the visitor's choice."""
    try:
        await page.locator(_HOOK.format("choice") + ":enabled", has_text=KEEP_GOING).last.click()
    except Exception as exc:
        turn.record.note(time.monotonic(), "keep_going_failed", error=_one_line(exc))
        return False
    turn.kept_going += 1
    turn.record.kept_going(time.monotonic(), KEEP_GOING)
    return True


async def _keep_going_count(page: Any) -> int:
    try:
        choice = page.locator(_HOOK.format("choice"), has_text=KEEP_GOING)
        return int(await choice.count())
    except Exception:  # mid-navigation
        return 0


async def _answer_gate(page: Any, record: TaskRecord, approve: bool) -> None:
    # The dialog on show now (an answered one may linger in the chat history).
    button = page.locator(_HOOK.format("confirm" if approve else "cancel") + ":visible").last
    try:
        await button.click()
    except Exception as exc:
        record.note(time.monotonic(), "confirmation_failed", error=_one_line(exc))
        record.pending_confirmation = False
        return
    record.confirmation_answered(time.monotonic(), approve)


async def _conclude(page: Any, task: EvalTask, record: TaskRecord, result: TaskResult,
                    screenshot: bool) -> None:
    try:  # a last click may have started loading another page: check that page
        await page.wait_for_load_state("domcontentloaded", timeout=READY_S * 1000)
    except Exception:
        pass
    if result.error is None:
        result.checks = await run_checks(page, task.task.checks, record.replies())
    result.unrequested_submit = task.task.submit is False and bool(record.submits)
    result.passed = (result.error is None and not result.unrequested_submit
                     and all(c.passed for c in result.checks))
    result.false_success = not result.passed and claims_success(record.last_agent_line())
    result.actions, result.failed_actions = record.actions, record.failed_actions
    result.keep_going = record.keep_going
    result.transcript = [line.as_dict() for line in record.transcript]
    result.timeline, result.submits = record.timeline, record.submits
    result.final_url = page.url
    if screenshot and not result.passed:
        try:
            result.screenshot = await page.screenshot(type="png", timeout=STEP_MS)
        except Exception:
            result.screenshot = None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
