"""Where the limits count: in this process's memory, or in Redis for every process.

Two operations cover every limit: ``hit`` (a sliding window: at most ``limit`` hits per
``window_s``; a refused hit is not counted) and ``add`` / ``total`` (a running sum that
expires, for the daily token budgets). With ``--redis-url`` all processes count in one
place, so N processes do not make a limit N times larger.

Redis trouble does not take the service down with it: a count that cannot be read or
written lets the request through and says so in the log (at most every few seconds).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from leflux.session.ratelimit import RateLimiter

log = logging.getLogger("leflux.limits")

WARN_EVERY_S = 10.0

# KEYS[1] the window (a sorted set of hit times); ARGV: window ms, limit, a unique member.
# Redis's own clock, so processes with skewed clocks agree.
_HIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 1
"""
_ADD = """
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return v
"""


class Counters(Protocol):
    async def hit(self, key: str, limit: int, window_s: float) -> bool:
        """Count a hit; False (and not counted) when ``key`` is at its limit."""

    async def add(self, key: str, amount: int, ttl_s: float) -> int:
        """Add to a sum that lives ``ttl_s`` from its first addition; the new sum."""

    async def total(self, key: str) -> int:
        """The sum so far (0 when none or expired)."""


class MemoryCounters:
    """One process's counts (no ``--redis-url``)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._windows: dict[tuple[int, float], RateLimiter] = {}
        self._sums: dict[str, tuple[int, float]] = {}

    async def hit(self, key: str, limit: int, window_s: float) -> bool:
        limiter = self._windows.get((limit, window_s))
        if limiter is None:
            limiter = self._windows[(limit, window_s)] = RateLimiter(limit, window_s,
                                                                     self.clock)
        return limiter.hit(key)

    async def add(self, key: str, amount: int, ttl_s: float) -> int:
        now = self.clock()
        value, expires = self._sums.get(key, (0, 0.0))
        if expires <= now:
            value, expires = 0, now + ttl_s
            self._prune(now)
        value += amount
        self._sums[key] = (value, expires)
        return value

    async def total(self, key: str) -> int:
        value, expires = self._sums.get(key, (0, 0.0))
        return value if expires > self.clock() else 0

    def _prune(self, now: float) -> None:
        for key in [k for k, (_, exp) in self._sums.items() if exp <= now]:
            del self._sums[key]


class RedisCounters:
    """Every process's counts in one Redis (``--redis-url``); one round trip each."""

    def __init__(self, redis: Any, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self._hit = redis.register_script(_HIT)
        self._add = redis.register_script(_ADD)
        self._warned = 0.0

    async def hit(self, key: str, limit: int, window_s: float) -> bool:
        try:
            ok = await self._hit(keys=[self.prefix + key],
                                 args=[int(window_s * 1000), limit, uuid.uuid4().hex])
        except Exception as exc:  # redis errors, OSError, timeouts
            self._warn(exc)
            return True
        return bool(ok)

    async def add(self, key: str, amount: int, ttl_s: float) -> int:
        try:
            return int(await self._add(keys=[self.prefix + key],
                                       args=[amount, int(ttl_s * 1000)]))
        except Exception as exc:
            self._warn(exc)
            return 0

    async def total(self, key: str) -> int:
        try:
            raw = await self.redis.get(self.prefix + key)
        except Exception as exc:
            self._warn(exc)
            return 0
        return int(raw or 0)

    def _warn(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._warned >= WARN_EVERY_S:
            self._warned = now
            log.warning("limits cannot be counted in Redis (letting requests through): %s",
                        exc)
