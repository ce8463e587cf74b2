"""Group commit: concurrent writers of the same kind share one transaction.

Under load (many sessions sending page contexts at once) each caller still returns only
after its row is committed, but a hundred callers cost one transaction instead of a
hundred round trips through the database driver's thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

# Writes one batch (latest value per key); may return a value per key for its callers.
Flush = Callable[[dict[str, Any]], Awaitable[Mapping[str, Any] | None]]


class GroupCommit:
    """Latest value per key wins within a batch; every caller awaits its batch's commit
    and gets what the flush returned for its key (``None`` if nothing)."""

    def __init__(self, flush: Flush) -> None:
        self._flush = flush
        self._pending: dict[str, Any] = {}
        self._waiters: list[tuple[str, asyncio.Future[Any]]] = []
        self._task: asyncio.Task[None] | None = None

    async def write(self, key: str, value: Any) -> Any:
        self._pending[key] = value
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiters.append((key, fut))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        return await fut

    async def _run(self) -> None:
        while self._pending:
            batch, waiters = self._pending, self._waiters
            self._pending, self._waiters = {}, []
            try:
                outcome = await self._flush_isolated(batch)
            except BaseException as exc:  # cancelled: every caller of this batch hears of it
                for _, fut in waiters:
                    if not fut.done():
                        fut.set_exception(exc)
                raise
            for key, fut in waiters:
                if fut.done():
                    continue
                got = outcome.get(key)
                if isinstance(got, Exception):
                    fut.set_exception(got)
                else:
                    fut.set_result(got)

    async def _flush_isolated(self, batch: dict[str, Any]) -> dict[str, Any]:
        """What the flush returned per key, or the exception that key's own row raised."""
        try:
            return dict(await self._flush(batch) or {})
        except Exception as exc:
            if len(batch) == 1:
                return {key: exc for key in batch}
        # One bad row must not fail the other callers' writes: retry the batch row by
        # row, so that only the caller whose row fails on its own hears of it.
        out: dict[str, Any] = {}
        for key, value in batch.items():
            try:
                out.update(await self._flush({key: value}) or {})
            except Exception as exc:
                out[key] = exc
        return out
