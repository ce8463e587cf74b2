"""``leflux serve --config leflux.toml`` through the real CLI: the file's keys apply,
LEFLUX_* environment variables beat the file, flags beat both, and an unknown key or a
bad value is one line naming it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.server import LeFluxServer, free_port


def test_flags_beat_environment_beat_file(tmp_path: Path) -> None:
    config = tmp_path / "leflux.toml"
    config.write_text(
        f"port = {free_port()}\n"                       # the --port flag wins
        'allowed_origins = ["http://file.test"]\n'      # the variable and the flag win
        'admin-token = "file-token"\n'                  # the variable wins
        'log-format = "json"\n'                         # only here: applies
        'retention_days = 7\n')
    server = LeFluxServer(tmp_path, allowed_origins="http://flag.test",
                          extra_args=["--config", str(config)],
                          env={"LEFLUX_ALLOWED_ORIGINS": "http://env.test",
                               "LEFLUX_ADMIN_TOKEN": "env-token"})
    with server:  # healthy on the --port flag's port, not the file's
        def config_for(origin: str) -> int:
            return httpx.get(f"{server.url}/api/widget-config",
                             headers={"Origin": origin}).status_code

        assert config_for("http://flag.test") == 200
        assert config_for("http://env.test") == 403
        assert config_for("http://file.test") == 403

        def metrics_with(token: str) -> int:
            return httpx.get(f"{server.url}/metrics",
                             headers={"Authorization": f"Bearer {token}"}).status_code

        assert metrics_with("env-token") == 200
        assert metrics_with("file-token") == 403
    lines = [ln for ln in server.log_path.read_text().splitlines()
             if ln.strip() and not ln.startswith("LeFlux listening")]
    assert lines and all(json.loads(ln)["message"] is not None for ln in lines)


def _serve(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "leflux", "serve", *args],
                          env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=60, check=False)


def test_an_unknown_key_is_an_error_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "leflux.toml"
    config.write_text('port = 8123\nallowed_orgins = "http://typo.test"\n')
    done = _serve("--config", str(config))
    assert done.returncode == 2
    assert f"--config {config}: unknown key 'allowed_orgins' (known: " in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_a_bad_value_names_where_it_came_from(tmp_path: Path) -> None:
    config = tmp_path / "leflux.toml"
    config.write_text('log_level = "loud"\n')
    done = _serve("--config", str(config))
    assert done.returncode == 2
    assert done.stderr.strip() == (f"leflux: error: log_level in {config}: input should be "
                                   "'debug', 'info', 'warning' or 'error', not 'loud'")
    config.write_text("port = 8123\n")
    done = _serve("--config", str(config), env={"LEFLUX_PORT": "eighty"})
    assert done.returncode == 2 and done.stderr.startswith("leflux: error: LEFLUX_PORT: ")
    assert "'eighty'" in done.stderr
    config.write_text("not toml = = 1\n")
    done = _serve("--config", str(config))
    assert done.returncode == 2 and f"--config {config}: " in done.stderr
