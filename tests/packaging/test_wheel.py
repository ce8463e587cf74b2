"""The wheel as a site owner installs it: built from this checkout, installed into a fresh
venv with the pinned constraints, run with no Node.js on PATH. It serves the demo shop and
the embed from its own package data, and a feature whose extra is missing says which
extra to install."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import free_port

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(cmd: list[str], timeout: float, env: dict[str, str] | None = None,
         cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def _get(url: str, **headers: str) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as r:
        return r.status, r.headers, r.read()  # headers: case-insensitive


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """(the fresh venv's leflux command, an environment whose PATH has no node)."""
    if not (REPO / "src" / "leflux" / "static" / "embed.js").is_file():
        pytest.fail("the embed is not built: run `make embed`")
    tmp = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                  "--outdir", str(tmp / "dist"), str(REPO)], timeout=300)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheel = next((tmp / "dist").glob("leflux-*.whl"))
    venv = tmp / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], timeout=120).returncode == 0
    # Only the venv's own bin: no node, npm or the dev venv anywhere on PATH.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(PATH=str(venv / "bin"), HOME=str(tmp), XDG_DATA_HOME=str(tmp / "xdg"))
    assert shutil.which("node", path=env["PATH"]) is None
    pip = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                "-c", str(REPO / "constraints.txt"), str(wheel)], timeout=600, env=env)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    yield venv / "bin" / "leflux", env


def _serving(cmd: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    return proc


def _wait_healthy(proc: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            pytest.fail(f"the server exited: {out[-3000:]}")
        try:
            if _get(base + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "the server did not become healthy"
        time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.timeout(900)
def test_the_wheel_serves_the_demo_without_node(installed, tmp_path: Path) -> None:
    leflux, env = installed
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _serving([str(leflux), "demo", "--port", str(port)], env, tmp_path)
    try:
        _wait_healthy(proc, base)
        status, _, home = _get(base + "/")
        assert status == 200 and b'<script src="/embed.js" async></script>' in home
        status, _, loader = _get(base + "/embed.js")
        hashed = re.search(rb"embed/[0-9a-f]{16}\.js", loader)
        assert status == 200 and hashed, loader
        # The code and its build-time compressed copy came inside the wheel.
        status, headers, body = _get(f"{base}/{hashed.group(0).decode()}",
                                     **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert len(gzip.decompress(body)) > 10_000
    finally:
        _stop(proc)


@pytest.mark.timeout(300)
def test_the_wheel_names_the_extra_a_feature_needs(installed, tmp_path: Path) -> None:
    leflux, env = installed
    for flags, extra in ((["--planner", "openai", "--openai-base-url", "http://127.0.0.1:9"],
                          "openai"),
                         (["--redis-url", "redis://127.0.0.1:6379/0"], "redis"),
                         (["--database-url", "postgresql+asyncpg://u@127.0.0.1/test"],
                          "postgres")):
        done = _run([str(leflux), "serve", "--port", str(free_port()), *flags],
                    timeout=120, env=env, cwd=tmp_path)
        assert done.returncode != 0
        assert f"pip install 'leflux[{extra}]'" in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
