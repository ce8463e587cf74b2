"""Handing a session over from a process that died mid-stream (multi-process mode).

A reply stream is written only inside its session's turn, so once this process holds
the turn, any stream still marked open was cut off (its writer was killed, or lost
Redis and gave up). Holding the turn means waiting out a dead holder's lease, so this
runs in the background after a join: the visitor gets ``session_joined`` at once and
the replay (same ``streamId``, same ``chunkIndex`` values, then ``message_done``) as
soon as the session is free.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from leflux.session.emitter import Emitter
from leflux.session.locks import Turns
from leflux.session.replay import replay_frames
from leflux.storage.fencing import Fence
from leflux.storage.pending import PendingMessages
from leflux.storage.store import Store

log = logging.getLogger("leflux.session")


async def finish_cut_streams(
    session_id: str, store: Store, emitter: Emitter, turns: Turns
) -> None:
    """Finish every stream nobody writes any more and replay it to the session's room."""
    finished = 0
    async with turns.turn(session_id):
        for s in await store.open_streams(session_id):
            if not s.stream_id:
                continue
            chunks = list(s.chunks or [])
            # Persist first: if this process dies too, the text is history on next join.
            await store.save_stream(s.stream_id, chunks, done=True)
            for event, payload in replay_frames(s.stream_id, chunks, done=True):
                await emitter.to_session(session_id, event, payload)
            finished += 1
    if finished:
        log.info("finished %d cut-off stream(s) of session %s", finished, session_id)


async def answer_left_words(
    session_id: str, pending: PendingMessages, turns: Turns,
    answer: Callable[[str, Fence | None], Awaitable[None]],
) -> None:
    """Answer visitor messages whose answering turn never ran (its process died before
    producing anything). Ones that got any answer are only marked answered: running
    them again would repeat a plan or a reply."""
    async with turns.turn(session_id) as fence:
        for message_id, text in await pending.of_session(session_id):
            if not await pending.answered_since(session_id, message_id):
                log.info("answering left-over words of session %s", session_id)
                await answer(text, fence)
            await pending.settle(message_id)
