"""`make soak`: sessions doing full turns with the rules planner against a real `leflux
serve` on one SQLite file, while the soak kills it (-9) and restarts it twice.

    python -m bench.soak                       # 1,000 sessions, 10 minutes
    python -m bench.soak --minutes 1 --sessions 100

Each session is a python-socketio client acting as the embed: it posts a visitor
message, executes every action plan at most once (ids remembered, as the embed's
sessionStorage does), reports results, sends `continue_task` with the next page,
answers confirmations, reconnects when the server dies and rejoins. Counted:

* lost history: a visitor message answered 202, or an agent reply the client received
  (message_done, message, task_complete), missing from the session's stored history;
* plans executed twice: an `action_plan` re-sent with an action id whose result the
  server had already acknowledged (a plain embed would run it again);
* stuck: at the end, a session whose open task cannot be closed through the protocol
  (answer what is owed, then a new visitor message, which supersedes any task).

Prints a JSON report; exits non-zero if any count is non-zero. Bounded: every loop
has a deadline, the server is on loopback, the SQLite file in a scratch folder.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from collections import Counter
from typing import Any

import httpx

from bench.common import ORIGIN, RESULTS, BenchServer
from bench.soak_visitor import TURN_TIMEOUT, Tally, Visitor


async def soak(sessions: int, minutes: float, kills: int) -> dict[str, Any]:
    tally = Tally()
    started = time.monotonic()
    deadline = started + minutes * 60
    server = BenchServer()
    server.start()
    kill_log: list[dict[str, float]] = []
    kill_times: list[float] = []
    # An HTTP client per visitor, as each browser has its own: one shared pool made
    # httpcore match every queued request against every connection (quadratic), and
    # after a restart 1,000 queued POSTs took this process's whole core.
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=1)
    try:
        async with contextlib.AsyncExitStack() as clients:
            visitors = [
                Visitor(server.url, await clients.enter_async_context(httpx.AsyncClient(
                    base_url=server.url, headers={"Origin": ORIGIN}, timeout=15,
                    limits=limits)), tally)
                for _ in range(sessions)
            ]

            async def killer() -> None:
                for i in range(kills):
                    at = started + (i + 1) * (deadline - started) / (kills + 1)
                    await asyncio.sleep(max(0.0, at - time.monotonic()))
                    t0 = time.monotonic()
                    await asyncio.to_thread(server.kill)
                    await asyncio.sleep(1.0)
                    await asyncio.to_thread(server.start, 60)
                    kill_times.append(t0)
                    kill_log.append({"at_s": round(t0 - started, 1),
                                     "down_s": round(time.monotonic() - t0, 2)})
                    print(f"killed and restarted the server at {t0 - started:.0f} s",
                          flush=True)

            async def progress() -> None:
                while time.monotonic() < deadline:
                    await asyncio.sleep(15)
                    print(f"{time.monotonic() - started:4.0f} s: {tally.turns_done}/"
                          f"{tally.turns} turns done, {tally.reconnects} reconnects",
                          flush=True)

            bg = [asyncio.create_task(killer()), asyncio.create_task(progress())]
            await asyncio.gather(*(v.run(deadline) for v in visitors))
            for t in bg:
                t.cancel()
            sem = asyncio.Semaphore(100)

            async def settle(v: Visitor) -> str | None:
                async with sem:
                    return await v.settle()

            left = [s for s in await asyncio.gather(*(settle(v) for v in visitors)) if s]
            stuck = [s for s in left if s.startswith("stuck")]
            stalled = [s for s in left if s.startswith("stalled")]
            await asyncio.sleep(1.0)

            async def lost(v: Visitor) -> tuple[int, int]:
                async with sem:
                    return await v.lost()

            losses = await asyncio.gather(*(lost(v) for v in visitors))
            for v in visitors:
                if v.sio.connected:
                    await v.sio.disconnect()
    finally:
        server.__exit__(None, None, None)
    report = {
        "sessions": sessions, "minutes": minutes, "kills": kill_log,
        "turns": tally.turns, "turns_done": tally.turns_done,
        "turn_timeouts": tally.turn_timeouts,
        # A turn that went unanswered with no kill during it would be a bug of its own.
        "turn_timeouts_without_a_kill": sum(
            1 for b in tally.timeout_starts
            if not any(b - 5 <= k <= b + TURN_TIMEOUT for k in kill_times)),
        "timeout_states": dict(tally.timeout_states),
        "timeout_traces": tally.timeout_traces,
        "post_failures": tally.post_failures,
        "reconnects": tally.reconnects, "plans": tally.plans,
        "plans_resent_unacked": tally.plans_resent_unacked,
        "errors": dict(tally.errors),
        "lost_visitor_messages": sum(v for v, _ in losses),
        "lost_agent_messages": sum(a for _, a in losses),
        "plans_executed_twice": tally.executed_twice,
        "stuck_sessions": len(stuck), "stuck_reasons": dict(Counter(stuck)),
        # Left open by a kill with nothing re-sent on rejoin: the embed waits until the
        # visitor writes again (which closes it). Reported, not counted as stuck.
        "stalled_sessions": len(stalled), "stalled_states": dict(Counter(stalled)),
        "seconds": round(time.monotonic() - started, 1),
    }
    return report


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m bench.soak")
    p.add_argument("--minutes", type=float, default=10.0)
    p.add_argument("--sessions", type=int, default=1000)
    p.add_argument("--kills", type=int, default=2)
    opts = p.parse_args()
    report = asyncio.run(soak(opts.sessions, opts.minutes, opts.kills))
    print(json.dumps(report, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"soak-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps(report, indent=2))
    bad = (report["lost_visitor_messages"] + report["lost_agent_messages"]
           + report["plans_executed_twice"] + report["stuck_sessions"])
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
