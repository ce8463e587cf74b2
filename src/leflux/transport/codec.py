"""The Socket.IO packets' JSON encoding, faster (bench/FINDINGS.md): orjson, and no
binary-attachment scan; the page-context events parsed and checked in one pass."""

from __future__ import annotations

from typing import Any

import orjson
from socketio.packet import Packet

# How a page-context event's packet data starts as socket.io-client writes it
# (``JSON.stringify([name, payload])``); other spellings take the way of record.
_CONTEXT_EVENTS = ('["update_context",', '["continue_task",')


class OrjsonModule:
    """The ``json`` module interface python-socketio/engine.io call (dumps -> str)."""

    @staticmethod
    def dumps(obj: Any, **_kwargs: Any) -> str:
        return orjson.dumps(obj).decode()

    @staticmethod
    def loads(data: str | bytes, **_kwargs: Any) -> Any:
        return orjson.loads(data)

    JSONDecodeError = orjson.JSONDecodeError


class EventJson(OrjsonModule):
    """For the Socket.IO packets' data: a page-context event (a whole page, the bulk
    of what the embed sends) comes out already validated, as ``[name, model]``
    (``protocol/fastwire.py``); its handler's ``model_validate`` hands the model back
    as it is. Anything that path does not accept as it is is read here as before, and
    validated by the handler as before (same errors)."""

    @staticmethod
    def loads(data: str | bytes, **_kwargs: Any) -> Any:
        if type(data) is str and data.startswith(_CONTEXT_EVENTS):
            # Imported on the first such event: msgspec is not part of start-up.
            from leflux.protocol.fastwire import decode_event

            event = decode_event(data)
            if event is not None:
                return event
        return orjson.loads(data)


class JsonPacket(Packet):
    """LeFlux sends and accepts JSON only: skip the recursive binary-attachment scan."""

    uses_binary_events = False
