"""A real ``leflux serve`` (or ``leflux demo``) process on a free loopback port.

Tests drive the product the way an integrator runs it: the console entry point in a
subprocess, talking to it over real HTTP and Socket.IO. ``kill()`` is a kill -9, and
``start()`` again on the same database file is a server restart.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ORIGIN = "http://site.test"
REPO = Path(__file__).resolve().parents[2]
# Every test client comes from 127.0.0.1, so the per-address limits would count a whole
# suite as one visitor. Tests of those limits set them again (an empty value: default).
PER_IP_LIFTED = {"LEFLUX_MESSAGES_PER_MINUTE_PER_IP": "1000000",
                 "LEFLUX_NEW_SESSIONS_PER_HOUR_PER_IP": "1000000"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LeFluxServer:
    def __init__(
        self,
        tmp_path: Path,
        *,
        command: str = "serve",
        allowed_origins: str = ORIGIN,
        planner: str | None = None,
        database_url: str | None = None,
        port: int | None = None,
        extra_args: list[str] | None = None,
        env: dict[str, str] | None = None,
        engine: str | None = None,
    ) -> None:
        """``engine`` ("module:function", called with the Settings) serves a scripted
        engine through the test-only entry point ``tests/support/serve_engine.py``."""
        self.tmp_path = tmp_path
        self.command = command
        self.port = port or free_port()
        self.database_url = database_url or f"sqlite+aiosqlite:///{tmp_path / 'leflux.db'}"
        entry = ["leflux"] if engine is None else ["tests.support.serve_engine", engine]
        self.args = [sys.executable, "-m", *entry, command, "--port", str(self.port)]
        if command == "serve":
            self.args += ["--host", "127.0.0.1", "--allowed-origins", allowed_origins]
        self.args += ["--database-url", self.database_url]
        if planner:
            self.args += ["--planner", planner]
        self.args += extra_args or []
        self.env = {**os.environ, **PER_IP_LIFTED, **(env or {})}
        if engine is not None:
            self.env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(REPO), self.env.get("PYTHONPATH", "")) if p)
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = tmp_path / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> LeFluxServer:
        log = open(self.log_path, "ab")  # closed with the process
        self.proc = subprocess.Popen(
            self.args, stdout=log, stderr=subprocess.STDOUT, env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"server did not become healthy:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def kill(self) -> None:
        """kill -9: no shutdown hooks run."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> LeFluxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
