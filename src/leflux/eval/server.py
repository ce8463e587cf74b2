"""The LeFlux server the eval talks to: a running one (``--server``), or its own
``leflux serve`` child on a free loopback port with a throw-away SQLite database, allowing
the origins of the sites under test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType

from leflux.errors import ConfigError

# Many visitors from one IP in a few minutes is what an eval is; the child server's
# per-IP limits are raised so they measure nothing here (an explicit env var still wins).
_EVAL_LIMITS = {"LEFLUX_SOCKETS_PER_MINUTE_PER_IP": "100000",
                "LEFLUX_MESSAGES_PER_MINUTE_PER_IP": "100000",
                "LEFLUX_NEW_SESSIONS_PER_HOUR_PER_IP": "100000"}
_START_S = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ConfigError("the LeFlux server exited while starting")
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise ConfigError(f"the LeFlux server at {url} is not healthy (GET /healthz)")


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class ChildServer:
    """``leflux serve`` in a child process, stopped (and its database removed) on exit."""

    def __init__(self, origins: list[str], planner_args: list[str]) -> None:
        self.port = free_port()
        self._dir = tempfile.TemporaryDirectory(prefix="leflux-eval-")
        db = Path(self._dir.name) / "eval.db"
        self.log_path = Path(self._dir.name) / "server.log"
        self.args = [sys.executable, "-m", "leflux", "serve", "--host", "127.0.0.1",
                     "--port", str(self.port), "--allowed-origins", ",".join(origins),
                     "--database-url", f"sqlite+aiosqlite:///{db}", "--log-level", "warning",
                     *planner_args]
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ChildServer:
        env = {**_EVAL_LIMITS, **os.environ}
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(self.args, stdout=log, stderr=subprocess.STDOUT,
                                         env=env, start_new_session=True)
        try:
            wait_healthy(self.url, _START_S, self.proc)
        except ConfigError as exc:
            tail = self.log_tail()  # before stop() removes the folder it is in
            self.stop()
            raise ConfigError(f"{exc}: {tail}") from None
        return self

    def log_tail(self) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(lines[-3:])

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
        self._dir.cleanup()

    def __enter__(self) -> ChildServer:
        return self.start()

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def eval_environ() -> dict[str, str]:
    """This process's environment with the per-IP limits lifted (unless set), for a
    server the eval talks to (``make eval``'s demo server)."""
    return {**_EVAL_LIMITS, **os.environ}
