"""How many transactions a turn's writes take: the end of a task (closed, with the
agent's closing words) is one, and all or nothing; the visitor's words are settled in
the transaction of the turn's first answer."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from leflux.agent.ports import SiteInfo, TaskRecord
from leflux.config import Limits
from leflux.metrics import Metrics
from leflux.session.conversation import TASK_SUMMARY_BLOCK, SessionConversation
from leflux.session.streams import StreamRegistry
from leflux.session.taskrow import new_task_columns
from leflux.storage.opening import open_database
from leflux.storage.pending import PendingMessages
from leflux.storage.rows import new_message
from leflux.storage.sqlite_driver import open_connection
from leflux.storage.store import Store


@pytest.fixture
async def store(tmp_path) -> AsyncIterator[Store]:
    s = Store(await open_database(f"sqlite+aiosqlite:///{tmp_path / 'turns.db'}"))
    yield s
    await s.close()


class Emitted:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    async def to_session(self, session_id: str, event: str, payload: dict[str, Any]) -> None:
        self.events.append((event, payload))


class Transactions:
    """Counts the transactions SQLite runs on the store's connection, through
    SQLAlchemy or storage/direct.py alike (SQLite's trace of each ``BEGIN``)."""

    def __init__(self, store: Store) -> None:
        conn = open_connection(store.engine)
        assert conn is not None, "the store's statements should run directly on SQLite"
        self.conn, self.begun = conn, 0
        conn.set_trace_callback(self._trace)

    def _trace(self, sql: str) -> None:
        self.begun += sql.lstrip().upper().startswith("BEGIN")

    def stop(self) -> int:
        self.conn.set_trace_callback(None)
        return self.begun


def conversation_of(store: Store, session_id: str,
                    emitted: Emitted | None = None) -> SessionConversation:
    emitted = emitted or Emitted()
    return SessionConversation(
        session_id, SiteInfo(name="default"), store=store, emitter=emitted,  # type: ignore[arg-type]
        streams=StreamRegistry(store, emitted, "owner"),  # type: ignore[arg-type]
        limits=Limits(), metrics=Metrics())


async def test_a_task_ends_with_its_closing_words_in_one_transaction(store):
    session_id = str(uuid.uuid4())
    await store.ensure_session(session_id, "default")
    task = TaskRecord(task_id=f"task-{uuid.uuid4()}", goal="apply the coupon")
    await store.create_task(session_id, task.task_id, task.goal, **new_task_columns())
    emitted = Emitted()
    conv = conversation_of(store, session_id, emitted)
    counted = Transactions(store)
    await conv.complete_task(task, "Applied the coupon.", "Done: the coupon is applied.")
    assert counted.stop() == 1
    assert await store.open_task_of(session_id) is None
    [closing] = await store.history(session_id)
    assert (closing.role, closing.text, closing.block_type, closing.data) == (
        "agent", "Done: the coupon is applied.", TASK_SUMMARY_BLOCK,
        {"summary": "Applied the coupon."})
    assert emitted.events == [("task_complete", {"summary": "Applied the coupon.",
                                                 "message": "Done: the coupon is applied."})]


async def test_a_task_whose_closing_words_cannot_be_stored_stays_open(store):
    session_id = str(uuid.uuid4())
    await store.ensure_session(session_id, "default")
    task_id = f"task-{uuid.uuid4()}"
    await store.create_task(session_id, task_id, "apply the coupon", **new_task_columns())
    taken = await store.add_message(session_id, "agent", "earlier words")
    clash = new_message("agent", "closing words")
    clash.id = taken.id  # the same id: the insert fails, the close with it
    with pytest.raises(IntegrityError):
        await store.close_task(session_id, task_id, message=clash)
    assert (await store.open_task_of(session_id)) is not None
    assert [m.text for m in await store.history(session_id)] == ["earlier words"]


async def test_a_turns_first_answer_settles_the_visitors_words_in_its_transaction(store):
    # The pending mark (storage/pending.py) went in a transaction of its own after the
    # turn; a new task or the agent's words settle it in theirs.
    session_id = str(uuid.uuid4())
    await store.ensure_session(session_id, "default")
    pending = PendingMessages(store.engine)
    for answer in ("task", "words"):
        words = await store.add_visitor_message(session_id, f"please do it ({answer})")
        conv = conversation_of(store, session_id)
        conv.answering(words.id)
        counted = Transactions(store)
        if answer == "task":
            await conv.open_task("do it")
        else:
            await conv.say("Which one?", is_question=True)
        assert counted.stop() == 1
        assert conv.unsettled is None and not await pending.is_pending(words.id)
    # A later write settles nothing more.
    await conv.say("Anything else?")
    assert conv.unsettled is None


async def test_words_whose_answer_was_not_stored_stay_unsettled(store, monkeypatch):
    session_id = str(uuid.uuid4())
    await store.ensure_session(session_id, "default")
    words = await store.add_visitor_message(session_id, "please do it")
    conv = conversation_of(store, session_id)
    conv.answering(words.id)

    async def refused(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database is away")

    monkeypatch.setattr(store, "create_task", refused)
    with pytest.raises(RuntimeError):
        await conv.open_task("do it")
    # The service settles them after the turn, as it always did (session/service.py).
    assert conv.unsettled == words.id
    assert await PendingMessages(store.engine).is_pending(words.id)
