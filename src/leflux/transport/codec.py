"""The Socket.IO packets' JSON encoding, faster (bench/FINDINGS.md): orjson, and no
binary-attachment scan."""

from __future__ import annotations

from typing import Any

import orjson
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
