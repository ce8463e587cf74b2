"""The Store: every read and write the session layer needs, one small method each.

Rows come back as plain dataclasses (``rows.py``) so nothing above this package touches
SQLAlchemy. Each method is one short transaction. Tasks and actions: ``taskstore.py``.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.storage.batch import GroupCommit
from leflux.storage.consolestore import ConsoleStore
from leflux.storage.contexts import write_contexts
from leflux.storage.direct import Direct, begin, connect
from leflux.storage.fencing import Fence, check_fence
from leflux.storage.pending import SETTLE
from leflux.storage.rows import (
    ActionRow,
    JoinState,
    MessageRow,
    SessionRow,
    SiteRow,
    TaskRow,
    TurnState,
    message_rows,
    message_values,
    new_message,
    now_iso,
    task_row,
)
from leflux.storage.tables import messages, sessions, sites, tasks
from leflux.storage.taskstore import INSERT_MESSAGE, TaskStore

__all__ = [
    "ActionRow", "JoinState", "MessageRow", "SessionRow", "SiteRow", "Store", "TaskRow",
    "TurnState", "now_iso",
]


# Hot-path statements built once: building one per call (and its cache key) cost more
# than running it on SQLite.
_SESSION_FOR_UPDATE = select(sessions).where(sessions.c.id == bindparam("sid")).with_for_update()
_SET_HOLDER = update(sessions).where(sessions.c.id == bindparam("sid")).values(
    holder_sid=bindparam("holder"))
_TRANSCRIPT = select(messages).where(messages.c.session_id == bindparam("sid")).order_by(
    messages.c.seq)
_OPEN_TASK = select(tasks).where(and_(tasks.c.id == bindparam("tid"), tasks.c.is_open.is_(True)))
_SESSION = select(sessions).where(sessions.c.id == bindparam("sid"))
_DROP_NEW = delete(sessions).where(and_(sessions.c.id == bindparam("sid"),
                                          sessions.c.holder_sid == bindparam("holder")))
# The session's page context and its open task (columns None when there is none).
_CONTEXT_AND_TASK = select(sessions.c.context.label("session_context"), tasks).select_from(
    sessions.outerjoin(tasks, and_(tasks.c.id == sessions.c.active_task_id,
                                   tasks.c.is_open.is_(True)))).where(
    sessions.c.id == bindparam("sid"))
_INSERT_SESSION = insert(sessions)
_EXISTS = select(sessions.c.id).where(sessions.c.id == bindparam("sid"))
_SQLITE_EXISTS = "SELECT 1 FROM sessions WHERE id = ?"
_OPEN_STREAMS = select(messages).where(and_(
    messages.c.session_id == bindparam("sid"), messages.c.done.is_(False))).order_by(messages.c.seq)
_SAVE_STREAM = update(messages).where(messages.c.stream_id == bindparam("stream")).values(
    chunks=bindparam("chunks"), text=bindparam("text"), done=bindparam("done"))
# The stream flusher's write: a reply already stored as done is left alone.
_SAVE_LIVE_STREAM = update(messages).where(and_(
    messages.c.stream_id == bindparam("stream"), messages.c.done.is_(False))).values(
    chunks=bindparam("chunks"), text=bindparam("text"))
# History without the chunk lists (only a stream still open needs them): a long chat's
# replies would otherwise be decoded on every turn.
_HISTORY = select(*[c for c in messages.c if c.name != "chunks"]).where(and_(
    messages.c.session_id == bindparam("sid"), messages.c.done.is_(True))).order_by(
    messages.c.seq)
# The newest finished messages first (``LIMIT``): a turn's window of the history.
_RECENT = _HISTORY.order_by(None).order_by(messages.c.seq.desc()).limit(bindparam("n"))
_TOUCH = update(sessions).where(sessions.c.id == bindparam("sid")).values(
    updated_at=bindparam("ts"))


async def _recent(conn: Any, session_id: str, last: int) -> list[Any]:
    rows = list((await conn.execute(_RECENT, {"sid": session_id, "n": last})).all())
    rows.reverse()
    return rows


@functools.cache
def _insert_ignore(dialect: str) -> Any:
    """Built once per dialect (statements are compiled once per object)."""
    if dialect == "postgresql":  # the dialect's module loads only where it is used
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(sessions).on_conflict_do_nothing(index_elements=["id"])
    return sqlite_insert(sessions).on_conflict_do_nothing(index_elements=["id"])


class Store(TaskStore, ConsoleStore):
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._contexts = GroupCommit(functools.partial(write_contexts, engine))
        self._stream_starts = GroupCommit(self._insert_streams)

    async def close(self) -> None:
        await self.engine.dispose()

    # ------------------------------------------------------------------ sites

    async def list_sites(self) -> list[SiteRow]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(sites).order_by(sites.c.created_at))).all()
        return [SiteRow(
            name=r.name, origins=list(r.origins or []), instructions=r.instructions or "",
            greeting=r.greeting, accent_color=r.accent_color,
            suggestions=list(r.suggestions or []),
            confirm_patterns=list(r.confirm_patterns or []),
            daily_token_budget=r.daily_token_budget, image_hosts=list(r.image_hosts or []),
            title=r.title, avatar_url=r.avatar_url) for r in rows]

    async def upsert_site(self, site: SiteRow) -> bool:
        """Insert or replace a site by name; True when it was new."""
        values = {
            "origins": site.origins,
            "instructions": site.instructions,
            "greeting": site.greeting,
            "accent_color": site.accent_color,
            "suggestions": site.suggestions,
            "confirm_patterns": site.confirm_patterns,
            "daily_token_budget": site.daily_token_budget,
            "image_hosts": site.image_hosts,
            "title": site.title,
            "avatar_url": site.avatar_url,
        }
        async with self.engine.begin() as conn:
            res = await conn.execute(update(sites).where(sites.c.name == site.name).values(values))
            if res.rowcount:
                return False
            await conn.execute(
                insert(sites).values(name=site.name, created_at=now_iso(), **values)
            )
        return True

    # ------------------------------------------------------------------ sessions

    async def get_session(self, session_id: str) -> SessionRow | None:
        async with connect(self.engine) as conn:
            r = (await conn.execute(_SESSION, {"sid": session_id})).first()
        if r is None:
            return None
        return SessionRow(r.id, r.site_name, r.created_at, r.holder_sid, r.context,
                          r.active_task_id)

    async def session_exists(self, session_id: str) -> bool:
        """Whether the session was ever stored (every join asks, for the new-session
        count, before it stores anything): on SQLite one trip through aiosqlite's thread
        instead of SQLAlchemy's five, and no page context read (~20% of a join's CPU)."""
        async with connect(self.engine) as conn:
            if isinstance(conn, Direct):
                return bool(await conn.execute_sql(_SQLITE_EXISTS, (session_id,)))
            if self.engine.dialect.name == "sqlite":
                aio: Any = (await conn.get_raw_connection()).driver_connection
                return bool(await aio.execute_fetchall(_SQLITE_EXISTS, (session_id,)))
            return (await conn.execute(_EXISTS, {"sid": session_id})).first() is not None

    async def ensure_session(self, session_id: str, site_name: str) -> tuple[SessionRow, bool]:
        """The session, created for ``site_name`` if new. Returns (row, created)."""
        row = await self.get_session(session_id)
        if row is not None:
            return row, False
        ts = now_iso()
        try:
            async with begin(self.engine) as conn:
                await conn.execute(_INSERT_SESSION, {
                    "id": session_id, "site_name": site_name, "created_at": ts,
                    "updated_at": ts})
        except IntegrityError:  # created concurrently by another socket or process
            row = await self.get_session(session_id)
            assert row is not None
            return row, False
        return SessionRow(session_id, site_name, ts, None, None, None), True

    async def join(self, session_id: str, site_name: str, sid: str,
                   maybe_new: bool = True) -> JoinState:
        """Create the session if new, make ``sid`` its socket, and read what the joining
        socket is owed — one transaction (joins are the hot path of a reconnect storm).

        ``maybe_new`` (not seen by this process yet): the insert-or-nothing runs first,
        so a new session costs that statement and its commit (nothing to read: no
        history, task or stream yet), and ``created`` says it is new: no existence read
        before, the caller counts new sessions from it (``drop_refused``)."""
        ts = now_iso()
        async with begin(self.engine) as conn:
            r = None
            if not maybe_new:
                # FOR UPDATE (PostgreSQL): two joins of one session on two processes take
                # turns, so the second sees the first as the previous holder and kicks it.
                r = (await conn.execute(_SESSION_FOR_UPDATE, {"sid": session_id})).first()
            if r is None:
                # Insert-or-nothing in one statement: a concurrent creator, here or on
                # another process, wins (PostgreSQL: waits for its commit; the read
                # below locks the row). Values as parameters: compiled once.
                res = await conn.execute(_insert_ignore(conn.dialect.name), {
                    "id": session_id, "site_name": site_name, "created_at": ts,
                    "updated_at": ts, "holder_sid": sid})
                if res.rowcount == 1:
                    row = SessionRow(session_id, site_name, ts, sid, None, None)
                    return JoinState(row, True, None, [], [], None)
                r = (await conn.execute(_SESSION_FOR_UPDATE, {"sid": session_id})).first()
            assert r is not None
            row = SessionRow(r.id, r.site_name, r.created_at, r.holder_sid, r.context,
                             r.active_task_id)
            if row.site_name != site_name:
                return JoinState(row, False, None, [], [], None)
            if row.holder_sid != sid:
                await conn.execute(_SET_HOLDER, {"sid": session_id, "holder": sid})
            msgs = (await conn.execute(_TRANSCRIPT, {"sid": session_id})).all()
            task = None
            if row.active_task_id:
                t = (await conn.execute(_OPEN_TASK, {"tid": row.active_task_id})).first()
                task = task_row(t) if t is not None else None
        all_msgs = message_rows(msgs)
        return JoinState(
            row, False, row.holder_sid,
            [m for m in all_msgs if m.done], [m for m in all_msgs if not m.done], task,
        )

    async def drop_refused(self, session_id: str, sid: str) -> None:
        """Undo a join's creation of a session its address may not create (the new
        sessions quota is counted after the insert that tells a session is new)."""
        async with begin(self.engine) as conn:
            await conn.execute(_DROP_NEW, {"sid": session_id, "holder": sid})

    async def set_context(self, session_id: str, context: dict[str, Any]) -> str | None:
        """Store the latest page context; returns once it is committed (group commit),
        with the session's ``active_task_id`` as of that commit (``None``: no open task,
        so a caller inside the session's turn need not read it again)."""
        active: str | None = await self._contexts.write(session_id, context)
        return active

    # ------------------------------------------------------------------ messages

    async def add_message(
        self,
        session_id: str,
        role: str,
        text: str,
        *,
        block_type: str | None = None,
        data: dict[str, Any] | None = None,
        fence: Fence | None = None,
        settles: str | None = None,
    ) -> MessageRow:
        """A finished message; ``settles``: the visitor's words it answers (their
        pending mark settled in the same transaction, ``pending.py``)."""
        return await self._add_message(session_id, role, text, block_type=block_type,
                                       data=data, fence=fence, settles=settles)

    async def add_visitor_message(self, session_id: str, text: str) -> MessageRow:
        """The visitor's words, stored with the pending mark (``pending.py``) in the same
        statement: one transaction for the ``202``."""
        return await self._add_message(session_id, "visitor", text, pending=True)

    async def _add_message(
        self, session_id: str, role: str, text: str, *, block_type: str | None = None,
        data: dict[str, Any] | None = None, pending: bool | None = None,
        fence: Fence | None = None, settles: str | None = None,
    ) -> MessageRow:
        row = new_message(role, text, block_type=block_type, data=data)
        async with begin(self.engine) as conn:
            await check_fence(conn, fence)
            await conn.execute(INSERT_MESSAGE, message_values(session_id, row, pending=pending))
            if settles is not None:
                await conn.execute(SETTLE, {"mid": settles})
            if role == "visitor":  # the session's last activity (the console's idle rule)
                await conn.execute(_TOUCH, {"sid": session_id, "ts": row.created_at})
        return row

    async def history(
        self, session_id: str, *, with_chunks: bool = False, last: int | None = None,
    ) -> list[MessageRow]:
        """Finished messages in order (a reply still streaming is not history yet), only
        the ``last`` few when given; replies' chunk lists only when asked for (a replay
        needs them, a turn not)."""
        async with connect(self.engine) as conn:
            if with_chunks:
                rows = [r for r in (await conn.execute(_TRANSCRIPT, {"sid": session_id}))
                        if r.done]
                rows = rows[-last:] if last is not None else rows
            elif last is not None:
                rows = await _recent(conn, session_id, last)
            else:
                rows = list((await conn.execute(_HISTORY, {"sid": session_id})).all())
        return message_rows(rows)

    async def turn_state(self, session_id: str, *, last: int) -> TurnState:
        """The open task, the ``last`` finished messages and the page context in one
        connection (1,000 turns starting at once queue on the database: one trip each
        instead of four; a long session's turn reads no more than a short one's)."""
        async with connect(self.engine) as conn:
            s = (await conn.execute(_CONTEXT_AND_TASK, {"sid": session_id})).first()
            rows = await _recent(conn, session_id, last)
        task = task_row(s) if s is not None and s.id is not None else None
        return TurnState(task, message_rows(rows),
                         s.session_context if s is not None else None)

    async def open_streams(self, session_id: str) -> list[MessageRow]:
        async with connect(self.engine) as conn:
            rows = (await conn.execute(_OPEN_STREAMS, {"sid": session_id})).all()
        return message_rows(rows)

    async def start_stream(self, session_id: str, stream_id: str, owner: str) -> str:
        """Insert a reply's row (group commit: replies starting together share one
        transaction); returns once it is committed."""
        msg_id = str(uuid.uuid4())
        await self._stream_starts.write(stream_id, {
            "id": msg_id, "session_id": session_id, "role": "agent", "text": "",
            "created_at": now_iso(), "stream_id": stream_id, "chunks": [], "done": False,
            "owner": owner,
        })
        return msg_id

    async def _insert_streams(self, batch: dict[str, dict[str, Any]]) -> None:
        rows = list(batch.values())
        async with begin(self.engine) as conn:
            await conn.execute(INSERT_MESSAGE, rows[0] if len(rows) == 1 else rows)

    async def save_stream(
        self, stream_id: str, chunks: list[str], *, done: bool = False
    ) -> None:
        async with begin(self.engine) as conn:
            await conn.execute(_SAVE_STREAM, {"stream": stream_id, "chunks": list(chunks),
                                              "text": "".join(chunks), "done": done})

    async def save_streams(self, batch: dict[str, list[str]]) -> None:
        """Store the chunks so far of many live streams in one transaction (the stream
        flusher's group commit); a stream already stored as done is left alone."""
        if not batch:
            return
        rows = [{"stream": k, "chunks": v, "text": "".join(v)} for k, v in batch.items()]
        async with begin(self.engine) as conn:
            await conn.execute(_SAVE_LIVE_STREAM, rows[0] if len(rows) == 1 else rows)
