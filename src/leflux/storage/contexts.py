"""The page-context write: every page change of every visitor, the hottest write there is.

A context write stores the page and moves the session's ``updated_at`` (its last
activity: the console's idle cutoff, 30 minutes; retention, days) **at most once per
``STAMP_EVERY_S``**, not at every page: ``updated_at`` is indexed, so stamping it at
every write rewrote an index entry and one more page of the WAL each time (2 frames a
commit against 1 for the page alone; an unchanged page, the same bytes again, then
writes none at all: SQLite leaves a row whose bytes are unchanged untouched).
bench/FINDINGS.md, "`update_context`: updated_at stamped at most every 10 s".
The stamp only moves forward (``updated_at < stale``), so a later stamp of another
write (a message, a task, a join) is never taken back.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import bindparam, case, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.storable import stored_json
from leflux.storage.direct import Direct, begin
from leflux.storage.rows import now_iso
from leflux.storage.tables import sessions

STAMP_EVERY_S = 10

_SET_CONTEXT = update(sessions).where(sessions.c.id == bindparam("sid")).values(
    context=bindparam("ctx"),
    updated_at=case((sessions.c.updated_at < bindparam("stale"), bindparam("ts")),
                    else_=sessions.c.updated_at))
_SET_CONTEXT_RETURNING = _SET_CONTEXT.returning(sessions.c.id, sessions.c.active_task_id)
# The context bound as its JSON's UTF-8 bytes (orjson's, or those it came in:
# storable.AsSent), cast to TEXT: the same stored text as the
# str SQLAlchemy's JSON type binds, without decoding it to a str that sqlite3 encodes
# back to UTF-8 (two copies of up to ~1 MB; 153 -> 87 µs for a 107 KB page with one
# non-ASCII character, bench/FINDINGS.md). ``updated_at`` apart: a statement that sets
# it rewrites its index entry even with the value it had.
_SQLITE_SET_CONTEXT = ("UPDATE sessions SET context = CAST(? AS TEXT) WHERE id = ? "
                       "RETURNING id, active_task_id, updated_at")
_SQLITE_SET_CONTEXTS = "UPDATE sessions SET context = CAST(? AS TEXT) WHERE id = ?"
_SQLITE_STAMP = "UPDATE sessions SET updated_at = ? WHERE id = ? AND updated_at < ?"
_SQLITE_ACTIVE_TASKS = "SELECT id, active_task_id FROM sessions WHERE id IN ({})"

# The second ``stale_before`` was worked out for, and its text.
_stale: tuple[int, str] = (-1, "")


def stale_before() -> str:
    """``now_iso()`` ``STAMP_EVERY_S`` ago, to the second: an ``updated_at`` before it
    is moved by a context write (string order is time order in that format)."""
    global _stale
    sec = int(time.time())
    if sec != _stale[0]:
        _stale = (sec, time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                                     time.gmtime(sec - STAMP_EVERY_S)))
    return _stale[1]


async def write_contexts(engine: AsyncEngine, batch: dict[str, dict[str, Any]]
                         ) -> dict[str, str | None]:
    """Store each session's latest context (one transaction for the batch); each
    written session's ``active_task_id`` as of that commit."""
    ts, stale = now_iso(), stale_before()
    if engine.dialect.name == "sqlite":
        return await _write_sqlite(engine, batch, ts, stale)
    rows = [{"sid": k, "ctx": v, "ts": ts, "stale": stale} for k, v in batch.items()]
    async with engine.begin() as conn:
        if len(rows) == 1:  # one statement (each is several driver-thread trips)
            found = (await conn.execute(_SET_CONTEXT_RETURNING, rows[0])).all()
        else:
            await conn.execute(_SET_CONTEXT, rows)
            found = (await conn.execute(
                select(sessions.c.id, sessions.c.active_task_id)
                .where(sessions.c.id.in_(list(batch))))).all()
    return {r.id: r.active_task_id for r in found}


async def _write_sqlite(engine: AsyncEngine, batch: dict[str, dict[str, Any]], ts: str,
                        stale: str) -> dict[str, str | None]:
    """As plain SQL: one statement for one context (``RETURNING`` the open task and the
    stamp), an ``executemany`` and a ``SELECT ... IN`` for a batch, the JSON encoded
    once. On the direct path (``direct.py``), else through the driver connection's own
    calls (SQLAlchemy's adapter would bind a batch through the JSON type's processor,
    one statement at a time)."""
    async with begin(engine) as conn:
        if isinstance(conn, Direct):
            fetch, many = conn.execute_sql, conn.execute_sql_many
        else:
            aio: Any = (await conn.get_raw_connection()).driver_connection
            fetch, many = aio.execute_fetchall, aio.executemany
        if len(batch) == 1:
            [(sid, context)] = batch.items()
            found = await fetch(_SQLITE_SET_CONTEXT, (stored_json(context), sid))
            if found and found[0][2] < stale:
                await fetch(_SQLITE_STAMP, (ts, sid, stale))
            return {row[0]: row[1] for row in found}
        await many(_SQLITE_SET_CONTEXTS, [(stored_json(c), sid) for sid, c in batch.items()])
        # A no-op where the stamp is recent: no row changed, no index entry written.
        await many(_SQLITE_STAMP, [(ts, sid, stale) for sid in batch])
        ids, out = list(batch), {}
        for i in range(0, len(ids), 500):  # under SQLite's bound-variable cap
            part = ids[i:i + 500]
            for row in await fetch(_SQLITE_ACTIVE_TASKS.format(",".join("?" * len(part))),
                                   part):
                out[row[0]] = row[1]
    return out
