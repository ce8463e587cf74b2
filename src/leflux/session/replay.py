"""Replaying a reply stream: the one way a reply's chunks (then ``message_done``) are sent
again, to a socket that joined late or to a session whose stream was cut off.

Callers differ only in where the frames go (one socket now, a socket on another process,
the session's room), so this module gives the frames and each caller sends them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from leflux.protocol import MessageChunk, MessageDone

Frame = tuple[str, dict[str, Any]]


def replay_frames(stream_id: str, chunks: Sequence[str], *, done: bool,
                  text: str | None = None) -> list[Frame]:
    """Every chunk of ``stream_id`` with its index; then, for a finished reply, its
    ``message_done`` (``text``: the stored text; default, the chunks joined)."""
    frames: list[Frame] = [
        ("message_chunk",
         MessageChunk(delta=delta, streamId=stream_id, chunkIndex=i).wire())
        for i, delta in enumerate(chunks)
    ]
    if done:
        full = "".join(chunks) if text is None else text
        frames.append(("message_done", MessageDone(text=full, streamId=stream_id).wire()))
    return frames
