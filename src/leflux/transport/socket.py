"""The Socket.IO side: Origin check at the handshake, joins, every client event
validated, errors on the offending socket only."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

import socketio
from engineio import packet as eio_packet
from pydantic import BaseModel, ValidationError
from socketio import packet as sio_packet

from leflux.compat import HookedServer, engine_socket, outgoing_queue
from leflux.config import Settings
from leflux.errors import (
    Forbidden,
    InvalidPayload,
    InvalidSession,
    LeFluxRuntimeError,
    RateLimited,
)
from leflux.protocol import (
    ActionComplete,
    CancelTask,
    ConfirmationResponse,
    ContinueTask,
    JoinSession,
    SequenceComplete,
    UpdateContext,
)
from leflux.session.counters import MemoryCounters
from leflux.session.metrics import Metrics
from leflux.session.quotas import Quotas
from leflux.session.ratelimit import SocketRateLimiter
from leflux.session.service import SessionService
from leflux.storage.store import SiteRow
from leflux.transport.engine_socket import LeanEngineIO, quicken
from leflux.transport.handshake import client_ip, trim_environ
from leflux.transport.rooms import IndexedManager
from leflux.transport.sites import SiteBook
from leflux.transport.wire import JsonPacket, OrjsonModule, describe

log = logging.getLogger("leflux.transport")


# Who handles each client event after the join (``join_session`` has its own handler,
# ``_on_join``): the payload model it is validated with, and the SessionService method
# that gets it. The one place to look an event up.
EVENT_ROUTES: dict[str, tuple[type[BaseModel], Callable[..., Awaitable[None]]]] = {
    "action_complete": (ActionComplete, SessionService.action_complete),
    "sequence_complete": (SequenceComplete, SessionService.sequence_complete),
    "update_context": (UpdateContext, SessionService.update_context),
    "continue_task": (ContinueTask, SessionService.continue_task),
    "confirmation_response": (ConfirmationResponse, SessionService.confirmation_response),
    "cancel_task": (CancelTask, SessionService.cancel_task),
}
NS = "/"
# A socket with this much queued and unread is dropped (it reads nothing back).
MAX_QUEUED_BYTES = 8 * 1024 * 1024
# join_session answers with the whole history: a socket may ask for it this often.
JOINS_PER_MINUTE = 30
# An engine.io socket must send the Socket.IO CONNECT within this (clients do at once).
CONNECT_DEADLINE_S = 10.0
# Socket events that start planning count against the address's messages per minute.
TURN_EVENTS = frozenset({"continue_task"})


_closing: set[asyncio.Task[Any]] = set()


class _SizedServer(HookedServer):
    """Refuses an over-size message with ``error {code: "payload_too_large"}`` before it
    is decoded, instead of engine.io's silent disconnect (which the embed would answer
    by reconnecting and sending the same payload again). Engine.io's own limit stays as
    a hard cap at four times the size."""

    max_message_chars: int = 1_048_576
    on_too_large: Callable[[str], Any] | None = None
    on_bad_packet: Callable[[str], Any] | None = None
    on_bad_event_name: Callable[[str], Any] | None = None
    # The engine.io handshake's check (Origin, the address's socket count): None lets
    # the socket in, a refusal {message, data: {code}} answers 401 before any upgrade.
    on_handshake: Callable[[Any], Awaitable[dict[str, Any] | None]] | None = None

    engineio_class = LeanEngineIO

    async def event_packet(self, eio_sid: str, namespace: str | None, id: Any,
                           data: Any) -> None:
        if not data or not isinstance(data[0], str):
            # python-socketio looks the name up in a dict: a list or an object there
            # raised in a background task, and the client heard nothing.
            sid = self.manager.sid_from_eio_sid(eio_sid, namespace or "/")
            if sid is not None and self.on_bad_event_name is not None:
                await self.on_bad_event_name(sid)
            return
        await super().event_packet(eio_sid, namespace, id, data)

    async def engine_connect(self, eio_sid: str, environ: Any) -> Any:
        # Every engine.io socket, also one that never sends the Socket.IO CONNECT, is
        # Origin-checked and counted here (engine.io's own CORS check lets a missing
        # Origin through).
        if self.on_handshake is not None:
            refusal = await self.on_handshake(environ)
            if refusal is not None:
                return refusal
        # Before engine.io starts the socket's writer task (see wire.QuickPollSocket).
        quicken(engine_socket(self, eio_sid))
        asyncio.get_running_loop().call_later(CONNECT_DEADLINE_S, self._deadline, eio_sid)
        return await super().engine_connect(eio_sid, environ)

    def _deadline(self, eio_sid: str) -> None:
        """Close an engine.io socket that never sent the Socket.IO CONNECT."""
        sock = engine_socket(self, eio_sid)
        if sock is None or sock.closed or self.manager.sid_from_eio_sid(eio_sid, NS):
            return
        task = asyncio.ensure_future(self._abort(sock))
        _closing.add(task)
        task.add_done_callback(_closing.discard)

    async def engine_message(self, eio_sid: str, data: Any) -> None:
        if self.backlog(eio_sid) > MAX_QUEUED_BYTES:
            # It sends and never reads: everything we answer piles up in memory.
            await self.drop(eio_sid)
            return
        if isinstance(data, str | bytes) and len(data) > self.max_message_chars:
            sid = self.manager.sid_from_eio_sid(eio_sid, NS)
            if sid is not None and self.on_too_large is not None:
                await self.on_too_large(sid)
            return
        try:
            await super().engine_message(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError):
            # Undecodable packet (bad JSON, Infinity, a non-list event): the client hears
            # why instead of silence.
            sid = self.manager.sid_from_eio_sid(eio_sid, NS)
            if sid is not None and self.on_bad_packet is not None:
                await self.on_bad_packet(sid)


    def backlog(self, eio_sid: str) -> int:
        """Bytes queued for a socket and not yet written (cheap unless it is piling up)."""
        queue = outgoing_queue(engine_socket(self, eio_sid))
        if queue is None or queue.qsize() < 64:
            return 0
        return sum(len(p.data) for p in queue.pending()
                   if p is not None and isinstance(p.data, str | bytes))

    async def drop(self, eio_sid: str) -> None:
        sock = engine_socket(self, eio_sid)
        if sock is None:
            return
        log.warning("dropping socket %s: %d bytes queued unread", eio_sid,
                    self.backlog(eio_sid))
        await self._abort(sock)

    @staticmethod
    async def _abort(sock: Any) -> None:
        """Close an engine.io socket now, its WebSocket included."""
        await sock.close(wait=False, abort=True)
        queue = outgoing_queue(sock)
        while not queue.empty():  # free what it never read
            queue.get_nowait()
            queue.task_done()
        queue.put_nowait(None)  # the writer stops and closes the WebSocket


class SocketTransport:
    """Owns the AsyncServer; implements the session layer's ``Emitter``."""

    def __init__(
        self,
        settings: Settings,
        sites: SiteBook,
        metrics: Metrics,
        client_manager: socketio.AsyncManager | None = None,
    ) -> None:
        self.settings = settings
        self.sites = sites
        self.metrics = metrics
        self.multi_process = client_manager is not None
        self.service: SessionService | None = None  # set at start-up, once the store is open
        self.sio = _SizedServer(
            async_mode="asgi",
            client_manager=client_manager or IndexedManager(),
            cors_allowed_origins=self._cors_allowed,
            ping_interval=settings.ping_interval_s,
            ping_timeout=settings.ping_timeout_s,
            max_http_buffer_size=settings.limits.max_payload_bytes * 4,
            json=OrjsonModule,
            serializer=JsonPacket,
            logger=False,
            engineio_logger=False,
            # WebSocket only: no long-polling handshakes (they would need sticky routing
            # and a second code path; the embed never falls back to polling).
            transports=["websocket"],
        )
        self.sio.max_message_chars = settings.limits.max_payload_bytes
        self.sio.eio.announced_max_payload = settings.limits.max_payload_bytes
        self.sio.on_too_large = self._too_large
        self.sio.on_bad_packet = self._bad_packet
        self.sio.on_bad_event_name = self._bad_event_name
        self.sio.on_handshake = self._handshake
        # sid -> [site name, joined session id or None, client IP]; small lists.
        self.socks: dict[str, list[str | None]] = {}
        # The limits' counts (replaced at start-up by the shared ones in Redis mode).
        self.quotas = Quotas(settings.limits, MemoryCounters())
        self.join_limiter = SocketRateLimiter(JOINS_PER_MINUTE, 60.0)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._register()

    # ------------------------------------------------------------------ Emitter

    async def to_session(self, session_id: str, event: str, payload: dict[str, Any]) -> None:
        # The session's socket is here: skip the Redis round trip (bench/FINDINGS.md).
        local = self.multi_process and any(
            True for _ in self.sio.manager.get_participants(NS, session_id)
        )
        await self.sio.emit(event, payload, room=session_id, namespace=NS, ignore_queue=local)

    def send_now(self, sid: str, event: str, payload: dict[str, Any]) -> None:
        eio_sid = self.sio.manager.eio_sid_from_sid(sid, NS)
        if eio_sid is not None:
            self._put(eio_sid, self._packet(event, payload))

    def send_local(self, session_id: str, event: str, payload: dict[str, Any]) -> bool:
        # Encoded once, queued straight to each local socket: no task per recipient as
        # AsyncServer.emit makes (5-8x cheaper per chunk, bench/FINDINGS.md).
        # The room's sid -> eio_sid map read in place (get_participants copies it).
        room = self.sio.manager.rooms.get(NS, {}).get(session_id)
        targets = [room[sid] for sid in room] if room else None
        if not targets:
            return not self.multi_process  # the socket may be on another process
        pkt = self._packet(event, payload)
        for eio_sid in targets:
            self._put(eio_sid, pkt)
        return True

    @staticmethod
    def _packet(event: str, payload: dict[str, Any]) -> eio_packet.Packet:
        encoded = JsonPacket(sio_packet.EVENT, namespace=NS, data=[event, payload]).encode()
        return eio_packet.Packet(eio_packet.MESSAGE, encoded)

    def _put(self, eio_sid: str, pkt: eio_packet.Packet) -> None:
        """Queue a packet on a local socket without yielding: the order of these calls
        is the order on the wire (engine.io's own send is this put, after a ping check
        its ping task does anyway)."""
        sock = engine_socket(self.sio, eio_sid)
        if sock is None or sock.closed:
            return
        queue = outgoing_queue(sock)
        if queue.qsize() >= 64 and self.sio.backlog(eio_sid) > MAX_QUEUED_BYTES:
            self._spawn(self.sio.drop(eio_sid))  # it reads nothing: stop feeding it
            return
        queue.put_nowait(pkt)

    def enter_room(self, sid: str, session_id: str) -> bool:
        if not self.sio.manager.is_connected(sid, NS):
            return False
        self.sio.manager.basic_enter_room(sid, NS, session_id)
        return True

    async def kick(self, sid: str, message: str) -> None:
        self.metrics.errors.labels(code="replaced").inc()
        await self.sio.emit("error", {"message": message, "code": "replaced"}, to=sid,
                            namespace=NS)
        await self.sio.disconnect(sid, namespace=NS)

    async def end_session(self, session_id: str, message: str,
                          holder_sid: str | None = None) -> None:
        """The session was erased: tell its sockets why and let them go. The error goes
        to the session's room (every process in Redis mode); the sockets held here are
        disconnected, and so is the session's holder wherever it is connected (the
        manager passes a disconnect of another process's socket on to it). The embed
        does not reconnect after a server-side disconnect."""
        await self.sio.emit("error", {"message": message, "code": "invalid_session"},
                            room=session_id, namespace=NS)
        local = [sid for sid, _eio in self.sio.manager.get_participants(NS, session_id)]
        for sid in local:
            await self.sio.disconnect(sid, namespace=NS)
        if holder_sid and holder_sid not in local:
            await self.sio.disconnect(holder_sid, namespace=NS)

    # ------------------------------------------------------------------ helpers

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _cors_allowed(self, origin: str | None, _environ: Any = None) -> bool:
        return self.sites.for_origin(origin) is not None

    async def send_error(self, sid: str, message: str, code: str) -> None:
        self.metrics.errors.labels(code=code).inc()
        await self.sio.emit("error", {"message": message, "code": code}, to=sid, namespace=NS)

    async def _too_large(self, sid: str) -> None:
        limit_kib = self.settings.limits.max_payload_bytes // 1024
        await self.send_error(
            sid, f"That message is too large (the limit is {limit_kib} KiB).", "payload_too_large"
        )

    async def _bad_packet(self, sid: str) -> None:
        await self.send_error(sid, "That message could not be read (invalid JSON).",
                              "invalid_payload")

    async def _bad_event_name(self, sid: str) -> None:
        await self.send_error(sid, "The event name must be a string.", "invalid_payload")

    def _site_of(self, sid: str) -> SiteRow:
        state = self.socks.get(sid)
        site = self.sites.by_name(state[0] or "") if state else None
        if site is None:
            raise Forbidden("This site is not allowed here.")
        return site

    # ------------------------------------------------------------------ handlers

    def _register(self) -> None:
        sio = self.sio
        sio.on("connect", self._on_connect, namespace=NS)
        sio.on("disconnect", self._on_disconnect, namespace=NS)
        sio.on("join_session", self._on_join, namespace=NS)
        for name in EVENT_ROUTES:
            sio.on(name, self._make_handler(name), namespace=NS)
        sio.on("*", self._on_unknown, namespace=NS)

    async def _handshake(self, environ: Any) -> dict[str, Any] | None:
        """The engine.io handshake: an allowed Origin, and the address under its limit."""
        if self.sites.for_origin(environ.get("HTTP_ORIGIN")) is None:
            return self._refusal(Forbidden("This website is not allowed to connect."))
        try:
            await self.quotas.socket(client_ip(environ))
        except RateLimited as exc:
            return self._refusal(exc)
        return None

    def _refusal(self, exc: LeFluxRuntimeError) -> dict[str, Any]:
        self.metrics.errors.labels(code=exc.code).inc()
        # The shape socket.io-client gives a page for a refused connect (message, data).
        return {"message": exc.message, "data": {"code": exc.code}}

    async def _on_connect(self, sid: str, environ: Any, auth: Any = None) -> None:
        if sid in self.socks:  # a client emitting an event called "connect"
            await self.send_error(sid, "Unknown event 'connect'.", "invalid_payload")
            return
        site = self.sites.for_origin(environ.get("HTTP_ORIGIN"))
        if site is None:  # checked at the handshake; the site list may have changed since
            self.metrics.errors.labels(code="forbidden").inc()
            # socket.io-client hands these to the page as err.message and err.data.
            raise socketio.exceptions.ConnectionRefusedError(
                "This website is not allowed to connect.", {"code": "forbidden"}
            )
        self.socks[sid] = [site.name, None, client_ip(environ)]
        self.metrics.sockets.inc()
        query = parse_qs(environ.get("QUERY_STRING", ""))
        trim_environ(environ)
        if "sessionId" in query:
            # After connect returns, so the CONNECT packet goes out before session_joined.
            self._spawn(self._join(sid, {"sessionId": query["sessionId"][0]}))

    async def _on_disconnect(self, sid: str, *_reason: Any) -> None:
        if self.sio.manager.is_connected(sid, NS):  # a client emitting "disconnect"
            await self.send_error(sid, "Unknown event 'disconnect'.", "invalid_payload")
            return
        state = self.socks.pop(sid, None)
        self.join_limiter.forget(sid)
        if state is None:
            return
        self.metrics.sockets.dec()
        if state[1] is not None:
            # The store keeps this sid as the holder: a later join "kicks" a socket that
            # is gone, which costs nothing, and saves a write per disconnect.
            self.metrics.sessions.dec()

    async def _on_unknown(self, *args: Any) -> None:
        # The catch-all is called as (event, sid, *data) — except for an event literally
        # named "*", which python-socketio dispatches to it as (sid, *data).
        if args and isinstance(args[0], str) and args[0] in self.socks:
            event, sid = "*", args[0]
        elif len(args) >= 2 and isinstance(args[1], str):
            event, sid = args[0], args[1]
        else:
            return
        self.metrics.events.labels(event="unknown").inc()
        await self.send_error(sid, f"Unknown event {str(event)[:64]!r}.", "invalid_payload")

    async def _on_join(self, sid: str, *args: Any) -> None:
        self.metrics.events.labels(event="join_session").inc()
        await self._join(sid, args[0] if len(args) == 1 else None)

    async def _join(self, sid: str, data: Any) -> None:
        try:
            if not self.join_limiter.hit(sid):
                raise RateLimited("Too many joins on this connection. Please wait a moment.")
            try:
                ev = JoinSession.model_validate(data)
            except ValidationError as exc:
                raise InvalidSession(describe(exc, "join_session")) from None
            site = self._site_of(sid)
            state = self.socks.get(sid)
            if state is None:
                return  # disconnected meanwhile
            assert self.service is not None
            if state[1] is not None and state[1] != ev.sessionId:
                self.sio.manager.basic_leave_room(sid, NS, state[1])
            await self.service.join(sid, site, ev.sessionId, state[2] or "unknown")
            if self.socks.get(sid) is not state:
                return  # it disconnected during the join: counted nowhere (no drift)
            if state[1] is None:
                self.metrics.sessions.inc()
            state[1] = ev.sessionId
        except Forbidden as exc:
            await self.send_error(sid, exc.message, exc.code)
            await self.sio.disconnect(sid, namespace=NS)
        except LeFluxRuntimeError as exc:
            await self.send_error(sid, exc.message, exc.code)
        except Exception:
            log.exception("join failed")
            await self.send_error(sid, LeFluxRuntimeError.default_message, "internal")

    def _make_handler(self, name: str) -> Callable[..., Any]:
        model, route = EVENT_ROUTES[name]

        async def handler(sid: str, *args: Any) -> None:
            self.metrics.events.labels(event=name).inc()
            try:
                if len(args) != 1:
                    raise InvalidPayload(f"{name} takes exactly one payload object.")
                try:
                    ev = model.model_validate(args[0])
                except ValidationError as exc:
                    raise InvalidPayload(describe(exc, name)) from None
                state = self.socks.get(sid)
                session_id = getattr(ev, "sessionId", None)
                if state is None or state[1] is None:
                    raise InvalidSession("Join a session before sending events.")
                if session_id != state[1]:
                    raise InvalidSession("That is not the session this connection joined.")
                site = self._site_of(sid)
                assert self.service is not None
                if name in TURN_EVENTS:
                    await self.quotas.ip_turn(state[2] or "unknown")
                await route(self.service, site, ev)
            except LeFluxRuntimeError as exc:
                await self.send_error(sid, exc.message, exc.code)
            except Exception:
                log.exception("%s failed", name)
                await self.send_error(sid, LeFluxRuntimeError.default_message, "internal")

        return handler
