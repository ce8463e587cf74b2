"""Joining mid-stream on another process (Redis mode; resume: "same process,
another process, or after a server restart").

The joining process (B) cannot replay a reply that another process (A) is streaming:
only A holds the chunks not yet stored. So B answers the join without putting the
socket in the session's room and asks, on the fan-out channel, "catch socket S up".
A, between two chunks of the live stream (it holds the stream's emit lock), sends S
every chunk so far, then moves S into the room; every later chunk reaches S through
the room. A publishes all of it in that order on one channel, so S gets each chunk
once, in order, then ``message_done``.

If nobody answers (A died: its stream is cut), B puts the socket in the room itself
after ``WAIT_S`` and the hand-over (handover.py) replays the cut stream once the dead
process's turn lease has run out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from leflux.session.emitter import Emitter
from leflux.session.replay import replay_frames
from leflux.session.streams import StreamRegistry
from leflux.storage.store import Store

log = logging.getLogger("leflux.session")

WAIT_S = 1.0
CATCH_UP_OP = "catch_up"

Publish = Callable[[dict[str, Any]], Awaitable[None]]
SendTo = Callable[[str, str, dict[str, Any]], Awaitable[None]]
EnterAnywhere = Callable[[str, str], Awaitable[None]]


class CatchUp:
    def __init__(
        self,
        streams: StreamRegistry,
        *,
        publish: Publish,
        send_to: SendTo,
        enter_room_anywhere: EnterAnywhere,
        in_room: Callable[[str, str], bool],
        enter_room_here: Callable[[str, str], None],
        connected: Callable[[str], bool],
        wait_s: float = WAIT_S,
    ) -> None:
        self.streams = streams
        self._publish = publish
        self._send_to = send_to
        self._enter_anywhere = enter_room_anywhere
        self._in_room = in_room
        self._enter_here = enter_room_here
        self.connected = connected
        self.wait_s = wait_s

    # ------------------------------------------------------------ the joining process

    async def request(self, sid: str, session_id: str) -> bool:
        """Ask the writer to catch ``sid`` up; True if it did, False if we put the socket
        in the room ourselves (nobody is streaming for the session any more)."""
        try:
            await self._publish({"op": CATCH_UP_OP, "session": session_id, "sid": sid})
        except Exception:
            log.warning("could not ask for a catch-up of %s", session_id, exc_info=True)
        deadline = asyncio.get_running_loop().time() + self.wait_s
        while asyncio.get_running_loop().time() < deadline:
            if self._in_room(sid, session_id):
                return True
            await asyncio.sleep(0.01)
        if not self._in_room(sid, session_id):
            self._enter_here(sid, session_id)
        return False

    # ------------------------------------------------------------ the writing process

    async def handle(self, data: dict[str, Any]) -> None:
        if data.get("op") != CATCH_UP_OP:
            return
        session_id, sid = str(data.get("session", "")), str(data.get("sid", ""))
        live = self.streams.live.get(session_id)
        if live is None or not sid:
            return  # not streaming here: the writer, or the joiner's fallback, answers
        async with live.emit_lock:
            for event, payload in replay_frames(live.stream_id, list(live.chunks), done=False):
                await self._send_to(sid, event, payload)
            await self._enter_anywhere(sid, session_id)
        log.info("caught up a socket joining session %s on another process", session_id)


async def resend_missed(
    store: Store, emitter: Emitter, sid: str, session_id: str, *,
    stream_ids: list[str], owed_plan: dict[str, Any] | None,
    owed_prompt: dict[str, Any] | None,
) -> None:
    """Nobody caught the socket up: the stream it joined during ended (or its writer
    died) before the request arrived, and the socket was out of the room meanwhile.
    Send what it may have missed since the join read the session: the replies that
    ended, and a plan or confirmation made since. (A cut stream stays open here; the
    hand-over replays it.) A repeat is harmless: the embed runs an action id once."""
    for m in await store.history(session_id, with_chunks=True):
        if m.stream_id and m.stream_id in stream_ids:
            for event, payload in replay_frames(m.stream_id, m.chunks or [], done=True,
                                                text=m.text):
                emitter.send_now(sid, event, payload)
    task = await store.open_task_of(session_id)
    if task and task.outstanding_plan and task.outstanding_plan != owed_plan:
        emitter.send_now(sid, "action_plan", task.outstanding_plan)
    if (task and task.state == "awaiting_confirmation" and task.held_prompt
            and task.held_prompt != owed_prompt):
        emitter.send_now(sid, "confirmation_required", task.held_prompt)
