"""The security suite runs against real ``leflux serve`` subprocesses (the product as an
integrator runs it, rules planner, default log level), driven over real HTTP, real
Socket.IO and, where a client must misbehave below Socket.IO, a raw TCP WebSocket."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import socketio

from tests.support.server import LeFluxServer

SITE_A = "https://a.com"
SITE_A_SUB = "https://shop.a-shop.test"  # matched by the wildcard entry
OTHER = "http://other.test"  # a second site, registered with `leflux sites add`
ALLOWED = "https://a.com,https://*.a-shop.test"

# Lifted only for the shared server: the flood tests run their own server with defaults.
LIFTED = {"LEFLUX_SOCKETS_PER_MINUTE_PER_IP": "100000"}


def add_site(db_url: str, name: str, origins: str) -> None:
    subprocess.run([sys.executable, "-m", "leflux", "sites", "add", name, "--origins", origins,
                    "--database-url", db_url], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="package")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    """One shared server: two sites (default + "other"), rules planner."""
    tmp = tmp_path_factory.mktemp("security")
    server = LeFluxServer(tmp, allowed_origins=ALLOWED, env=LIFTED)
    add_site(server.database_url, "other", OTHER)
    with server:
        yield server


def http(server: LeFluxServer, origin: str | None = SITE_A) -> httpx.AsyncClient:
    headers = {"Origin": origin} if origin is not None else {}
    return httpx.AsyncClient(base_url=server.url, headers=headers, timeout=10)


class Sock:
    """A real python-socketio client that records every server event in order."""

    def __init__(self, session_id: str | None = None) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.session_id = session_id or str(uuid.uuid4())
        self.events: list[tuple[str, Any]] = []
        self.sio.on("*", self._record)

    async def _record(self, event: str, data: Any = None) -> None:
        self.events.append((event, data))

    async def wait_for(self, event: str, within: float = 5.0,
                       pred: Any = None, after: int = 0) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            for name, data in self.events[after:]:
                if name == event and (pred is None or pred(data)):
                    return data
            if loop.time() > deadline:
                raise TimeoutError(f"no {event!r} within {within}s; got {self.names()}")
            await asyncio.sleep(0.01)

    def names(self) -> list[str]:
        return [n for n, _ in self.events]

    def of(self, event: str) -> list[Any]:
        return [d for n, d in self.events if n == event]


@asynccontextmanager
async def sock(server: LeFluxServer, *, origin: str | None = SITE_A,
               session_id: str | None = None, join: bool = True,
               query: bool | None = None) -> AsyncIterator[Sock]:
    """``join``: wait for session_joined; ``query``: put the id in the URL (default: join)."""
    s = Sock(session_id)
    headers = {"Origin": origin} if origin is not None else {}
    in_query = join if query is None else query
    url = f"{server.url}?sessionId={quote(s.session_id)}" if in_query else server.url
    await s.sio.connect(url, transports=["websocket"], headers=headers, wait_timeout=5)
    try:
        if join:
            await s.wait_for("session_joined")
        yield s
    finally:
        if s.sio.connected:
            await s.sio.disconnect()


async def wait_disconnected(s: Sock, within: float = 3.0) -> bool:
    for _ in range(int(within / 0.02)):
        if not s.sio.connected:
            return True
        await asyncio.sleep(0.02)
    return not s.sio.connected


def signup_context(url: str = "https://a.com/signup", extra_text: str = "",
                   extra_elements: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    els: list[dict[str, Any]] = [
        {"id": 1, "tag": "input", "type": "text", "label": "Full name"},
        {"id": 2, "tag": "input", "type": "email", "label": "Email"},
        {"id": 3, "tag": "button", "type": "submit", "text": "Sign up"},
        {"id": 4, "tag": "a", "text": "Home", "href": "/"},
        {"id": 5, "tag": "button", "text": "Delete account"},
    ]
    els += extra_elements or []
    text = "Create your account. Full name. Email. Sign up. " + extra_text
    return {"url": url, "title": "Sign up", "indexedElements": els, "visibleText": text}


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parents[2]


async def raw_http(server: LeFluxServer, method: str, target: str, *,
                   origin: str | None = SITE_A, body: bytes = b"") -> tuple[int, bytes]:
    """One HTTP/1.1 request with the target sent byte for byte (no client-side
    normalisation of ``..`` or percent-escapes); returns (status, body)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    head = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{server.port}",
            "Connection: close", f"Content-Length: {len(body)}",
            "Content-Type: application/json"]
    if origin is not None:
        head.append(f"Origin: {origin}")
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()
    raw = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    status_line, _, rest = raw.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]
