"""`make bench` section "node": LeFlux side by side with the same protocol subset built on
Node (bench/node/server.mjs: socket.io 4, better-sqlite3, fetch for the model's stream).

Both servers run the same figures in one run, interleaved (Node, LeFlux, Node, LeFlux...)
and the best of the rounds is kept for each: on a shared machine the best run is the one
least disturbed by everything else. Each server is pinned to core 0; the load generator
(bench/loadgen.mjs) and the paced OpenAI-compatible model (bench/paced_openai.mjs) to
core 1. LeFlux runs the openai planner on SQLite, as a deployment that relays a model
would; the start-up and memory at rest of the rules planner are reported beside it.

    python -m bench --only node           # BENCH_ROUNDS=3 for more rounds
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psutil

from bench.common import (
    BENCH,
    ORIGIN,
    BenchServer,
    HeldSessions,
    Report,
    loadgen,
    node,
    pinned,
    register,
)
from bench.streaming import paced_openai

MB = 1024 * 1024
SERVER_CPU, LOAD_CPU = 0, 1
IDLE_SESSIONS = 2_000
CONTEXT_SESSIONS = 100
REPLIES, TOKENS, RATE = 100, 100, 50.0  # 100 replies x 100 tokens at 50/s: 2 s each
NODE_DIR = BENCH / "node"


def node_build() -> str:
    """The Node build's dependencies (`make bench-deps`), installed here when missing:
    better-sqlite3 is compiled from source against the system's Node headers (no
    prebuilt binary is downloaded), and its native module must load."""
    if not (NODE_DIR / "node_modules" / ".installed").exists():
        subprocess.run(["make", "-C", str(BENCH.parent), "bench-deps"], check=True)
    return node()


class NodeServer(BenchServer):
    """bench/node/server.mjs on a scratch database, started and probed like LeFlux."""

    def __init__(self, llm_base: str, db: Path, cpu: int | None = None) -> None:
        super().__init__()
        self.args = [*pinned(cpu), node_build(), str(NODE_DIR / "server.mjs"),
                     "--port", str(self.port), "--db", str(db),
                     "--origins", ORIGIN, "--llm-base", llm_base, "--model", "bench"]
        self.env["OPENAI_API_KEY"] = "bench-key"


def leflux(llm_base: str | None, db: Path, cpu: int | None = None) -> BenchServer:
    url = f"sqlite+aiosqlite:///{db}"
    if llm_base is None:  # the rules planner
        return BenchServer(cpu=cpu, database_url=url)
    return BenchServer(extra_args=["--planner", "openai", "--model", "bench",
                                   "--openai-base-url", llm_base],
                       env={"OPENAI_API_KEY": "bench-key"}, cpu=cpu, database_url=url)


Figures = dict[str, float | None]


def started(server: BenchServer, out: Figures, key: str) -> None:
    """Seconds from the process's start to /healthz answering 200, and the CPU seconds
    it used meanwhile (children it waited for included): on a loaded machine the wall
    time is mostly waiting for a turn on the core, the CPU time is not."""
    t0 = time.monotonic()
    server.start(timeout=120)
    out[f"{key}_s"] = time.monotonic() - t0
    assert server.proc is not None
    t = psutil.Process(server.proc.pid).cpu_times()
    out[f"{key}_cpu_s"] = t.user + t.system + t.children_user + t.children_system


def at_rest(server: BenchServer) -> float:
    time.sleep(1.0)
    return server.rss() / MB


def idle(server: BenchServer, out: Figures) -> None:
    base, cpu0 = server.rss(), server.cpu_seconds()
    with HeldSessions(server.url, IDLE_SESSIONS, rate=500, cpu=LOAD_CPU) as held:
        cpu = server.cpu_seconds() - cpu0
        connected = int(held.ready.get("connected", 0))
        time.sleep(2.0)  # allocations settle after the last join
        rss = server.rss()
    out["idle_kb"] = (rss - base) / 1024 / max(1, connected)
    out["join_cpu_ms"] = 1000 * cpu / max(1, connected)
    out["idle_connected"] = float(connected)


def contexts(server: BenchServer, out: Figures) -> None:
    for label, size, n in (("2k", 2_800, 2_000), ("105k", 107_000, 300)):
        one = loadgen("rtt", server.url, sessions=CONTEXT_SESSIONS, size=size, n=n,
                      concurrency=1, cpu=LOAD_CPU)
        out[f"ctx_{label}_p50"] = one["rtt_ms"].get("p50")
        out[f"ctx_{label}_p99"] = one["rtt_ms"].get("p99")
        out[f"ctx_{label}_bytes"] = one["payload_bytes"]
        cpu0 = server.cpu_seconds()
        many = loadgen("rtt", server.url, sessions=CONTEXT_SESSIONS, size=size, n=n,
                       concurrency=100, cpu=LOAD_CPU)
        # Includes the 100 sessions' connects and joins (~0.2-2 ms each).
        out[f"ctx_{label}_cpu_us"] = 1e6 * (server.cpu_seconds() - cpu0) / n
        out[f"ctx_{label}_per_s"] = many["per_s"]
        if one["errors"] or many["errors"]:
            raise RuntimeError(f"update_context errors on {server.args[:4]}")


def relay(server: BenchServer, sessions: int, out: Figures, key: str) -> None:
    cpu0 = server.cpu_seconds()
    res = loadgen("stream", server.url, sessions=sessions, seconds=60, rate=500,
                  timeout=180, cpu=LOAD_CPU)
    cpu = server.cpu_seconds() - cpu0
    if res["done"] != sessions or res["errors"]:
        raise RuntimeError(f"{res['done']}/{sessions} replies done, {res['errors']} errors")
    d = res["token_delay_ms"]
    out[f"{key}_p50"], out[f"{key}_p99"] = d.get("p50"), d.get("p99")
    out[f"{key}_wall"] = res["seconds"]
    # The CPU counted includes the sessions' connects and joins (a few ms in all).
    out[f"{key}_cpu_us"] = 1e6 * cpu / max(1, res["tokens"])


def one_round(kind: str, llm_base: str) -> Figures:
    with tempfile.TemporaryDirectory(prefix="leflux-sbs-") as tmp:
        return _round(kind, llm_base, Path(tmp) / f"{kind}.db")


def _round(kind: str, llm_base: str, db: Path) -> Figures:
    out: Figures = {}
    make: Callable[[], BenchServer] = (
        (lambda: NodeServer(llm_base, db, SERVER_CPU)) if kind == "node"
        else (lambda: leflux(llm_base, db, SERVER_CPU)))
    # The first start creates the database; start-up is measured on a restart (a
    # deployment restarts far more often than it is installed).
    with make():
        pass
    server = make()
    try:
        started(server, out, "startup")
        out["rest_mb"] = at_rest(server)
        idle(server, out)
    finally:
        server.stop()
    server = make()
    try:
        server.start(timeout=120)
        contexts(server, out)
        relay(server, REPLIES, out, "relay")
        relay(server, 10, out, "relay10")
    finally:
        server.stop()
    if kind == "leflux":  # the rules planner: what importing only what it needs costs
        server = leflux(None, db, SERVER_CPU)
        try:
            started(server, out, "rules_startup")
            out["rules_rest_mb"] = at_rest(server)
        finally:
            server.stop()
    return out


def best(runs: list[Figures], key: str, higher_is_better: bool = False) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    if not values:
        return None
    return max(values) if higher_is_better else min(values)  # type: ignore[type-var]


def load_note(rounds: int, loads: list[float]) -> str:
    return (f"best of {rounds} interleaved round(s); 1-min load average during the "
            f"run {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores")


@register("node")
def bench_node(report: Report, quick: bool) -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "1" if quick else "2"))
    runs: dict[str, list[Figures]] = {"node": [], "leflux": []}
    loads: list[float] = []
    with paced_openai(TOKENS, RATE, cpu=LOAD_CPU) as llm_base:
        for i in range(rounds):
            for kind in ("node", "leflux"):
                loads.append(psutil.getloadavg()[0])
                print(f"   round {i + 1}/{rounds}: {kind}", flush=True)
                runs[kind].append(one_round(kind, llm_base))
                loads.append(psutil.getloadavg()[0])
    report.raw["node_side_by_side"] = {**runs, "loads": loads, "run": str(uuid.uuid4())}
    report.pairs_note = load_note(rounds, loads)
    n, lf = runs["node"], runs["leflux"]

    def pair(figure: str, key: str, unit: str, higher: bool = False, note: str = "",
             leflux_key: str | None = None) -> None:
        report.compare(figure, best(n, key, higher), best(lf, leflux_key or key, higher), unit,
                       higher_is_better=higher, note=note)

    pair(f"RSS per idle session ({IDLE_SESSIONS:,})", "idle_kb", "KB")
    pair("server CPU per connect + join", "join_cpu_ms", "ms")
    pair("RSS at rest", "rest_mb", "MB", note="LeFlux: openai planner")
    pair("RSS at rest, rules planner", "rest_mb", "MB", leflux_key="rules_rest_mb",
         note="target < 70 MB")
    for label in ("2k", "105k"):
        size = best(n, f"ctx_{label}_bytes") or 0
        name = f"update_context {size / 1024:.1f} KB"
        pair(f"{name}, one in flight, p50", f"ctx_{label}_p50", "ms")
        pair(f"{name}, one in flight, p99", f"ctx_{label}_p99", "ms")
        pair(f"{name}, 100 in flight", f"ctx_{label}_per_s", "msg/s", higher=True)
        pair(f"{name}, 100 in flight: server CPU per update", f"ctx_{label}_cpu_us", "µs",
             note="with the 100 connects")
    what = f"{REPLIES} replies x {TOKENS} tokens at {RATE:g}/s"
    pair("LLM relay: server CPU per token", "relay_cpu_us", "µs", note=what)
    pair("LLM relay: wall until all done", "relay_wall", "s", note=what)
    pair("LLM relay: token -> client p50", "relay_p50", "ms", note=what)
    pair("LLM relay: token -> client p99", "relay_p99", "ms", note=what)
    pair("LLM relay, 10 replies: token -> client p50", "relay10_p50", "ms",
         note="target < 1 ms")
    pair("LLM relay, 10 replies: server CPU per token", "relay10_cpu_us", "µs")
    pair("start-up", "startup_s", "s", note="LeFlux: openai planner")
    pair("start-up, rules planner", "startup_s", "s", leflux_key="rules_startup_s",
         note="target < 1 s")
    pair("start-up CPU", "startup_cpu_s", "s", note="LeFlux: openai planner")
    pair("start-up CPU, rules planner", "startup_cpu_s", "s",
         leflux_key="rules_startup_cpu_s")
