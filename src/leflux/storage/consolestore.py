"""The owner's console: the session timeline's writes and the console's reads (part of
the Store). Every read goes through an index: sessions by (site, start) or start,
a session's messages, tasks, actions and events by session id, tasks by start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.storage.direct import begin
from leflux.storage.rows import MessageRow, message_rows, now_iso
from leflux.storage.tables import actions, messages, session_events, sessions, tasks

_LAST_PAGE = (
    select(session_events.c.data)
    .where(and_(session_events.c.session_id == bindparam("sid"),
                session_events.c.kind == "page"))
    .order_by(session_events.c.seq.desc()).limit(1)
)
# Built once: run straight on SQLite where it can (storage/direct.py), as the Store's
# hot writes are (a session's first page is recorded with its first context).
_ADD_EVENT = insert(session_events)


@dataclass
class SessionSummaryRow:
    id: str
    site_name: str
    created_at: str
    updated_at: str
    outcome: str | None
    messages: int
    tasks: int
    first_message: str | None
    last_message_at: str | None
    pages: list[dict[str, Any]]


@dataclass
class TaskHistoryRow:
    """A task as the console reads it, open or closed."""

    id: str
    goal: str
    memory: Any  # the JSON column as stored (its format: ``session/taskrow.py``)
    created_at: str
    closed_at: str | None = None
    outcome: str | None = None


@dataclass
class ActionHistoryRow:
    """An action sent for a task: its payload as sent and the page's result, as stored."""

    id: str
    task_id: str
    payload: dict[str, Any]
    created_at: str
    result: dict[str, Any] | None = None
    completed_at: str | None = None


@dataclass
class EventRow:
    """One of the timeline's own events (its kinds and data: ``tables.session_events``)."""

    kind: str
    created_at: str
    task_id: str | None = None
    data: dict[str, Any] | None = None


@dataclass
class SessionDump:
    """Everything stored about one session, in write order per table."""

    session: SessionSummaryRow
    messages: list[MessageRow]
    tasks: list[TaskHistoryRow]
    actions: list[ActionHistoryRow]
    events: list[EventRow]
    context: dict[str, Any] | None  # the latest page context (which fields are secret)


@dataclass
class TaskStatRow:
    created_at: str
    closed_at: str | None
    outcome: str | None
    goal: str
    session_updated_at: str


@dataclass
class SessionFilter:
    site: str | None = None
    since: str | None = None
    until: str | None = None
    outcome: str | None = None
    query: str | None = None
    # Sessions "open" with no activity since this instant count as abandoned.
    idle_cutoff: str = ""
    before: tuple[str, str] | None = None  # (created_at, id) of the last row seen
    limit: int = 50


def _outcome_clause(outcome: str, idle_cutoff: str) -> Any:
    is_open = sessions.c.outcome == "open"
    if outcome == "open":
        return and_(is_open, sessions.c.updated_at >= idle_cutoff)
    if outcome == "abandoned":
        return or_(sessions.c.outcome == "abandoned",
                   and_(is_open, sessions.c.updated_at < idle_cutoff))
    return sessions.c.outcome == outcome


def _summary_query(filters: SessionFilter) -> Any:
    sid = sessions.c.id
    n_messages = (select(func.count()).select_from(messages)
                  .where(messages.c.session_id == sid).scalar_subquery())
    n_tasks = (select(func.count()).select_from(tasks)
               .where(tasks.c.session_id == sid).scalar_subquery())
    visitor = and_(messages.c.session_id == sid, messages.c.role == "visitor")
    first = (select(messages.c.text).where(visitor).order_by(messages.c.seq).limit(1)
             .scalar_subquery())
    last_at = (select(messages.c.created_at).where(messages.c.session_id == sid)
               .order_by(messages.c.seq.desc()).limit(1).scalar_subquery())
    conds: list[Any] = []
    if filters.site:
        conds.append(sessions.c.site_name == filters.site)
    if filters.since:
        conds.append(sessions.c.created_at >= filters.since)
    if filters.until:
        conds.append(sessions.c.created_at < filters.until)
    if filters.outcome:
        conds.append(_outcome_clause(filters.outcome, filters.idle_cutoff))
    if filters.query:
        conds.append(select(messages.c.seq).where(
            and_(visitor, messages.c.text.icontains(filters.query, autoescape=True))).exists())
    if filters.before:
        at, before_id = filters.before
        conds.append(or_(sessions.c.created_at < at,
                         and_(sessions.c.created_at == at, sid < before_id)))
    return (
        select(sessions.c.id, sessions.c.site_name, sessions.c.created_at,
               sessions.c.updated_at, sessions.c.outcome, n_messages.label("n_messages"),
               n_tasks.label("n_tasks"), first.label("first_message"),
               last_at.label("last_message_at"))
        .where(*conds)  # no conditions: every session
        .order_by(sessions.c.created_at.desc(), sid.desc())
        .limit(filters.limit)
    )


class ConsoleStore:
    """Mixed into :class:`leflux.storage.store.Store`; one short transaction each."""

    engine: AsyncEngine

    # ------------------------------------------------------------------ writes

    async def add_event(self, session_id: str, kind: str, data: dict[str, Any],
                        task_id: str | None = None) -> None:
        async with begin(self.engine) as conn:
            await conn.execute(_ADD_EVENT, {"session_id": session_id, "task_id": task_id,
                                            "kind": kind, "data": data,
                                            "created_at": now_iso()})

    async def record_page(self, session_id: str, url: str, title: str) -> bool:
        """A page change: stored unless the session's last page was this one."""
        async with begin(self.engine) as conn:
            last = (await conn.execute(_LAST_PAGE, {"sid": session_id})).scalar()
            if isinstance(last, dict) and last.get("url") == url:
                return False
            await conn.execute(_ADD_EVENT, {"session_id": session_id, "task_id": None,
                                            "kind": "page",
                                            "data": {"url": url, "title": title},
                                            "created_at": now_iso()})
        return True

    async def erase_session(self, session_id: str) -> bool:
        """Remove every row of the session (a visitor's privacy request)."""
        async with self.engine.begin() as conn:
            for table in (session_events, actions, messages, tasks):
                await conn.execute(delete(table).where(table.c.session_id == session_id))
            res = await conn.execute(delete(sessions).where(sessions.c.id == session_id))
        return bool(res.rowcount)

    # ------------------------------------------------------------------ reads

    async def list_sessions(self, filters: SessionFilter) -> list[SessionSummaryRow]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(_summary_query(filters))).all()
            ids = [r.id for r in rows]
            pages: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
            if ids:
                found = await conn.execute(
                    select(session_events.c.session_id, session_events.c.data)
                    .where(and_(session_events.c.session_id.in_(ids),
                                session_events.c.kind == "page"))
                    .order_by(session_events.c.seq))
                for p in found:
                    pages[p.session_id].append(dict(p.data or {}))
        return [SessionSummaryRow(
            id=r.id, site_name=r.site_name, created_at=r.created_at,
            updated_at=r.updated_at, outcome=r.outcome, messages=int(r.n_messages or 0),
            tasks=int(r.n_tasks or 0), first_message=r.first_message,
            last_message_at=r.last_message_at, pages=pages[r.id]) for r in rows]

    async def session_ids(self, site: str | None, since: str | None) -> list[str]:
        """Ids of the sessions started since ``since``, oldest first (an export)."""
        conds = [sessions.c.created_at >= since] if since else []
        if site:
            conds.append(sessions.c.site_name == site)
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(sessions.c.id).where(and_(*conds))
                                      .order_by(sessions.c.created_at, sessions.c.id))
            return [r.id for r in rows]

    async def dump_session(self, session_id: str) -> SessionDump | None:
        async with self.engine.connect() as conn:
            found = (await conn.execute(
                _summary_query(SessionFilter(limit=1)).where(sessions.c.id == session_id)
            )).first()
            if found is None:
                return None

            async def rows(table: Any, order: Any) -> list[Any]:
                return list((await conn.execute(
                    select(table).where(table.c.session_id == session_id).order_by(order))).all())

            msgs = message_rows(await rows(messages, messages.c.seq))
            task_list = [TaskHistoryRow(r.id, r.goal, r.memory, r.created_at, r.closed_at,
                                        r.outcome) for r in await rows(tasks, tasks.c.created_at)]
            acts = [ActionHistoryRow(r.id, r.task_id, r.payload, r.created_at, r.result,
                                     r.completed_at)
                    for r in await rows(actions, actions.c.created_at)]
            events = [EventRow(r.kind, r.created_at, r.task_id, r.data)
                      for r in await rows(session_events, session_events.c.seq)]
            context = (await conn.execute(select(sessions.c.context)
                                          .where(sessions.c.id == session_id))).scalar()
        pages = [dict(e.data or {}) for e in events if e.kind == "page"]
        summary = SessionSummaryRow(
            id=found.id, site_name=found.site_name, created_at=found.created_at,
            updated_at=found.updated_at, outcome=found.outcome,
            messages=int(found.n_messages or 0), tasks=int(found.n_tasks or 0),
            first_message=found.first_message, last_message_at=found.last_message_at,
            pages=pages)
        return SessionDump(summary, msgs, task_list, acts, events, context)

    async def task_stats_rows(self, site: str | None, since: str) -> list[TaskStatRow]:
        conds = [tasks.c.created_at >= since]
        if site:
            conds.append(sessions.c.site_name == site)
        query = (select(tasks.c.created_at, tasks.c.closed_at, tasks.c.outcome, tasks.c.goal,
                        sessions.c.updated_at)
                 .select_from(tasks.join(sessions, sessions.c.id == tasks.c.session_id))
                 .where(and_(*conds)))
        async with self.engine.connect() as conn:
            res = await conn.execute(query)
            return [TaskStatRow(r.created_at, r.closed_at, r.outcome, r.goal, r.updated_at)
                    for r in res]
