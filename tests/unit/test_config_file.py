"""``leflux serve --config leflux.toml`` through the real CLI: the file's keys apply,
LEFLUX_* environment variables beat the file, flags beat both, and an unknown key is an
error naming it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.server import LeFluxServer, free_port


def test_flags_beat_environment_beat_file(tmp_path: Path) -> None:
    config = tmp_path / "leflux.toml"
    config.write_text(
        f'port = {free_port()}\n'
        'allowed_origins = ["http://file.test"]\n'
        'log-format = "json"\n'
        'planner = "rules"\n')
    server = LeFluxServer(tmp_path, extra_args=["--config", str(config)],
                          env={"LEFLUX_ALLOWED_ORIGINS": "http://env.test"})
    i = server.args.index("--allowed-origins")
    del server.args[i:i + 2]  # the origins come from the environment and the file only
    with server:  # healthy on the --port flag, not the file's port
        def config_for(origin: str) -> int:
            return httpx.get(f"{server.url}/api/widget-config",
                             headers={"Origin": origin}).status_code
        assert config_for("http://env.test") == 200
        assert config_for("http://file.test") == 403
    lines = [ln for ln in server.log_path.read_text().splitlines()
             if ln.strip() and not ln.startswith("LeFlux listening")]
    assert lines and all(json.loads(ln)["message"] is not None for ln in lines)


def test_an_unknown_key_is_an_error_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "leflux.toml"
    config.write_text('port = 8123\nallowed_orgins = "http://typo.test"\n')
    done = subprocess.run([sys.executable, "-m", "leflux", "serve", "--config", str(config)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "unknown key 'allowed_orgins'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    config.write_text('log_level = "loud"\n')
    done = subprocess.run([sys.executable, "-m", "leflux", "serve", "--config", str(config)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "log_level must be one of" in done.stderr
