"""Shared pieces of the benchmarks: the server under test, the load generator, the table."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
ORIGIN = "http://bench.test"

sys.path.insert(0, str(ROOT))
from tests.support.server import LeFluxServer  # noqa: E402

# The bench opens thousands of sockets from one IP on purpose: lift the per-IP and
# per-session rate limits for the server under test (the limits have their own tests).
BENCH_ENV = {
    "LEFLUX_SOCKETS_PER_MINUTE_PER_IP": "10000000",
    "LEFLUX_MESSAGES_PER_MINUTE": "10000000",
    "LEFLUX_MESSAGES_PER_MINUTE_PER_IP": "10000000",
    "LEFLUX_NEW_SESSIONS_PER_HOUR_PER_IP": "10000000",
    "LEFLUX_MAX_CONNECTIONS": "10000000",
    "LEFLUX_LOG_LEVEL": "warning",
}


@dataclass
class Row:
    group: str
    figure: str
    value: float | None
    unit: str
    target: str = ""
    ok: bool | None = None
    note: str = ""


@dataclass
class Pair:
    """One figure measured on the Node build and on LeFlux (bench/sidebyside.py)."""

    figure: str
    node: float | None
    leflux: float | None
    unit: str
    higher_is_better: bool = False
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """How many times worse LeFlux is (> 1) or better (< 1) than the Node build."""
        if not self.node or not self.leflux:
            return None
        return self.node / self.leflux if self.higher_is_better else self.leflux / self.node


def _num(value: float | None) -> str:
    if value is None:
        return "n/a"
    digits = 3 if abs(value) < 10 else 1 if abs(value) < 1000 else 0
    return f"{value:,.{digits}f}"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)
    pairs_note: str = ""

    def compare(self, figure: str, node: float | None, leflux: float | None, unit: str, *,
                higher_is_better: bool = False, note: str = "") -> None:
        self.pairs.append(Pair(figure, node, leflux, unit, higher_is_better, note))

    def side_by_side(self) -> str:
        """figure | Node build | LeFlux | ratio (LeFlux / Node; > 1 means LeFlux is worse)."""
        head = ("figure", "Node build", "LeFlux", "ratio", "note")
        lines = [(p.figure, f"{_num(p.node)} {p.unit}", f"{_num(p.leflux)} {p.unit}",
                  "n/a" if p.ratio is None else f"{p.ratio:.2f}x", p.note) for p in self.pairs]
        widths = [max(len(str(x)) for x in col) for col in zip(head, *lines, strict=False)]
        fmt = " | ".join(f"{{:<{w}}}" for w in widths)
        sep = "-+-".join("-" * w for w in widths)
        out = [fmt.format(*head), sep, *(fmt.format(*ln) for ln in lines)]
        return "\n".join(([self.pairs_note, ""] if self.pairs_note else []) + out)

    def add(self, group: str, figure: str, value: float | None, unit: str, *,
            below: float | None = None, note: str = "") -> None:
        ok = None if below is None or value is None else value < below
        target = f"< {below:g} {unit}" if below is not None else ""
        self.rows.append(Row(group, figure, value, unit, target, ok, note))

    def table(self) -> str:
        head = ("group", "figure", "value", "target", "ok", "note")
        lines = []
        for r in self.rows:
            val = "n/a" if r.value is None else f"{r.value:,.3f}".rstrip("0").rstrip(".")
            ok = "" if r.ok is None else ("yes" if r.ok else "NO")
            lines.append((r.group, r.figure, f"{val} {r.unit}".strip(), r.target, ok, r.note))
        widths = [max(len(str(x)) for x in col) for col in zip(head, *lines, strict=False)]
        fmt = " | ".join(f"{{:<{w}}}" for w in widths)
        sep = "-+-".join("-" * w for w in widths)
        table = "\n".join([fmt.format(*head), sep, *(fmt.format(*ln) for ln in lines)])
        if self.pairs:
            table += "\n\nSide by side with the Node build (bench/node/):\n" + self.side_by_side()
        return table

    def save(self) -> Path:
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        data = {"when": stamp, "rows": [r.__dict__ for r in self.rows],
                "pairs": [p.__dict__ for p in self.pairs], "raw": self.raw}
        path = RESULTS / f"bench-{stamp}.json"
        path.write_text(json.dumps(data, indent=2))
        (RESULTS / "latest.md").write_text(f"# make bench, {stamp}\n\n```\n{self.table()}\n```\n")
        return path


class BenchServer(LeFluxServer):
    """A `leflux serve` on a scratch database, with the bench's limits."""

    def __init__(self, *, extra_args: list[str] | None = None,
                 env: dict[str, str] | None = None, database_url: str | None = None,
                 engine: str | None = None, cpu: int | None = None) -> None:
        self._tmp = Path(tempfile.mkdtemp(prefix="leflux-bench-"))
        super().__init__(self._tmp, allowed_origins=ORIGIN, extra_args=extra_args,
                         env={**BENCH_ENV, **(env or {})}, database_url=database_url,
                         engine=engine)
        self.args = [*pinned(cpu), *self.args]
        # As installed: pip writes every module's bytecode at install; a server started
        # with PYTHONDONTWRITEBYTECODE from the caller's shell would compile LeFlux's own
        # ~170 modules from source at each start (~0.1-0.2 s of CPU, not the server's).
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        compiled_once()

    def rss(self) -> int:
        assert self.proc is not None
        proc = psutil.Process(self.proc.pid)
        return int(proc.memory_info().rss + sum(
            c.memory_info().rss for c in proc.children(recursive=True)))

    def cpu_seconds(self) -> float:
        assert self.proc is not None
        t = psutil.Process(self.proc.pid).cpu_times()
        return float(t.user + t.system)

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        shutil.rmtree(self._tmp, ignore_errors=True)


_COMPILED: list[bool] = []


def compiled_once() -> None:
    """Write the bytecode of the leflux package the servers run, once per bench run."""
    if not _COMPILED:
        import compileall

        import leflux

        compileall.compile_dir(str(Path(leflux.__file__).parent), quiet=1)
        _COMPILED.append(True)


def node() -> str:
    path = shutil.which("node")
    if not path:
        raise SystemExit("make bench needs Node.js (node) for the load generator")
    if not (BENCH / "node_modules" / "socket.io-client").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"],
                       cwd=BENCH, check=True)
    return path


def pinned(cpu: int | None) -> list[str]:
    """A command prefix that keeps a process on one core (none where taskset is missing)."""
    if cpu is None or not shutil.which("taskset") or cpu >= (os.cpu_count() or 1):
        return []
    return ["taskset", "-c", str(cpu)]


def loadgen(scenario: str, url: str, *, timeout: float = 900, cpu: int | None = None,
            **opts: Any) -> dict[str, Any]:
    """Run one bounded load-generator scenario to completion; return its JSON result."""
    cmd = [*pinned(cpu), node(), str(BENCH / "loadgen.mjs"), scenario, "--url", url,
           "--origin", ORIGIN, "--timeout", str(int(timeout))]
    for k, v in opts.items():
        cmd += [f"--{k}", str(v)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout + 60,
                         env={**os.environ, "UV_THREADPOOL_SIZE": "4"})
    if out.returncode != 0:
        raise RuntimeError(f"loadgen {scenario} failed: {out.stderr[-2000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


class HeldSessions:
    """`loadgen idle`: N sessions held open until the context exits."""

    def __init__(self, url: str, n: int, rate: int = 500, cpu: int | None = None) -> None:
        self.cmd = [*pinned(cpu), node(), str(BENCH / "loadgen.mjs"), "idle", "--url", url,
                    "--origin", ORIGIN, "--n", str(n), "--rate", str(rate),
                    "--hold", "900", "--timeout", "1200"]
        self.ready: dict[str, Any] = {}
        self.result: dict[str, Any] = {}

    def __enter__(self) -> HeldSessions:
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("loadgen idle exited before its sessions were ready")
        self.ready = json.loads(line)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        out = self.proc.stdout.read()
        self.proc.wait(timeout=120)
        lines = out.strip().splitlines()
        self.result = json.loads(lines[-1]) if lines else {}


Section = Callable[[Report, bool], None]
SECTIONS: dict[str, Section] = {}


def register(name: str) -> Callable[[Section], Section]:
    """Sections in their own modules (bench/agent.py, ...) register themselves here."""

    def deco(fn: Section) -> Section:
        SECTIONS[name] = fn
        return fn

    return deco
