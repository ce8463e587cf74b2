"""The per-socket limit on joins: a sliding window per socket, sized for thousands."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import MutableSequence

from leflux.session.ratelimit import RateLimiter


class SocketRateLimiter(RateLimiter):
    """A key per socket and a small limit (joins per connection). The window is a list
    of a few floats, ~0.1 KB, where a deque is ~0.76 KB (it allocates its first block
    at once): with 10,000 sockets that was 7 MB. A key goes when its socket does."""

    def _window(self) -> MutableSequence[float]:
        return []

    def _expire(self, hits: MutableSequence[float], now: float) -> None:
        cut = bisect_right(hits, now - self.window)
        if cut:
            del hits[:cut]

    def forget(self, key: str) -> None:
        self._hits.pop(key, None)
