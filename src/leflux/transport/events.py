"""The client events' handlers: who handles each event the embed sends, after the
Socket.IO server (``socket.py``) admitted the socket. Every payload is validated with its
model (``EVENT_ROUTES``) and handed to the session layer; a failure becomes an ``error``
on the offending socket only."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import socketio
from pydantic import BaseModel, ValidationError

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
from leflux.session.service import SessionService
from leflux.session.site import Site
from leflux.transport.handshake import client_ip, query_value, trim_environ
from leflux.transport.ratelimit import SocketRateLimiter
from leflux.transport.socket import NAMESPACE, SocketTransport

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
# join_session answers with the whole history: a socket may ask for it this often.
JOINS_PER_MINUTE = 30
# Socket events that start planning count against the address's messages per minute.
TURN_EVENTS = frozenset({"continue_task"})


class SocketEvents:
    """Registers the handlers on the transport's server; constructed once the session
    service exists, so every handler has it."""

    def __init__(self, transport: SocketTransport, service: SessionService) -> None:
        self.transport = transport
        self.service = service
        self.sio = transport.sio
        self.socks = transport.socks
        self.sites = transport.sites
        self.metrics = transport.metrics
        self.quotas = transport.quotas
        self.send_error = transport.send_error
        self.join_limiter = SocketRateLimiter(JOINS_PER_MINUTE, 60.0)
        self._register()

    def _site_of(self, sid: str) -> Site:
        state = self.socks.get(sid)
        site = self.sites.by_name(state[0] or "") if state else None
        if site is None:
            raise Forbidden("This site is not allowed here.")
        return site

    def _register(self) -> None:
        sio = self.sio
        sio.on("connect", self._on_connect, namespace=NAMESPACE)
        sio.on("disconnect", self._on_disconnect, namespace=NAMESPACE)
        sio.on("join_session", self._on_join, namespace=NAMESPACE)
        for name in EVENT_ROUTES:
            sio.on(name, self._make_handler(name), namespace=NAMESPACE)
        sio.on("*", self._on_unknown, namespace=NAMESPACE)

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
        session_id = query_value(environ.get("QUERY_STRING", ""), "sessionId")
        trim_environ(environ)
        if session_id is not None:
            # After connect returns, so the CONNECT packet goes out before session_joined.
            self.transport.spawn(self._join(sid, {"sessionId": session_id}))

    async def _on_disconnect(self, sid: str, *_reason: Any) -> None:
        if self.sio.manager.is_connected(sid, NAMESPACE):  # a client emitting "disconnect"
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
            if state[1] is not None and state[1] != ev.sessionId:
                self.sio.manager.basic_leave_room(sid, NAMESPACE, state[1])
            await self.service.join(sid, site, ev.sessionId, state[2] or "unknown")
            if self.socks.get(sid) is not state:
                return  # it disconnected during the join: counted nowhere (no drift)
            if state[1] is None:
                self.metrics.sessions.inc()
            state[1] = ev.sessionId
        except Forbidden as exc:
            await self.send_error(sid, exc.message, exc.code)
            await self.sio.disconnect(sid, namespace=NAMESPACE)
        except LeFluxRuntimeError as exc:
            await self.send_error(sid, exc.message, exc.code)
        except Exception:
            log.exception("join failed")
            await self.send_error(sid, LeFluxRuntimeError.default_message, "internal")

    def _make_handler(self, name: str) -> Callable[..., Any]:
        model, route = EVENT_ROUTES[name]
        counted = self.metrics.events.labels(event=name)  # looked up once, not per event

        async def handler(sid: str, *args: Any) -> None:
            counted.inc()
            try:
                if len(args) != 1:
                    raise InvalidPayload(f"{name} takes exactly one payload object.")
                try:
                    # A page-context event arrives as its model already (the packet's
                    # one-pass read, transport/codec.py): handed back as it is.
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
                if name in TURN_EVENTS:
                    await self.quotas.ip_turn(state[2] or "unknown")
                await route(self.service, site, ev)
            except LeFluxRuntimeError as exc:
                await self.send_error(sid, exc.message, exc.code)
            except Exception:
                log.exception("%s failed", name)
                await self.send_error(sid, LeFluxRuntimeError.default_message, "internal")

        return handler


def describe(exc: ValidationError, event: str) -> str:
    """A short, readable reason without echoing the (possibly huge) input."""
    err = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__") or "payload"
    msg = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
    return f"Invalid {event} payload: {where}: {msg}."[:300]
