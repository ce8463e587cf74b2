"""What a socket keeps of its handshake, and the client address it came from."""

from __future__ import annotations

from typing import Any

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


def client_ip(environ: dict[str, Any]) -> str:
    scope = environ.get("asgi.scope") or {}
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
