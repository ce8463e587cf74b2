"""Fenced writes: a turn that lost its lease cannot write.

In Redis mode a session's turn is a lease (session/locks.py). A process that stalls past
its lease (a long GC pause, a frozen VM, a network partition) may wake up still inside
the turn while another process already holds the next one. Each grant of the lease
comes with a fencing token, a number that only grows; every write the holder makes for
the session carries it, and the session row keeps the highest token it has seen. A write
with an older token is refused, in the same transaction, so the late process changes
nothing: no second plan, no overwritten task, no message the visitor did not get from
the current holder.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, or_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from leflux.errors import LeaseLost
from leflux.storage.tables import sessions


@dataclass(frozen=True)
class Fence:
    """The turn's fencing token for one session (None outside Redis mode: one process
    needs no fence)."""

    session_id: str
    token: int


_ADVANCE = update(sessions).where(and_(
    sessions.c.id == bindparam("sid"),
    or_(sessions.c.lease_fence.is_(None), sessions.c.lease_fence <= bindparam("token")),
)).values(lease_fence=bindparam("token"))


async def check_fence(conn: AsyncConnection, fence: Fence | None) -> None:
    """Inside the write's transaction: record the token, or refuse an older one (the
    transaction is then rolled back by the caller's ``begin()`` block)."""
    if fence is None:
        return
    res = await conn.execute(_ADVANCE, {"sid": fence.session_id, "token": fence.token})
    if not res.rowcount:
        raise LeaseLost()
