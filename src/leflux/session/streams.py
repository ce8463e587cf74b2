"""Streamed replies: chunks emitted live, persisted in batches, replayable on resume.

Hot path (1,000 replies at once, bench/FINDINGS.md): a delta is never awaited on.
``write`` queues it; one process-wide tick a few ms later (up to 40 ms with hundreds of
live replies, see ``coalesce_window``) emits every stream's queued deltas as one
``message_chunk`` each (deltas that arrive close together share a chunk;
``chunkIndex`` counts emitted chunks), and a process-wide flusher writes every stream
that changed to the store in one transaction every ``FLUSH_INTERVAL_S``. ``finish``
drains, stores the reply as done, then emits ``message_done`` (persist, then emit).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from leflux.protocol import MessageChunk, MessageDone
from leflux.session.emitter import Emitter
from leflux.storage.store import Store

log = logging.getLogger("leflux.session")

# Every live stream's new chunks are stored at most this often (one transaction for
# all): a join mid-stream on another process, or after a restart, replays what is
# stored; a join on this process replays what the stream holds in memory.
FLUSH_INTERVAL_S = 0.2
# Deltas that arrive within this window go out as one message_chunk.
COALESCE_S = 0.004
# ... growing with the number of live replies on this process (the window per reply,
# up to MAX_COALESCE_S): every message_chunk costs a frame and a send() per socket,
# ~30-50 µs here, so with 1,000 replies at 50 tokens/s one chunk per token would need
# more than a core. The token -> client delay this adds is in the bench's figure.
COALESCE_PER_STREAM_S = 0.00004
MAX_COALESCE_S = 0.04


def coalesce_window(live_streams: int) -> float:
    """How long a delta may wait for others to share its message_chunk."""
    return min(MAX_COALESCE_S, max(COALESCE_S, live_streams * COALESCE_PER_STREAM_S))


class LiveStream:
    """One reply being streamed by this process (implements ``ports.ReplyStream``)."""

    def __init__(self, session_id: str, registry: StreamRegistry) -> None:
        self.session_id = session_id
        self.stream_id = f"stream-{uuid.uuid4()}"
        # Chunks emitted so far (what a join replays); deltas not yet emitted wait apart.
        self.chunks: list[str] = []
        self._pending: list[str] = []
        self._last_emit = -1e9  # time.monotonic() of the last chunk emitted here
        self._registry = registry
        self._emitter = registry.emitter
        self._created: asyncio.Future[str] | None = None
        self._done = False
        # Emits through the fan-out when the session's socket is on another process.
        self._pump: asyncio.Task[None] | None = None
        # Held around each awaited emit: a socket joining on another process is caught
        # up between two chunks, never in the middle of one (see catchup.py).
        self.emit_lock = asyncio.Lock()

    @property
    def text(self) -> str:
        return "".join(self.chunks) + "".join(self._pending)

    async def write(self, delta: str) -> None:
        if not isinstance(delta, str) or not delta:
            return
        if self._created is None:
            # Replies starting together share the row's transaction.
            self._created = asyncio.ensure_future(self._registry.store.start_stream(
                self.session_id, self.stream_id, self._registry.owner))
            if self._registry.row_first:
                # Another process may take a join of this session: the row exists before
                # the first chunk goes out, so that join sees the words being answered.
                # (One process alone replays its live streams from memory, and a burst
                # of replies starting at once need not wait on the database.)
                await self._created
        self._pending.append(delta)
        if len(self._pending) == 1 and self._pump is None:
            # Nothing of this reply went out for a whole window: the socket is idle as
            # far as this reply goes, so the delta goes now (no timer, no wait). Deltas
            # that follow within the window share the next tick's chunk.
            window = coalesce_window(len(self._registry.live))
            if time.monotonic() - self._last_emit >= window:
                self.emit_pending()
                if not self._pending:
                    return
        self._registry.due(self)

    def emit_pending(self) -> None:
        """Emit queued deltas as one chunk, without yielding when the socket is here."""
        if not self._pending or self._pump is not None:
            return
        if not self.emit_lock.locked():
            text = "".join(self._pending)
            # MessageChunk(...).wire() without a model per chunk (the hot path): all
            # three keys are required, so the wire form is exactly this dict.
            payload = {"delta": text, "streamId": self.stream_id,
                       "chunkIndex": len(self.chunks)}
            if self._emitter.send_local(self.session_id, "message_chunk", payload):
                self._last_emit = time.monotonic()
                self._pending.clear()
                self.chunks.append(text)
                self._registry.dirty(self)
                return
        self._pump = asyncio.create_task(self._drain())

    async def _drain(self) -> None:
        try:
            while self._pending:
                async with self.emit_lock:
                    text = "".join(self._pending)
                    self._pending.clear()
                    index = len(self.chunks)
                    self.chunks.append(text)
                    self._registry.dirty(self)
                    await self._emitter.to_session(
                        self.session_id, "message_chunk",
                        MessageChunk(delta=text, streamId=self.stream_id,
                                     chunkIndex=index).wire(),
                    )
        finally:
            self._pump = None

    async def finish(self) -> None:
        if self._created is None:
            return
        while self._pump is not None or self._pending:
            if self._pump is not None:
                await asyncio.shield(self._pump)
            else:
                await self._drain()
        self._done = True  # the flusher leaves it alone from here
        with contextlib.suppress(Exception):  # no row: message_done still locks the bubble
            await self._created
        await self._registry.store.save_stream(self.stream_id, self.chunks, done=True)
        async with self.emit_lock:  # after any catch-up in progress
            await self._emitter.to_session(
                self.session_id, "message_done",
                MessageDone(text=self.text, streamId=self.stream_id).wire(),
            )


class StreamRegistry:
    """The streams this process is writing now, by session (one at a time per session,
    since engine calls are serialised per session), and their shared emit tick and
    store flusher."""

    def __init__(self, store: Store, emitter: Emitter, owner: str, *,
                 row_first: bool = True) -> None:
        self.store = store
        self.emitter = emitter
        self.owner = owner
        self.row_first = row_first
        self.live: dict[str, LiveStream] = {}
        self._due: dict[LiveStream, None] = {}
        self._tick: asyncio.TimerHandle | None = None
        self._dirty: dict[LiveStream, None] = {}
        self._flusher: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def open(self, session_id: str) -> AsyncIterator[LiveStream]:
        stream = LiveStream(session_id, self)
        self.live[session_id] = stream
        try:
            yield stream
        finally:
            # Also on an engine error: the visitor gets message_done of the text so far
            # rather than a bubble that never locks.
            if self.live.get(session_id) is stream:
                del self.live[session_id]
            await stream.finish()

    # ------------------------------------------------------------------ emit tick

    def due(self, stream: LiveStream) -> None:
        self._due[stream] = None
        if self._tick is None:
            self._tick = asyncio.get_running_loop().call_later(
                coalesce_window(len(self.live)), self._emit_due)

    def _emit_due(self) -> None:
        self._tick = None
        due, self._due = self._due, {}
        for stream in due:
            try:
                stream.emit_pending()
            except Exception:  # one stream's failure must not stall the others
                log.exception("emitting a chunk failed")

    # ------------------------------------------------------------------ store flusher

    def dirty(self, stream: LiveStream) -> None:
        self._dirty[stream] = None
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_loop())

    async def _flush_loop(self) -> None:
        while self._dirty:
            await asyncio.sleep(FLUSH_INTERVAL_S)
            dirty, self._dirty = self._dirty, {}
            batch = {s.stream_id: list(s.chunks) for s in dirty if not s._done}
            if not batch:
                continue
            try:
                await self.store.save_streams(batch)
            except Exception:  # the next flush, or message_done's save, stores it
                log.warning("could not store %d live streams", len(batch), exc_info=True)
