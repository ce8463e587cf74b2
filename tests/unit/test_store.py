"""The Store on SQLite and on the PostgreSQL server (migrations applied by Alembic)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from leflux.errors import StoreUnavailable
from leflux.session.taskrow import new_task_columns
from leflux.storage.opening import open_database
from leflux.storage.pending import PendingMessages
from leflux.storage.store import SiteRow, Store

PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"

# The stored columns of a new task, in the session layer's format.
NEW_TASK = new_task_columns()


async def _pg_available() -> bool:
    try:
        import asyncpg

        conn = await asyncio.wait_for(
            asyncpg.connect("postgresql://postgres@127.0.0.1:5432/test"), 3
        )
        await conn.close()
        return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
async def store(request, tmp_path) -> AsyncIterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
    else:
        if not await _pg_available():
            pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
        url = PG_URL
    s = Store(await open_database(url))
    yield s
    await s.close()


def sid() -> str:
    return str(uuid.uuid4())


async def test_sessions_messages_and_holder(store):
    s = sid()
    assert not await store.session_exists(s)
    row, created = await store.ensure_session(s, "default")
    assert await store.session_exists(s)
    assert created and row.site_name == "default"
    again, created = await store.ensure_session(s, "other")
    assert not created and again.site_name == "default"
    await store.add_message(s, "visitor", "hi")
    await store.add_message(s, "agent", "", block_type="choices", data={"options": []})
    hist = await store.history(s)
    assert [(m.role, m.text, m.block_type) for m in hist] == [
        ("visitor", "hi", None), ("agent", "", "choices")]
    assert hist[1].data == {"options": []}


async def test_a_turn_reads_a_window_of_the_history(store):
    s = sid()
    await store.ensure_session(s, "default")
    first = await store.add_visitor_message(s, "words 0")
    for i in range(1, 6):
        await store.add_message(s, "agent" if i % 2 else "visitor", f"words {i}")
    await store.start_stream(s, "st-w", "owner")  # still streaming: not history
    assert [m.text for m in await store.history(s, last=3)] == [
        "words 3", "words 4", "words 5"]
    state = await store.turn_state(s, last=2)
    assert [m.text for m in state.history] == ["words 4", "words 5"]
    assert state.task is None and state.context is None
    assert len((await store.turn_state(s, last=50)).history) == 6
    task_id = f"task-{uuid.uuid4()}"
    await store.create_task(s, task_id, "buy shoes", **NEW_TASK)
    await store.set_context(s, {"url": "u"})
    state = await store.turn_state(s, last=1)
    assert state.task is not None and state.task.id == task_id and state.task.goal == "buy shoes"
    assert state.context == {"url": "u"}
    await store.close_task(s, task_id)
    assert (await store.turn_state(s, last=1)).task is None
    # The oldest words are outside the window but still pending.
    pending = PendingMessages(store.engine)
    assert await pending.is_pending(first.id)
    await pending.settle(first.id)
    assert not await pending.is_pending(first.id)
    assert not await pending.is_pending("no-such-message")


async def test_reading_the_history_asks_no_row_for_a_column_its_statement_left_out(
        store, monkeypatch):
    # The history's statements leave the chunk lists out; asking each row for them went
    # through SQLAlchemy's missing-key path (an exception raised and caught per row).
    from sqlalchemy.engine.result import ResultMetaData

    s = sid()
    await store.ensure_session(s, "default")
    for i in range(4):
        await store.add_message(s, "visitor", f"words {i}", data={"i": i})
    await store.start_stream(s, "st-x", "owner")
    missing: list[object] = []
    real = ResultMetaData._key_not_found

    def counted(self: Any, key: Any, attr_error: bool) -> Any:
        missing.append(key)
        return real(self, key, attr_error)

    monkeypatch.setattr(ResultMetaData, "_key_not_found", counted)
    state = await store.turn_state(s, last=10)
    assert [m.data for m in state.history] == [{"i": i} for i in range(4)]
    assert all(m.chunks is None and m.done for m in state.history)
    joined = await store.join(s, "default", "sid-1")
    assert [m.text for m in joined.history] == [f"words {i}" for i in range(4)]
    assert [m.stream_id for m in joined.open_streams] == ["st-x"]
    assert joined.open_streams[0].chunks == []
    assert missing == []


async def test_streams_are_not_history_until_done(store):
    s = sid()
    await store.ensure_session(s, "default")
    await store.start_stream(s, "st-1", "owner")
    await store.save_stream("st-1", ["a", "b"])
    assert await store.history(s) == []
    [open_] = await store.open_streams(s)
    assert open_.chunks == ["a", "b"] and open_.owner == "owner"
    await store.save_stream("st-1", ["a", "b", "c"], done=True)
    assert [m.text for m in await store.history(s)] == ["abc"]
    assert await store.open_streams(s) == []


async def test_tasks_plans_and_actions(store):
    s = sid()
    await store.ensure_session(s, "default")
    t1 = f"task-{uuid.uuid4()}"  # the PostgreSQL database outlives test runs
    await store.create_task(s, t1, "sign me up", **NEW_TASK)
    plan = {"actions": [{"id": "a1", "type": "click_element"},
                        {"id": "a2", "type": "execute_generic_sequence", "actions": []}],
            "useUniversalIndexing": True}
    await store.record_plan(s, t1, plan, {"state": "awaiting_action", "plans_sent": 1})
    task = await store.open_task_of(s)
    assert task.outstanding_plan == plan and task.plans_sent == 1
    assert (await store.get_session(s)).active_task_id == t1
    assert (await store.get_action(s, "a1")).status == "pending"
    assert (await store.latest_sequence(s)).id == "a2"
    assert await store.get_action(s, "nope") is None
    assert await store.complete_action(s, "a1", {"success": True})
    assert not await store.complete_action(s, "a1", {"success": True})  # a repeat
    assert (await store.open_task_of(s)).outstanding_plan == plan  # a2 still pending
    assert await store.complete_action(s, "a2", {"success": True, "results": []})
    assert (await store.open_task_of(s)).outstanding_plan is None
    await store.close_task(s, t1, state="running")
    assert await store.open_task_of(s) is None
    assert (await store.get_session(s)).active_task_id is None


async def test_sites(store):
    name = f"site-{uuid.uuid4().hex[:8]}"
    assert await store.upsert_site(SiteRow(name=name, origins=["https://a.com"]))
    assert not await store.upsert_site(SiteRow(name=name, origins=["https://b.com"],
                                               suggestions=["Find shoes"]))
    row = next(x for x in await store.list_sites() if x.name == name)
    assert row.origins == ["https://b.com"] and row.suggestions == ["Find shoes"]


async def test_migrations_are_idempotent(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    for _ in range(2):
        engine = await open_database(url)
        await engine.dispose()


async def test_unreachable_database_is_one_clear_error():
    with pytest.raises(StoreUnavailable) as exc:
        await open_database("postgresql+asyncpg://postgres@127.0.0.1:1/test")
    assert "\n" not in exc.value.message and "database" in exc.value.message


async def test_join_in_one_transaction(store):
    s = sid()
    first = await store.join(s, "default", "sock-1")
    assert first.created and first.previous_holder is None and first.history == []
    await store.add_message(s, "visitor", "hi")
    await store.start_stream(s, "st-j", "owner")
    t = f"task-{uuid.uuid4()}"
    await store.create_task(s, t, "goal", **NEW_TASK)
    second = await store.join(s, "default", "sock-2")
    assert not second.created and second.previous_holder == "sock-1"
    assert [m.text for m in second.history] == ["hi"]
    assert [m.stream_id for m in second.open_streams] == ["st-j"]
    assert second.task is not None and second.task.id == t
    other = await store.join(s, "other-site", "sock-3")
    assert other.session.site_name == "default"  # refused by the caller, holder unchanged
    assert (await store.get_session(s)).holder_sid == "sock-2"
    known = await store.join(s, "default", "sock-4", maybe_new=False)  # read first
    assert not known.created and known.previous_holder == "sock-2"
    fresh = await store.join(sid(), "default", "sock-5", maybe_new=False)  # erased meanwhile
    assert fresh.created


async def test_refused_new_session_is_dropped(store):
    """A join's new session refused by its address's quota is undone, but only its own."""
    s = sid()
    assert (await store.join(s, "default", "sock-1")).created
    await store.drop_refused(s, "sock-other")  # another socket holds it: kept
    assert await store.session_exists(s)
    await store.drop_refused(s, "sock-1")
    assert not await store.session_exists(s)


async def test_joins_of_new_sessions_compile_no_statement(store):
    """A new session's insert is one statement built once: joins after the first compile
    nothing (a statement per join was compiled each time, ~25% of a join's CPU)."""
    from leflux.storage import direct

    await store.join(sid(), "default", "sock-0")
    cached = set(direct._CACHE)
    for i in range(20):
        state = await store.join(sid(), "default", f"sock-{i}")
        assert state.created and state.session.holder_sid == f"sock-{i}"
    assert set(direct._CACHE) == cached


async def test_migrations_match_the_tables(tmp_path):
    """Alembic's autogenerate finds nothing to add: tables.py and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from leflux.storage.tables import metadata

    engine = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'cmp.db'}")

    def diff(conn):
        return compare_metadata(MigrationContext.configure(conn), metadata)

    async with engine.connect() as conn:
        changes = await conn.run_sync(diff)
    await engine.dispose()
    assert changes == []


async def test_hot_writes_and_reads_use_an_index(tmp_path):
    """The statements every streamed reply and every turn run find their row by an
    index, not by scanning a table that grows with every chat (SQLite's query plan)."""
    engine = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'plan.db'}")
    plans = {
        "stream write": "UPDATE messages SET chunks = '[]' WHERE stream_id = 'x'",
        "active task": "SELECT tasks.* FROM sessions JOIN tasks ON tasks.id = "
                       "sessions.active_task_id WHERE sessions.id = 'x' AND tasks.is_open = 1",
        "history": "SELECT id FROM messages WHERE session_id = 'x' AND done = 1 ORDER BY seq",
        "pending": "SELECT pending FROM messages WHERE id = 'x'",
    }
    async with engine.connect() as conn:
        for name, sql in plans.items():
            rows = (await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")).all()
            detail = " | ".join(str(r[-1]) for r in rows)
            assert not any(str(r[-1]).startswith("SCAN") and "INDEX" not in str(r[-1])
                           for r in rows), f"{name} scans a table: {detail}"
    await engine.dispose()


async def test_group_commit_batches_and_reports_errors():
    from leflux.storage.batch import GroupCommit

    flushed: list[dict] = []
    fail = {"on": False}

    async def flush(batch):
        await asyncio.sleep(0.01)
        if fail["on"]:
            raise RuntimeError("disk full")
        flushed.append(dict(batch))

    gc = GroupCommit(flush)
    await asyncio.gather(*[gc.write(f"k{i % 5}", i) for i in range(50)])
    assert len(flushed) <= 3  # 50 writers, a couple of transactions
    merged: dict = {}
    for b in flushed:
        merged.update(b)
    assert merged == {f"k{j}": 45 + j for j in range(5)}  # the latest value per key
    fail["on"] = True
    results = await asyncio.gather(gc.write("a", 1), gc.write("b", 2), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
    fail["on"] = False
    await gc.write("c", 3)
    assert flushed[-1] == {"c": 3}


async def test_group_commit_without_a_task_while_the_flush_does_not_suspend():
    from leflux.storage.batch import GroupCommit

    flushed: list[dict] = []

    async def flush(batch):  # as the direct SQLite path: no await that suspends
        flushed.append(dict(batch))
        return {k: v * 10 for k, v in batch.items()}

    gc = GroupCommit(flush)
    before = len(asyncio.all_tasks())
    writes = [asyncio.ensure_future(gc.write(f"k{i % 3}", i)) for i in range(9)]
    await asyncio.sleep(0)  # the writers take their first step, queueing the batch
    assert gc._task is None and len(asyncio.all_tasks()) == before + len(writes)
    assert await asyncio.gather(*writes) == [60, 70, 80] * 3  # the latest value per key
    assert flushed == [{"k0": 6, "k1": 7, "k2": 8}]  # one batch
    assert await gc.write("a", 1) == 10 and flushed[-1] == {"a": 1}


async def test_group_commit_carried_on_by_a_task_can_be_cancelled():
    from leflux.storage.batch import GroupCommit

    started = asyncio.Event()

    async def flush(batch):
        started.set()
        await asyncio.sleep(30)

    gc = GroupCommit(flush)
    write = asyncio.ensure_future(gc.write("a", 1))
    await started.wait()
    assert gc._task is not None
    gc._task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await write
    await asyncio.sleep(0)
    assert gc._task is None and not gc._running


async def test_a_flush_carried_on_hears_a_cancel_that_comes_before_its_task_ran():
    from leflux.storage.batch import _Resumed

    heard: list[str] = []
    wait_on = asyncio.get_running_loop().create_future()

    async def flush() -> str:
        try:
            await wait_on
        except asyncio.CancelledError:
            heard.append("cancelled")
            raise
        return "done"

    coro = flush()
    task = asyncio.ensure_future(_Resumed(coro, coro.send(None)))
    task.cancel()  # before its first step
    with pytest.raises(asyncio.CancelledError):
        await task
    assert heard == ["cancelled"]
    other = flush()
    task = asyncio.ensure_future(_Resumed(other, other.send(None)))
    await asyncio.sleep(0)
    wait_on.set_result(None)
    assert await task == "done"


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


async def test_one_unwritable_context_fails_only_its_own_write(store):
    # 300 levels: orjson reads it but cannot write it. The edge refuses such a context;
    # should one reach the store anyway, the other writes of its batch still commit.
    ids = [sid() for _ in range(30)]
    for s in ids:
        await store.ensure_session(s, "default")
    poison = ids[7]
    results = await asyncio.gather(*[
        store.set_context(s, {"url": s, "viewport": _nested(300)} if s == poison
                          else {"url": s}) for s in ids], return_exceptions=True)
    failed = [s for s, r in zip(ids, results, strict=True) if isinstance(r, BaseException)]
    assert failed == [poison]
    for s in ids:
        if s != poison:
            assert (await store.get_session(s)).context == {"url": s}


async def test_concurrent_contexts_all_committed(store):
    ids = [sid() for _ in range(40)]
    for s in ids:
        await store.ensure_session(s, "default")
    await asyncio.gather(*[store.set_context(s, {"url": s}) for s in ids])
    for s in ids:
        assert (await store.get_session(s)).context == {"url": s}


async def test_set_context_tells_the_open_task_alone_and_in_a_batch(store):
    """The context write returns the session's active task as of its commit, so an
    update_context inside the session's turn needs no second read when there is none."""
    with_task, without = sid(), sid()
    for s in (with_task, without):
        await store.ensure_session(s, "default")
    task_id = f"task-{uuid.uuid4()}"  # the PostgreSQL database outlives the test
    await store.create_task(with_task, task_id, "buy shoes", **NEW_TASK)
    assert await store.set_context(without, {"url": "a"}) is None
    assert await store.set_context(with_task, {"url": "b"}) == task_id
    batch = await asyncio.gather(*[store.set_context(s, {"url": "c"})
                                   for s in (with_task, without, with_task)])
    assert batch == [task_id, None, task_id]
    await store.close_task(with_task, task_id)
    assert await store.set_context(with_task, {"url": "d"}) is None
    assert (await store.get_session(with_task)).context == {"url": "d"}


async def test_history_leaves_out_chunk_lists_unless_a_replay_asks(store):
    s = sid()
    await store.ensure_session(s, "default")
    await store.add_visitor_message(s, "hi")
    stream_id = f"stream-{uuid.uuid4()}"
    await store.start_stream(s, stream_id, "me")
    await store.save_stream(stream_id, ["Hel", "lo"], done=True)
    plain = await store.history(s)
    assert [(m.role, m.text, m.chunks) for m in plain] == [
        ("visitor", "hi", None), ("agent", "Hello", None)]
    assert plain[0].pending is True
    replay = await store.history(s, with_chunks=True)
    assert replay[1].chunks == ["Hel", "lo"] and replay[1].stream_id == stream_id


async def test_a_failed_context_write_leaves_the_store_usable(store):
    s = sid()
    await store.ensure_session(s, "default")
    from sqlalchemy.exc import StatementError

    with pytest.raises((TypeError, StatementError)):  # SQLite's fast path / SQLAlchemy
        await store.set_context(s, {"not json": {1, 2}})
    assert await store.set_context(s, {"url": "ok"}) is None
    await store.add_message(s, "agent", "still writing")
    assert (await store.get_session(s)).context == {"url": "ok"}
    assert [m.text for m in await store.history(s)] == ["still writing"]
