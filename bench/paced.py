"""A planner that streams a reply at a set pace, every token stamped with its send time
("<t:monotonic_ms> "), for the streaming bench. The server under test loads it with
``BenchServer(engine="bench.paced:engine")`` (through the test-only entry point
``tests/support/serve_engine.py``), so
what is measured is LeFlux's own streaming path: engine -> session -> Socket.IO.

    BENCH_PACED_TOKENS  tokens per reply (default 500)
    BENCH_PACED_RATE    tokens per second per reply; 0 = as fast as the server takes them
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator

from leflux.agent.engine import TaskEngine
from leflux.agent.planner import PlanEvent, PlanRequest, TextDelta
from leflux.agent.ports import Engine
from leflux.config import Settings


def stamp(monotonic_s: float) -> str:
    # time.monotonic() is CLOCK_MONOTONIC, the clock loadgen.mjs reads arrivals on.
    return f"<t:{monotonic_s * 1000:.3f}> "


class PacedPlanner:
    name = "paced"

    def __init__(self, tokens: int, rate: float) -> None:
        self.tokens = tokens
        self.rate = rate

    async def plan(self, request: PlanRequest) -> AsyncIterator[PlanEvent]:
        loop = asyncio.get_running_loop()
        start, now = loop.time(), time.monotonic()
        for i in range(self.tokens):
            if self.rate > 0:
                # A model produces at its own pace: the stamp is the token's scheduled
                # time, so a server that falls behind shows it as delay (a stamp taken
                # when the server finally asks for the token would hide it).
                delay = start + i / self.rate - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                yield TextDelta(stamp(now + i / self.rate))
            else:
                if i % 64 == 63:
                    await asyncio.sleep(0)  # a model never hogs the loop for a whole reply
                yield TextDelta(stamp(time.monotonic()))

    async def aclose(self) -> None:
        return None


def engine(settings: Settings) -> Engine:
    tokens = int(os.environ.get("BENCH_PACED_TOKENS", "500"))
    rate = float(os.environ.get("BENCH_PACED_RATE", "50"))
    return TaskEngine(PacedPlanner(tokens, rate), settings.limits)
