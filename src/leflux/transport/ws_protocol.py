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
  the 101;
* its instance dict (uvicorn's ~37 attributes are more than a shared-key dict holds:
  ~1.6 KB per connection): the same state in slots, uvicorn's methods as they are;
* the upgrade request websockets' parser read again from the bytes uvicorn rebuilt from
  httptools' parse (and kept in its suspended frame): taken as httptools parsed it.

Its accept also takes the text frames the app already has for the socket
(``ACCEPT_FRAMES``: engine.io's OPEN, queued before the accept) and writes them with the
101 in one ``write``: one syscall less per connect, the same bytes in the same order.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
from collections.abc import Generator
from typing import Any

from uvicorn.logging import TRACE_LOG_LEVEL
from uvicorn.protocols.utils import (
    ClientDisconnected,
    get_client_addr,
    get_path_with_query_string,
)
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.datastructures import Headers
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
from websockets.http11 import MAX_LINE_LENGTH, MAX_NUM_HEADERS, Request, Response
from websockets.protocol import Protocol
from websockets.server import ServerProtocol
from websockets.utils import accept_key

from leflux.compat import register_sansio_protocol, websockets_header_patterns
from leflux.config import Settings
from leflux.transport.engine_socket import ACCEPT_FRAMES, SocketQueue
from leflux.transport.guard import header_deadline_protocol
from leflux.transport.ws_frames import deliver, send_texts, take_text_frames

_token_re, _value_re = websockets_header_patterns()
_LOGGER = logging.getLogger("uvicorn.error")  # uvicorn's, looked up per connection


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


class _GivenRequest(ServerProtocol):
    """websockets' server protocol for a handshake request httptools already parsed: its
    parser starts at the frames (the stock one reads the request line and headers first,
    and its suspended frame keeps the request for the connection's life)."""

    def parse(self) -> Generator[None]:
        yield from Protocol.parse(self)

    def accept(self, request: Request) -> Response:
        """websockets' accept for the request every WebSocket client sends (one
        ``Connection: Upgrade``, one ``Upgrade: websocket``, a valid key, version 13, at
        most one Origin, no subprotocol asked, nothing to negotiate on this server): the
        same 101 without the generic header parsing, and without the ``Date`` uvicorn's
        accept deletes (``formatdate`` per connect). Anything else, refusals included,
        is websockets' own."""
        headers = request.headers
        one = _only_values(headers)
        key = one.get("sec-websocket-key")
        if (one.get("connection", "").lower() != "upgrade"
                or one.get("upgrade", "").lower() != "websocket"
                or one.get("sec-websocket-version") != "13" or key is None
                or "sec-websocket-protocol" in headers or len(headers.get_all("Origin")) > 1
                or self.origins is not None or self.available_extensions
                or self.available_subprotocols or not _valid_key(key)):
            return super().accept(request)
        self.accept_called = True
        self.origin = headers.get("Origin")  # type: ignore[assignment]
        self.extensions, self.subprotocol = [], None
        out = Headers()
        out.set_insecure("Upgrade", "websocket")
        out.set_insecure("Connection", "Upgrade")
        out.set_insecure("Sec-WebSocket-Accept", accept_key(key))
        return Response(101, "Switching Protocols", out)


_CHECKED = ("connection", "upgrade", "sec-websocket-key", "sec-websocket-version")


def _only_values(headers: Headers) -> dict[str, str]:
    """The handshake headers ``accept`` checks that came exactly once, by lowercase name."""
    found = {}
    for name in _CHECKED:
        values = headers.get_all(name)
        if len(values) == 1:
            found[name] = values[0]
    return found


def _valid_key(key: str) -> bool:
    try:
        return len(base64.b64decode(key.encode(), validate=True)) == 16
    except (binascii.Error, UnicodeEncodeError):
        return False


def given_request(http: Any) -> Request | None:
    """The handshake request uvicorn's httptools protocol parsed, as websockets' parser
    would have read it from the bytes uvicorn rebuilds from it (``handle_websocket_upgrade``:
    the method, the URL, ``HTTP/1.1``, the lowercased headers); None for anything that
    parser would refuse or that is not plainly a GET, which then takes uvicorn's own way
    (the same bytes to the same parser, the same refusal)."""
    scope = getattr(http, "scope", None)
    url = getattr(http, "url", None)
    if not isinstance(scope, dict) or scope.get("method") != "GET" or not isinstance(url, bytes):
        return None
    raw = scope.get("headers") or []
    if len(raw) > MAX_NUM_HEADERS or len(url) + 16 > MAX_LINE_LENGTH or b" " in url:
        return None
    headers = Headers()
    for name, value in raw:
        value = value.strip(b" \t")
        if (len(name) + len(value) + 4 > MAX_LINE_LENGTH or not _token_re.fullmatch(name)
                or not _value_re.fullmatch(value)):
            return None
        headers.set_insecure(name.decode("ascii"), value.decode("iso-8859-1"))
    if "Transfer-Encoding" in headers or not set(headers.get_all("Content-Length")) <= {"0"}:
        return None
    try:
        path = url.decode("ascii")
    except UnicodeDecodeError:
        return None
    return Request(path, headers, "GET", "HTTP/1.1")


# uvicorn's per-connection state (WebSocketsSansIOProtocol.__init__, handle_connect).
_STATE = (
    "config", "app", "loop", "logger", "root_path", "asgi_version", "app_state",
    "connections", "tasks", "default_headers", "transport", "server", "client", "scheme",
    "queue", "handshake_initiated", "handshake_complete", "close_sent", "disconnected",
    "close_timer", "close_timeout", "initial_response", "conn", "read_paused", "writable",
    "ping_interval", "ping_timeout", "ping_timer", "pong_timer", "pending_ping_payload",
    "ping_sent_at", "last_ping_rtt", "frames", "curr_msg_data_type", "request", "response",
    "scope", "detached",
)


class LeanWebSocketProtocol(asyncio.Protocol):
    """uvicorn's websockets-sansio protocol, its methods as they are, on an object with
    slots: uvicorn's sets ~37 attributes, past what an instance's shared-key dict holds,
    so each connection had a dict of its own (~1.6 KB); slots are ~0.3 KB."""

    __slots__ = (*_STATE, "__weakref__")
    sends_accept_frames = True  # see CheckedWebSocket.__call__
    transport: Any
    request: Any
    scope: Any
    scheme: Any
    response: Any

    def __init__(self, config: Any, server_state: Any, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None,
                 request_given: bool = False) -> None:
        if not config.loaded:
            config.load()
        self.config, self.app, self.app_state = config, config.loaded_app, app_state
        self.loop = _loop or asyncio.get_event_loop()
        self.logger = _LOGGER
        self.root_path, self.asgi_version = config.root_path, config.asgi_version
        self.connections, self.tasks = server_state.connections, server_state.tasks
        self.default_headers = server_state.default_headers
        self.transport = self.server = self.client = self.scheme = None
        self.queue = SocketQueue()
        self.handshake_initiated = self.handshake_complete = False
        self.close_sent = self.disconnected = False
        self.close_timer = self.initial_response = None
        self.close_timeout = 10.0
        extensions = []
        if config.ws_per_message_deflate:
            extensions = [ServerPerMessageDeflateFactory(
                server_max_window_bits=12, client_max_window_bits=12,
                compress_settings={"memLevel": 5})]
        kind = _GivenRequest if request_given else ServerProtocol
        self.conn = kind(extensions=extensions, max_size=config.ws_max_size,
                         logger=self.logger)
        self.read_paused = False
        self.writable = Gate()
        self.ping_interval, self.ping_timeout = config.ws_ping_interval, config.ws_ping_timeout
        self.ping_timer = self.pong_timer = self.pending_ping_payload = None
        self.ping_sent_at = self.last_ping_rtt = 0.0
        self.frames: list[bytes] = []
        self.curr_msg_data_type = "bytes"
        self.request = self.response = self.scope = None
        self.detached = False  # the app returned, the connection lives on (see run_asgi)

    @classmethod
    def upgrade(cls, http: Any) -> bool:
        """Take over an httptools connection whose upgrade request it parsed, without
        parsing it again (uvicorn rebuilds its bytes for websockets' parser: ~5% of a
        connect + join's CPU). False, nothing done: uvicorn's own upgrade should run."""
        request = given_request(http)
        if request is None:
            return False
        if http.logger.level <= TRACE_LOG_LEVEL:
            prefix = "{}:{} - ".format(*http.client) if http.client else ""
            http.logger.log(TRACE_LOG_LEVEL, "%sUpgrading to WebSocket", prefix)
        http.connections.discard(http)
        protocol = cls(config=http.config, server_state=http.server_state,
                       app_state=http.app_state, request_given=True)
        protocol._made(http)
        http.transport.set_protocol(protocol)
        protocol.handle_connect(request)  # type: ignore[attr-defined]  # uvicorn's
        return True

    def _made(self, http: Any) -> None:
        """uvicorn's ``connection_made``, with the addresses the HTTP protocol already
        asked this transport for (two system calls less)."""
        self.connections.add(self)
        self.transport = http.transport
        self.server, self.client = http.server, http.client
        self.scheme = "wss" if http.scheme == "https" else "ws"
        if self.logger.level <= TRACE_LOG_LEVEL:
            prefix = "{}:{} - ".format(*self.client) if self.client else ""
            self.logger.log(TRACE_LOG_LEVEL, "%sWebSocket connection made", prefix)

    async def run_asgi(self) -> None:
        """uvicorn's, except that an app that handed the connection over (``detach``:
        an engine.io socket run by what arrives, transport/live_socket.py) returns with
        the connection open; ``finish`` is then the end uvicorn's would have had."""
        try:
            result = await self.app(self.scope, self.receive, self.send)  # type: ignore[attr-defined]
        except ClientDisconnected:
            pass
        except BaseException:
            self.logger.exception("Exception in ASGI application\n")
            _BASE.send_500_response(self)
        else:
            if not self.handshake_complete:
                self.logger.error("ASGI callable returned without completing handshake.")
                _BASE.send_500_response(self)
            elif result is not None:
                self.logger.error("ASGI callable should return None, but returned '%s'.", result)
        if not self.detached:
            self.finish()

    def detach(self) -> None:
        self.detached = True

    def data_received(self, data: bytes) -> None:
        """uvicorn's, the whole plain text frames first read here (``ws_frames.py``),
        the rest (or all) by websockets' parser as before."""
        taken, texts = take_text_frames(self, data) if self.handshake_complete else (0, [])
        if not taken:
            _BASE.data_received(self, data)
            return
        if taken < len(data):
            self.conn.receive_data(data[taken:])
            if self.conn.parser_exc is not None:  # uvicorn's: no event of the chunk read
                _BASE.handle_parser_exception(self)
                return
        deliver(self, texts)
        if taken < len(data):
            _BASE.handle_events(self)

    def finish(self) -> None:
        if self.close_timer is None:
            self.transport.close()

    def received(self) -> Any:
        """uvicorn's ``receive`` for a message already queued, without awaiting: the
        next message, reading resumed once none is left (None: nothing queued)."""
        if self.queue.empty():
            return None
        message = self.queue.get_nowait()
        self.queue.task_done()
        if self.read_paused and self.queue.empty():
            self.read_paused = False
            self.transport.resume_reading()
        return message

    async def send(self, message: Any) -> None:
        if message["type"] != "websocket.accept":
            await _BASE.send(self, message)
            return
        await self.writable.wait()
        if self.disconnected:
            raise ClientDisconnected()
        if self.handshake_complete or self.initial_response is not None:
            await _BASE.send(self, message)  # uvicorn's refusal of an accept out of place
            return
        self._accept(message)

    def _accept(self, message: Any) -> None:
        """uvicorn's accept (the 101), with the text frames the app already has for the
        socket (``ACCEPT_FRAMES``) in the same write, and its log line's arguments (the
        client's address, the path unquoted) worked out only when the line is logged."""
        if self.logger.isEnabledFor(logging.INFO):
            self.logger.info('%s - "WebSocket %s" [accepted]', get_client_addr(self.scope),
                             get_path_with_query_string(self.scope))
        headers = [(name.decode("latin-1").lower(), value.decode("latin-1"))
                   for name, value in (self.default_headers + list(message.get("headers", [])))]
        accepted_subprotocol = message.get("subprotocol")
        if accepted_subprotocol:
            headers.append(("Sec-WebSocket-Protocol", accepted_subprotocol))
        if "Date" in self.response.headers:  # websockets' accept (see _GivenRequest)
            del self.response.headers["Date"]
        self.response.headers.update(headers)
        if self.transport.is_closing():
            return
        self.handshake_complete = True
        self.conn.send_response(self.response)
        self.transport.write(send_texts(self.conn, list(message.get(ACCEPT_FRAMES) or ())))
        self.start_keepalive()

    def start_keepalive(self) -> None:
        # uvicorn calls this once, right after it wrote the 101 (the accept): the
        # handshake's request and response are done with.
        self.request.headers.clear()
        self.request = None
        self.response = None
        _BASE.start_keepalive(self)


_BASE: Any = WebSocketsSansIOProtocol
# The rest of uvicorn's protocol, as it is (they read and set the state above only).
for _name, _fn in vars(WebSocketsSansIOProtocol).items():
    if callable(_fn) and not _name.startswith("__") and _name not in vars(LeanWebSocketProtocol):
        setattr(LeanWebSocketProtocol, _name, _fn)
register_sansio_protocol(LeanWebSocketProtocol)
