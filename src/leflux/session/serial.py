"""One event at a time per session, in arrival order (FIFO, as asyncio.Lock is).

Every page context, action result and message takes its session's turn, and nearly
always nobody else holds it: such a turn allocates nothing but the session's entry
(no asyncio.Lock made and dropped per turn, no generator-based context manager). A
waiter's future exists only while the turn is contended; the turn passes straight to
the first waiter on release, so a newcomer never overtakes one already waiting.
"""

from __future__ import annotations

import asyncio
from collections import deque
from types import TracebackType


class SessionSerializer:
    __slots__ = ("_waiting",)

    def __init__(self) -> None:
        # session id -> the futures of the turns waiting, oldest first; present while
        # one of its turns runs (``busy``), dropped when the last ends.
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}

    def turn(self, session_id: str) -> _Turn:
        """One process: no other writer exists, so no fence (yields None)."""
        return _Turn(self, session_id)

    def busy(self, session_id: str) -> bool:
        """Is a turn of the session running (or waited on) in this process?"""
        return session_id in self._waiting

    async def ready(self) -> None:
        """In process memory: always ready (see locks.RedisTurns for the shared kind)."""

    async def _acquire(self, session_id: str) -> None:
        waiting = self._waiting.get(session_id)
        if waiting is None:
            self._waiting[session_id] = deque()
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        waiting.append(fut)
        try:
            await fut
        except BaseException:
            if fut.done() and not fut.cancelled():
                self._release(session_id)  # handed the turn as it was cancelled: pass it on
            elif fut in waiting:  # (a release may have dropped it already)
                waiting.remove(fut)
            raise

    def _release(self, session_id: str) -> None:
        waiting = self._waiting[session_id]
        while waiting:
            fut = waiting.popleft()
            if not fut.done():
                fut.set_result(None)  # the turn is the first waiter's now
                return
        del self._waiting[session_id]  # idle sessions cost no memory here


class _Turn:
    """The session's turn as an ``async with`` (yields None: no fence)."""

    __slots__ = ("serial", "session_id")

    def __init__(self, serial: SessionSerializer, session_id: str) -> None:
        self.serial = serial
        self.session_id = session_id

    async def __aenter__(self) -> None:
        await self.serial._acquire(self.session_id)

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        self.serial._release(self.session_id)
