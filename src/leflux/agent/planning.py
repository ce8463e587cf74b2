"""One planner run: the planner's events for one request, its text streamed to the
visitor as it arrives (``Conversation.reply_stream``), the rest collected into an
``Outcome`` the engine acts on (a plan, a question, a finish, blocks)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field

from leflux.agent.planner import (
    AskConfirmation,
    FinishTask,
    Notice,
    PlanActions,
    PlanEvent,
    Planner,
    PlanRequest,
    ShowBlock,
    TextDelta,
)
from leflux.agent.ports import Conversation
from leflux.errors import LeFluxRuntimeError
from leflux.protocol import Step

log = logging.getLogger("leflux.agent.engine")

PLANNER_FAILED = "Sorry, I couldn't work that out just now. Please try again."
PLANNER_TIMED_OUT = "Sorry, that took too long to work out. Please try again."


@dataclass
class Outcome:
    """What one planner run produced, in order of arrival (text is streamed live)."""

    text: str = ""
    steps: list[Step] = field(default_factory=list)
    message: str | None = None
    ask: AskConfirmation | None = None
    finish: FinishTask | None = None
    blocks: list[ShowBlock | Notice] = field(default_factory=list)
    failed: bool = False
    planner: str | None = None   # which planner made the steps (hybrid: rules or the LLM)
    plan_ms: float | None = None


def _collect(planner: Planner, out: Outcome, ev: PlanEvent, started: float) -> None:
    """Keep what a planner event decides: the first plan (unless the task already
    finished), the first question, the first finish, every block and notice."""
    if isinstance(ev, PlanActions):
        if not out.steps and not out.finish:
            out.steps = list(ev.steps)
            out.message = ev.message
            out.planner = ev.planner or planner.name
            out.plan_ms = round((time.perf_counter() - started) * 1000, 1)
    elif isinstance(ev, AskConfirmation):
        out.ask = out.ask or ev
    elif isinstance(ev, FinishTask):
        out.finish = out.finish or ev
    elif isinstance(ev, ShowBlock | Notice):
        out.blocks.append(ev)


async def run_planner(planner: Planner, timeout_s: float, conv: Conversation,
                      request: PlanRequest) -> Outcome:
    """Run the planner once: its text streamed to the visitor as it comes, the rest
    collected; a timeout or failure is an outcome that says so, never a raise."""
    out = Outcome()
    t0 = time.perf_counter()
    gen = planner.plan(request)
    async with conv.reply_stream() as stream:
        try:
            async with asyncio.timeout(timeout_s):
                async for ev in gen:
                    if isinstance(ev, TextDelta):
                        if ev.text:
                            await stream.write(ev.text)
                    else:
                        _collect(planner, out, ev, t0)
        except TimeoutError:
            log.warning("planner %s timed out", planner.name)
            out.failed = True
            out.message = PLANNER_TIMED_OUT
        except LeFluxRuntimeError as e:  # already says what a visitor may read
            log.warning("planner %s failed: %s", planner.name, e.message)
            out.failed = True
            out.message = e.message
        except Exception:  # any other failure becomes a generic visitor-facing error
            log.exception("planner %s failed", planner.name)
            out.failed = True
            out.message = PLANNER_FAILED
        finally:
            # Close the stream on timeout/error too (an LLM planner holds an HTTP
            # response open inside it).
            aclose = getattr(gen, "aclose", None)
            if aclose is not None:
                with contextlib.suppress(Exception):
                    await aclose()
        out.text = stream.text
    return out
