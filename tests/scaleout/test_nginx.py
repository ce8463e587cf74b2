"""The nginx configuration of docs/deploy.md, as written there (TLS swapped for a plain
loopback port), in front of two processes: a visitor's session works through it with
no sticky sessions."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.scaleout.test_fanout import PAGE
from tests.support.server import ORIGIN, free_port

pytestmark = [pytest.mark.redis, pytest.mark.pg, pytest.mark.timeout(120)]

DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def doc_config(ports: list[int], listen: int) -> str:
    """The ```nginx block of docs/deploy.md, pointed at these processes and port."""
    block = re.search(r"```nginx\n(.*?)```", DOC.read_text(), re.S)
    assert block, "docs/deploy.md has no nginx block"
    conf = block.group(1)
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+[^;]*;\n", conf, re.M)
    assert len(servers) >= 2, "the upstream should list the processes"
    options = re.sub(r"server 127\.0\.0\.1:\d+", "", servers[0].strip())
    conf = conf.replace("".join(servers), "".join(
        f"    server 127.0.0.1:{p}{options.rstrip(';')};\n" for p in ports))
    conf = re.sub(r"listen 443 ssl;", f"listen 127.0.0.1:{listen};", conf)
    conf = re.sub(r"^\s*ssl_certificate.*\n", "", conf, flags=re.M)
    assert "ssl" not in conf
    return conf


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                    else None)
    if exe is None:
        pytest.skip("nginx is not installed")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    procs: list[subprocess.Popen[bytes]] = []

    def start(ports: list[int]) -> int:
        listen = free_port()
        temp = "".join(f"    {k}_temp_path {prefix}/{k};\n"
                       for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (prefix / "nginx.conf").write_text(
            f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
            "worker_processes 1;\nevents { worker_connections 1024; }\n"
            f"http {{\n    access_log off;\n{temp}{doc_config(ports, listen)}\n}}\n")
        procs.append(subprocess.Popen(
            [exe, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=open(prefix / "stderr.log", "ab"),
            start_new_session=True))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert procs[-1].poll() is None, (prefix / "stderr.log").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{listen}/healthz", timeout=1):
                    return listen
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not come up")

    yield start  # type: ignore[misc]
    for p in procs:
        p.terminate()
        p.wait(timeout=10)


async def test_a_session_through_the_documented_nginx(
    cluster, pg_url, redis_url, nginx, sio_client
):
    a, b = await cluster(2, database_url=pg_url, redis_url=redis_url)
    port = nginx([a.port, b.port])
    url = f"http://127.0.0.1:{port}"
    visitor = await sio_client(url)
    assert visitor.of("session_joined")[0]["restored"] is False
    # Several REST calls: least_conn spreads them over both processes.
    async with httpx.AsyncClient(base_url=url, headers={"Origin": ORIGIN}) as h:
        r = await h.post(f"/api/sessions/{visitor.session_id}/messages",
                         json={"text": "click the submit button", "context": PAGE})
        assert r.status_code == 202, r.text
        plan = await visitor.wait_for("action_plan", within=10)
        assert plan["actions"][0]["elementId"] == 19
        assert (await h.get("/metrics")).status_code == 404
        refused = await h.get("/api/widget-config", headers={"Origin": "http://evil.test"})
        assert refused.status_code == 403  # the Origin reached LeFlux unchanged
    # A second tab through the same proxy: one socket per session still holds.
    tab = await sio_client(url, session_id=visitor.session_id)
    assert (await visitor.wait_for("error"))["code"] == "replaced"
    assert await tab.wait_for("action_plan") == plan  # still owed: re-sent
    for _ in range(50):
        if not visitor.sio.connected:
            break
        await asyncio.sleep(0.05)
    assert not visitor.sio.connected and tab.sio.connected
