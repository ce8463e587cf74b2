"""The one place LeFlux reaches past the public API of python-engineio, python-socketio
and the LLM SDKs, and the versions it was tested with.

LeFlux overrides a few of python-socketio's private hooks (to refuse over-size messages
with an error event, to lighten engine.io's per-socket queue and writer wait, to carry
its control messages on the Redis channel) and calls the OpenAI SDK's generic ``post``.
A release outside the tested range may have moved any of these, and would then fail in
the middle of a visitor's conversation; ``check_versions`` makes it one clear line at
start-up instead.
"""

from __future__ import annotations

import importlib
import re
from importlib import metadata
from typing import Any

from leflux.errors import ConfigError

# distribution -> (lowest tested, first untested): the same bounds as pyproject.toml.
TESTED: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "python-engineio": ((4, 9), (5,)),
    "python-socketio": ((5, 11), (6,)),
    "openai": ((1, 40), (4,)),
    "anthropic": ((0, 34), (3,)),
}
# Private hooks overridden or called, checked to still exist: (module, class, attribute).
HOOKS: tuple[tuple[str, str, str], ...] = (
    ("socketio", "AsyncServer", "_engineio_server_class"),
    ("socketio", "AsyncServer", "_handle_eio_connect"),
    ("socketio", "AsyncServer", "_handle_eio_message"),
    ("socketio", "AsyncRedisManager", "_publish"),
    ("socketio", "AsyncRedisManager", "_listen"),
    ("engineio", "AsyncServer", "create_queue"),
    ("engineio.async_socket", "AsyncSocket", "poll"),
)


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text.split("+")[0])[:3])


def problems() -> list[str]:
    """What is outside the tested range (SDKs only when installed)."""
    found: list[str] = []
    for dist, (low, high) in TESTED.items():
        try:
            installed = metadata.version(dist)
        except metadata.PackageNotFoundError:
            if dist.startswith("python-"):
                found.append(f"{dist} is not installed")
            continue
        if not low <= _version_tuple(installed) < high:
            span = ".".join(map(str, low)) + " to below " + ".".join(map(str, high))
            found.append(f"{dist} {installed} is outside the tested {span}")
    for module, cls, attr in HOOKS:
        if not hasattr(getattr(importlib.import_module(module), cls, None), attr):
            found.append(f"{module}.{cls}.{attr} is gone")
    return found


def check_versions() -> None:
    """One line at start-up when an installed release is not one LeFlux was tested with."""
    found = problems()
    if found:
        raise ConfigError("; ".join(found) + " (install with -c constraints.txt, or "
                          "pip install 'leflux' again to get compatible versions)")


# ------------------------------------------------------------------ engine.io internals

def engine_socket(server: Any, eio_sid: str) -> Any | None:
    """The engine.io socket object behind an engine.io sid (``server.eio.sockets``)."""
    return server.eio.sockets.get(eio_sid)


def outgoing_queue(sock: Any) -> Any:
    """A socket's queue of packets not yet written (engine.io's ``socket.queue``; None
    for no socket)."""
    return getattr(sock, "queue", None)


# ------------------------------------------------------------------ OpenAI SDK internals

def openai_http_response_class(openai: Any) -> type[Any]:
    """The response class of the HTTP client the SDK runs on (httpx2 from SDK 3, httpx
    before): asked for as ``cast_to``, the SDK's ``post`` returns the response unread."""
    client = next(c for c in openai.DefaultAsyncHttpxClient.__mro__
                  if c.__name__ == "AsyncClient")
    response: type[Any] = importlib.import_module(client.__module__.split(".")[0]).Response
    return response
