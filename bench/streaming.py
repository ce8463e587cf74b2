"""`make bench` section "streaming": `message_chunk` throughput (one session, 100
sessions) and the token -> client delay of 1,000 concurrent replies at 50 tokens/s.

Two drivers, reported apart:
* "paced planner": a planner inside the server (bench/paced.py, loaded through the app's
  engine hook) stamps each token as it yields it: LeFlux's own streaming path only.
* "openai planner": the real openai planner streaming from a paced OpenAI-compatible
  server in its own process (bench/paced_openai.mjs: Node, one pacing timer for all
  replies, so the fake is not what is measured), stamps taken when the fake writes
  each SSE event: adds the SDK's SSE parsing inside the server process.
The Node load generator (loadgen.mjs `stream`) is the embed: it posts one visitor message
per session and reads `message_chunk`s, parsing the stamps."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import BENCH, ROOT, BenchServer, Report, loadgen, node, pinned, register

PACED = "bench.paced:engine"  # served through tests/support/serve_engine.py


def paced_env(tokens: int, rate: float) -> dict[str, str]:
    return {"BENCH_PACED_TOKENS": str(tokens), "BENCH_PACED_RATE": str(rate)}


@contextmanager
def paced_openai(tokens: int, rate: float, cpu: int | None = None) -> Iterator[str]:
    proc = subprocess.Popen([*pinned(cpu), node(), str(BENCH / "paced_openai.mjs"), "--tokens",
                             str(tokens), "--rate", str(rate), "--seconds", "1200"],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        if line[:1] != ["READY"]:
            raise RuntimeError("bench/paced_openai.mjs did not start")
        yield f"http://127.0.0.1:{line[1]}/v1"
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def run(server: BenchServer, sessions: int, seconds: float) -> dict[str, Any]:
    cpu0 = server.cpu_seconds()
    res = loadgen("stream", server.url, sessions=sessions, seconds=int(seconds),
                  rate=500, timeout=seconds + 120)
    res["server_cpu_s"] = server.cpu_seconds() - cpu0
    return res


def note(res: dict[str, Any]) -> str:
    per_chunk = 1e6 * res["server_cpu_s"] / max(1, res["chunks"])
    per_token = 1e6 * res["server_cpu_s"] / max(1, res["tokens"])
    return (f"{res['done']}/{res['sessions']} done, {res['tokens']:,} tokens in "
            f"{res['chunks']:,} chunks, {res['errors']} errors, "
            f"server {per_chunk:.0f} µs CPU/chunk, {per_token:.0f} µs CPU/token")


def throughput(report: Report, quick: bool) -> None:
    for sessions, tokens in ((1, 5_000 if quick else 30_000),
                             (100, 200 if quick else 1_000)):
        server = BenchServer(env=paced_env(tokens, 0), engine=PACED)
        with server:
            res = run(server, sessions, 120)
        report.raw[f"stream_burst_{sessions}"] = res
        where = "one session" if sessions == 1 else f"across {sessions} sessions"
        # Deltas that arrive within a few ms share one message_chunk (session/streams.py),
        # so an unpaced burst is a few large chunks: tokens/s is the throughput figure.
        report.add("streaming", f"tokens/s to {where} (paced planner, unpaced)",
                   res["tokens_per_s"], "tokens/s", note=note(res))
        report.add("streaming", f"message_chunk/s to {where} (paced planner, unpaced)",
                   res["chunks_per_s"], "chunks/s")


def concurrent(report: Report, quick: bool) -> None:
    sessions = 200 if quick else 1_000
    rate = 50.0
    tokens = 150 if quick else 500  # 3 s / 10 s replies
    seconds = tokens / rate + 60
    server = BenchServer(env=paced_env(tokens, rate), engine=PACED)
    with server:
        res = run(server, sessions, seconds)
    report.raw[f"stream_paced_{sessions}"] = res
    d = res["token_delay_ms"]
    label = f"{sessions:,} sessions x {rate:g} tokens/s"
    report.add("streaming", f"{label}: token->client p50 (paced planner)", d.get("p50"), "ms")
    report.add("streaming", f"{label}: token->client p99 (paced planner)", d.get("p99"), "ms",
               below=150, note=note(res) + f", {res['tokens_per_s']:,.0f} tokens/s delivered")
    with paced_openai(tokens, rate) as base_url:
        server = BenchServer(extra_args=["--planner", "openai", "--model", "bench",
                                         "--openai-base-url", base_url],
                             env={"OPENAI_API_KEY": "bench-key"})
        with server:
            res = run(server, sessions, seconds)
        # The same load on the Node build (bench/node/server.mjs): what the machine allows.
        with tempfile.TemporaryDirectory(prefix="leflux-node-") as tmp:
            nres = node_run(base_url, Path(tmp) / "node.db", sessions, seconds)
    report.raw[f"stream_openai_{sessions}"] = res
    report.raw[f"stream_node_{sessions}"] = nres
    d, nd = res["token_delay_ms"], nres["token_delay_ms"]
    report.add("streaming", f"{label}: token->client p50 (openai planner + SSE)",
               d.get("p50"), "ms", note=f"Node build: {nd.get('p50')} ms")
    report.add("streaming", f"{label}: token->client p99 (openai planner + SSE)",
               d.get("p99"), "ms", below=150,
               note=note(res) + f", {res['tokens_per_s']:,.0f} tokens/s delivered; Node build: "
               f"{nd.get('p99')} ms, {note(nres)}")


def node_run(base_url: str, db: Path, sessions: int, seconds: float) -> dict[str, Any]:
    from bench.sidebyside import NodeServer  # it imports this module

    with NodeServer(base_url, db):  # the first start creates the database
        pass
    with NodeServer(base_url, db) as server:
        return run(server, sessions, seconds)


@register("streaming")
def bench_streaming(report: Report, quick: bool) -> None:
    throughput(report, quick)
    concurrent(report, quick)
