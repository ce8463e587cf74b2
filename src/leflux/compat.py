"""The one place LeFlux reaches past the public API of python-engineio, python-socketio
and the LLM SDKs, and the versions it was tested with.

LeFlux overrides a few of python-socketio's private hooks (to refuse over-size messages
with an error event, to lighten engine.io's per-socket queue and writer wait, to carry
its control messages on the Redis channel) and calls the OpenAI SDK's generic ``post``.
Every private name it touches is here and nowhere else: the rest of LeFlux subclasses
``HookedServer`` and ``HookedRedisManager``, which give those hooks public names, and
calls the functions below. A release outside the tested range may have moved any of
these, and would then fail in the middle of a visitor's conversation; ``check_versions``
makes it one clear line at start-up instead. tiktoken's internals, used by the LLM
planners only, are in ``compat_tiktoken.py``.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from importlib import metadata
from typing import Any, ClassVar

import engineio
import socketio
from engineio.async_socket import AsyncSocket

from leflux.errors import ConfigError
from leflux.transport.ws_frames import send_texts

# distribution -> (lowest tested, first untested): the same bounds as pyproject.toml.
TESTED: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "python-engineio": ((4, 9), (5,)),
    "python-socketio": ((5, 11), (6,)),
    "openai": ((1, 40), (4,)),
    "anthropic": ((0, 34), (3,)),
}
# What LeFlux overrides or calls beyond the documented API, checked to still exist:
# (module, attribute path). The private ones and the OpenAI SDK's are used in this module
# only; engine.io's socket internals by transport/engine_socket.py.
HOOKS: tuple[tuple[str, str], ...] = (
    ("socketio", "AsyncServer._engineio_server_class"),
    ("socketio", "AsyncServer._handle_event"),
    ("socketio", "AsyncServer._handle_eio_connect"),
    ("socketio", "AsyncServer._handle_eio_message"),
    ("socketio", "AsyncServer._handle_event_internal"),
    ("socketio", "AsyncRedisManager._publish"),
    ("socketio", "AsyncRedisManager._listen"),
    ("engineio.async_drivers.asgi", "_async"),
    ("engineio", "AsyncServer.create_queue"),
    ("engineio.async_socket", "AsyncSocket.poll"),
    ("engineio.async_socket", "AsyncSocket._websocket_handler"),
    ("engineio.async_drivers.asgi", "WebSocket.wait"),
    ("websockets.http11", "_token_re"),
    ("websockets.http11", "_value_re"),
    ("openai", "AsyncOpenAI.post"),
    ("openai", "AsyncStream"),
    ("openai", "DefaultAsyncHttpxClient"),
)
# Optional (an extra): their hooks are checked only when they are installed.
OPTIONAL = frozenset({"openai", "anthropic"})


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text.split("+")[0])[:3])


def _has(module: str, path: str) -> bool:
    try:
        found: Any = importlib.import_module(module)
    except ImportError:
        return module.split(".")[0] in OPTIONAL
    for name in path.split("."):
        if not hasattr(found, name):
            return False
        found = getattr(found, name)
    return True


def problems(version: Callable[[str], str] = metadata.version,
             hooks: tuple[tuple[str, str], ...] = HOOKS,
             sdks: Collection[str] | None = None) -> list[str]:
    """What is outside the tested range (SDKs only when installed); ``version`` is how
    an installed distribution's version is read. ``sdks``: the optional SDKs this
    process will use (None: every one installed); the others' hooks are not checked, so
    a server that uses none never imports them (~0.35 s and ~24 MB for the OpenAI SDK)."""
    if sdks is not None:
        hooks = tuple(h for h in hooks
                      if h[0].split(".")[0] not in OPTIONAL or h[0].split(".")[0] in sdks)
    found: list[str] = []
    for dist, (low, high) in TESTED.items():
        try:
            installed = version(dist)
        except metadata.PackageNotFoundError:
            if dist.startswith("python-"):
                found.append(f"{dist} is not installed")
            continue
        if not low <= _version_tuple(installed) < high:
            span = ".".join(map(str, low)) + " to below " + ".".join(map(str, high))
            found.append(f"{dist} {installed} is outside the tested {span}")
    found += [f"{module}.{path} is gone" for module, path in hooks if not _has(module, path)]
    return found


def check_versions(found: list[str] | None = None,
                   sdks: Collection[str] | None = None) -> None:
    """One line at start-up when an installed release is not one LeFlux was tested with
    (``sdks``: as for :func:`problems`)."""
    found = problems(sdks=sdks) if found is None else found
    if found:
        raise ConfigError("; ".join(found) + " (install with -c constraints.txt, or "
                          "pip install 'leflux' again to get compatible versions)")


def import_sdk(name: str) -> None:
    """Import an LLM SDK as `leflux serve` loads it (transport/lean_import.py
    ``load_sdk``: its client without every type of its API) and check the hooks LeFlux
    uses, at a server's first plan (agent/planners ``LLMOnFirstPlan``): start-up checked
    its release against the tested range (``check_versions``, from its metadata)
    without importing it."""
    from leflux.transport.lean_import import load_sdk

    load_sdk(name)
    gone = [f"{module}.{path} is gone" for module, path in HOOKS
            if module.split(".")[0] == name and not _has(module, path)]
    if gone:
        check_versions(gone)


# ------------------------------------------------------------------ python-socketio hooks



class HookedServer(socketio.AsyncServer):
    """``socketio.AsyncServer`` with the private hooks LeFlux overrides under public
    names: a subclass overrides ``engine_connect``, ``engine_message`` and ``event_packet``
    (``super()``: python-socketio's own handling) and sets ``engineio_class``."""

    engineio_class: ClassVar[type[Any]] = engineio.AsyncServer

    def _engineio_server_class(self) -> type[Any]:
        return self.engineio_class

    async def _handle_eio_connect(self, eio_sid: str, environ: Any) -> Any:
        return await self.engine_connect(eio_sid, environ)

    async def engine_connect(self, eio_sid: str, environ: Any) -> Any:
        """An engine.io socket opened (before its Socket.IO CONNECT); a return value
        other than None refuses it."""
        return await super()._handle_eio_connect(eio_sid, environ)

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        await self.engine_message(eio_sid, data)

    async def engine_message(self, eio_sid: str, data: Any) -> None:
        """An engine.io message, not decoded yet."""
        await super()._handle_eio_message(eio_sid, data)

    async def _handle_event(self, eio_sid: str, namespace: str | None, id: Any,
                            data: Any) -> None:
        await self.event_packet(eio_sid, namespace, id, data)

    async def event_packet(self, eio_sid: str, namespace: str | None, id: Any,
                           data: Any, inline: bool = False) -> None:
        """A decoded Socket.IO EVENT packet (``data``: [name, *args]): python-socketio's
        handling (a task per event), or ``inline`` its handler in the caller's task
        (the socket's reader handing its last frame over, transport/live_socket.py)."""
        if not inline:
            await super()._handle_event(eio_sid, namespace, id, data)
            return
        namespace = namespace or "/"
        sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
        if not self.manager.is_connected(sid, namespace):
            return
        try:
            await self._handle_event_internal(self, sid, eio_sid, data, namespace, id)
        except Exception as exc:  # as a task's: logged, the caller unharmed
            asyncio.get_running_loop().call_exception_handler({"exception": exc})


class HookedRedisManager(socketio.AsyncRedisManager):
    """``socketio.AsyncRedisManager`` with its channel's private ends under public
    names: ``publish_raw`` sends a message as is, and a subclass may override
    ``incoming`` (every message the channel delivers, before python-socketio's
    handling) to take its own messages out."""

    async def publish_raw(self, data: dict[str, Any]) -> None:
        await self._publish(data)

    def _listen(self) -> AsyncIterator[Any]:
        return self.incoming()

    async def incoming(self) -> AsyncIterator[Any]:
        async for message in super()._listen():
            yield message


# ------------------------------------------------------------------ engine.io internals

class HookedSocket(AsyncSocket):
    """engine.io's socket with its WebSocket loop (private) under a public name: a
    subclass overrides ``websocket_loop`` (calling ``super()`` for engine.io's own)."""

    async def _websocket_handler(self, ws: Any) -> Any:
        return await self.websocket_loop(ws)

    async def websocket_loop(self, ws: Any) -> Any:
        """The socket's life on its WebSocket: read frames until it ends, then close."""
        return await super()._websocket_handler(ws)


def use_drivers(server: Any, **replaced: Any) -> None:
    """Give one engine.io server its own drivers (``websocket``: the WebSocket class,
    ``translate_request``: the ASGI scope to environ). Its driver table (``_async``) is
    shared module state: the server gets a copy with those replaced."""
    drivers: dict[str, Any] = server.__dict__
    missing = set(replaced) - set(drivers["_async"])
    if missing:
        raise KeyError(f"engine.io has no driver {sorted(missing)}")
    drivers["_async"] = {**drivers["_async"], **replaced}


def engine_socket(server: Any, eio_sid: str) -> Any | None:
    """The engine.io socket object behind an engine.io sid (``server.eio.sockets``)."""
    return server.eio.sockets.get(eio_sid)


def outgoing_queue(sock: Any) -> Any:
    """A socket's queue of packets not yet written (engine.io's ``socket.queue``; None
    for no socket)."""
    return getattr(sock, "queue", None)


# ------------------------------------------------------------------ OpenAI SDK internals

@functools.cache
def _openai_http_response_class(openai: Any) -> type[Any]:
    """The response class of the HTTP client the SDK runs on (httpx2 from SDK 3, httpx
    before): asked for as ``cast_to``, the SDK's ``post`` returns the response unread."""
    client = next(c for c in openai.DefaultAsyncHttpxClient.__mro__
                  if c.__name__ == "AsyncClient")
    response: type[Any] = importlib.import_module(client.__module__.split(".")[0]).Response
    return response


def openai_aiohttp_client(timeout_s: float) -> Any | None:
    """The OpenAI SDK's official aiohttp client (``openai.DefaultAioHttpClient``, SDK 1.8x
    and later) with this timeout, or None where the SDK or aiohttp lacks it. A server
    loads the SDK with aiohttp hidden (transport/lean_import.py ``load_sdk``): the name
    is then the SDK's stand-in, which raises, and the client is made as the SDK makes
    it, from its vendored adapter with its defaults. Not in HOOKS: checking it would
    load aiohttp at start-up; anything missing means the SDK's default client."""
    try:
        base = importlib.import_module("openai._base_client")
        return base.DefaultAioHttpClient(timeout=timeout_s)
    except (ImportError, AttributeError):
        return None
    except RuntimeError:  # the stand-in: aiohttp was hidden when the SDK loaded
        pass
    try:
        adapter = importlib.import_module("openai._vendor.httpx_aiohttp")
        limits = importlib.import_module("openai._constants").DEFAULT_CONNECTION_LIMITS
        return adapter.Httpx2AiohttpClient(timeout=timeout_s, limits=limits,
                                           follow_redirects=True)
    except (ImportError, AttributeError):
        return None


def openai_timeout(timeout_s: float) -> Any:
    """The SDK's per-attempt timeout without its per-read part: connect, write and pool
    ``timeout_s``, read unbounded. The provider bounds the whole call (the response and
    every read of its body) with one deadline of ``timeout_s`` from the call's start, so
    a read timer restarted at every network read (aiohttp's ``sock_read``: a timer
    cancelled and made per read) could only ever fire after that deadline."""
    openai = importlib.import_module("openai")
    client = next(c for c in openai.DefaultAsyncHttpxClient.__mro__
                  if c.__name__ == "AsyncClient")
    http = importlib.import_module(client.__module__.split(".")[0])
    return http.Timeout(timeout_s, read=None)


def openai_aiohttp_body(response: Any) -> Callable[[], Awaitable[bytes]] | None:
    """The body reader under a response of the SDK's aiohttp transport (its vendored
    ``AiohttpResponseStream``): what aiohttp's ``StreamReader.readany`` returns (what
    has arrived, b"" at the end of the body), taken in one piece
    (providers/aiohttp_body.py). Reading it directly skips four async generators per
    network read (httpx's ``aiter_bytes`` and its bound stream, the
    adapter's error mapping, aiohttp's ``iter_chunked``). None where the response is not
    that transport's, or its body is content-encoded (httpx decodes those; aiohttp is
    told not to): read it through ``aiter_bytes`` then."""
    inner = getattr(getattr(response, "stream", None), "_stream", None)
    if type(inner).__name__ != "AiohttpResponseStream":
        return None
    if response.headers.get("content-encoding", "identity").strip().lower() != "identity":
        return None
    from leflux.providers.aiohttp_body import body_reader  # aiohttp's reader, in one piece

    return body_reader(getattr(getattr(inner, "_aiohttp_response", None), "content", None))


def aiohttp_read_errors() -> tuple[tuple[type[BaseException], ...],
                                   tuple[type[BaseException], ...]]:
    """What aiohttp's body reader raises: (timeouts, other read errors); loaded only once
    a response came through aiohttp."""
    aiohttp = importlib.import_module("aiohttp")
    return (aiohttp.ServerTimeoutError,), (aiohttp.ClientError,)


async def openai_post_unread(client: Any, path: str, body: dict[str, Any]) -> Any:
    """POST ``body`` through an ``openai.AsyncOpenAI`` client and return the HTTP response
    with its body not read yet. The SDK's generic ``post`` sends, retries and raises its
    status errors as ``create()`` does, but skips ``create()``'s walk of the params
    against its TypedDicts (~1.6 ms per call with a 500-element page and the tools)."""
    openai = importlib.import_module("openai")
    return await client.post(path, cast_to=_openai_http_response_class(openai), body=body,
                             stream=True, stream_cls=openai.AsyncStream[Any])


# ------------------------------------------------------------------ uvicorn internals

_SANSIO: list[type[Any]] = []  # LeFlux's own protocols that are uvicorn's underneath


def register_sansio_protocol(kind: type[Any]) -> None:
    """A protocol class that runs uvicorn's websockets-sansio methods on its own object
    (transport/ws_protocol.py): the two functions below treat it as uvicorn's."""
    _SANSIO.append(kind)


@functools.cache
def _sansio_base() -> type[Any] | None:
    try:
        module = importlib.import_module("uvicorn.protocols.websockets.websockets_sansio_impl")
    except ImportError:
        return None
    found: type[Any] | None = getattr(module, "WebSocketsSansIOProtocol", None)
    return found


def _is_sansio(proto: Any) -> bool:
    if type(proto) in _SANSIO:
        return True
    base = _sansio_base()
    return (base is not None and isinstance(proto, base)) or isinstance(proto, tuple(_SANSIO))


def websockets_header_patterns() -> tuple[Any, Any]:
    """websockets' own checks of a handshake header's name and value (``http11``'s
    ``_token_re`` and ``_value_re``), for a request parsed by httptools instead."""
    http11 = importlib.import_module("websockets.http11")
    return http11._token_re, http11._value_re


def websocket_has_unread(asgi_receive: Any) -> bool:
    """Whether uvicorn's websockets-sansio connection behind an ASGI ``receive`` holds a
    message the app has not received yet (False for another server or implementation)."""
    proto: Any = getattr(asgi_receive, "__self__", None)
    if not _is_sansio(proto):
        return False
    queue: Any = getattr(proto, "queue", None)
    return queue is not None and not queue.empty()


def websocket_write_now(asgi_send: Any, text: str) -> bool:
    """Write a text frame on uvicorn's websockets-sansio connection behind an ASGI
    ``send`` now, as that ``send`` does when it would not wait (the connection writable,
    accepted, not closing); False, nothing written, otherwise (send through ASGI)."""
    proto: Any = getattr(asgi_send, "__self__", None)
    if not _is_sansio(proto):  # uvicorn's, or LeFlux's own (transport/ws_protocol.py)
        return False
    try:
        if (not proto.writable.is_set() or proto.disconnected or proto.close_sent
                or not proto.handshake_complete or proto.initial_response is not None
                or proto.transport.is_closing()):
            return False
        data = send_texts(proto.conn, [text])
    except Exception:  # a state this does not know (a closed connection): ASGI's way
        return False
    proto.transport.write(data)
    return True
