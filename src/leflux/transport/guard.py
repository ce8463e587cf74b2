"""A deadline for a request's headers (uvicorn has none).

uvicorn closes a connection idle *between* requests (``timeout_keep_alive``), but one that
sends nothing, or half a request line, then waits, stays open for ever: 800 of them
stayed open in a test, each a file descriptor and a protocol object. This is uvicorn's
own HTTP protocol with one timer: from the moment the connection opens (and again after
each response) the next request's headers must be complete within ``header_timeout_s``,
or the connection is closed. A WebSocket, once upgraded, is another protocol and is not
touched. The deployment's reverse proxy should cut slow clients too (docs/deploy.md).
"""

from __future__ import annotations

import asyncio
from typing import Any

# Keep-alive between requests is uvicorn's own (5 s); a request's headers get this long.
DEFAULT_HEADER_TIMEOUT_S = 10.0


def _base_protocol() -> type[Any]:
    """The protocol uvicorn's ``http="auto"`` picks: httptools if installed, else h11."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        return HttpToolsProtocol
    except ImportError:  # pragma: no cover - httptools is a dependency of uvicorn[standard]
        from uvicorn.protocols.http.h11_impl import H11Protocol

        return H11Protocol


class _HeaderDeadline:
    """Mixed in before uvicorn's protocol class (both kinds keep ``cycle``, the current
    request, which is replaced as soon as a new request's headers are parsed)."""

    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._arm()

    def handle_websocket_upgrade(self) -> None:
        # The connection is the WebSocket protocol's from here: a timer left armed would
        # do nothing but keep this object (its parser, its request) alive for its delay.
        self._disarm()
        # LeFlux's WebSocket protocol takes the request httptools parsed as it is
        # (transport/ws_protocol.py); anything else gets uvicorn's upgrade.
        upgrade = getattr(getattr(self, "ws_protocol_class", None), "upgrade", None)
        if upgrade is None or not upgrade(self):
            super().handle_websocket_upgrade()  # type: ignore[misc]

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]

    def _arm(self) -> None:
        self._disarm()
        loop = asyncio.get_running_loop()
        self._deadline = loop.call_later(self.header_timeout_s, self._expire,
                                         getattr(self, "cycle", None))

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self, cycle_when_armed: Any) -> None:
        self._deadline = None
        transport: Any = getattr(self, "transport", None)
        if transport is None or transport.is_closing():
            return
        if transport.get_protocol() is not self:
            return  # upgraded to a WebSocket: not an HTTP request any more
        if getattr(self, "cycle", None) is cycle_when_armed:
            transport.close()  # no new request's headers since the timer started


def header_deadline_protocol(header_timeout_s: float) -> type[Any]:
    """uvicorn's HTTP protocol class with the header deadline, for ``Config(http=...)``."""
    base = _base_protocol()
    return type(f"HeaderDeadline{base.__name__}", (_HeaderDeadline, base),
                {"header_timeout_s": header_timeout_s})
