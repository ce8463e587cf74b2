"""The Store: every read and write the session layer needs, one small method each.

Rows come back as plain dataclasses / dicts so nothing above this module touches
SQLAlchemy. Each method is one short transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.storage.batch import GroupCommit
from leflux.storage.tables import actions, messages, sessions, sites, tasks


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class SiteRow:
    name: str
    origins: list[str]
    instructions: str = ""
    greeting: str | None = None
    accent_color: str | None = None
    suggestions: list[str] = field(default_factory=list)
    confirm_patterns: list[str] = field(default_factory=list)


@dataclass
class SessionRow:
    id: str
    site_name: str
    created_at: str
    holder_sid: str | None
    context: dict[str, Any] | None
    active_task_id: str | None


@dataclass
class MessageRow:
    id: str
    role: str
    text: str
    created_at: str
    block_type: str | None = None
    data: dict[str, Any] | None = None
    stream_id: str | None = None
    chunks: list[str] | None = None
    done: bool = True
    owner: str | None = None


@dataclass
class TaskRow:
    id: str
    session_id: str
    goal: str
    state: str
    plans_sent: int
    memory: list[dict[str, Any]]
    planner_state: dict[str, Any]
    is_open: bool
    outstanding_plan: dict[str, Any] | None
    held_plan: dict[str, Any] | None
    held_prompt: dict[str, Any] | None


@dataclass
class JoinState:
    """Everything a join needs, read in the transaction that makes ``sid`` the holder."""

    session: SessionRow
    created: bool
    previous_holder: str | None
    history: list[MessageRow]
    open_streams: list[MessageRow]
    task: TaskRow | None


@dataclass
class ActionRow:
    id: str
    task_id: str
    is_sequence: bool
    status: str
    payload: dict[str, Any]
    result: dict[str, Any] | None


def _insert_ignore(dialect: str) -> Any:
    if dialect == "postgresql":
        return pg_insert(sessions).on_conflict_do_nothing(index_elements=["id"])
    return sqlite_insert(sessions).on_conflict_do_nothing(index_elements=["id"])


def _message_row(r: Any) -> MessageRow:
    return MessageRow(
        id=r.id, role=r.role, text=r.text, created_at=r.created_at,
        block_type=r.block_type, data=r.data, stream_id=r.stream_id,
        chunks=r.chunks, done=bool(r.done), owner=r.owner,
    )


def _task_row(r: Any) -> TaskRow:
    return TaskRow(
        id=r.id, session_id=r.session_id, goal=r.goal, state=r.state,
        plans_sent=r.plans_sent, memory=list(r.memory or []),
        planner_state=dict(r.planner_state or {}), is_open=bool(r.is_open),
        outstanding_plan=r.outstanding_plan, held_plan=r.held_plan,
        held_prompt=r.held_prompt,
    )


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._contexts = GroupCommit(self._write_contexts)

    async def close(self) -> None:
        await self.engine.dispose()

    # ------------------------------------------------------------------ sites

    async def list_sites(self) -> list[SiteRow]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(sites).order_by(sites.c.created_at))).all()
        return [
            SiteRow(
                name=r.name,
                origins=list(r.origins or []),
                instructions=r.instructions or "",
                greeting=r.greeting,
                accent_color=r.accent_color,
                suggestions=list(r.suggestions or []),
                confirm_patterns=list(r.confirm_patterns or []),
            )
            for r in rows
        ]

    async def upsert_site(self, site: SiteRow) -> bool:
        """Insert or replace a site by name; True when it was new."""
        values = {
            "origins": site.origins,
            "instructions": site.instructions,
            "greeting": site.greeting,
            "accent_color": site.accent_color,
            "suggestions": site.suggestions,
            "confirm_patterns": site.confirm_patterns,
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
        async with self.engine.connect() as conn:
            r = (await conn.execute(select(sessions).where(sessions.c.id == session_id))).first()
        if r is None:
            return None
        return SessionRow(r.id, r.site_name, r.created_at, r.holder_sid, r.context,
                          r.active_task_id)

    async def ensure_session(self, session_id: str, site_name: str) -> tuple[SessionRow, bool]:
        """The session, created for ``site_name`` if new. Returns (row, created)."""
        row = await self.get_session(session_id)
        if row is not None:
            return row, False
        ts = now_iso()
        try:
            async with self.engine.begin() as conn:
                await conn.execute(
                    insert(sessions).values(
                        id=session_id, site_name=site_name, created_at=ts, updated_at=ts
                    )
                )
        except IntegrityError:  # created concurrently by another socket or process
            row = await self.get_session(session_id)
            assert row is not None
            return row, False
        return SessionRow(session_id, site_name, ts, None, None, None), True

    async def join(self, session_id: str, site_name: str, sid: str) -> JoinState:
        """Create the session if new, make ``sid`` its socket, and read what the joining
        socket is owed — one transaction (joins are the hot path of a reconnect storm)."""
        ts = now_iso()
        async with self.engine.begin() as conn:
            # FOR UPDATE (PostgreSQL): two joins of one session on two processes take
            # turns, so the second sees the first as the previous holder and kicks it.
            r = (await conn.execute(select(sessions).where(sessions.c.id == session_id)
                                    .with_for_update())).first()
            if r is None:
                # Insert-or-nothing in one statement (no savepoint round trips): a
                # concurrent creator, on this process or another, simply wins.
                res = await conn.execute(_insert_ignore(conn.dialect.name).values(
                    id=session_id, site_name=site_name, created_at=ts, updated_at=ts,
                    holder_sid=sid))
                if res.rowcount == 1:
                    row = SessionRow(session_id, site_name, ts, sid, None, None)
                    return JoinState(row, True, None, [], [], None)
                r = (await conn.execute(
                    select(sessions).where(sessions.c.id == session_id)
                    .with_for_update())).first()
            assert r is not None
            row = SessionRow(r.id, r.site_name, r.created_at, r.holder_sid, r.context,
                             r.active_task_id)
            if row.site_name != site_name:
                return JoinState(row, False, None, [], [], None)
            await conn.execute(
                update(sessions).where(sessions.c.id == session_id).values(holder_sid=sid))
            msgs = (await conn.execute(
                select(messages).where(messages.c.session_id == session_id)
                .order_by(messages.c.seq))).all()
            task = None
            if row.active_task_id:
                t = (await conn.execute(select(tasks).where(and_(
                    tasks.c.id == row.active_task_id, tasks.c.is_open.is_(True))))).first()
                task = _task_row(t) if t is not None else None
        all_msgs = [_message_row(m) for m in msgs]
        return JoinState(
            row, False, row.holder_sid,
            [m for m in all_msgs if m.done], [m for m in all_msgs if not m.done], task,
        )

    async def swap_holder(self, session_id: str, sid: str) -> str | None:
        """Make ``sid`` the session's socket; returns the previous holder."""
        async with self.engine.begin() as conn:
            prev = (
                await conn.execute(
                    # FOR UPDATE (PostgreSQL): two joins on two processes take turns, so
                    # each sees the other as the previous holder and one gets kicked.
                    select(sessions.c.holder_sid).where(sessions.c.id == session_id)
                    .with_for_update()
                )
            ).scalar()
            await conn.execute(
                update(sessions).where(sessions.c.id == session_id).values(holder_sid=sid)
            )
        return prev

    async def release_holder(self, session_id: str, sid: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(sessions)
                .where(and_(sessions.c.id == session_id, sessions.c.holder_sid == sid))
                .values(holder_sid=None)
            )

    async def set_context(self, session_id: str, context: dict[str, Any]) -> None:
        """Store the latest page context; returns once it is committed (group commit)."""
        await self._contexts.write(session_id, context)

    async def _write_contexts(self, batch: dict[str, dict[str, Any]]) -> None:
        ts = now_iso()
        stmt = (
            update(sessions)
            .where(sessions.c.id == bindparam("sid"))
            .values(context=bindparam("ctx"), updated_at=ts)
        )
        rows = [{"sid": k, "ctx": v} for k, v in batch.items()]
        async with self.engine.begin() as conn:
            await conn.execute(stmt, rows[0] if len(rows) == 1 else rows)

    async def count_sessions(self) -> int:
        async with self.engine.connect() as conn:
            count = (await conn.execute(select(func.count()).select_from(sessions))).scalar()
        return int(count or 0)

    # ------------------------------------------------------------------ messages

    async def add_message(
        self,
        session_id: str,
        role: str,
        text: str,
        *,
        block_type: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> MessageRow:
        row = MessageRow(
            id=str(uuid.uuid4()), role=role, text=text, created_at=now_iso(),
            block_type=block_type, data=data,
        )
        async with self.engine.begin() as conn:
            await conn.execute(
                insert(messages).values(
                    id=row.id, session_id=session_id, role=role, text=text,
                    block_type=block_type, data=data, created_at=row.created_at, done=True,
                )
            )
        return row

    async def history(self, session_id: str) -> list[MessageRow]:
        """Finished messages in order (a reply still streaming is not history yet)."""
        return [m for m in await self._messages(session_id) if m.done]

    async def open_streams(self, session_id: str) -> list[MessageRow]:
        return [m for m in await self._messages(session_id, only_open=True)]

    async def _messages(self, session_id: str, *, only_open: bool = False) -> list[MessageRow]:
        q = select(messages).where(messages.c.session_id == session_id)
        if only_open:
            q = q.where(messages.c.done.is_(False))
        async with self.engine.connect() as conn:
            rows = (await conn.execute(q.order_by(messages.c.seq))).all()
        return [_message_row(r) for r in rows]

    async def start_stream(self, session_id: str, stream_id: str, owner: str) -> str:
        msg_id = str(uuid.uuid4())
        async with self.engine.begin() as conn:
            await conn.execute(
                insert(messages).values(
                    id=msg_id, session_id=session_id, role="agent", text="",
                    created_at=now_iso(), stream_id=stream_id, chunks=[], done=False,
                    owner=owner,
                )
            )
        return msg_id

    async def save_stream(
        self, stream_id: str, chunks: list[str], *, done: bool = False
    ) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(messages)
                .where(messages.c.stream_id == stream_id)
                .values(chunks=list(chunks), text="".join(chunks), done=done)
            )

    async def drop_stream(self, stream_id: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(delete(messages).where(messages.c.stream_id == stream_id))

    # ------------------------------------------------------------------ tasks

    async def create_task(self, session_id: str, task_id: str, goal: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                insert(tasks).values(
                    id=task_id, session_id=session_id, goal=goal, state="running",
                    plans_sent=0, memory=[], planner_state={}, is_open=True,
                    created_at=now_iso(),
                )
            )
            await conn.execute(
                update(sessions).where(sessions.c.id == session_id)
                .values(active_task_id=task_id)
            )

    async def get_task(self, task_id: str) -> TaskRow | None:
        async with self.engine.connect() as conn:
            r = (await conn.execute(select(tasks).where(tasks.c.id == task_id))).first()
        return _task_row(r) if r is not None else None

    async def open_task_of(self, session_id: str) -> TaskRow | None:
        async with self.engine.connect() as conn:
            task_id = (
                await conn.execute(
                    select(tasks.c.id)
                    .where(and_(tasks.c.session_id == session_id, tasks.c.is_open.is_(True)))
                    .order_by(tasks.c.created_at.desc())
                    .limit(1)
                )
            ).scalar()
        return await self.get_task(task_id) if task_id else None

    async def update_task(self, task_id: str, **values: Any) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(tasks).where(tasks.c.id == task_id).values(**values))

    async def close_task(self, session_id: str, task_id: str, **values: Any) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(tasks).where(tasks.c.id == task_id).values(
                    is_open=False, closed_at=now_iso(), outstanding_plan=None,
                    held_plan=None, held_prompt=None, **values,
                )
            )
            await conn.execute(
                update(sessions)
                .where(and_(sessions.c.id == session_id,
                            sessions.c.active_task_id == task_id))
                .values(active_task_id=None)
            )

    # ------------------------------------------------------------------ actions

    async def record_plan(
        self,
        session_id: str,
        task_id: str,
        plan: dict[str, Any],
        task_values: dict[str, Any],
    ) -> None:
        """The plan becomes the task's outstanding plan, each action a pending row."""
        ts = now_iso()
        rows = [
            {
                "session_id": session_id, "id": a["id"], "task_id": task_id,
                "is_sequence": a.get("type") == "execute_generic_sequence",
                "payload": a, "status": "pending", "created_at": ts,
            }
            for a in plan.get("actions", [])
        ]
        async with self.engine.begin() as conn:
            if rows:
                await conn.execute(insert(actions), rows)
            await conn.execute(
                update(tasks).where(tasks.c.id == task_id)
                .values(outstanding_plan=plan, **task_values)
            )

    async def get_action(self, session_id: str, action_id: str) -> ActionRow | None:
        async with self.engine.connect() as conn:
            r = (
                await conn.execute(
                    select(actions).where(
                        and_(actions.c.session_id == session_id, actions.c.id == action_id)
                    )
                )
            ).first()
        if r is None:
            return None
        return ActionRow(r.id, r.task_id, bool(r.is_sequence), r.status, r.payload, r.result)

    async def latest_sequence(self, session_id: str) -> ActionRow | None:
        """The pending sequence action if any, else the newest finished one."""
        async with self.engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(actions)
                    .where(and_(actions.c.session_id == session_id,
                                actions.c.is_sequence.is_(True)))
                    .order_by(actions.c.created_at.desc())
                )
            ).all()
        if not rows:
            return None
        pick = next((r for r in rows if r.status == "pending"), rows[0])
        return ActionRow(pick.id, pick.task_id, True, pick.status, pick.payload, pick.result)

    async def complete_action(
        self, session_id: str, action_id: str, result: dict[str, Any]
    ) -> bool:
        """Pending -> done with its result. False if it was already done (a repeat).

        When every action of the task's outstanding plan is done, the plan is no longer
        owed to the visitor and stops being re-sent on resume.
        """
        async with self.engine.begin() as conn:
            res = await conn.execute(
                update(actions)
                .where(and_(actions.c.session_id == session_id, actions.c.id == action_id,
                            actions.c.status == "pending"))
                .values(status="done", result=result, completed_at=now_iso())
            )
            if not res.rowcount:
                return False
            task_id = (
                await conn.execute(
                    select(actions.c.task_id).where(
                        and_(actions.c.session_id == session_id, actions.c.id == action_id)
                    )
                )
            ).scalar()
            plan = (
                await conn.execute(select(tasks.c.outstanding_plan).where(tasks.c.id == task_id))
            ).scalar()
            if plan:
                ids = [a["id"] for a in plan.get("actions", [])]
                pending = (
                    await conn.execute(
                        select(func.count()).select_from(actions).where(
                            and_(actions.c.session_id == session_id, actions.c.id.in_(ids),
                                 actions.c.status == "pending")
                        )
                    )
                ).scalar()
                if not pending:
                    await conn.execute(
                        update(tasks).where(tasks.c.id == task_id).values(outstanding_plan=None)
                    )
        return True
