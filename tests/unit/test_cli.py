"""The `leflux` command as an integrator runs it (a real subprocess)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.support.server import LeFluxServer, free_port

REPO = Path(__file__).resolve().parents[2]


def leflux(*args: str, env: dict[str, str] | None = None, timeout: float = 30):
    return subprocess.run(
        [sys.executable, "-m", "leflux", *args], capture_output=True, text=True,
        timeout=timeout, env={**os.environ, **(env or {})}, cwd=REPO,
    )


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


@pytest.mark.parametrize("args,needle", [
    (["serve", "--bogus"], "unrecognized arguments"),
    (["serve", "--port", "abc"], "--port"),
    (["serve", "--port", "70000"], "--port"),
    (["serve", "--planner", "magic"], "--planner"),
    (["serve", "--database-url", "mysql://x/y"], "--database-url"),
    (["serve", "--database-url", "postgresql+asyncpg://:::bad"], "--database-url"),
    (["serve", "--allowed-origins", "not an origin"], "allowed origin"),
    (["serve", "--redis-url", "http://x"], "--redis-url"),
    (["nope"], "invalid choice"),
])
def test_bad_flags_exit_with_one_line(args, needle):
    line = one_line_error(leflux(*args))
    assert needle in line


def test_env_variables_are_read_and_flags_win(tmp_path):
    line = one_line_error(leflux("serve", env={"LEFLUX_PLANNER": "magic"}))
    assert "magic" in line
    proc = leflux("serve", "--planner", "magic", env={"LEFLUX_PLANNER": "rules"})
    assert "magic" in one_line_error(proc)


def test_unreachable_database_exits_with_one_line(tmp_path):
    line = one_line_error(leflux(
        "serve", "--database-url", "postgresql+asyncpg://postgres@127.0.0.1:1/x",
        "--port", str(free_port())))
    assert "database" in line
    line = one_line_error(leflux(
        "serve", "--database-url", f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db"))
    assert "does not exist" in line


def test_unreachable_redis_exits_with_one_line(tmp_path):
    line = one_line_error(leflux(
        "serve", "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
        "--redis-url", "redis://127.0.0.1:1/0"))
    assert "Redis" in line


def test_port_in_use_exits_with_one_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        line = one_line_error(leflux(
            "serve", "--port", str(port),
            "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"))
    assert str(port) in line


def test_sites_add_list_and_serve(tmp_path):
    db = f"sqlite+aiosqlite:///{tmp_path / 'leflux.db'}"
    (tmp_path / "shop.md").write_text("Be brief.")
    proc = leflux("sites", "add", "shop", "--origins", "https://shop.a.com,https://*.a.com",
                  "--instructions", str(tmp_path / "shop.md"), "--suggestions", "Find shoes",
                  "--image-hosts", "cdn.a-images.com, *.imgix.net", "--title", "Shop helper",
                  "--avatar-url", "https://cdn.a-images.com/bot.png", "--database-url", db)
    assert proc.returncode == 0, proc.stderr
    assert "added site shop" in proc.stdout
    proc = leflux("sites", "list", env={"LEFLUX_DATABASE_URL": db})
    assert proc.returncode == 0
    assert "shop\thttps://shop.a.com, https://*.a.com" in proc.stdout
    one_line_error(leflux("sites", "add", "bad", "--origins", "nonsense", "--database-url", db))
    one_line_error(leflux("sites", "add", "x", "--origins", "https://x.com", "--image-hosts",
                          "https://cdn.x.com/", "--database-url", db))
    one_line_error(leflux("sites", "add", "x", "--origins", "https://x.com", "--avatar-url",
                          "javascript:alert(1)", "--database-url", db))
    one_line_error(leflux("sites", "add", "x", "--origins", "https://x.com", "--title",
                          "x" * 101, "--database-url", db))
    one_line_error(leflux("sites", "add", "x", "--origins", "https://x.com",
                          "--instructions", str(tmp_path / "missing.md"), "--database-url", db))

    with LeFluxServer(tmp_path, database_url=db) as server:
        bodies = {}
        for origin in ("https://www.a.com", "http://site.test"):
            req = urllib.request.Request(server.url + "/api/widget-config",
                                         headers={"Origin": origin})
            with urllib.request.urlopen(req, timeout=5) as r:
                bodies[origin] = json.loads(r.read())
        assert bodies["https://www.a.com"]["name"] == "shop"
        assert bodies["https://www.a.com"]["suggestions"] == ["Find shoes"]
        assert bodies["https://www.a.com"]["title"] == "Shop helper"
        assert bodies["https://www.a.com"]["avatarUrl"] == "https://cdn.a-images.com/bot.png"
        assert bodies["http://site.test"]["name"] == "default"
        # No title set: none sent, and the widget shows "Assistant" in the visitor's language.
        assert "title" not in bodies["http://site.test"]
        assert "greeting" not in bodies["http://site.test"]


def test_serve_reads_env_for_origins(tmp_path):
    port = free_port()
    server = LeFluxServer(tmp_path, port=port, allowed_origins="http://flag.test",
                          env={"LEFLUX_ALLOWED_ORIGINS": "http://env.test"})
    with server:
        req = urllib.request.Request(server.url + "/api/widget-config",
                                     headers={"Origin": "http://flag.test"})
        with urllib.request.urlopen(req, timeout=5) as r:
            assert r.status == 200
        req = urllib.request.Request(server.url + "/api/widget-config",
                                     headers={"Origin": "http://env.test"})
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(req, timeout=5)
        assert exc.value.code == 403


def test_demo_serves_the_shop_with_its_site(tmp_path):
    server = LeFluxServer(tmp_path, command="demo",
                          env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    server.args = [a for a in server.args if a not in ("--database-url", server.database_url)]
    with server:
        origin = f"http://127.0.0.1:{server.port}"
        req = urllib.request.Request(server.url + "/api/widget-config", headers={"Origin": origin})
        with urllib.request.urlopen(req, timeout=5) as r:
            body = json.loads(r.read())
        assert body["name"] == "Northwind Outfitters" and body["suggestions"]
        with urllib.request.urlopen(server.url + "/", timeout=5) as r:
            assert r.status == 200  # the shop, mounted behind LeFlux's own routes
    assert (tmp_path / "xdg" / "leflux" / "leflux.db").exists()


def test_sessions_export_refuses_a_bad_date_in_one_line(tmp_path):
    line = one_line_error(leflux("sessions", "export", "--since", "last week",
                                 "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"))
    assert "since must be an ISO date" in line


def test_sessions_export_of_an_empty_database(tmp_path):
    out = tmp_path / "out.jsonl"
    done = leflux("sessions", "export", "--output", str(out),
                  "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    assert done.returncode == 0, done.stderr
    assert out.read_text() == "" and "exported 0 session(s)" in done.stderr
