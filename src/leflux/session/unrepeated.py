"""A step run again does not say twice what it already said.

When a process dies after a turn's words were streamed but before its plan was stored,
the rejoin plans the step again (``session/resume.py``) and the planner says the same
words again. The visitor already has them (they are in the history), so the step run
again holds them back: a reply that repeats the earlier one word for word is neither
sent nor stored, and one that starts out the same goes out, whole, from where it differs
on. A block or a message already given since the visitor's last words is not given again.
"""

from __future__ import annotations

from typing import Any

from leflux.agent.ports import ReplyStream
from leflux.storage.rows import MessageRow


def since_visitor(history: list[MessageRow]) -> list[MessageRow]:
    """The agent's messages after the visitor's last words (what the step said)."""
    last = max((i for i, m in enumerate(history) if m.role == "visitor"), default=-1)
    return [m for m in history[last + 1:] if m.role == "agent"]


def earlier_reply(said: list[MessageRow]) -> str:
    """The text the step streamed before (its first plain message)."""
    return next((m.text for m in said if m.block_type is None and m.stream_id), "")


def said_before(said: list[MessageRow], text: str, block_type: str | None,
                data: dict[str, Any] | None) -> bool:
    return any(m.text == text and m.block_type == block_type and (m.data or None) == data
               for m in said)


class UnrepeatedStream:
    """Implements ``ports.ReplyStream`` over the live one: deltas that only repeat the
    earlier reply are held back; from the first that differs, everything goes out."""

    def __init__(self, inner: ReplyStream, earlier: str) -> None:
        self.stream_id = inner.stream_id
        self._inner = inner
        self._earlier = earlier
        self._held = ""
        self._passing = not earlier

    async def write(self, delta: str) -> None:
        if self._passing:
            await self._inner.write(delta)
            return
        self._held += delta
        if self._earlier.startswith(self._held):
            return  # so far the same words again
        self._passing = True
        await self._inner.write(self._held)

    @property
    def text(self) -> str:
        """What the planner said (the engine reads it), sent or held back."""
        return self._inner.text if self._passing else self._held
