"""`make bench`: measure a real `leflux serve` on loopback and print one table.

    python -m bench                 # everything
    python -m bench --only transport,agent
    python -m bench --quick         # smaller counts, for a smoke run

Results go to bench/results/ (a JSON file per run and latest.md).
"""

from __future__ import annotations

import argparse
import time
import traceback

from bench.common import SECTIONS, BenchServer, HeldSessions, Report, loadgen

MB = 1024 * 1024


def bench_sessions(report: Report, quick: bool) -> None:
    counts = (200, 1000) if quick else (1000, 5000, 10000)
    for n in counts:
        with BenchServer() as server:
            time.sleep(1.0)
            base = server.rss()
            with HeldSessions(server.url, n, rate=1000) as held:
                time.sleep(3.0)  # let allocations settle after the last join
                rss = server.rss()
                connected = int(held.ready.get("connected", 0))
            per = (rss - base) / max(1, connected)
            report.raw[f"idle_{n}"] = {"base_rss": base, "rss": rss, **held.result}
            report.add("sessions", f"{n:,} idle: server RSS", rss / MB, "MB",
                       below=600 if n == 10000 else None,
                       note=f"{connected:,} joined, {held.result.get('alive', '?')} alive at end")
            report.add("sessions", f"{n:,} idle: RSS per session", per / 1024, "KB",
                       below=60 if n == 1000 else None)


def bench_join(report: Report, quick: bool) -> None:
    for rate in (100, 500):
        with BenchServer() as server:
            res = loadgen("join", server.url, rate=rate, seconds=3 if quick else 10)
        report.raw[f"join_{rate}"] = res
        j = res["join_ms"]
        report.add("join", f"join_session->session_joined p50 @{rate}/s", j.get("p50"), "ms")
        report.add("join", f"join_session->session_joined p99 @{rate}/s", j.get("p99"), "ms",
                   below=20 if rate == 100 else None,
                   note=f"{res['joined']}/{res['n']} joined, {res['achieved_rate']:.0f}/s")


def bench_round_trip(report: Report, quick: bool) -> None:
    n = 300 if quick else 2000
    with BenchServer() as server:
        for size, target_p50 in ((2048, 1.0), (200 * 1024, 8.0)):
            label = f"update_context {size // 1024} KB"
            count = n if size < 10000 else n // 4
            # One in flight: the round trip itself, with 100 sessions connected.
            res = loadgen("rtt", server.url, sessions=100, size=size, n=count, concurrency=1)
            report.raw[f"rtt_{size}"] = res
            r = res["rtt_ms"]
            report.add("round-trip", f"{label} p50 (100 sessions)", r.get("p50"), "ms",
                       below=target_p50, note=f"{r.get('n')} samples, {res['errors']} errors")
            report.add("round-trip", f"{label} p99", r.get("p99"), "ms")
            # All 100 sessions sending at once: throughput and the latency under load.
            res = loadgen("rtt", server.url, sessions=100, size=size, n=count,
                          concurrency=100)
            report.raw[f"rtt_{size}_loaded"] = res
            r = res["rtt_ms"]
            report.add("round-trip", f"{label}, 100 in flight: throughput", res["per_s"],
                       "msg/s", note=f"p50 {r.get('p50')} ms, p99 {r.get('p99')} ms")
        cpu0 = server.cpu_seconds()
        res = loadgen("action", server.url, sessions=100, n=300 if quick else 1000)
        turn_cpu = server.cpu_seconds() - cpu0
        report.raw["action"] = res
        a = res["ack_ms"]
        # CPU, not wall: on a shared machine the latencies are mostly the scheduler's.
        report.add("round-trip", "server CPU per turn (words -> plan -> action_complete)",
                   1000 * turn_cpu / max(1, res["plans"]), "ms",
                   note="100 sessions at once, the 100 connects included")
        report.add("round-trip", "action_complete -> handled p50", a.get("p50"), "ms",
                   note=f"{res['plans']} real plans, {res['errors']} errors")
        report.add("round-trip", "action_complete -> handled p99", a.get("p99"), "ms")


SECTIONS.update({"sessions": bench_sessions, "join": bench_join, "round-trip": bench_round_trip})


def main() -> int:
    # Sections that live in their own modules register themselves on import.
    for mod in ("bench.prompt_tokens", "bench.streaming", "bench.agent", "bench.embed",
                "bench.scaleout", "bench.understand", "bench.sidebyside"):
        try:
            __import__(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--quick", action="store_true", help="smaller counts (smoke run)")
    opts = parser.parse_args()
    wanted = opts.only.split(",") if opts.only else list(SECTIONS)
    report = Report()
    failures = 0
    for name in wanted:
        fn = SECTIONS.get(name)
        if fn is None:
            parser.error(f"unknown section {name!r}")
        started = time.monotonic()
        print(f"== {name} ...", flush=True)
        try:
            fn(report, opts.quick)
        except Exception:  # a failing section is reported, the others still run
            failures += 1
            traceback.print_exc()
            report.add(name, "section failed (see traceback above)", None, "")
        print(f"   {name} took {time.monotonic() - started:.0f} s", flush=True)
    print()
    print(report.table())
    path = report.save()
    print(f"\nwritten to {path.relative_to(path.parent.parent.parent)}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
