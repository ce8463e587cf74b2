"""storage/direct.py: the Store's statements run straight on the SQLite connection read
and write what SQLAlchemy's execution would, and step aside where they may not run."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from leflux.session.taskrow import new_task_columns
from leflux.storage import direct
from leflux.storage.opening import open_database
from leflux.storage.sqlite_driver import open_connection
from leflux.storage.store import Store


@pytest.fixture
async def store(tmp_path) -> AsyncIterator[Store]:
    s = Store(await open_database(f"sqlite+aiosqlite:///{tmp_path / 'direct.db'}"))
    yield s
    await s.close()


class Traced:
    """The statements SQLite runs on the engine's connection."""

    def __init__(self, store: Store) -> None:
        conn = open_connection(store.engine)
        assert conn is not None
        self.conn, self.sql = conn, []
        conn.set_trace_callback(self.sql.append)

    def stop(self) -> list[str]:
        self.conn.set_trace_callback(None)
        return self.sql


def through_sqlalchemy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(direct, "open_connection", lambda engine: None)


async def a_turn(store: Store) -> tuple[str, str]:
    """A session with words, an open task with a plan, and a finished action."""
    sid = str(uuid.uuid4())
    await store.ensure_session(sid, "default")
    words = await store.add_visitor_message(sid, "apply the coupon")
    await store.set_context(sid, {"url": "http://x.test/", "title": "Form",
                                  "indexedElements": [{"id": 1, "tag": "button"}]})
    task_id = f"task-{uuid.uuid4()}"
    await store.create_task(sid, task_id, "apply the coupon", **new_task_columns(),
                            settles=words.id)
    plan = {"actions": [{"id": "a-1", "type": "click", "elementId": 1}]}
    await store.record_plan(sid, task_id, plan, {"plans_sent": 1, "state": "awaiting_action"})
    assert await store.complete_action(sid, "a-1", {"success": True, "elementId": 1})
    await store.add_message(sid, "agent", "Done.", block_type="note", data={"n": [1, 2]})
    await store.join(sid, "default", "sock-1")
    return sid, task_id


async def reads(store: Store, sid: str, task_id: str) -> list[Any]:
    state = await store.turn_state(sid, last=40)
    return [state, await store.get_session(sid), await store.open_task_of(sid),
            await store.get_task(task_id), await store.get_action(sid, "a-1"),
            await store.history(sid), await store.history(sid, with_chunks=True, last=2),
            await store.join(sid, "default", "sock-1")]


async def test_a_turns_reads_and_writes_match_sqlalchemys(store, monkeypatch):
    written_directly = await a_turn(store)
    with monkeypatch.context() as m:
        through_sqlalchemy(m)
        written_by_sqlalchemy = await a_turn(store)
    for sid, task_id in (written_directly, written_by_sqlalchemy):
        traced = Traced(store)
        read_directly = await reads(store, sid, task_id)
        assert traced.stop(), "the reads ran on the connection directly"
        with monkeypatch.context() as m:
            through_sqlalchemy(m)
            assert await reads(store, sid, task_id) == read_directly
    [state, _, task, *_] = await reads(store, *written_directly)
    assert state.context["indexedElements"] == [{"id": 1, "tag": "button"}]
    assert task.is_open is True and task.outstanding_plan is None  # all its actions done
    assert [m.pending for m in state.history] == [False, False]  # settled with the task
    assert state.history[-1].data == {"n": [1, 2]}


async def test_an_insert_takes_the_columns_defaults(store):
    sid = str(uuid.uuid4())
    await store.ensure_session(sid, "default")
    await store.start_stream(sid, "stream-1", "owner")  # no "text", "done" given: defaults
    [row] = await store.open_streams(sid)
    assert (row.text, row.done, row.chunks) == ("", False, [])
    await store.save_stream("stream-1", ["Hel", "lo"], done=True)
    assert [(m.text, m.done) for m in await store.history(sid)] == [("Hello", True)]


async def test_a_failed_write_is_rolled_back_and_raised_as_sqlalchemy_would(store):
    sid = str(uuid.uuid4())
    await store.ensure_session(sid, "default")
    task_id = f"task-{uuid.uuid4()}"
    await store.create_task(sid, task_id, "first", **new_task_columns())
    traced = Traced(store)
    with pytest.raises(IntegrityError):  # the same task id again
        await store.create_task(sid, task_id, "second", **new_task_columns())
    assert any(s.startswith("ROLLBACK") for s in traced.stop())
    assert (await store.get_task(task_id)).goal == "first"
    assert open_connection(store.engine).in_transaction is False


async def test_inside_a_transaction_of_sqlalchemys_it_steps_aside(store):
    sid = str(uuid.uuid4())
    await store.ensure_session(sid, "default")
    async with store.engine.connect() as conn:
        await conn.execute(text("UPDATE sessions SET outcome = 'x' WHERE id = :s"), {"s": sid})
        # The connection is checked out and mid-transaction: a direct write would land
        # in it. The Store's write waits for the pool instead (and would time out here).
        assert direct._direct(store.engine) is None
        await conn.rollback()
    assert direct._direct(store.engine) is not None


def test_statements_built_per_call_do_not_grow_the_cache():
    from sqlalchemy.dialects import sqlite

    from leflux.storage.tables import sessions

    dialect = sqlite.dialect()
    for i in range(direct._CACHE_SIZE + 10):
        direct._compiled(sessions.select().where(sessions.c.id == str(i)), ("x",), False,
                         dialect)
    assert len(direct._CACHE) <= direct._CACHE_SIZE


async def a_timeline(store: Store) -> str:
    """A session's pages and events as the timeline records them."""
    sid = str(uuid.uuid4())
    await store.ensure_session(sid, "default")
    assert await store.record_page(sid, "http://x.test/a", "A") is True
    assert await store.record_page(sid, "http://x.test/a", "A again") is False  # the same
    await store.add_event(sid, "page_said", {"alerts": ["Saved."]})
    assert await store.record_page(sid, "http://x.test/b", "B") is True
    await store.add_event(sid, "task_cancelled", {"state": "running"}, "task-1")
    return sid


async def test_the_timelines_writes_run_directly_and_store_what_sqlalchemy_would(
        store, monkeypatch):
    through_engine: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        through_engine.append(statement)

    event.listen(store.engine.sync_engine, "before_cursor_execute", seen)
    directly = await a_timeline(store)
    assert through_engine == []  # none of its statements went through SQLAlchemy's engine
    with monkeypatch.context() as m:
        through_sqlalchemy(m)
        by_sqlalchemy = await a_timeline(store)
    event.remove(store.engine.sync_engine, "before_cursor_execute", seen)
    assert through_engine  # the same writes through the engine (the fallback) are seen

    async def events(sid: str) -> list[tuple[Any, ...]]:
        dump = await store.dump_session(sid)
        assert dump is not None
        return [(e.kind, e.task_id, e.data) for e in dump.events]

    assert await events(directly) == await events(by_sqlalchemy) == [
        ("page", None, {"url": "http://x.test/a", "title": "A"}),
        ("page_said", None, {"alerts": ["Saved."]}),
        ("page", None, {"url": "http://x.test/b", "title": "B"}),
        ("task_cancelled", "task-1", {"state": "running"}),
    ]


async def test_a_context_is_stored_as_the_text_sqlalchemys_json_type_writes(store, monkeypatch):
    from leflux.storage.db import dumps_json

    context = {"url": "http://x.test/café", "title": "Café — 東京 🛒",
               "indexedElements": [{"id": 1, "tag": "button", "text": "Añadir"}]}

    async def written(n: int) -> list[tuple[str, str]]:
        sids = [str(uuid.uuid4()) for _ in range(n)]
        for sid in sids:
            await store.ensure_session(sid, "default")
        await asyncio.gather(*(store.set_context(sid, context) for sid in sids))  # a batch
        for sid in sids:  # and read back as written
            assert (await store.get_session(sid)).context == context
        conn = open_connection(store.engine)
        return [conn.execute("SELECT typeof(context), context FROM sessions WHERE id = ?",
                             (sid,)).fetchone() for sid in sids]

    expected = ("text", dumps_json(context))
    assert await written(1) == [expected] and await written(3) == [expected] * 3
    with monkeypatch.context() as m:
        through_sqlalchemy(m)  # the driver connection's own calls, the same statements
        assert await written(1) == [expected] and await written(3) == [expected] * 3


async def test_each_statements_arguments_are_what_construct_params_makes(store, monkeypatch):
    # The arguments are worked out once per statement (direct._plan); every call of a
    # turn, its reads, a stream and a task's end is checked against SQLAlchemy's own
    # construct_params, and none of these statements needs it.
    checked: list[str] = []
    real = direct._Compiled.args

    def both(self: direct._Compiled, params: Any) -> tuple[Any, ...]:
        assert self.plan is not None, self.sql
        fast = real(self, params)
        assert fast == self.construct_args(params), self.sql
        checked.append(self.sql)
        return fast

    monkeypatch.setattr(direct._Compiled, "args", both)
    sid, task_id = await a_turn(store)
    await reads(store, sid, task_id)
    await store.update_task(task_id, state="awaiting_context", plans_sent=1)
    await store.start_stream(sid, "st-1", "owner")
    await store.save_stream("st-1", ["Hel", "lo"], done=True)
    await store.close_task(sid, task_id, "completed", message=None, goal="g")
    assert len(checked) >= 15 and len(set(checked)) >= 12
