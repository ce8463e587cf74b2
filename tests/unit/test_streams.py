"""Streamed replies on a real store: coalescing window, persist-then-done, first chunk."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from leflux.session.streams import (
    COALESCE_S,
    MAX_COALESCE_S,
    StreamRegistry,
    coalesce_window,
)
from leflux.storage.opening import open_database
from leflux.storage.store import Store


class RecordingEmitter:
    """An Emitter whose sockets are all local: records what each would receive."""

    def __init__(self) -> None:
        self.sent: list[tuple[float, str, dict[str, Any]]] = []

    async def to_session(self, session_id: str, event: str, payload: dict[str, Any]) -> None:
        self.sent.append((time.monotonic(), event, payload))

    def send_now(self, sid: str, event: str, payload: dict[str, Any]) -> None:
        self.sent.append((time.monotonic(), event, payload))

    def send_local(self, session_id: str, event: str, payload: dict[str, Any]) -> bool:
        self.sent.append((time.monotonic(), event, payload))
        return True

    def enter_room(self, sid: str, session_id: str) -> bool:
        return True

    async def kick(self, sid: str, message: str) -> None:
        return None


def test_window_is_a_few_ms_and_grows_with_live_replies_to_a_bound():
    assert coalesce_window(1) == COALESCE_S
    assert coalesce_window(100) == COALESCE_S
    assert COALESCE_S < coalesce_window(500) < MAX_COALESCE_S
    assert coalesce_window(1_000) == MAX_COALESCE_S == coalesce_window(50_000)


async def _registry(tmp_path, *, row_first: bool) -> tuple[Store, RecordingEmitter,
                                                          StreamRegistry, str]:
    store = Store(await open_database(f"sqlite+aiosqlite:///{tmp_path / 's.db'}"))
    session_id = str(uuid.uuid4())
    await store.ensure_session(session_id, "default")
    emitter = RecordingEmitter()
    return store, emitter, StreamRegistry(store, emitter, "me", row_first=row_first), session_id


async def test_a_quiet_reply_sends_at_once_close_deltas_share_a_chunk_stored_before_done(
        tmp_path):
    store, emitter, registry, session_id = await _registry(tmp_path, row_first=True)
    async with registry.open(session_id) as stream:
        for word in ("Hello", " there", ", visitor"):
            await stream.write(word)
        await asyncio.sleep(0.05)
        await stream.write("!")
    events = [(e, p) for _, e, p in emitter.sent]
    chunks = [p["delta"] for e, p in events if e == "message_chunk"]
    # The first delta goes at once (nothing else of the reply was sent for a window), the
    # two right behind it share the tick's chunk, and one after a pause goes at once.
    assert chunks == ["Hello", " there, visitor", "!"]
    assert [p["chunkIndex"] for e, p in events if e == "message_chunk"] == [0, 1, 2]
    assert events[-1] == ("message_done", {"text": "Hello there, visitor!",
                                           "streamId": stream.stream_id})
    history = await store.history(session_id, with_chunks=True)
    assert history[-1].text == "Hello there, visitor!" and history[-1].chunks == chunks
    await store.close()


async def test_one_process_sends_the_first_chunk_without_waiting_for_the_row(tmp_path):
    store, emitter, registry, session_id = await _registry(tmp_path, row_first=False)
    started = time.monotonic()
    async with registry.open(session_id) as stream:
        await stream.write("Hi")
        # The row's insert has not been awaited: the chunk went out with the write.
        first = [t for t, e, _ in emitter.sent if e == "message_chunk"]
        assert first and first[0] - started < 0.5
        await asyncio.sleep(COALESCE_S * 3)
    history = await store.history(session_id)
    assert history[-1].text == "Hi" and history[-1].done  # stored before message_done
    await store.close()
