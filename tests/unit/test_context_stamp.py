"""A page context moves its session's ``updated_at`` at most once per STAMP_EVERY_S
(storage/contexts.py), forward only; on SQLite an unchanged page then writes nothing."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from leflux.storage import contexts
from leflux.storage.opening import open_database
from leflux.storage.retention import iso
from leflux.storage.store import Store
from leflux.storage.tables import sessions

PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


async def _pg_available() -> bool:
    try:
        import asyncpg

        conn = await asyncio.wait_for(
            asyncpg.connect("postgresql://postgres@127.0.0.1:5432/test"), 3)
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


def ago(seconds: float) -> str:
    return iso(datetime.now(UTC) - timedelta(seconds=seconds))


async def stamp_of(store: Store, session_id: str) -> str:
    async with store.engine.connect() as conn:
        return str((await conn.execute(
            select(sessions.c.updated_at).where(sessions.c.id == session_id))).scalar_one())


async def set_stamp(store: Store, session_id: str, value: str) -> None:
    async with store.engine.begin() as conn:
        await conn.execute(update(sessions).where(sessions.c.id == session_id)
                           .values(updated_at=value))


async def new_session(store: Store) -> str:
    s = str(uuid.uuid4())
    await store.ensure_session(s, "default")
    return s


def test_stale_before_is_the_stamp_format_stamp_every_s_ago():
    stale = contexts.stale_before()
    assert ago(contexts.STAMP_EVERY_S + 1.5) < stale <= ago(contexts.STAMP_EVERY_S - 1)
    assert len(stale) == len(ago(0)) and stale.endswith("Z")


async def test_an_old_stamp_moves_to_now_a_recent_one_stays(store):
    s = await new_session(store)
    await set_stamp(store, s, ago(3600))
    before = ago(0)
    await store.set_context(s, {"url": "a"})
    moved = await stamp_of(store, s)
    assert moved >= before  # an idle session's page: its last activity is now

    recent = ago(contexts.STAMP_EVERY_S / 2)
    await set_stamp(store, s, recent)
    await store.set_context(s, {"url": "b"})
    assert await stamp_of(store, s) == recent  # within the window: left as it is
    assert (await store.get_session(s)).context == {"url": "b"}  # the page stored all the same


async def test_the_stamp_never_moves_back(store):
    s = await new_session(store)
    later = iso(datetime.now(UTC) + timedelta(minutes=5))  # another writer's, ahead
    await set_stamp(store, s, later)
    await store.set_context(s, {"url": "a"})
    assert await stamp_of(store, s) == later


async def test_a_batch_stamps_the_stale_sessions_only(store):
    stale_ids = [await new_session(store) for _ in range(5)]
    fresh_ids = [await new_session(store) for _ in range(5)]
    recent = ago(1)
    for s in stale_ids:
        await set_stamp(store, s, ago(7200))
    for s in fresh_ids:
        await set_stamp(store, s, recent)
    before = ago(0)
    await asyncio.gather(*[store.set_context(s, {"url": s}) for s in stale_ids + fresh_ids])
    for s in stale_ids:
        assert await stamp_of(store, s) >= before
    for s in fresh_ids:
        assert await stamp_of(store, s) == recent
        assert (await store.get_session(s)).context == {"url": s}


async def test_an_unchanged_page_writes_no_wal_frame_on_sqlite(tmp_path):
    db = tmp_path / "store.db"
    store = Store(await open_database(f"sqlite+aiosqlite:///{db}"))
    try:
        s = await new_session(store)
        page = {"url": "https://shop.test/", "title": "Shop", "visibleText": "x" * 2_000}
        await store.set_context(s, page)  # the first write, and its stamp
        wal = db.with_name(db.name + "-wal")
        size = wal.stat().st_size
        for _ in range(20):
            await store.set_context(s, page)
        # Stamping updated_at at every write would add ~2 frames (8 KB) per commit.
        assert wal.stat().st_size == size
        assert (await store.get_session(s)).context == page
    finally:
        await store.close()
