"""The sliding-window rate limiter."""

from __future__ import annotations

from leflux.session.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_limit_per_key_and_window_slides():
    clock = Clock()
    rl = RateLimiter(3, 60.0, clock)
    assert [rl.hit("a") for _ in range(4)] == [True, True, True, False]
    assert rl.hit("b")  # keys are independent
    clock.t += 59.9
    assert not rl.hit("a")
    clock.t += 0.2
    assert rl.hit("a")
    assert rl.hit("a") and rl.hit("a")
    assert not rl.hit("a")


def test_refused_hits_are_not_counted():
    clock = Clock()
    rl = RateLimiter(1, 10.0, clock)
    assert rl.hit("k")
    for _ in range(50):
        clock.t += 0.1
        assert not rl.hit("k")
    clock.t += 5.1
    assert rl.hit("k")


def test_idle_keys_are_pruned():
    clock = Clock()
    rl = RateLimiter(1, 1.0, clock)
    for i in range(10_001):
        rl.hit(f"k{i}")
    clock.t += 2
    rl.hit("new")
    rl.hit("another")
    assert len(rl._hits) < 100
