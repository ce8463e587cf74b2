"""Faster Socket.IO encoding (bench/FINDINGS.md): orjson, and no binary scan; and how
a payload that does not validate is described to the client."""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import ValidationError
from socketio.packet import Packet


class OrjsonModule:
    """The ``json`` module interface python-socketio/engine.io call (dumps -> str)."""

    @staticmethod
    def dumps(obj: Any, **_kwargs: Any) -> str:
        return orjson.dumps(obj).decode()

    @staticmethod
    def loads(data: str | bytes, **_kwargs: Any) -> Any:
        return orjson.loads(data)

    JSONDecodeError = orjson.JSONDecodeError


class JsonPacket(Packet):
    """LeFlux sends and accepts JSON only: skip the recursive binary-attachment scan."""

    uses_binary_events = False


def describe(exc: ValidationError, event: str) -> str:
    """A short, readable reason without echoing the (possibly huge) input."""
    err = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__") or "payload"
    msg = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
    return f"Invalid {event} payload: {where}: {msg}."[:300]
