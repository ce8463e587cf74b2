"""Per-session turns across server processes: one Redis lease lock per session.

In Redis mode any process may receive an event for a session (a REST message on one,
the socket on another, a reconnect that lands elsewhere), so "one engine step at a time
per session" cannot live in process memory. Each turn takes, in order:

1. the in-process FIFO lock (:class:`SessionSerializer`): arrival order within this
   process, and at most one waiter per session per process on Redis;
2. a Redis key ``leflux:turn:<session>`` set with ``NX`` and a lease (``PX``), renewed
   while the turn runs and deleted (compare-and-delete) when it ends.

Why Redis rather than PostgreSQL advisory locks: Redis is already required for the
Socket.IO fan-out in multi-process mode, a try is one round trip, and it works on
either database; an advisory lock would pin one pooled database connection per busy
session for as long as a model streams. Why a lease: a holder killed with -9 never
releases, so its lease runs out (``LEFLUX_SESSION_LEASE_S``, default 10 s) and the
next process proceeds; the holder renews every third of the lease, so a long model
call keeps its turn.

A lease alone cannot stop a holder that stalled past it from writing once it wakes up.
So each grant also takes a fencing token (``INCR`` of one counter, never below Redis's
clock in microseconds, so a Redis restarted without persistence still hands out larger
numbers) and the turn yields it: the store refuses any write that carries a token older
than the newest one the session has seen (storage/fencing.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from typing import Any, Protocol

from leflux.errors import ConfigError, Conflict, StoreUnavailable
from leflux.session.serial import SessionSerializer
from leflux.storage.fencing import Fence

log = logging.getLogger("leflux.locks")


def _redis_error() -> type[Exception]:
    # Without the [redis] extra no Redis lock is ever made, so nothing can raise it.
    # Looked up when a Redis lock is made: a server without Redis never imports it.
    try:
        from redis.exceptions import RedisError
    except ImportError:
        return ConnectionError
    return RedisError


LEASE_ENV = "LEFLUX_SESSION_LEASE_S"
DEFAULT_LEASE_S = 10.0
KEY_PREFIX = "leflux:turn:"

# Take the lease (KEYS[1]) if free and, with it, the next fencing token (KEYS[2]).
_GRANT = """
if not redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 0
end
local token = redis.call('incr', KEYS[2])
local t = redis.call('time')
local floor = tonumber(t[1]) * 1000000 + tonumber(t[2])
if token < floor then
  redis.call('set', KEYS[2], string.format('%d', floor))
  token = floor
end
return token
"""
# Compare-and-set scripts: only the holder of the token may extend or delete the key.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""

UNREACHABLE = ("The service is briefly unavailable (its shared state cannot be reached). "
               "Please try again in a moment.")


class Turns(Protocol):
    """What the session service needs: one turn at a time per session."""

    def turn(self, session_id: str) -> AbstractAsyncContextManager[Fence | None]:
        """The session's turn; yields the fence its writes carry (None: unfenced)."""

    def busy(self, session_id: str) -> bool:
        """Is a turn of the session running (or waited on) in this process?"""

    async def ready(self) -> None:
        """Raise ``StoreUnavailable`` if turns cannot be taken right now."""


def lease_from_env(environ: dict[str, str] | None = None) -> float:
    env = os.environ if environ is None else environ
    raw = env.get(LEASE_ENV)
    if not raw:
        return DEFAULT_LEASE_S
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{LEASE_ENV} must be a number of seconds, not {raw!r}") from None
    if value < 0.5:
        raise ConfigError(f"{LEASE_ENV} must be at least 0.5 seconds, not {raw!r}")
    return value


class RedisTurns:
    """Implements :class:`Turns` for N processes sharing one Redis."""

    def __init__(
        self,
        redis: Any,
        owner: str,
        *,
        lease_s: float | None = None,
        wait_s: float = 150.0,
        prefix: str = KEY_PREFIX,
    ) -> None:
        self.redis = redis
        self.owner = owner
        self.lease_s = lease_s if lease_s is not None else lease_from_env()
        # Longer than the service's bound on one engine step (planner timeout + 30 s),
        # so a waiter outlives any healthy holder.
        self.wait_s = wait_s
        self.prefix = prefix
        self._local = SessionSerializer()
        self._grant = redis.register_script(_GRANT)
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)
        self._errors: tuple[type[Exception], ...] = (_redis_error(), OSError)

    def key(self, session_id: str) -> str:
        return self.prefix + session_id

    def busy(self, session_id: str) -> bool:
        """In this process only: another process's turn is its lease in Redis."""
        return self._local.busy(session_id)

    async def ready(self) -> None:
        try:
            await self.redis.ping()
        except self._errors as exc:
            log.warning("Redis unreachable: %s", exc)
            raise StoreUnavailable(UNREACHABLE) from None

    async def holder(self, session_id: str) -> str | None:
        """The token of whoever holds the session's turn (``owner/uuid``), or None."""
        raw = await self.redis.get(self.key(session_id))
        return raw.decode() if isinstance(raw, bytes) else raw

    @asynccontextmanager
    async def turn(self, session_id: str) -> AsyncIterator[Fence]:
        async with self._local.turn(session_id):
            key = self.key(session_id)
            token, fence = await self._acquire(key)
            keeper = asyncio.ensure_future(self._keep(key, token))
            try:
                yield Fence(session_id, fence)
            finally:
                keeper.cancel()
                with suppress(asyncio.CancelledError):
                    await keeper
                try:
                    await self._release(keys=[key], args=[token])
                except self._errors as exc:
                    # The lease runs out on its own; the next turn only waits longer.
                    log.warning("could not release the turn of %s: %s", key, exc)

    async def _acquire(self, key: str) -> tuple[str, int]:
        """The lease's token (who holds it) and the grant's fencing token."""
        token = f"{self.owner}/{uuid.uuid4().hex}"
        lease_ms = int(self.lease_s * 1000)
        deadline = time.monotonic() + self.wait_s
        delay = 0.002
        while True:
            try:
                fence = int(await self._grant(keys=[key, self.prefix + "#fence"],
                                              args=[token, lease_ms]))
                if fence:
                    return token, fence
            except self._errors as exc:
                log.warning("turn lock unavailable (%s): %s", key, exc)
                raise StoreUnavailable(UNREACHABLE) from None
            if time.monotonic() >= deadline:
                raise Conflict("Still busy with an earlier step of this chat. Please try again.")
            # Contention means another process is mid-turn on this session: back off
            # quickly to a 50 ms poll (turns are short; a dead holder's lease is not).
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)

    async def _keep(self, key: str, token: str) -> None:
        """Renew the lease every third of it while the turn runs."""
        lease_ms = int(self.lease_s * 1000)
        while True:
            await asyncio.sleep(self.lease_s / 3)
            try:
                ok = await self._renew(keys=[key], args=[token, lease_ms])
            except self._errors as exc:
                log.warning("could not renew the turn of %s: %s", key, exc)
                continue
            if not ok:
                # Redis lost the key (restart without persistence) or we were paused past
                # the lease: another process may now run this session. Say so loudly.
                log.error("lost the turn of %s (lease expired); finishing this step anyway",
                          key)
                return


# Connections one process keeps to Redis for its turns and limits. A command waits for
# a free one (up to the socket timeout) rather than failing: redis-py's default pool
# (100 connections from redis-py 6 on) raised "Too many connections" with a few hundred
# turns starting at once (1,000 replies on two processes, bench/FINDINGS.md).
REDIS_CONNECTIONS = 64


def connect(redis_url: str) -> Any:
    """A redis.asyncio client with short timeouts: a dead Redis is a quick clear error."""
    from leflux.extras import require

    redis = require("redis.asyncio")
    pool = redis.BlockingConnectionPool.from_url(
        redis_url, max_connections=REDIS_CONNECTIONS, timeout=5,
        socket_connect_timeout=2, socket_timeout=5, health_check_interval=15,
    )
    return redis.Redis.from_pool(pool)
