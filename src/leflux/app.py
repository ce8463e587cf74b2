"""Wires every layer into one ASGI app: Socket.IO at /socket.io/, the REST API, and an
optional site (the demo shop) mounted at "/" as the fallback."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

import socketio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from leflux.agent.ports import Engine, UsageHook
from leflux.config import Settings
from leflux.metrics import Metrics
from leflux.session.counters import MemoryCounters, RedisCounters
from leflux.session.quotas import Quotas
from leflux.session.service import SessionService
from leflux.session.streams import StreamRegistry
from leflux.storage.opening import open_database
from leflux.storage.retention import Retention
from leflux.storage.store import Store
from leflux.transport.admin import AdminApi
from leflux.transport.events import SocketEvents
from leflux.transport.rest import RestApi
from leflux.transport.rooms import IndexedFanout
from leflux.transport.sites import SiteBook
from leflux.transport.socket import SocketTransport

if TYPE_CHECKING:
    from leflux.session.console import ConsoleService

log = logging.getLogger("leflux")

SITE_RELOAD_S = 5.0
GC_THRESHOLDS = (20_000, 50, 100)


def build_engine(settings: Settings, *, on_usage: UsageHook | None = None,
                 on_plan: Callable[[str], None] | None = None) -> Engine:
    from leflux.agent.factory import create_engine  # lazy: the agent layer is heavy

    return create_engine(settings, on_usage=on_usage, on_plan=on_plan)


def fanout_channel(settings: Settings) -> str:
    """Processes that share a database are one deployment and share one Redis channel;
    other deployments on the same Redis (pub/sub ignores the db number) stay apart."""
    digest = hashlib.sha256(settings.database_url.encode()).hexdigest()[:16]
    return f"leflux-{digest}"


class _SubLifespan:
    """Runs a mounted app's lifespan (Starlette's Mount does not)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._to_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._from_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        try:
            await self.app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}},
                           self._to_app.get, self._from_app.put)  # type: ignore[arg-type]
        except Exception:  # an app without lifespan support
            await self._from_app.put({"type": "unsupported"})

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())
        await self._to_app.put({"type": "lifespan.startup"})
        msg = await self._from_app.get()
        if msg["type"] == "lifespan.startup.failed":
            raise RuntimeError(f"the mounted site failed to start: {msg.get('message', '')}")

    async def stop(self) -> None:
        if self._task is None or self._task.done():
            return
        await self._to_app.put({"type": "lifespan.shutdown"})
        try:
            await asyncio.wait_for(self._from_app.get(), 10)
        except TimeoutError:
            self._task.cancel()


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and methods answer in the API's error shape, not as plain text."""
    status = getattr(exc, "status_code", 500)
    code = "invalid_session" if status == 404 else "invalid_payload"
    message = "There is nothing here." if status == 404 else "That method is not allowed here."
    return JSONResponse({"error": {"code": code, "message": message}}, status,
                        headers=getattr(exc, "headers", None))


class LeFluxApp:
    """The ASGI app ``leflux serve`` runs. Start-up builds every part in dependency order
    (store -> engine -> socket server -> session service -> event handlers, REST, admin),
    each given what it needs when it is made; until then every request answers 503
    (``/healthz``: ``{"status": "starting"}``)."""

    def __init__(
        self, settings: Settings, *, engine: Engine | None = None,
        site_app: ASGIApp | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = Metrics()
        self.sites = SiteBook.from_settings(settings.site_name, settings.allowed_origins)
        self._engine = engine
        self._site_app = site_app
        self._site_lifespan = _SubLifespan(site_app) if site_app is not None else None
        self._site_reloader: asyncio.Task[None] | None = None
        self._retention: asyncio.Task[None] | None = None
        self._redis: Any = None  # the per-session turn locks' client (Redis mode)
        # Built at start-up (the store opens asynchronously, and the rest needs it).
        self.store: Store | None = None
        self.quotas: Quotas | None = None
        self.service: SessionService | None = None
        self.console: ConsoleService | None = None
        self.transport: SocketTransport | None = None
        self.rest: RestApi | None = None
        self.asgi: ASGIApp | None = None

    async def startup(self) -> None:
        settings = self.settings
        store = self.store = Store(await open_database(settings.database_url))
        await self.sites.load(store)
        owner = f"{settings.host}:{settings.port}"
        turns = None
        counters: MemoryCounters | RedisCounters = MemoryCounters()
        if settings.redis_url:
            from leflux.session.locks import RedisTurns, connect

            self._redis = connect(settings.redis_url)
            turns = RedisTurns(self._redis, owner)
            # Every limit counted once for all processes of this deployment.
            counters = RedisCounters(self._redis, f"{fanout_channel(settings)}:limit:")
        quotas = self.quotas = Quotas(settings.limits, counters)
        engine = self._engine = self._engine or build_engine(
            settings, on_usage=self._record_usage, on_plan=self.metrics.record_plan)
        manager = (IndexedFanout(settings.redis_url, channel=fanout_channel(settings))
                   if settings.redis_url else None)
        transport = self.transport = SocketTransport(
            settings, self.sites, self.metrics, quotas, manager)
        streams = StreamRegistry(store, transport, owner, row_first=manager is not None)
        service = self.service = SessionService(
            store, transport, engine, streams=streams,
            limits=settings.limits, metrics=self.metrics,
            multi_process=manager is not None, catch_up=transport.catch_up(streams),
            turns=turns, quotas=quotas,
        )
        SocketEvents(transport, service)
        if settings.admin_token:  # the owner's console (its queries load only then)
            from leflux.session.console import ConsoleService

            self.console = ConsoleService(store, on_erase=service.forget)
        self.rest = RestApi(self.sites, self.metrics, service, settings.limits,
                            admin_token=settings.admin_token)
        routes = self.rest.routes() + AdminApi(settings.admin_token, self.console,
                                               self._end_session).routes()
        if self._site_app is not None:
            routes.append(Mount("/", app=self._site_app))
        http = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
        self.asgi = socketio.ASGIApp(transport.sio, other_asgi_app=http,
                                     socketio_path="socket.io")
        if self._site_lifespan is not None:
            await self._site_lifespan.start()
        self._site_reloader = asyncio.create_task(self._reload_sites())
        self._retention = asyncio.create_task(
            Retention(self.store.engine, self.settings.retention_days).run())
        # Everything loaded so far lives as long as the process: keep it out of the
        # cyclic GC's scans (shorter pauses with thousands of sockets connected).
        gc.freeze()
        # With the default thresholds (700, 10, 10), 1,000 streaming replies made a full
        # collection of every socket's objects several times a second, 150-170 ms each:
        # the whole process stalled, and the stall was the streaming p99. Nearly all of
        # a server's garbage is freed by reference counting; the cyclic collector only
        # needs to run now and then (bench/FINDINGS.md, "GC pauses").
        gc.set_threshold(*GC_THRESHOLDS)

    def _record_usage(self, planner: str, usage: Any, site_name: str) -> None:
        """The LLM planners' usage hook: /metrics, and the site's token budget."""
        self.metrics.record_usage(planner, usage)
        if self.quotas is not None:  # made before the engine that calls this
            self.quotas.record_usage(site_name, usage.input_tokens + usage.output_tokens)

    async def _end_session(self, session_id: str, message: str) -> None:
        """Let the live visitor of an erased session go (the admin API, built after the
        store and the transport, calls this)."""
        if self.store is None or self.transport is None:
            return
        row = await self.store.get_session(session_id)
        await self.transport.end_session(session_id, message,
                                         row.holder_sid if row is not None else None)

    async def _reload_sites(self) -> None:
        """`leflux sites add` on a running deployment takes effect within seconds."""
        while True:
            await asyncio.sleep(SITE_RELOAD_S)
            try:
                if self.store is not None:
                    await self.sites.load(self.store)
            except Exception as exc:  # keep serving the sites we know
                log.warning("could not reload sites: %s", exc)

    async def shutdown(self) -> None:
        for task in (self._site_reloader, self._retention):
            if task is not None:  # stopped before the store they use closes
                task.cancel()
                with suppress(asyncio.CancelledError, Exception):
                    await task
        if self.service is not None:
            await self.service.drain()
        if self.quotas is not None:
            await self.quotas.settled()
        if self._site_lifespan is not None:
            await self._site_lifespan.stop()
        aclose = getattr(self._engine, "aclose", None)
        if aclose is not None:
            try:
                await aclose()
            except Exception:
                log.warning("engine did not close cleanly", exc_info=True)
        if self.store is not None:
            await self.store.close()
        if self._redis is not None:
            await self._redis.aclose()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if self.asgi is None:  # not started (yet): nothing is built to answer
            if scope["type"] == "http":
                await JSONResponse({"status": "starting"}, 503)(scope, receive, send)
            elif scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1013})
            return
        await self.asgi(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    log.error("start-up failed: %s", exc)
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return


def create_app(
    settings: Settings, *, engine: Engine | None = None, site_app: ASGIApp | None = None
) -> LeFluxApp:
    return LeFluxApp(settings, engine=engine, site_app=site_app)
