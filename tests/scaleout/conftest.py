"""Several real ``leflux serve`` processes on loopback ports sharing one Redis and one
PostgreSQL database (a fresh database per test, dropped afterwards)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import redis.asyncio as aioredis

from tests.support.server import LeFluxServer, free_port

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
# Short leases so a killed holder's turn frees within the test's patience.
LEASE_S = "2"


async def _pg_up() -> bool:
    try:
        conn = await asyncio.wait_for(asyncpg.connect(PG_ADMIN), 3)
    except Exception:
        return False
    await conn.close()
    return True


async def _redis_up(url: str) -> bool:
    client = aioredis.from_url(url, socket_connect_timeout=2, socket_timeout=3)
    try:
        return bool(await client.ping())
    except Exception:
        return False
    finally:
        await client.aclose()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database for this test (the migrations create its schema)."""
    if not await _pg_up():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    name = f"leflux_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
async def redis_url() -> str:
    if not await _redis_up(REDIS_URL):
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return REDIS_URL


class PrivateRedis:
    """A redis-server of our own on a free port, so a test may stop and restart it
    without disturbing anyone else's use of the shared one."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.dir = tmp_path / f"redis-{self.port}"
        self.dir.mkdir()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        exe = shutil.which("redis-server")
        assert exe, "redis-server is not installed"
        self.proc = subprocess.Popen(
            [exe, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=open(self.dir / "redis.log", "ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                out = subprocess.run(["redis-cli", "-p", str(self.port), "ping"],
                                     capture_output=True, timeout=2, text=True)
                if out.stdout.strip() == "PONG":
                    return
            except subprocess.TimeoutExpired:
                pass
            time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path: Path) -> Any:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    r = PrivateRedis(tmp_path)
    r.start()
    yield r
    r.stop()


Cluster = list[LeFluxServer]


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """``await cluster(n, database_url=..., redis_url=...)`` -> n started servers."""
    started: list[LeFluxServer] = []

    async def start(n: int, *, database_url: str, redis_url: str,
                    env: dict[str, str] | None = None,
                    extra_args: list[str] | None = None) -> Cluster:
        servers = [
            LeFluxServer(tmp_path, database_url=database_url,
                         extra_args=["--redis-url", redis_url, *(extra_args or [])],
                         env={"LEFLUX_SESSION_LEASE_S": LEASE_S, **(env or {})})
            for _ in range(n)
        ]
        started.extend(servers)
        # All at once, as a deployment starts them: the migrations must cope.
        await asyncio.gather(*(asyncio.to_thread(s.start, 60) for s in servers))
        return servers

    yield start
    await asyncio.gather(*(asyncio.to_thread(s.stop) for s in started))



class PrivatePostgres:
    """A PostgreSQL cluster of our own (initdb in a scratch folder, a free port), so a
    test may stop and restart it without touching the shared server."""

    BIN = Path("/usr/lib/postgresql/15/bin")

    def __init__(self) -> None:
        import tempfile

        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="leflux-pg-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *cmd: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True,
                       capture_output=True, timeout=60)

    def init(self) -> None:
        self._as_postgres(str(self.BIN / "initdb"), "-D", str(self.data), "-A", "trust",
                          "-U", "postgres", "--no-sync")

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(str(self.BIN / "pg_ctl"), "-D", str(self.data), "-o", opts,
                          "-l", str(self.dir / "log"), "-w", "start")

    def stop(self) -> None:
        """Like a crash: immediate shutdown, every connection cut."""
        if (self.data / "postmaster.pid").exists():
            self._as_postgres(str(self.BIN / "pg_ctl"), "-D", str(self.data), "-m",
                              "immediate", "-w", "stop")


@pytest.fixture
def private_pg() -> Any:
    if not (PrivatePostgres.BIN / "initdb").exists() or shutil.which("runuser") is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    pg = PrivatePostgres()
    pg.init()
    pg.start()
    yield pg
    pg.stop()
    shutil.rmtree(pg.dir, ignore_errors=True)
