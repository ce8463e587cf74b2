"""Shared fixtures: a real LeFlux app on uvicorn on a free loopback port (in-process, so
a test can inject a scripted engine), and real Socket.IO clients with an Origin."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import socketio
import uvicorn

from leflux.app import LeFluxApp, create_app
from leflux.config import Limits, Settings
from leflux.transport.ws_protocol import connection_options

ORIGIN = "http://site.test"


def _free_socket() -> socket.socket:
    # As `leflux serve` binds (cli._bind): TCP named, so that asyncio's loop sets
    # TCP_NODELAY on the connections as uvloop does.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass
class RunningServer:
    app: LeFluxApp
    url: str
    engine: Any
    server: uvicorn.Server

    def http(self, origin: str | None = ORIGIN) -> httpx.AsyncClient:
        headers = {"Origin": origin} if origin else {}
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=10)


@asynccontextmanager
async def run_server(
    tmp_path: Path,
    *,
    engine: Any = None,
    allowed_origins: tuple[str, ...] = (ORIGIN,),
    database_url: str | None = None,
    limits: Limits | None = None,
    site_app: Any = None,
    **settings: Any,
) -> AsyncIterator[RunningServer]:
    if engine is None:
        from tests.protocol.scripted_engine import ScriptedEngine

        engine = ScriptedEngine()
    sock = _free_socket()
    port = sock.getsockname()[1]
    cfg = Settings(
        host="127.0.0.1", port=port, allowed_origins=allowed_origins,
        database_url=database_url or f"sqlite+aiosqlite:///{tmp_path / 'leflux.db'}",
        limits=limits or Limits(), **settings,
    )
    app = create_app(cfg, engine=engine, site_app=site_app)
    # The server's own connection settings (its WebSocket protocol, the guards).
    server = uvicorn.Server(uvicorn.Config(
        app, log_level="warning", lifespan="on", access_log=False,
        **connection_options(cfg),
    ))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(400):
        if server.started or task.done():
            break
        await asyncio.sleep(0.025)
    if not server.started:
        sock.close()
        raise RuntimeError("in-process server did not start")
    try:
        yield RunningServer(app, f"http://127.0.0.1:{port}", engine, server)
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 15)
        sock.close()


@pytest.fixture
def server_factory(tmp_path: Path) -> Callable[..., Any]:
    """``async with server_factory(engine=..., limits=...) as srv:``"""

    def factory(**kw: Any) -> Any:
        return run_server(tmp_path, **kw)

    return factory


@pytest.fixture
async def srv(tmp_path: Path) -> AsyncIterator[RunningServer]:
    async with run_server(tmp_path) as running:
        yield running


@dataclass
class Client:
    """A real socketio.AsyncClient that records every server event in order."""

    sio: socketio.AsyncClient
    events: list[tuple[str, Any]] = field(default_factory=list)
    session_id: str = ""
    _cond: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def _record(self, event: str, data: Any) -> None:
        async with self._cond:
            self.events.append((event, data))
            self._cond.notify_all()

    async def wait_for(
        self, event: str, within: float = 5.0, pred: Callable[[Any], bool] | None = None,
        after: int = 0,
    ) -> Any:
        """The first ``event`` (matching ``pred``) at index >= ``after``."""

        def find() -> Any:
            for name, data in self.events[after:]:
                if name == event and (pred is None or pred(data)):
                    return data
            return None

        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(lambda: find() is not None), within)
            return find()

    def names(self) -> list[str]:
        return [name for name, _ in self.events]

    def of(self, event: str) -> list[Any]:
        return [data for name, data in self.events if name == event]

    async def emit(self, event: str, data: Any = None) -> None:
        if data is None:
            await self.sio.emit(event)
        else:
            await self.sio.emit(event, data)

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()


ClientFactory = Callable[..., Awaitable[Client]]


@pytest.fixture
async def sio_client() -> AsyncIterator[ClientFactory]:
    """``await sio_client(srv.url, session_id=..., origin=..., query=True)``.

    With ``query=True`` the session id goes in the ``sessionId`` query parameter,
    otherwise in a ``join_session`` event; ``join=False`` joins nothing.
    """
    clients: list[Client] = []

    async def connect(
        url: str, *, session_id: str | None = None, origin: str | None = ORIGIN,
        query: bool = True, join: bool = True, wait_joined: bool = True,
    ) -> Client:
        sio = socketio.AsyncClient(reconnection=False)
        client = Client(sio, session_id=session_id or str(uuid.uuid4()))
        sio.on("*", client._record)
        headers = {"Origin": origin} if origin else {}
        target = f"{url}?sessionId={client.session_id}" if join and query else url
        clients.append(client)
        await sio.connect(target, transports=["websocket"], headers=headers, wait_timeout=5)
        if join and not query:
            await sio.emit("join_session", {"sessionId": client.session_id})
        if join and wait_joined:
            await client.wait_for("session_joined")
        return client

    yield connect
    for c in clients:
        try:
            await c.close()
        except Exception:
            pass


def new_session_id() -> str:
    return str(uuid.uuid4())
