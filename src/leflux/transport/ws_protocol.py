"""How uvicorn holds the connections: ``connection_options`` (the server's and the tests'
``uvicorn.Config``), and its WebSocket protocol with less kept per connection
(bench/FINDINGS.md, issue 18).

``LeanWebSocketProtocol`` is the protocol ``ws="auto"`` picks (websockets' sans-I/O
implementation). What it keeps for an idle socket's whole life, and what this one keeps:

* its receive queue, an ``asyncio.Queue`` (three deques and an Event's fourth, ~3 KB):
  a ``SocketQueue`` (an empty list while idle);
* the Event its ``send`` waits on while the transport's buffer is full: a gate that
  makes its waiters' list only when someone waits;
* the handshake's request and response with their headers (~2.5 KB): let go once the
  WebSocket is accepted. The app's scope has what it reads, and nothing reads them after
  the 101 (websockets' parser keeps the request object, its headers emptied).

Its accept also takes the text frames the app already has for the socket
(``ACCEPT_FRAMES``: engine.io's OPEN, queued before the accept) and writes them with the
101 in one ``write``: one syscall less per connect, the same bytes in the same order.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from leflux.config import Settings
from leflux.transport.engine_socket import ACCEPT_FRAMES, SocketQueue
from leflux.transport.guard import header_deadline_protocol


def connection_options(settings: Settings) -> dict[str, Any]:
    """``uvicorn.Config``'s connection settings (bench/FINDINGS.md, "Socket.IO on this
    kind of machine")."""
    return {
        "ws": LeanWebSocketProtocol,
        # Deflate costs memory and latency per socket.
        "ws_per_message_deflate": False,
        # No WebSocket pings of uvicorn's: engine.io's heartbeat (every
        # ``ping_interval_s``) finds a dead peer first; a timer per socket for nothing.
        "ws_ping_interval": None,
        "ws_ping_timeout": None,
        "ws_max_size": settings.limits.max_payload_bytes * 4 + 65_536,  # see _SizedServer
        "timeout_graceful_shutdown": 5,
        # Slow-client guards (docs/deploy.md says what the reverse proxy adds).
        "limit_concurrency": settings.limits.max_connections,
        "http": header_deadline_protocol(settings.limits.header_timeout_s),
    }


class Gate:
    """``asyncio.Event`` as uvicorn uses it (set, clear, is_set, wait), open at first,
    without a deque per instance."""

    __slots__ = ("_open", "_waiters")

    def __init__(self) -> None:
        self._open = True
        self._waiters: list[asyncio.Future[bool]] | None = None

    def is_set(self) -> bool:
        return self._open

    def set(self) -> None:
        self._open = True
        waiters, self._waiters = self._waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(True)

    def clear(self) -> None:
        self._open = False

    async def wait(self) -> bool:
        if self._open:
            return True
        waiter = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(waiter)
        try:
            return await waiter
        finally:
            if self._waiters is not None and waiter in self._waiters:
                self._waiters.remove(waiter)


class LeanWebSocketProtocol(WebSocketsSansIOProtocol):
    sends_accept_frames = True  # see CheckedWebSocket.__call__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.queue = SocketQueue()  # type: ignore[assignment]
        self.writable = Gate()  # type: ignore[assignment]

    async def send(self, message: Any) -> None:
        frames = message.get(ACCEPT_FRAMES) if message["type"] == "websocket.accept" else None
        if not frames:
            await super().send(message)
            return
        transport = self.transport
        held = _HeldWrites(transport)
        self.transport = held  # type: ignore[assignment]
        try:
            await super().send(message)
        finally:
            self.transport = transport
        if held.data and self.handshake_complete and not self.close_sent:
            for text in frames:
                self.conn.send_text(text.encode())
            held.data.extend(self.conn.data_to_send())
        if held.data:
            transport.write(b"".join(held.data))

    def start_keepalive(self) -> None:
        # uvicorn calls this once, right after it wrote the 101 (the accept): the
        # handshake's request and response are done with.
        self.request.headers.clear()
        self.request = None  # type: ignore[assignment]
        self.response = None  # type: ignore[assignment]
        super().start_keepalive()


class _HeldWrites:
    """The connection's transport while the 101 is built: what is written is kept, to go
    out in one ``write`` with the frames that follow it; everything else is the
    transport's own."""

    def __init__(self, transport: Any) -> None:
        self._transport = transport
        self.data: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.data.append(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)
