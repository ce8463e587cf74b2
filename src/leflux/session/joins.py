"""What a join owes the client, decided from what the store read: no I/O here.

``SessionService.join`` reads the session (``Store.join``), asks these functions what the
joining socket is owed, and does the sending. In order, a joining socket gets:

1. ``session_joined`` (the history and the open task);
2. each reply stream that was cut off (its process died, or this one restarted): its
   chunks and ``message_done``, after which it is stored as done;
3. the chunks so far of the reply this process is streaming now (the rest reaches the
   socket through the session's room);
4. the plan still out and the confirmation still asked, if any.

In Redis mode a stream another process holds is not this process's to replay: the join
hands it over (``catchup.py``, ``handover.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leflux.protocol import ActiveTask, SessionJoined
from leflux.session.conversation import to_history
from leflux.session.replay import Frame, replay_frames
from leflux.storage.rows import JoinState, MessageRow, TaskRow


@dataclass(frozen=True)
class JoinOwed:
    joined: SessionJoined
    # Unfinished streams nobody writes any more: replayed here, then stored as done.
    cut_streams: list[MessageRow]
    # Streams another process holds (Redis mode): live there, or cut off by its death.
    foreign_streams: list[str]
    owed_plan: dict[str, Any] | None
    owed_prompt: dict[str, Any] | None
    # The last words are the visitor's: maybe never answered (their process died).
    left_words: bool


def replaced_socket(state: JoinState, sid: str) -> str | None:
    """The socket that held the session before this join (it is told it was replaced)."""
    prev = state.previous_holder
    return prev if prev and prev != sid else None


def active_task(task: TaskRow | None) -> ActiveTask | None:
    return ActiveTask(taskId=task.id, state=task.state) if task else None  # type: ignore[arg-type]


def decide_join(state: JoinState, *, session_id: str, owner: str, multi_process: bool,
                streaming_here: bool) -> JoinOwed:
    """What the joining socket is owed. ``streaming_here``: this process is writing a
    reply for the session now (so none of its open streams was cut off)."""
    task = state.task
    # Without a shared manager no other process can be streaming for the session, so an
    # unfinished stream nobody here writes was cut off; in Redis mode only streams of
    # this process's own address count (a restart keeps the address).
    cut = [s for s in state.open_streams
           if s.stream_id and not streaming_here and (not multi_process or s.owner == owner)]
    foreign = [s.stream_id for s in state.open_streams
               if multi_process and s.stream_id and s.owner != owner]
    joined = SessionJoined(
        sessionId=session_id,
        restored=not state.created,
        history=[to_history(m) for m in state.history],
        activeTask=active_task(task),
    )
    return JoinOwed(
        joined=joined, cut_streams=cut, foreign_streams=foreign,
        owed_plan=task.outstanding_plan if task else None,
        owed_prompt=(task.held_prompt if task and task.state == "awaiting_confirmation"
                     else None),
        left_words=bool(state.history) and state.history[-1].role == "visitor",
    )


def owed_frames(owed: JoinOwed, live: tuple[str, list[str]] | None) -> list[Frame]:
    """The events to send the joining socket, in order. ``live``: the stream id and the
    chunks so far of the reply this process is streaming, if any."""
    frames: list[Frame] = [("session_joined", owed.joined.wire())]
    for stream in owed.cut_streams:
        frames += replay_frames(stream.stream_id or "", stream.chunks or [], done=True)
    if live is not None:
        frames += replay_frames(live[0], live[1], done=False)
    if owed.owed_plan:
        frames.append(("action_plan", owed.owed_plan))
    if owed.owed_prompt:
        frames.append(("confirmation_required", owed.owed_prompt))
    return frames
