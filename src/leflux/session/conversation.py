"""``ports.Conversation`` implemented on the store and the emitter: persist, then emit."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from leflux.agent.planner import HISTORY_WINDOW
from leflux.agent.ports import ReplyStream, SiteInfo, TaskOutcome, TaskRecord
from leflux.config import Limits
from leflux.errors import LimitReached, TaskUnreadable
from leflux.metrics import Metrics
from leflux.protocol import (
    ActionPlan,
    ConfirmationRequired,
    HistoryMessage,
    Message,
    PageContext,
    TaskComplete,
    UiBlock,
)
from leflux.session.emitter import Emitter
from leflux.session.streams import StreamRegistry
from leflux.session.taskrow import new_task_columns, task_values, to_record
from leflux.session.unrepeated import (
    UnrepeatedStream,
    earlier_reply,
    said_before,
    since_visitor,
)
from leflux.storage.fencing import Fence
from leflux.storage.pending import PendingMessages
from leflux.storage.rows import new_message
from leflux.storage.store import MessageRow, Store, TaskRow

TASK_SUMMARY_BLOCK = "task_complete"
# An answered question of the high-stakes gate, kept in the transcript (text: the
# question; data: {answer: "confirmed" | "declined", confirmLabel, cancelLabel}).
GATE_BLOCK = "confirmation"
_UNREAD = object()

log = logging.getLogger(__name__)


def to_history(row: MessageRow) -> HistoryMessage:
    return HistoryMessage(
        id=row.id, role=row.role,  # type: ignore[arg-type]
        text=row.text, createdAt=row.created_at, blockType=row.block_type, data=row.data,
    )


class SessionConversation:
    def __init__(
        self,
        session_id: str,
        site: SiteInfo,
        *,
        store: Store,
        emitter: Emitter,
        streams: StreamRegistry,
        limits: Limits,
        metrics: Metrics,
        fence: Fence | None = None,
    ) -> None:
        self.session_id = session_id
        # The turn's fencing token (Redis mode): every write below carries it.
        self._fence = fence
        self.site = site
        self._store = store
        self._emitter = emitter
        self._streams = streams
        self._limits = limits
        self._metrics = metrics
        # The open task and the history, each read at most once per engine step and
        # kept until this conversation writes anything (1,000 turns starting at once
        # queue on the database: fewer trips each).
        self._task: TaskRow | object | None = _UNREAD
        self._history: list[MessageRow] | None = None
        # The session's stored page context as of the turn's first read (or as the
        # service just stored it: see ``note_context``).
        self._context: dict[str, Any] | object | None = _UNREAD
        # The visitor's words this turn answers, until a write that answers them (a
        # task, the agent's words) settled their pending mark in its own transaction.
        self.unsettled: str | None = None
        # A step run again (``session/resume.py``): what it said the first time, since
        # the visitor's last words, is not said twice (``unrepeated.py``).
        self._again = False
        self._said: list[MessageRow] | None = None

    async def _read_task(self) -> TaskRow | None:
        if self._task is _UNREAD:
            if self._history is None:  # a step that plans reads both: one trip
                await self._read_history()
            else:
                self._task = await self._store.open_task_of(self.session_id)
        return self._task  # type: ignore[return-value]

    async def _read_history(self) -> list[MessageRow]:
        if self._history is None:
            if self._task is _UNREAD:  # both, in one trip
                state = await self._store.turn_state(self.session_id, last=HISTORY_WINDOW)
                self._task, self._history = state.task, state.history
                if self._context is _UNREAD:
                    self._context = state.context
            else:
                self._history = await self._store.history(self.session_id,
                                                          last=HISTORY_WINDOW)
        return self._history

    def answering(self, message_id: str) -> None:
        """This turn answers these visitor words (``storage/pending.py``): the first
        task or agent message it stores settles them in the same transaction, one
        transaction less per turn. A write counts only where the hand-over on join
        (``session/handover.py``) would count it as an answer too."""
        self.unsettled = message_id

    def run_again(self) -> None:
        """This step runs again (its process died before it was done): what it already
        said is held back (``session/unrepeated.py``)."""
        self._again = True

    async def _said_before(self) -> list[MessageRow]:
        if self._again and self._said is None:  # as of the first output, before any write
            self._said = since_visitor(await self._read_history())
        return self._said or []

    def assume_no_open_task(self) -> None:
        """The caller just read, inside the session's turn, that there is none."""
        if self._task is _UNREAD:
            self._task = None

    def know_task(self, row: TaskRow | None) -> None:
        """The caller just read, inside the session's turn, the open task (or that there
        is none): the engine step reads neither it nor the history for it again."""
        self._task = row

    def _changed(self) -> None:
        self._task, self._history = _UNREAD, None

    async def is_pending(self, message_id: str) -> bool:
        """Are these visitor words still unanswered (see ``storage/pending.py``)? Read
        with the turn's window of the history; asked alone only when older than it."""
        for m in await self._read_history():
            if m.id == message_id:
                return m.pending
        return await PendingMessages(self._store.engine).is_pending(message_id)

    async def _emit(self, event: str, payload: dict[str, Any]) -> None:
        await self._emitter.to_session(self.session_id, event, payload)

    # ----------------------------------------------------------- reads

    async def history(self) -> list[HistoryMessage]:
        return [to_history(r) for r in await self._read_history()]

    def note_context(self, data: dict[str, Any]) -> None:
        """The service stored this context inside the turn: it is the latest now."""
        self._context = data

    async def latest_context(self) -> PageContext | None:
        if self._context is _UNREAD:
            row = await self._store.get_session(self.session_id)
            self._context = row.context if row is not None else None
        data = self._context
        if not data:
            return None
        return PageContext.model_validate(data)

    async def active_task(self) -> TaskRecord | None:
        row = await self._read_task()
        if row is None:
            return None
        try:
            return to_record(row)
        except TaskUnreadable as exc:
            # Not guessed at, and not left open to fail every later turn: closed as
            # failed (its columns kept as they are, for a look), the visitor told.
            log.warning("session %s: %s; the task is closed", self.session_id, exc)
            self._changed()
            await self._store.close_task(self.session_id, row.id, "failed", fence=self._fence)
            raise

    # ----------------------------------------------------------- tasks

    async def open_task(self, goal: str) -> TaskRecord:
        self._changed()
        task = TaskRecord(task_id=f"task-{uuid.uuid4()}", goal=goal)
        settles = self.unsettled
        await self._store.create_task(self.session_id, task.task_id, goal,
                                      **new_task_columns(), fence=self._fence, settles=settles)
        self.unsettled = None  # only once it is committed
        return task

    async def save_task(self, task: TaskRecord) -> None:
        self._changed()
        await self._store.update_task(task.task_id, fence=self._fence, **task_values(task))

    # ----------------------------------------------------------- output

    @asynccontextmanager
    async def reply_stream(self) -> AsyncIterator[ReplyStream]:
        earlier = earlier_reply(await self._said_before()) if self._again else ""
        try:
            async with self._streams.open(self.session_id) as stream:
                yield UnrepeatedStream(stream, earlier) if earlier else stream
        finally:
            self._changed()  # the reply is history now

    async def say(self, text: str, *, is_question: bool = False, is_error: bool = False) -> None:
        msg = Message(text=text, isQuestion=is_question or None, isError=is_error or None)
        flags = {k: v for k, v in msg.wire().items() if k != "text"}
        if self._again and said_before(await self._said_before(), text, None, flags or None):
            return
        self._changed()
        await self._agent_message(text, data=flags or None)
        await self._emit("message", msg.wire())

    async def _agent_message(self, text: str, *, block_type: str | None = None,
                             data: dict[str, Any] | None = None) -> None:
        settles = self.unsettled
        await self._store.add_message(self.session_id, "agent", text, block_type=block_type,
                                      data=data, fence=self._fence, settles=settles)
        self.unsettled = None  # only once it is committed

    async def send_plan(self, task: TaskRecord, plan: ActionPlan) -> None:
        self._changed()
        if task.plans_sent >= self._limits.plans_per_task:
            # Server policy: the engine should have ended the task already.
            raise LimitReached()
        task.plans_sent += 1
        task.state = "awaiting_action"
        payload = plan.wire()
        await self._store.record_plan(
            self.session_id, task.task_id, payload, task_values(task), self._fence
        )
        await self._emit("action_plan", payload)

    async def hold_for_confirmation(
        self, task: TaskRecord, plan: ActionPlan | None, prompt: ConfirmationRequired
    ) -> None:
        self._changed()
        task.state = "awaiting_confirmation"
        await self._store.update_task(
            task.task_id,
            fence=self._fence,
            held_plan=plan.wire() if plan else None,
            held_prompt=prompt.wire(),
            **task_values(task),
        )
        await self._store.add_event(self.session_id, "confirmation_asked",
                                    {"message": prompt.message}, task.task_id)
        await self._emit("confirmation_required", prompt.wire())

    async def take_held_plan(self, task: TaskRecord) -> ActionPlan | None:
        self._changed()
        row = await self._store.get_task(task.task_id)
        if row is None:
            return None
        await self._store.update_task(task.task_id, fence=self._fence, held_plan=None,
                                      held_prompt=None)
        return ActionPlan.model_validate(row.held_plan) if row.held_plan else None

    async def show_block(self, block: UiBlock) -> None:
        if self._again and said_before(await self._said_before(), block.message or "",
                                       block.block_type, block.data):
            return
        self._changed()
        await self._agent_message(block.message or "", block_type=block.block_type,
                                  data=block.data)
        await self._emit("ui_block", block.wire())

    async def complete_task(self, task: TaskRecord, summary: str, message: str, *,
                            outcome: TaskOutcome = "completed") -> None:
        known, window = self._task, self._history
        self._changed()
        closing = new_message("agent", message, block_type=TASK_SUMMARY_BLOCK,
                              data={"summary": summary})
        await self._store.close_task(self.session_id, task.task_id, outcome, fence=self._fence,
                                     message=closing, **task_values(task))
        if isinstance(known, TaskRow) and known.id == task.task_id:
            # The open task it read is closed: none is open now, and the history window
            # is the one read plus the closing words (a step that plans next reads
            # nothing again; visitor words stored meanwhile wait for their own turn).
            self._task = None
            if window is not None:
                self._history = [*window, closing][-HISTORY_WINDOW:]
        await self._emit("task_complete", TaskComplete(summary=summary, message=message).wire())

    async def send_error(self, message: str, code: str) -> None:
        self._metrics.errors.labels(code=code).inc()
        # Kept for the owner's console; a store that is away must not hide the error.
        with contextlib.suppress(Exception):
            await self._store.add_event(self.session_id, "error",
                                        {"code": code, "message": message})
        await self._emit("error", {"message": message, "code": code})
