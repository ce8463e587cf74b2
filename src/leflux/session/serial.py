"""One event at a time per session, in arrival order (asyncio.Lock is FIFO-fair)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class SessionSerializer:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def turn(self, session_id: str) -> AsyncIterator[None]:
        """One process: no other writer exists, so no fence (yields None)."""
        lock = self._locks.get(session_id)
        if lock is None:
            lock = self._locks[session_id] = asyncio.Lock()
        self._users[session_id] = self._users.get(session_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            # Drop the lock once nobody waits: idle sessions cost no memory here.
            self._users[session_id] -= 1
            if not self._users[session_id]:
                del self._users[session_id]
                del self._locks[session_id]

    def busy(self, session_id: str) -> bool:
        """Is a turn of the session running (or waited on) in this process?"""
        return session_id in self._users

    async def ready(self) -> None:
        """In process memory: always ready (see locks.RedisTurns for the shared kind)."""
