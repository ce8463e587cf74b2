"""Tasks, their outstanding plans and the actions in them (part of the Store)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.storage.direct import Direct, begin, connect
from leflux.storage.fencing import Fence, check_fence
from leflux.storage.pending import SETTLE
from leflux.storage.rows import (
    ActionFinished,
    ActionRow,
    MessageRow,
    TaskRow,
    message_values,
    now_iso,
    task_row,
)
from leflux.storage.tables import actions, messages, sessions, tasks

# The session's open task, by the id the session row points at (create_task and
# close_task keep it): one indexed statement, built once (turns read it every time).
ACTIVE_TASK = (
    select(tasks)
    .select_from(sessions.join(tasks, tasks.c.id == sessions.c.active_task_id))
    .where(and_(sessions.c.id == bindparam("sid"), tasks.c.is_open.is_(True)))
)

# Built once (a statement built per call, with its cache key, cost more than running it
# on SQLite). Updates of ``tasks`` take their SET columns from the parameters' names.
_INSERT_TASK = insert(tasks)
_UPDATE_TASK = update(tasks).where(tasks.c.id == bindparam("b_tid"))
_CLEAR_OUTSTANDING = _UPDATE_TASK.values(outstanding_plan=None)
_CLOSE_TASK = _UPDATE_TASK.values(is_open=False, outstanding_plan=None, held_plan=None,
                                  held_prompt=None)
_ACTIVATE = update(sessions).where(sessions.c.id == bindparam("b_sid")).values(
    active_task_id=bindparam("b_tid"), outcome="open", updated_at=bindparam("b_ts"))
_DEACTIVATE = update(sessions).where(and_(
    sessions.c.id == bindparam("b_sid"), sessions.c.active_task_id == bindparam("b_tid"))
).values(active_task_id=None, outcome=bindparam("b_outcome"), updated_at=bindparam("b_ts"))
_TASK = select(tasks).where(tasks.c.id == bindparam("tid"))
INSERT_MESSAGE = insert(messages)
_INSERT_ACTIONS = insert(actions)
_ACTION = select(actions).where(and_(actions.c.session_id == bindparam("sid"),
                                     actions.c.id == bindparam("aid")))
_SEQUENCES = select(actions).where(and_(
    actions.c.session_id == bindparam("sid"), actions.c.is_sequence.is_(True))).order_by(
    actions.c.created_at.desc())
_COMPLETE_ACTION = update(actions).where(and_(
    actions.c.session_id == bindparam("b_sid"), actions.c.id == bindparam("b_aid"),
    actions.c.status == "pending")).values(status="done").returning(actions.c.task_id)
_OUTSTANDING_PLAN = select(tasks.c.outstanding_plan).where(tasks.c.id == bindparam("tid"))
_PENDING_OF = select(func.count()).select_from(actions).where(and_(
    actions.c.session_id == bindparam("sid"), actions.c.id.in_(bindparam("ids", expanding=True)),
    actions.c.status == "pending"))

_SQLITE_PENDING_OF = ("SELECT count(*) FROM actions WHERE session_id = ? AND id IN ({}) "
                      "AND status = 'pending'")


async def _pending_of(conn: Any, session_id: str, ids: list[str]) -> int:
    """How many of these actions are still pending (``IN`` expands per call: on the
    direct path as plain SQL, under SQLite's bound-variable cap for any plan)."""
    if isinstance(conn, Direct):
        rows = await conn.execute_sql(_SQLITE_PENDING_OF.format(",".join("?" * len(ids))),
                                      [session_id, *ids])
        return int(rows[0][0])
    return int((await conn.execute(_PENDING_OF, {"sid": session_id, "ids": ids})).scalar())


class TaskStore:
    """Mixed into :class:`leflux.storage.store.Store`; one short transaction each. A
    turn's writes pass its ``fence`` (Redis mode): refused if the turn lost its lease."""

    engine: AsyncEngine

    # ------------------------------------------------------------------ tasks

    async def create_task(self, session_id: str, task_id: str, goal: str, *,
                          memory: Any, planner_state: Any, fence: Fence | None = None,
                          settles: str | None = None) -> None:
        """A new open task; ``memory`` and ``planner_state`` in the session layer's format.
        ``settles``: the visitor's words it answers, whose pending mark is settled in the
        same transaction (``pending.py``)."""
        async with begin(self.engine) as conn:
            await check_fence(conn, fence)
            ts = now_iso()
            await conn.execute(_INSERT_TASK, {
                "id": task_id, "session_id": session_id, "goal": goal, "state": "running",
                "plans_sent": 0, "memory": memory, "planner_state": planner_state, "is_open": True,
                "created_at": ts})
            await conn.execute(_ACTIVATE, {"b_sid": session_id, "b_tid": task_id, "b_ts": ts})
            if settles is not None:
                await conn.execute(SETTLE, {"mid": settles})

    async def get_task(self, task_id: str) -> TaskRow | None:
        async with connect(self.engine) as conn:
            r = (await conn.execute(_TASK, {"tid": task_id})).first()
        return task_row(r) if r is not None else None

    async def open_task_of(self, session_id: str) -> TaskRow | None:
        async with connect(self.engine) as conn:
            r = (await conn.execute(ACTIVE_TASK, {"sid": session_id})).first()
        return task_row(r) if r is not None else None

    async def update_task(self, task_id: str, *, fence: Fence | None = None,
                          **values: Any) -> None:
        async with begin(self.engine) as conn:
            await check_fence(conn, fence)
            await conn.execute(_UPDATE_TASK, {**values, "b_tid": task_id})

    async def close_task(
        self, session_id: str, task_id: str, outcome: str = "completed", *,
        fence: Fence | None = None, message: MessageRow | None = None, **values: Any
    ) -> None:
        """Close the task with its outcome (completed | failed | declined | abandoned);
        the session keeps it as its own latest outcome (the console filters on it).
        ``message``, the agent's closing words, is stored in the same transaction (one
        commit for the two, and never a closed task without them)."""
        ts = now_iso()
        async with begin(self.engine) as conn:
            await check_fence(conn, fence)
            await conn.execute(_CLOSE_TASK, {"closed_at": ts, "outcome": outcome, **values,
                                             "b_tid": task_id})
            await conn.execute(_DEACTIVATE, {"b_sid": session_id, "b_tid": task_id,
                                             "b_outcome": outcome, "b_ts": ts})
            if message is not None:
                await conn.execute(INSERT_MESSAGE, message_values(session_id, message))

    # ------------------------------------------------------------------ actions

    async def record_plan(
        self,
        session_id: str,
        task_id: str,
        plan: dict[str, Any],
        task_values: dict[str, Any],
        fence: Fence | None = None,
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
        async with begin(self.engine) as conn:
            await check_fence(conn, fence)
            if rows:
                await conn.execute(_INSERT_ACTIONS, rows[0] if len(rows) == 1 else rows)
            await conn.execute(_UPDATE_TASK, {"outstanding_plan": plan, **task_values,
                                              "b_tid": task_id})

    async def get_action(self, session_id: str, action_id: str) -> ActionRow | None:
        async with connect(self.engine) as conn:
            r = (await conn.execute(_ACTION, {"sid": session_id, "aid": action_id})).first()
        if r is None:
            return None
        return ActionRow(r.id, r.task_id, bool(r.is_sequence), r.status, r.payload, r.result)

    async def latest_sequence(self, session_id: str) -> ActionRow | None:
        """The pending sequence action if any, else the newest finished one."""
        async with connect(self.engine) as conn:
            rows = (await conn.execute(_SEQUENCES, {"sid": session_id})).all()
        if not rows:
            return None
        pick = next((r for r in rows if r.status == "pending"), rows[0])
        return ActionRow(pick.id, pick.task_id, True, pick.status, pick.payload, pick.result)

    async def complete_action(
        self, session_id: str, action_id: str, result: dict[str, Any],
        fence: Fence | None = None,
    ) -> bool:
        """Pending -> done with its result. False if it is not pending (a repeat) or unknown.

        When every action of the task's outstanding plan is done, the plan is no longer
        owed to the visitor and stops being re-sent on resume.
        """
        return await self._complete(session_id, action_id, result, fence, read_task=False)

    async def finish_action(
        self, session_id: str, action_id: str, result: dict[str, Any],
        fence: Fence | None = None,
    ) -> ActionFinished | None:
        """``complete_action`` that also reads the session's open task in the same
        transaction (what the engine reads next): None if the action was not pending."""
        return await self._complete(session_id, action_id, result, fence, read_task=True)

    async def _complete(self, session_id: str, action_id: str, result: dict[str, Any],
                        fence: Fence | None, *, read_task: bool) -> Any:
        async with begin(self.engine) as conn:
            await check_fence(conn, fence)
            found = (await conn.execute(_COMPLETE_ACTION, {
                "b_sid": session_id, "b_aid": action_id, "result": result,
                "completed_at": now_iso()})).first()
            if found is None:
                return None if read_task else False
            task_id = found[0]
            task = None
            if read_task:
                r = (await conn.execute(ACTIVE_TASK, {"sid": session_id})).first()
                task = task_row(r) if r is not None else None
            mine = task is not None and task.id == task_id
            plan = task.outstanding_plan if task is not None and mine else (
                await conn.execute(_OUTSTANDING_PLAN, {"tid": task_id})).scalar()
            if plan:
                # This action is done as of the statement above: only the plan's others
                # can still be pending (a one-action plan asks nothing more).
                others = [a["id"] for a in plan.get("actions", []) if a["id"] != action_id]
                if not others or not await _pending_of(conn, session_id, others):
                    await conn.execute(_CLEAR_OUTSTANDING, {"b_tid": task_id})
                    if task is not None and mine:
                        task.outstanding_plan = None
        return ActionFinished(task) if read_task else True
