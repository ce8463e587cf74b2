"""The README's first command on a clean clone: `make demo` sets everything up and serves.

A real `git clone` of this repository's HEAD into a temporary folder, the Makefile's own
set-up (a new .venv from the package registries, the embed built with npm), then the
exact command `make demo` runs, on a free port: the shop, the embed and the API answer.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.server import free_port

REPO = Path(__file__).resolve().parents[2]


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{shlex.join(cmd)} failed:\n{done.stdout[-3000:]}\n" \
                                 f"{done.stderr[-3000:]}"
    return done.stdout


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read().decode()


@pytest.mark.timeout(900)
def test_make_demo_works_on_a_clean_clone(tmp_path: Path) -> None:
    for tool in ("git", "make", "npm", "node"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    readme = (REPO / "README.md").read_text()
    assert "make demo" in readme

    clone = tmp_path / "clone"
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    _run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(clone)], tmp_path, env, 120)
    assert not (clone / ".venv").exists() and not (clone / "widget" / "node_modules").exists()

    _run(["make", "setup"], clone, env, 800)
    assert (clone / "src" / "leflux" / "static" / "embed.js").is_file()
    # After set-up, `make demo` has one thing left to do: start the demo.
    [command] = [ln for ln in _run(["make", "--no-print-directory", "-n", "demo"],
                                     clone, env, 60).splitlines()
                 if ln.strip()]
    argv = shlex.split(command)
    assert argv[:2] == [".venv/bin/leflux", "demo"] and argv[2:] == ["--port", "8000"]

    port = free_port()  # 8000 may be taken on a shared machine; everything else as is
    log = (tmp_path / "demo.log").open("wb")
    proc = subprocess.Popen(
        [*argv[:2], "--port", str(port)], cwd=clone, stdout=log, stderr=subprocess.STDOUT,
        env={**env, "XDG_DATA_HOME": str(tmp_path / "xdg")}, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "demo.log").read_text()
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the demo did not become healthy"
            time.sleep(0.2)
        status, home = _get(base + "/")
        assert status == 200 and "Northwind Outfitters" in home
        assert '<script src="/embed.js" async></script>' in home
        status, loader = _get(base + "/embed.js")
        hashed = re.search(r"embed/[0-9a-f]{16}\.js", loader)
        assert status == 200 and hashed, loader
        status, embed = _get(f"{base}/{hashed.group(0)}")
        assert status == 200 and len(embed) > 10_000
        assert (tmp_path / "xdg" / "leflux").is_dir()  # the demo's data, in the user folder
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    banner = (tmp_path / "demo.log").read_text()
    assert f"open http://127.0.0.1:{port}/" in banner
