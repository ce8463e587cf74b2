"""Streamed replies: chunks emitted live, persisted in batches, replayable on resume."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from leflux.protocol import MessageChunk, MessageDone
from leflux.session.emitter import Emitter
from leflux.storage.store import Store

# A stream is written to the store at most this often (and when it ends): a join
# mid-stream replays what is stored plus what this process still holds in memory.
FLUSH_INTERVAL_S = 0.1


class LiveStream:
    """One reply being streamed by this process (implements ``ports.ReplyStream``)."""

    def __init__(self, session_id: str, store: Store, emitter: Emitter, owner: str) -> None:
        self.session_id = session_id
        self.stream_id = f"stream-{uuid.uuid4()}"
        self.chunks: list[str] = []
        self._store = store
        self._emitter = emitter
        self._owner = owner
        self._started = False
        self._flushed = 0
        self._last_flush = 0.0
        # Held around each emit: a socket joining on another process is caught up
        # between two chunks, never in the middle of one (see catchup.py).
        self.emit_lock = asyncio.Lock()

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    async def write(self, delta: str) -> None:
        if not isinstance(delta, str) or not delta:
            return
        if not self._started:
            self._started = True
            await self._store.start_stream(self.session_id, self.stream_id, self._owner)
            self._last_flush = time.monotonic()
        async with self.emit_lock:
            index = len(self.chunks)
            self.chunks.append(delta)
            await self._emitter.to_session(
                self.session_id, "message_chunk",
                MessageChunk(delta=delta, streamId=self.stream_id, chunkIndex=index).wire(),
            )
        if time.monotonic() - self._last_flush >= FLUSH_INTERVAL_S:
            await self._flush()

    async def _flush(self) -> None:
        if len(self.chunks) != self._flushed:
            await self._store.save_stream(self.stream_id, self.chunks)
            self._flushed = len(self.chunks)
        self._last_flush = time.monotonic()

    async def finish(self) -> None:
        if not self._started:
            return
        await self._store.save_stream(self.stream_id, self.chunks, done=True)
        async with self.emit_lock:  # after any catch-up in progress
            await self._emitter.to_session(
                self.session_id, "message_done",
                MessageDone(text=self.text, streamId=self.stream_id).wire(),
            )


class StreamRegistry:
    """The streams this process is writing now, by session (one at a time per session,
    since engine calls are serialised per session)."""

    def __init__(self, store: Store, emitter: Emitter, owner: str) -> None:
        self.store = store
        self.emitter = emitter
        self.owner = owner
        self.live: dict[str, LiveStream] = {}

    @asynccontextmanager
    async def open(self, session_id: str) -> AsyncIterator[LiveStream]:
        stream = LiveStream(session_id, self.store, self.emitter, self.owner)
        self.live[session_id] = stream
        try:
            yield stream
        finally:
            # Also on an engine error: the visitor gets message_done of the text so far
            # rather than a bubble that never locks.
            if self.live.get(session_id) is stream:
                del self.live[session_id]
            await stream.finish()
