"""Sliding-window rate limiters (pure logic; the clock is passed in for tests)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, MutableSequence
from typing import cast

PRUNE_AT = 10_000


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds per key."""

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[str, MutableSequence[float]] = {}
        self._next_prune = 0.0

    def _window(self) -> MutableSequence[float]:
        return deque()

    def _expire(self, hits: MutableSequence[float], now: float) -> None:
        window = cast("deque[float]", hits)
        while window and window[0] <= now - self.window:
            window.popleft()

    def hit(self, key: str) -> bool:
        """Count a hit; False (and not counted) when the key is over its limit."""
        now = self.clock()
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = self._window()
        self._expire(hits, now)
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        if len(self._hits) > PRUNE_AT and now >= self._next_prune:
            self._prune(now)
        return True

    def _prune(self, now: float) -> None:
        # Keys idle for a whole window hold no information: drop them to bound memory.
        for key in [k for k, hits in self._hits.items()
                    if not hits or hits[-1] <= now - self.window]:
            del self._hits[key]
        # With more live keys than PRUNE_AT (10,000 sockets joined within a minute) a
        # scan on every hit was O(keys) each: once a window is enough to bound them.
        self._next_prune = now + self.window
