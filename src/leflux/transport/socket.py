"""The Socket.IO server: the Origin check at the handshake, size and packet checks, and
the session layer's ``Emitter`` (sending to a socket, a session's room, kicking). The
client events' handlers are in ``events.py``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import socketio
from engineio import packet as eio_packet
from socketio import packet as sio_packet

from leflux.compat import HookedServer, engine_socket, outgoing_queue
from leflux.config import Settings
from leflux.errors import (
    Forbidden,
    LeFluxRuntimeError,
    RateLimited,
)
from leflux.metrics import Metrics
from leflux.session.catchup import CatchUp
from leflux.session.quotas import Quotas
from leflux.session.streams import StreamRegistry
from leflux.transport.codec import EventJson, JsonPacket
from leflux.transport.engine_socket import quicken, write_now
from leflux.transport.fanout import FanoutManager
from leflux.transport.handshake import client_ip
from leflux.transport.live_socket import LeanEngineIO
from leflux.transport.rooms import IndexedManager
from leflux.transport.sites import SiteBook

log = logging.getLogger("leflux.transport")


NAMESPACE = "/"
# A socket with this much queued and unread is dropped (it reads nothing back).
MAX_QUEUED_BYTES = 8 * 1024 * 1024
# An engine.io socket must send the Socket.IO CONNECT within this (clients do at once).
CONNECT_DEADLINE_S = 10.0


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
                           data: Any, inline: bool = False) -> None:
        if not data or not isinstance(data[0], str):
            # python-socketio looks the name up in a dict: a list or an object there
            # raised in a background task, and the client heard nothing.
            sid = self.manager.sid_from_eio_sid(eio_sid, namespace or "/")
            if sid is not None and self.on_bad_event_name is not None:
                await self.on_bad_event_name(sid)
            return
        # The socket's reader hands its last frame's event over (transport/live_socket.py):
        # run in the reader's task, not a task of its own.
        sock: Any = engine_socket(self, eio_sid)
        hand_over = getattr(sock, "handing_over", None)
        if hand_over is not None:
            sock.handing_over = None  # this one packet only
            hand_over()
        await super().event_packet(eio_sid, namespace, id, data, hand_over is not None)

    async def engine_connect(self, eio_sid: str, environ: Any) -> Any:
        # Every engine.io socket, also one that never sends the Socket.IO CONNECT, is
        # Origin-checked and counted here (engine.io's own CORS check lets a missing
        # Origin through).
        if self.on_handshake is not None:
            refusal = await self.on_handshake(environ)
            if refusal is not None:
                return refusal
        # Before engine.io starts the socket's writer task (see engine_socket.QuickPollSocket).
        quicken(engine_socket(self, eio_sid))
        asyncio.get_running_loop().call_later(CONNECT_DEADLINE_S, self._deadline, eio_sid)
        return await super().engine_connect(eio_sid, environ)

    def _deadline(self, eio_sid: str) -> None:
        """Close an engine.io socket that never sent the Socket.IO CONNECT."""
        sock = engine_socket(self, eio_sid)
        if sock is None or sock.closed or self.manager.sid_from_eio_sid(eio_sid, NAMESPACE):
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
            sid = self.manager.sid_from_eio_sid(eio_sid, NAMESPACE)
            if sid is not None and self.on_too_large is not None:
                await self.on_too_large(sid)
            return
        try:
            await super().engine_message(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError):
            # Undecodable packet (bad JSON, Infinity, a non-list event): the client hears
            # why instead of silence.
            sid = self.manager.sid_from_eio_sid(eio_sid, NAMESPACE)
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
        quotas: Quotas,
        client_manager: socketio.AsyncManager | None = None,
    ) -> None:
        self.settings = settings
        self.sites = sites
        self.metrics = metrics
        # The limits' counts (shared through Redis in Redis mode).
        self.quotas = quotas
        self.multi_process = client_manager is not None
        self.sio = _SizedServer(
            async_mode="asgi",
            client_manager=client_manager or IndexedManager(),
            cors_allowed_origins=self._cors_allowed,
            ping_interval=settings.ping_interval_s,
            ping_timeout=settings.ping_timeout_s,
            max_http_buffer_size=settings.limits.max_payload_bytes * 4,
            json=EventJson,
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
        # sid -> [site name, joined session id or None, client IP]; small lists. Written
        # by the event handlers (events.py).
        self.socks: dict[str, list[str | None]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    # ------------------------------------------------------------------ Emitter

    async def to_session(self, session_id: str, event: str, payload: dict[str, Any]) -> None:
        # The session's socket is here: skip the Redis round trip (bench/FINDINGS.md).
        local = self.multi_process and any(
            True for _ in self.sio.manager.get_participants(NAMESPACE, session_id)
        )
        await self.sio.emit(event, payload, room=session_id, namespace=NAMESPACE,
                            ignore_queue=local)

    def send_now(self, sid: str, event: str, payload: dict[str, Any]) -> None:
        eio_sid = self.sio.manager.eio_sid_from_sid(sid, NAMESPACE)
        if eio_sid is not None:
            self._put(eio_sid, self._packet(event, payload))

    def send_local(self, session_id: str, event: str, payload: dict[str, Any]) -> bool:
        # Encoded once, queued straight to each local socket: no task per recipient as
        # AsyncServer.emit makes (5-8x cheaper per chunk, bench/FINDINGS.md).
        # The room's sid -> eio_sid map read in place (get_participants copies it).
        room = self.sio.manager.rooms.get(NAMESPACE, {}).get(session_id)
        targets = [room[sid] for sid in room] if room else None
        if not targets:
            return not self.multi_process  # the socket may be on another process
        pkt = self._packet(event, payload)
        for eio_sid in targets:
            self._put(eio_sid, pkt)
        return True

    @staticmethod
    def _packet(event: str, payload: dict[str, Any]) -> eio_packet.Packet:
        encoded = JsonPacket(sio_packet.EVENT, namespace=NAMESPACE, data=[event, payload]).encode()
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
            self.spawn(self.sio.drop(eio_sid))  # it reads nothing: stop feeding it
            return
        if not write_now(sock, pkt):
            queue.put_nowait(pkt)

    def enter_room(self, sid: str, session_id: str) -> bool:
        if not self.sio.manager.is_connected(sid, NAMESPACE):
            return False
        self.sio.manager.basic_enter_room(sid, NAMESPACE, session_id)
        return True

    async def kick(self, sid: str, message: str) -> None:
        self.metrics.errors.labels(code="replaced").inc()
        await self.sio.emit("error", {"message": message, "code": "replaced"}, to=sid,
                            namespace=NAMESPACE)
        await self.sio.disconnect(sid, namespace=NAMESPACE)

    async def end_session(self, session_id: str, message: str,
                          holder_sid: str | None = None) -> None:
        """The session was erased: tell its sockets why and let them go. The error goes
        to the session's room (every process in Redis mode); the sockets held here are
        disconnected, and so is the session's holder wherever it is connected (the
        manager passes a disconnect of another process's socket on to it). The embed
        does not reconnect after a server-side disconnect."""
        await self.sio.emit("error", {"message": message, "code": "invalid_session"},
                            room=session_id, namespace=NAMESPACE)
        local = [sid for sid, _eio in self.sio.manager.get_participants(NAMESPACE, session_id)]
        for sid in local:
            await self.sio.disconnect(sid, namespace=NAMESPACE)
        if holder_sid and holder_sid not in local:
            await self.sio.disconnect(holder_sid, namespace=NAMESPACE)

    # ------------------------------------------------------------------ helpers

    def spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _cors_allowed(self, origin: str | None, _environ: Any = None) -> bool:
        return self.sites.for_origin(origin) is not None

    async def send_error(self, sid: str, message: str, code: str) -> None:
        self.metrics.errors.labels(code=code).inc()
        await self.sio.emit("error", {"message": message, "code": code}, to=sid,
                            namespace=NAMESPACE)

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

    def catch_up(self, streams: StreamRegistry) -> CatchUp | None:
        """Redis mode: joins mid-stream of another process's reply (session/catchup.py)
        over this server's fan-out manager; None with one process."""
        manager = self.sio.manager
        if not isinstance(manager, FanoutManager):
            return None
        sio = self.sio

        async def send_to(sid: str, event: str, payload: dict[str, Any]) -> None:
            await sio.emit(event, payload, to=sid, namespace=NAMESPACE)

        async def enter_anywhere(sid: str, room: str) -> None:
            await manager.enter_room(sid, NAMESPACE, room)

        def in_room(sid: str, room: str) -> bool:
            return sid in (manager.rooms.get(NAMESPACE, {}).get(room) or {})

        catch_up = CatchUp(
            streams, publish=manager.publish_control, send_to=send_to,
            enter_room_anywhere=enter_anywhere, in_room=in_room,
            enter_room_here=lambda sid, room: manager.basic_enter_room(sid, NAMESPACE, room),
            connected=lambda sid: bool(manager.is_connected(sid, NAMESPACE)),
        )
        manager.on_control = catch_up.handle
        return catch_up
