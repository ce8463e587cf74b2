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


class Statements(Transactions):
    """Counts the statements too (each ``SELECT``, ``INSERT``, ``UPDATE``)."""

    def __init__(self, store: Store) -> None:
        self.run = 0
        super().__init__(store)

    def _trace(self, sql: str) -> None:
        super()._trace(sql)
        self.run += sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE"))


async def test_a_result_is_recorded_with_the_open_task_read_in_one_transaction(store):
    session_id = str(uuid.uuid4())
    await store.ensure_session(session_id, "default")
    task_id = f"task-{uuid.uuid4()}"
    await store.create_task(session_id, task_id, "apply the coupon", **new_task_columns())
    plan = {"actions": [{"id": "a1", "type": "click_element"}]}
    await store.record_plan(session_id, task_id, plan, {"state": "awaiting_action"})
    counted = Statements(store)
    finished = await store.finish_action(session_id, "a1", {"success": True})
    # The result, the open task, the plan no longer owed: one action asks no count.
    assert (counted.stop(), counted.run) == (1, 3)
    assert finished is not None and finished.task is not None
    assert finished.task.id == task_id and finished.task.outstanding_plan is None
    assert finished.task == await store.open_task_of(session_id)
    assert await store.finish_action(session_id, "a1", {"success": True}) is None  # a repeat
    assert (await store.get_action(session_id, "a1")).result == {"success": True}


async def test_a_late_result_of_a_closed_task_reads_the_open_one(store):
    session_id = str(uuid.uuid4())
    await store.ensure_session(session_id, "default")
    old, new = f"task-{uuid.uuid4()}", f"task-{uuid.uuid4()}"
    two = {"actions": [{"id": "b1", "type": "click_element"},
                       {"id": "b2", "type": "click_element"}]}
    await store.create_task(session_id, old, "first", **new_task_columns())
    await store.record_plan(session_id, old, two, {"state": "awaiting_action"})
    await store.close_task(session_id, old, "abandoned")
    await store.create_task(session_id, new, "second", **new_task_columns())
    finished = await store.finish_action(session_id, "b1", {"success": True})
    assert finished is not None and finished.task is not None and finished.task.id == new
    assert (await store.get_task(old)).outstanding_plan is None  # closed: cleared then
    # Of an open task's two actions, the plan stays owed until both are done.
    await store.record_plan(session_id, new, {"actions": [{"id": "c1"}, {"id": "c2"}]},
                            {"state": "awaiting_action"})
    assert (await store.finish_action(session_id, "c1", {})).task.outstanding_plan
    assert (await store.finish_action(session_id, "c2", {})).task.outstanding_plan is None


async def test_closing_the_task_it_read_keeps_the_turns_history_window(store):
    # A new request supersedes the open task, then plans: the history the planner gets
    # is the window read at the start plus the closing words, as the store has it.
    session_id = str(uuid.uuid4())
    await store.ensure_session(session_id, "default")
    for i in range(45):
        await store.add_message(session_id, "visitor" if i % 2 else "agent", f"words {i}",
                                data={"i": i} if i % 3 else None)
    task = TaskRecord(task_id=f"task-{uuid.uuid4()}", goal="apply the coupon")
    await store.create_task(session_id, task.task_id, task.goal, **new_task_columns())
    conv = conversation_of(store, session_id)
    assert (await conv.active_task()) is not None
    await conv.complete_task(task, "Superseded.", "I stopped the previous task.",
                             outcome="abandoned")
    counted = Statements(store)
    assert await conv.active_task() is None
    window = await conv.history()
    assert counted.stop() == 0 and counted.run == 0
    fresh = conversation_of(store, session_id)
    assert window == await fresh.history() and len(window) == 40
    assert window[-1].text == "I stopped the previous task."
