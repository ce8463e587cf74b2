"""The sliding-window rate limiter."""

from __future__ import annotations

import pytest

from leflux.session.ratelimit import RateLimiter
from leflux.transport.ratelimit import SocketRateLimiter

# The per-socket limiter keeps its window in a list; the rules are the same.
KINDS = pytest.mark.parametrize("kind", [RateLimiter, SocketRateLimiter])


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@KINDS
def test_limit_per_key_and_window_slides(kind):
    clock = Clock()
    rl = kind(3, 60.0, clock)
    assert [rl.hit("a") for _ in range(4)] == [True, True, True, False]
    assert rl.hit("b")  # keys are independent
    clock.t += 59.9
    assert not rl.hit("a")
    clock.t += 0.2
    assert rl.hit("a")
    assert rl.hit("a") and rl.hit("a")
    assert not rl.hit("a")


@KINDS
def test_refused_hits_are_not_counted(kind):
    clock = Clock()
    rl = kind(1, 10.0, clock)
    assert rl.hit("k")
    for _ in range(50):
        clock.t += 0.1
        assert not rl.hit("k")
    clock.t += 5.1
    assert rl.hit("k")


@KINDS
def test_idle_keys_are_pruned(kind):
    clock = Clock()
    rl = kind(1, 1.0, clock)
    for i in range(10_001):
        rl.hit(f"k{i}")
    clock.t += 2
    rl.hit("new")
    rl.hit("another")
    assert len(rl._hits) < 100


def test_many_live_keys_are_scanned_once_a_window_not_on_every_hit():
    clock = Clock()
    rl = RateLimiter(5, 60.0, clock)
    scans = 0
    real = rl._prune

    def counting(now: float) -> None:
        nonlocal scans
        scans += 1
        real(now)

    rl._prune = counting  # type: ignore[method-assign]
    for i in range(12_000):  # 12,000 sockets all joined within the window
        clock.t += 0.001
        assert rl.hit(f"k{i}")
    assert scans == 1
    clock.t += 61
    rl.hit("late")
    assert scans == 2 and len(rl._hits) == 1


def test_socket_limiter_window_is_small_and_forgotten():
    clock = Clock()
    rl = SocketRateLimiter(30, 60.0, clock)
    assert rl.hit("sid-1")
    assert isinstance(rl._hits["sid-1"], list)  # not a ~0.76 KB deque per socket
    rl.forget("sid-1")
    rl.forget("never-seen")
    assert rl._hits == {}
