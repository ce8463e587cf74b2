"""What the session layer needs from the transport to reach sockets."""

from __future__ import annotations

from typing import Any, Protocol


class Emitter(Protocol):
    async def to_session(self, session_id: str, event: str, payload: dict[str, Any]) -> None:
        """Emit to the socket(s) in the session's room, on whichever process holds it."""

    def send_now(self, sid: str, event: str, payload: dict[str, Any]) -> None:
        """Queue an event to one local socket without yielding (keeps resume ordering)."""

    def send_local(self, session_id: str, event: str, payload: dict[str, Any]) -> bool:
        """Queue an event to the session's sockets on this process without yielding;
        False (nothing sent) when it must go through the fan-out instead."""

    def enter_room(self, sid: str, session_id: str) -> bool:
        """Put a local socket in the session's room, synchronously; False if it is gone."""

    async def kick(self, sid: str, message: str) -> None:
        """``error {code: "replaced"}`` then disconnect, wherever ``sid`` lives."""
