"""Group commit: concurrent writers of the same kind share one transaction.

Under load (many sessions sending page contexts at once) each caller still returns only
after its row is committed, but a hundred callers cost one transaction instead of a
hundred round trips through the database driver's thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

Flush = Callable[[dict[str, Any]], Awaitable[None]]


class GroupCommit:
    """Latest value per key wins within a batch; every caller awaits its batch's commit."""

    def __init__(self, flush: Flush) -> None:
        self._flush = flush
        self._pending: dict[str, Any] = {}
        self._waiters: list[asyncio.Future[None]] = []
        self._task: asyncio.Task[None] | None = None

    async def write(self, key: str, value: Any) -> None:
        self._pending[key] = value
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        await fut

    async def _run(self) -> None:
        while self._pending:
            batch, waiters = self._pending, self._waiters
            self._pending, self._waiters = {}, []
            try:
                await self._flush(batch)
            except BaseException as exc:  # every caller of this batch hears of it
                for fut in waiters:
                    if not fut.done():
                        fut.set_exception(exc)
                if isinstance(exc, asyncio.CancelledError):
                    raise
                continue
            for fut in waiters:
                if not fut.done():
                    fut.set_result(None)
