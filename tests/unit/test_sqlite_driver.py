"""The SQLite driver connection under the engine (storage/sqlite_driver.py): statements
and commits run on the event loop in one call each, WAL checkpoints on the connection's
thread, and the engine sees the same rows, counts and errors as through any other
SQLite driver."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from leflux.storage.db import make_engine

meta = MetaData()
items = Table("items", meta, Column("id", Integer, primary_key=True),
              Column("name", String, unique=True))


@pytest.fixture
async def engine(tmp_path):
    eng = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with eng.begin() as conn:
        await conn.run_sync(meta.create_all)
    yield eng
    await eng.dispose()


async def test_rows_counts_returning_and_many(engine):
    async with engine.begin() as conn:
        res = await conn.execute(insert(items), {"name": "a"})
        assert res.inserted_primary_key == (1,)
        await conn.execute(insert(items), [{"name": "b"}, {"name": "c"}])
        changed = await conn.execute(
            update(items).where(items.c.name != "a").values(name=items.c.name + "!")
            .returning(items.c.id))
        assert sorted(r[0] for r in changed) == [2, 3]
    async with engine.connect() as conn:
        names = (await conn.execute(select(items.c.name).order_by(items.c.id))).scalars().all()
        assert names == ["a", "b!", "c!"]
        res = await conn.execute(update(items).where(items.c.id == bindparam("i"))
                                 .values(name="z"), {"i": 99})
        assert res.rowcount == 0
        await conn.rollback()


async def test_errors_reach_the_engine_as_its_own_and_roll_back(engine):
    async with engine.begin() as conn:
        await conn.execute(insert(items), {"name": "only"})
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(insert(items), {"name": "other"})
            await conn.execute(insert(items), {"name": "only"})  # unique: refused
    async with engine.connect() as conn:  # the whole transaction was rolled back
        assert (await conn.execute(select(items.c.name))).scalars().all() == ["only"]


async def test_statements_and_commits_on_the_loop_checkpoints_on_the_thread(engine):
    ran: list[tuple[str, int]] = []
    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        await raw.call(lambda c: c.set_trace_callback(
            lambda sql: ran.append((sql.split()[0].upper(), threading.get_ident()))))
        await conn.execute(insert(items), {"name": "traced"})
        await conn.commit()
        await raw.call(lambda c: c.set_trace_callback(None))
        # SQLite's own checkpoint inside a commit is off: it runs on the thread instead.
        assert await raw.execute_fetchall("PRAGMA wal_autocheckpoint") == [(0,)]
        before = raw.checkpoints
        for i in range(20):
            await conn.execute(insert(items), {"name": f"n{i}"})
            await conn.commit()
        for _ in range(100):  # one checkpoint, half a second after the first commit
            if raw.checkpoints > before:
                break
            await asyncio.sleep(0.05)
        assert raw.checkpoints == before + 1
    where = dict(ran)
    assert where["INSERT"] == threading.get_ident()
    assert where["COMMIT"] == threading.get_ident()
    async with engine.connect() as conn:  # everything committed is there
        assert len((await conn.execute(select(items.c.id))).all()) == 21


async def test_dispose_ends_the_connection_thread(tmp_path):
    before = set(threading.enumerate())  # objects: an ended thread's ident is reused
    eng = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'threads.db'}")
    async with eng.connect() as conn:
        await conn.execute(select(1))
    started = [t for t in threading.enumerate()
               if t not in before and t.name == "leflux-sqlite"]
    assert len(started) == 1
    await eng.dispose()
    started[0].join(timeout=5)
    assert not started[0].is_alive()
