"""Visitor messages whose answer has not run yet (``messages.pending``, migration 0002).

The visitor's words are stored first (``202``) and answered later in the session's
turn, possibly by another process. If the answering process dies (kill -9) before it
produced anything, the words would sit in the history unanswered forever; with this
mark (set by ``Store.add_visitor_message``), the next join finds them and answers them
(see ``session/handover.py``).
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, exists, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.storage.direct import begin, connect
from leflux.storage.tables import actions, messages, tasks

# Every visitor turn runs this (in the transaction of the turn's first answer when it
# can: ``SessionConversation.answering``): built once.
SETTLE = update(messages).where(and_(
    messages.c.id == bindparam("mid"), messages.c.pending.is_(True))).values(pending=None)

_IS_PENDING = select(messages.c.pending).where(messages.c.id == bindparam("mid"))


class PendingMessages:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def settle(self, message_id: str) -> bool:
        """Answered: True if it was still pending (so the caller was first)."""
        async with begin(self.engine) as conn:
            res = await conn.execute(SETTLE, {"mid": message_id})
        return bool(res.rowcount)

    async def is_pending(self, message_id: str) -> bool:
        """Is this message stored and still unanswered?"""
        async with connect(self.engine) as conn:
            row = (await conn.execute(_IS_PENDING, {"mid": message_id})).first()
        return bool(row is not None and row[0])

    async def of_session(self, session_id: str) -> list[tuple[str, str]]:
        """(message id, text) of the session's pending visitor messages, oldest first."""
        async with self.engine.connect() as conn:
            rows = (await conn.execute(
                select(messages.c.id, messages.c.text)
                .where(and_(messages.c.session_id == session_id,
                            messages.c.pending.is_(True)))
                .order_by(messages.c.seq))).all()
        return [(r.id, r.text) for r in rows]

    async def answered_since(self, session_id: str, message_id: str) -> bool:
        """Did anything answer the message (an agent message, a task, an action) after
        it? Then its turn ran at least in part, and running it again would repeat it."""
        async with self.engine.connect() as conn:
            m = (await conn.execute(
                select(messages.c.seq, messages.c.created_at)
                .where(messages.c.id == message_id))).first()
            if m is None:
                return True
            after = select(
                exists().where(and_(messages.c.session_id == session_id,
                                    messages.c.seq > m.seq, messages.c.role == "agent"))
                | exists().where(and_(tasks.c.session_id == session_id,
                                      tasks.c.created_at >= m.created_at))
                | exists().where(and_(actions.c.session_id == session_id,
                                      actions.c.created_at >= m.created_at))
            )
            return bool((await conn.execute(after)).scalar())
