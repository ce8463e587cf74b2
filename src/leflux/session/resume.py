"""Resuming a task a killed process left between two of a turn's commits (after a join).

``joins.stalled`` says which tasks those are; this runs what they need, in the session's
turn: waited for like any other (in Redis mode that waits out a dead holder's lease, and
every write carries the turn's fence, so a turn another live process owns is never run
twice). Inside the turn the task is read again and asked again: the join's read was only
a hint, and whatever ran meanwhile (the turn that was live, another process, the
visitor's own events) may have settled it.

* "replan": ``Engine.on_continue`` on the session's latest page context, the entry point
  a ``continue_task`` takes for a ``running`` task: the engine plans the step again and
  the visitor gets its plan. Nothing of the task ran: its plan was never stored, so
  never sent.
* "results": the results stored for the last plan's actions, handed to
  ``Engine.on_action_result`` / ``on_sequence_result`` exactly as ``action_complete`` /
  ``sequence_complete`` would have. Nothing is planned here: the task then waits for the
  page (the embed sends ``continue_task`` with the page as it is now, see ``joins.py``),
  so the next step is never planned on a page from before the action ran.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from leflux.agent.ports import Conversation, Engine
from leflux.errors import LeFluxRuntimeError
from leflux.protocol import ActionResult, PageContext, SequenceResult
from leflux.session.conversation import SessionConversation
from leflux.session.joins import stalled, unreported_actions
from leflux.session.locks import Turns
from leflux.storage.fencing import Fence
from leflux.storage.rows import ActionRow
from leflux.storage.store import Store

log = logging.getLogger("leflux.session")

Step = Callable[[Conversation], Awaitable[None]]
# The service's ``_run`` for the session: one engine step (its name for the metrics)
# on a conversation, failures told to the visitor as an ``error``.
RunStep = Callable[[str, Step, SessionConversation], Awaitable[None]]


async def resume_stalled(session_id: str, store: Store, turns: Turns, engine: Engine,
                         conversation: Callable[[Fence | None], SessionConversation],
                         run: RunStep) -> None:
    """Resume the session's open task if it is still stalled once the turn is ours."""
    try:
        async with turns.turn(session_id) as fence:
            task = await store.open_task_of(session_id)
            what = stalled(task)
            if task is None or what is None:
                return  # settled meanwhile
            conv = conversation(fence)
            conv.know_task(task)  # read inside the turn: the step need not read it again
            if what == "replan":
                conv.run_again()  # its words were streamed already: not twice
                log.info("session %s: planning again a task whose plan was never stored",
                         session_id)
                await run("resume", lambda c: _replan(engine, c), conv)
                return
            rows = [await store.get_action(session_id, a) for a in unreported_actions(task)]
            done = [r for r in rows if r is not None and r.status == "done"]
            if done:
                log.info("session %s: handing the engine %d recorded result(s) it never "
                         "took in", session_id, len(done))
                await run("resume", lambda c: _redeliver(engine, c, done), conv)
    except LeFluxRuntimeError as exc:  # the turn could not be taken (Redis away, busy)
        log.warning("session %s: could not resume its task: %s", session_id, exc.message)


async def _replan(engine: Engine, conv: Conversation) -> None:
    # The page the task's words came with, or a later one; an empty page where the
    # session never sent one (the engine plans from the words alone).
    await engine.on_continue(conv, await conv.latest_context() or PageContext())


async def _redeliver(engine: Engine, conv: Conversation, rows: list[ActionRow]) -> None:
    """Each recorded result in plan order; the engine takes in a plan's first and ignores
    any repeat (as it does a repeated ``action_complete``)."""
    for row in rows:
        if row.is_sequence:
            await engine.on_sequence_result(conv, SequenceResult.model_validate(row.result))
        else:
            await engine.on_action_result(conv, row.id, ActionResult.model_validate(row.result))
