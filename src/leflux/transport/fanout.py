"""python-socketio's Redis manager, plus LeFlux's own control messages on its channel.

A control message travels on the same Redis channel as the emits, kicks and room moves
around it, and is handled by the same consumer, so it is ordered with them: a process
that receives "catch this socket up" has already applied the kick published before it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from leflux.compat import HookedRedisManager

log = logging.getLogger("leflux.transport")

CONTROL = "leflux_control"
_MARK = CONTROL.encode()


class FanoutManager(HookedRedisManager):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_control: Callable[[dict[str, Any]], Awaitable[None]] | None = None

    async def publish_control(self, payload: dict[str, Any]) -> None:
        await self.publish_raw({**payload, "method": CONTROL, "host_id": self.host_id})

    async def incoming(self) -> AsyncIterator[Any]:
        async for message in super().incoming():
            raw = message.encode() if isinstance(message, str) else message
            if isinstance(raw, bytes) and _MARK in raw:
                try:
                    data = self.json.loads(raw)
                except ValueError:
                    data = None
                if isinstance(data, dict) and data.get("method") == CONTROL:
                    if data.get("host_id") != self.host_id and self.on_control is not None:
                        try:
                            await self.on_control(data)
                        except Exception:  # one bad message must not stop the fan-out
                            log.exception("control message failed")
                    continue
            yield message
