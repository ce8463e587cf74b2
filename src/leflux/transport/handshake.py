"""What a socket keeps of its handshake, and the client address it came from."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

# What a connect handler reads from the handshake's environ (see trim_environ).
ENVIRON_KEPT = ("HTTP_ORIGIN", "QUERY_STRING", "REQUEST_METHOD", "asgi.scope")


def trim_environ(environ: dict[str, Any]) -> None:
    """Cut the handshake's environ down to what a connect handler reads, in place.

    python-socketio keeps it for the socket's whole life (and engine.io's handler frame
    holds the same dict): every header decoded twice, the ASGI receive/send, and an
    ``AwaitablePayload`` *class* engine.io's ASGI driver defines per request. That was
    ~3.5 KB per idle socket. Nothing reads the rest once the socket is connected: the
    WebSocket already took receive/send, and a polling request has its own environ.
    The ASGI scope's header list (which uvicorn does not read after the handshake) goes
    too; the scope itself is uvicorn's and stays."""
    keep = {k: environ[k] for k in ENVIRON_KEPT if k in environ}
    environ.clear()  # clear() frees the table; deleting keys would keep its size
    environ.update(keep)
    scope = keep.get("asgi.scope")
    if isinstance(scope, dict) and scope.get("headers"):
        scope["headers"] = []


def query_value(query_string: str, name: str) -> str | None:
    """``parse_qs(query_string)[name][0]``, None where ``name`` has no value. A query
    with nothing escaped (no ``%``, no ``+``: engine.io's and the embed's own) is split
    here as ``parse_qs`` would split it, without its per-field unquoting (~1% of a
    connect + join's CPU); anything else is ``parse_qs``'s."""
    if "%" in query_string or "+" in query_string:
        values = parse_qs(query_string).get(name)
        return values[0] if values else None
    for field in query_string.split("&"):
        key, eq, value = field.partition("=")
        if eq and value and key == name:
            return value
    return None


def client_ip(environ: dict[str, Any]) -> str:
    scope = environ.get("asgi.scope") or {}
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
