"""The session service: joins and resume, recording client events, and handing them to
the task engine one at a time per session."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from leflux.agent.ports import Engine
from leflux.config import Limits
from leflux.errors import (
    Forbidden,
    InvalidPayload,
    LeaseLost,
    LeFluxRuntimeError,
    PayloadTooLarge,
    UnknownAction,
)
from leflux.metrics import Metrics
from leflux.protocol import (
    ActionComplete,
    ActionResult,
    CancelTask,
    ConfirmationResponse,
    ContinueTask,
    PageContextData,
    SequenceComplete,
    UpdateContext,
)
from leflux.session.catchup import CatchUp, resend_missed
from leflux.session.contexts import page_context, trim_context
from leflux.session.conversation import GATE_BLOCK, SessionConversation, to_history
from leflux.session.counters import MemoryCounters
from leflux.session.emitter import Emitter
from leflux.session.handover import answer_left_words, finish_cut_streams
from leflux.session.joins import JoinOwed, active_task, decide_join, owed_frames, replaced_socket
from leflux.session.locks import Turns
from leflux.session.pages import PageTrail
from leflux.session.quotas import Quotas
from leflux.session.resume import resume_stalled
from leflux.session.serial import SessionSerializer
from leflux.session.site import Site
from leflux.session.streams import StreamRegistry
from leflux.storage.fencing import Fence
from leflux.storage.pending import PendingMessages
from leflux.storage.store import Store

log = logging.getLogger("leflux.session")

# Sessions whose site is remembered (about 100 bytes each).
SITE_CACHE_SIZE = 100_000


class SessionService:
    def __init__(
        self,
        store: Store,
        emitter: Emitter,
        engine: Engine,
        *,
        streams: StreamRegistry,
        limits: Limits,
        metrics: Metrics,
        multi_process: bool = False,
        catch_up: CatchUp | None = None,
        turns: Turns | None = None,
        quotas: Quotas | None = None,
    ) -> None:
        self.store = store
        self.emitter = emitter
        self.engine = engine
        self.limits = limits
        self.metrics = metrics
        # The reply streams this process writes; its owner names this process.
        self.streams = streams
        self.owner = streams.owner
        # Single process: an unfinished stream not ours was cut off by a restart.
        self.multi_process = multi_process
        self.pending = PendingMessages(store.engine)
        # Redis mode: joins mid-stream of another process's reply.
        self.catch_up = catch_up
        # Per-session turns: in process memory, or across processes (Redis mode).
        self.serial: Turns = turns or SessionSerializer()
        self.quotas = quotas or Quotas(limits, MemoryCounters())
        self._unprepared = True  # no visitor's page yet (engine.prepare at the first)
        # session id -> its site. A session never changes site, so what a join or an
        # earlier message read stays true: the visitor's words need no read first.
        self._site_of: dict[str, str] = {}
        self._background: set[asyncio.Task[None]] = set()
        self.pages = PageTrail(store)

    def conversation(self, session_id: str, site: Site,
                     fence: Fence | None = None) -> SessionConversation:
        return SessionConversation(
            session_id, site.agent_view(), store=self.store, emitter=self.emitter,
            streams=self.streams, limits=self.limits, metrics=self.metrics, fence=fence,
        )

    # ------------------------------------------------------------------ join / resume

    async def join(self, sid: str, site: Site, session_id: str, ip: str) -> None:
        state = await self.store.join(session_id, site.name, sid,
                                      maybe_new=session_id not in self._site_of)
        if state.created:
            await self._count_created(session_id, sid, ip)
        self._remember_site(session_id, state.session.site_name)
        if state.session.site_name != site.name:
            raise Forbidden("This session belongs to another site.")
        replaced = replaced_socket(state, sid)
        if replaced:
            await self.emitter.kick(replaced, "This chat was opened in another tab or window.")
        owed = decide_join(state, session_id=session_id, owner=self.owner,
                           multi_process=self.multi_process,
                           streaming_here=session_id in self.streams.live,
                           turn_here=self.serial.busy(session_id))
        # From here to the last send_now nothing awaits: the live stream cannot add a
        # chunk between the snapshot and the room entry, so replay + live rest is exact.
        # Another process may be streaming: it puts the socket in the room once caught up.
        catching_up = bool(owed.foreign_streams) and self.catch_up is not None
        entered = (self.catch_up.connected(sid) if catching_up and self.catch_up
                   else self.emitter.enter_room(sid, session_id))
        if not entered:
            return  # the socket went away meanwhile; the next join resumes
        live = self.streams.live.get(session_id)
        for event, payload in owed_frames(owed, (live.stream_id, list(live.chunks))
                                          if live else None):
            self.emitter.send_now(sid, event, payload)
        for stream in owed.cut_streams:
            # Finished now: the visitor has its message_done, and it is history from here.
            await self.store.save_stream(stream.stream_id or "", stream.chunks or [], done=True)
        if owed.foreign_streams:
            self._spawn(self._hand_over(sid, session_id, catching_up, owed))
        if owed.left_words:
            self._spawn(answer_left_words(
                session_id, self.pending, self.serial,
                lambda text, fence: self._run(
                    session_id, site, "visitor_message",
                    lambda c: self.engine.on_visitor_message(c, text, None),
                    self.conversation(session_id, site, fence)),
            ))
        if owed.resume:  # after the left words: answering them may supersede the task
            self._spawn(resume_stalled(
                session_id, self.store, self.serial, self.engine,
                lambda fence: self.conversation(session_id, site, fence),
                functools.partial(self._run, session_id, site)))

    async def _hand_over(self, sid: str, session_id: str, catching_up: bool,
                         owed: JoinOwed) -> None:
        if catching_up and self.catch_up is not None:
            if not await self.catch_up.request(sid, session_id):
                await resend_missed(self.store, self.emitter, sid, session_id,
                                    stream_ids=owed.foreign_streams, owed_plan=owed.owed_plan,
                                    owed_prompt=owed.owed_prompt)
        await finish_cut_streams(session_id, self.store, self.emitter, self.serial)

    async def snapshot(self, session_id: str, site: Site) -> dict[str, Any]:
        """``GET /api/sessions/{id}``: the session as a joining socket would see it."""
        row = await self.store.get_session(session_id)
        if row is None:
            raise LookupError(session_id)
        if row.site_name != site.name:
            raise Forbidden("This session belongs to another site.")
        task = active_task(await self.store.open_task_of(session_id))
        body: dict[str, Any] = {
            "sessionId": session_id,
            "history": [to_history(m).wire() for m in await self.store.history(session_id)],
        }
        if task:
            body["activeTask"] = task.wire()
        return body

    # ------------------------------------------------------------------ engine hand-off

    async def _run(
        self, session_id: str, site: Site, name: str,
        step: Callable[[SessionConversation], Awaitable[None]],
        conv: SessionConversation | None = None,
    ) -> None:
        """Run one engine step inside the session's turn; failures become an ``error``."""
        conv = conv or self.conversation(session_id, site)
        started = time.perf_counter()
        try:
            # Refused before the planner runs: a spent budget costs no model call.
            await self.quotas.check_budget(site)
            # A safety net over the engine's planner timeout (no extra Task per event).
            async with asyncio.timeout(self.limits.planner_timeout_s + 30):
                await step(conv)
        except LeaseLost:
            # Another process holds this session's turn now: it answers the visitor.
            log.warning("session %s: this turn lost its lease; its writes were refused",
                        session_id)
        except LeFluxRuntimeError as exc:
            await self._safe_error(conv, exc.message, exc.code)
        except TimeoutError:
            await self._safe_error(conv, "The assistant took too long to answer.", "planner_error")
        except Exception:
            log.exception("engine failed on %s for session %s", name, session_id)
            await self._safe_error(
                conv, "Something went wrong on our side. Please try again.", "internal"
            )
        finally:
            self.metrics.engine_latency.labels(event=name).observe(
                time.perf_counter() - started
            )
            await self.quotas.settled()  # the next turn's budget check sees these tokens

    async def _safe_error(self, conv: SessionConversation, message: str, code: str) -> None:
        try:
            await conv.send_error(message, code)
        except Exception:  # the store or socket went away: nothing more to tell
            log.exception("could not send error to session %s", conv.session_id)

    async def action_complete(self, site: Site, ev: ActionComplete) -> None:
        session_id = ev.sessionId
        async with self.serial.turn(session_id) as fence:
            finished = await self.store.finish_action(session_id, ev.actionId,
                                                      ev.result.model_dump(), fence)
            if finished is None:
                # Not pending: a repeat (e.g. after a reconnect) is already recorded.
                if await self.store.get_action(session_id, ev.actionId) is None:
                    raise UnknownAction(
                        f"No action {ev.actionId[:64]!r} was sent in this session.")
                return
            result: ActionResult = ev.result
            conv = self.conversation(session_id, site, fence)
            conv.know_task(finished.task)  # read with the result: no second trip
            await self._run(session_id, site, "action_complete",
                            lambda c: self.engine.on_action_result(c, ev.actionId, result),
                            conv)

    async def sequence_complete(self, site: Site, ev: SequenceComplete) -> None:
        session_id = ev.sessionId
        async with self.serial.turn(session_id) as fence:
            seq = await self.store.latest_sequence(session_id)
            if seq is None:
                raise UnknownAction("No action sequence was sent in this session.")
            if seq.status == "done":
                return
            if not await self.store.complete_action(session_id, seq.id, ev.result.model_dump(),
                                                    fence):
                return
            await self._run(session_id, site, "sequence_complete",
                            lambda c: self.engine.on_sequence_result(c, ev.result),
                            self.conversation(session_id, site, fence))

    async def update_context(self, site: Site, ev: UpdateContext) -> None:
        if self._unprepared:  # the first page: the planner made once the event is done
            self._unprepared = False
            asyncio.get_running_loop().call_soon(self.engine.prepare)
        data = trim_context(ev.context, self.limits)
        async with self.serial.turn(ev.sessionId) as fence:
            await self.pages.seen(ev.sessionId, data)
            if await self.store.set_context(ev.sessionId, data) is None:
                # No open task as of the commit: storing it is all (on_context is for one).
                return
            await self._run(ev.sessionId, site, "update_context",
                            lambda c: self.engine.on_context(c, page_context(data)),
                            self.conversation(ev.sessionId, site, fence))

    async def continue_task(self, site: Site, ev: ContinueTask) -> None:
        data = trim_context(ev.context, self.limits)
        async with self.serial.turn(ev.sessionId) as fence:
            conv = self.conversation(ev.sessionId, site, fence)
            await self.pages.seen(ev.sessionId, data)
            if await self.store.set_context(ev.sessionId, data) is None:
                conv.assume_no_open_task()  # the engine need not read it again
            conv.note_context(data)
            await self._run(ev.sessionId, site, "continue_task",
                            lambda c: self.engine.on_continue(c, page_context(data)), conv)

    async def confirmation_response(self, site: Site, ev: ConfirmationResponse) -> None:
        async with self.serial.turn(ev.sessionId) as fence:
            task = await self.store.open_task_of(ev.sessionId)
            if task is None or task.state != "awaiting_confirmation":
                raise InvalidPayload("There is nothing waiting for a confirmation.")
            await self.store.add_event(ev.sessionId, "confirmation_answered",
                                       {"confirmed": ev.confirmed}, task.id)
            # The question stays in the transcript with its answer (for the next page).
            prompt = task.held_prompt or {}
            await self.store.add_message(
                ev.sessionId, "agent", str(prompt.get("message") or ""), block_type=GATE_BLOCK,
                data={"answer": "confirmed" if ev.confirmed else "declined",
                      "confirmLabel": str(prompt.get("confirm_label") or ""),
                      "cancelLabel": str(prompt.get("cancel_label") or "")},
                fence=fence)
            await self._run(ev.sessionId, site, "confirmation_response",
                            lambda c: self.engine.on_confirmation(c, ev.confirmed),
                            self.conversation(ev.sessionId, site, fence))

    async def cancel_task(self, site: Site, ev: CancelTask) -> None:
        """Stop: in the session's turn, so a planner already at work finishes first and
        its plan is the one cancelled. Nothing open (already done, or a second press):
        nothing to do, and no error."""
        async with self.serial.turn(ev.sessionId) as fence:
            task = await self.store.open_task_of(ev.sessionId)
            if task is None:
                return
            await self.store.add_event(ev.sessionId, "task_cancelled", {
                "message": f"The visitor pressed Stop ({task.state}).", "state": task.state},
                task.id)
            await self._run(ev.sessionId, site, "cancel_task", self.engine.on_cancel,
                            self.conversation(ev.sessionId, site, fence))

    # ------------------------------------------------------------------ visitor words

    async def visitor_message(
        self, site: Site, session_id: str, text: str, context: PageContextData | None,
        ip: str,
    ) -> str:
        """Record the visitor's words (persist first), answer later in the session's turn.

        Every check that can refuse runs before anything is stored: the site's budget,
        the address's messages and new sessions, then the session's own messages."""
        if len(text) > self.limits.max_message_chars:
            raise PayloadTooLarge(
                f"Messages can be at most {self.limits.max_message_chars} characters."
            )
        if not text.strip():
            raise InvalidPayload("The message is empty.")
        await self.quotas.check_budget(site)
        await self.quotas.ip_turn(ip)
        owner_site = self._site_of.get(session_id)
        if owner_site is None:
            await self._count_if_new(session_id, ip)
            row, _ = await self.store.ensure_session(session_id, site.name)
            owner_site = self._remember_site(session_id, row.site_name)
        if owner_site != site.name:
            raise Forbidden("This session belongs to another site.")
        await self.quotas.session_message(session_id)
        # Refuse now (503) rather than accept words that no turn could answer.
        await self.serial.ready()
        msg = await self.store.add_visitor_message(session_id, text)
        self.metrics.messages.inc()
        data = trim_context(context, self.limits) if context is not None else None
        self._spawn(self._answer(site, session_id, text, data, msg.id))
        return msg.id

    def forget(self, session_id: str) -> None:
        """The session was erased: drop what this process remembers of it."""
        self._site_of.pop(session_id, None)
        self.pages.forget(session_id)

    async def _count_if_new(self, session_id: str, ip: str) -> None:
        """A session id never seen before counts against its address's new sessions."""
        if session_id in self._site_of:
            return
        if not await self.store.session_exists(session_id):
            await self.quotas.new_session(ip)

    async def _count_created(self, session_id: str, sid: str, ip: str) -> None:
        """A join just created the session (the insert told, no read before it): it
        counts against its address's new sessions; refused, it is not kept."""
        try:
            await self.quotas.new_session(ip)
        except Exception:  # refused (or the counters away): as if never stored
            await self.store.drop_refused(session_id, sid)
            raise

    def _remember_site(self, session_id: str, site_name: str) -> str:
        if len(self._site_of) >= SITE_CACHE_SIZE:
            del self._site_of[next(iter(self._site_of))]  # the oldest entry
        self._site_of[session_id] = site_name
        return site_name

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _answer(
        self, site: Site, session_id: str, text: str, data: dict[str, Any] | None,
        message_id: str,
    ) -> None:
        try:
            async with self.serial.turn(session_id) as fence:
                conv = self.conversation(session_id, site, fence)
                if not await conv.is_pending(message_id):
                    return  # a join's hand-over answered it first
                page = None
                if data is not None:
                    page = page_context(data)
                    await self.pages.seen(session_id, data)
                    await self.store.set_context(session_id, data)
                    conv.note_context(data)
                conv.answering(message_id)
                await self._run(session_id, site, "visitor_message",
                                lambda c: self.engine.on_visitor_message(c, text, page), conv)
                if conv.unsettled is not None:  # nothing it stored settled them
                    await self.pending.settle(message_id)
        except LeFluxRuntimeError as exc:  # the turn could not be taken (Redis away)
            await self._safe_error(self.conversation(session_id, site), exc.message, exc.code)

    async def drain(self, grace_s: float = 5.0) -> None:
        """Let running answers finish on shutdown (bounded)."""
        if self._background:
            await asyncio.wait(set(self._background), timeout=grace_s)
