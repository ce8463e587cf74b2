"""`make bench` section "scaleout": N `leflux serve` processes on one Redis and one
PostgreSQL database, sessions spread round-robin over them (no sticky sessions).

    python -m bench --only scaleout [--quick]

Figures: sessions joined and joins/s with 2 processes (target 2,000 concurrent), the
event round trip (update_context with an ack: one turn, Redis lock + store write) at
p50/p99 while they are all connected, and the visitor-words -> action_plan latency
when the words reach the process holding the socket ("local") or the other one
("cross", through Redis), against one process without Redis. The issue's target: a
cross-process emit adds under 3 ms p50 over single-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import threading
import uuid
from collections.abc import Iterator
from typing import Any

from bench.common import BENCH, ORIGIN, BenchServer, Report, node, register

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"


async def _pg(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    name = f"leflux_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextlib.contextmanager
def servers(count: int, database_url: str, redis: bool) -> Iterator[list[BenchServer]]:
    extra = ["--redis-url", REDIS_URL] if redis else []
    procs = [BenchServer(extra_args=extra, database_url=database_url) for _ in range(count)]
    threads = [threading.Thread(target=p.start, args=(60,)) for p in procs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        for p in procs:
            assert p.proc is not None and p.proc.poll() is None, p.log()
        yield procs
    finally:
        for p in procs:
            p.__exit__(None, None, None)


def run_load(urls: list[str], n: int, samples: int) -> dict[str, Any]:
    cmd = [node(), str(BENCH / "scaleout.mjs"), "--urls", ",".join(urls), "--origin", ORIGIN,
           "--n", str(n), "--rate", "1000", "--samples", str(samples), "--timeout", "600"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=700)
    if out.returncode != 0:
        raise RuntimeError(f"scaleout load failed: {out.stderr[-2000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def measure(count: int, *, redis: bool, n: int, samples: int) -> dict[str, Any]:
    with fresh_database() as db, servers(count, db, redis) as procs:
        return run_load([p.url for p in procs], n, samples)


@register("scaleout")
def bench_scaleout(report: Report, quick: bool) -> None:
    n, samples = (300, 200) if quick else (2000, 800)
    single = measure(1, redis=False, n=min(n, 200), samples=samples)
    multi = measure(2, redis=True, n=n, samples=samples)
    report.raw["scaleout"] = {"single": single, "two_processes": multi}
    g = "scale-out"
    report.add(g, f"2 procs: sessions joined of {n:,}", multi["joined"], "",
               note=f"{multi['alive']} still connected after the probes, "
                    f"{multi['errors']} errors")
    report.add(g, "2 procs: sessions joined per second", multi["joined_per_s"], "/s",
               note="target rate 1,000/s, round-robin over both")
    report.add(g, "2 procs: connect+join p50", multi["join_ms"].get("p50"), "ms")
    report.add(g, "2 procs: connect+join p99", multi["join_ms"].get("p99"), "ms")
    rtt = multi["rtt_ms"]
    report.add(g, "2 procs: update_context round trip p50", rtt.get("p50"), "ms",
               note=f"{rtt.get('n')} samples with {multi['joined']} sessions connected")
    report.add(g, "2 procs: update_context round trip p99", rtt.get("p99"), "ms")
    local, cross = multi["relay_local_ms"], multi["relay_cross_ms"]
    one = single["relay_local_ms"]
    report.add(g, "1 proc, no Redis: words -> action_plan p50", one.get("p50"), "ms",
               note=f"{one.get('n')} samples")
    report.add(g, "2 procs: words -> action_plan, same process p50", local.get("p50"), "ms")
    report.add(g, "2 procs: words -> action_plan, other process p50", cross.get("p50"),
               "ms", note=f"p99 {cross.get('p99')} ms, {multi['relay_errors']} errors")
    if cross.get("p50") is not None and local.get("p50") is not None:
        report.add(g, "Redis hop: other process vs same process (p50)",
                   cross["p50"] - local["p50"], "ms", note="the emit crossing processes alone")
    if cross.get("p50") is not None and one.get("p50") is not None:
        report.add(g, "cross-process emit adds (p50 vs 1 proc)", cross["p50"] - one["p50"],
                   "ms", below=3, note="hop + per-turn Redis lock; noisy on a busy host")
