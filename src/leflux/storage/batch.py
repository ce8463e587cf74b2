"""Group commit: concurrent writers of the same kind share one transaction.

Under load (many sessions sending page contexts at once) each caller still returns only
after its row is committed, but a hundred callers cost one transaction instead of a
hundred round trips through the database driver's thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Generator, Mapping
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
        self._running = False  # a flush is scheduled or under way
        self._task: asyncio.Task[Any] | None = None  # one that suspended, carried on

    async def write(self, key: str, value: Any) -> Any:
        self._pending[key] = value
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[Any] = loop.create_future()
        self._waiters.append((key, fut))
        if not self._running:
            self._running = True
            loop.call_soon(self._start)
        return await fut

    def _start(self) -> None:
        """The flush, at the loop's next pass (where a task made by ``write`` would have
        taken its first step), run through here while it does not suspend (the direct
        SQLite path: ``storage/direct.py``) and carried on by a task once it does. A
        task per batch cost its making, its registration (a ``WeakSet`` entry) and its
        freeing on every small ``update_context`` (bench/FINDINGS.md)."""
        coro = self._run()
        try:
            blocked = coro.send(None)
        except StopIteration:
            return
        self._task = asyncio.ensure_future(_Resumed(coro, blocked))

    async def _run(self) -> None:
        try:
            while self._pending:
                batch, waiters = self._pending, self._waiters
                self._pending, self._waiters = {}, []
                try:
                    outcome = await self._flush_isolated(batch)
                except BaseException as exc:  # cancelled: every caller of the batch hears
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
        finally:
            self._running = False
            self._task = None

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


class _Resumed(Coroutine[Any, Any, Any]):
    """A coroutine that took its first step outside a task and is waiting on what it
    yielded (``blocked``), as a task's coroutine: the task's first step is handed
    ``blocked``, every later one goes to the coroutine, and so does a cancellation, even
    one that comes before the task's first step."""

    __slots__ = ("blocked", "coro")

    def __init__(self, coro: Coroutine[Any, Any, Any], blocked: Any) -> None:
        self.coro, self.blocked = coro, blocked

    def send(self, value: Any) -> Any:
        blocked = self.blocked
        if blocked is _STARTED:
            return self.coro.send(value)
        self.blocked = _STARTED
        return blocked

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        if self.blocked is not _STARTED:
            # Never handed to the task, which would have taken the future's "awaited"
            # mark off (as a task does with what it waits on): taken off here.
            if getattr(self.blocked, "_asyncio_future_blocking", None):
                self.blocked._asyncio_future_blocking = False
            self.blocked = _STARTED
        return self.coro.throw(typ if val is None else val)

    def close(self) -> None:
        self.coro.close()

    def __await__(self) -> Generator[Any, Any, Any]:
        raise TypeError("run by a task only (asyncio.ensure_future)")


_STARTED = object()
