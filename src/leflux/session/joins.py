"""What a join owes the client, decided from what the store read: no I/O here.

``SessionService.join`` reads the session (``Store.join``), asks these functions what the
joining socket is owed, and does the sending. In order, a joining socket gets:

1. ``session_joined`` (the history and the open task);
2. each reply stream that was cut off (its process died, or this one restarted): its
   chunks and ``message_done``, after which it is stored as done;
3. the chunks so far of the reply this process is streaming now (the rest reaches the
   socket through the session's room);
4. the plan still out and the confirmation still asked, if any.

A task a killed process left between two of a turn's commits (:func:`stalled`) is then
resumed in the session's turn (``session/resume.py``): planned again if its plan was
never stored, or handed the results already recorded for its last plan. For the latter
the join says ``awaiting_context``: once the results are taken in, the task waits for the
page, and the embed answers that state with ``continue_task`` and the page as it is now
(the turn that resumes is queued first, so it runs before that ``continue_task``).

In Redis mode a stream another process holds is not this process's to replay: the join
hands it over (``catchup.py``, ``handover.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from leflux.agent.memory import last_plan
from leflux.errors import TaskUnreadable
from leflux.protocol import ActiveTask, SessionJoined
from leflux.session.conversation import to_history
from leflux.session.replay import Frame, replay_frames
from leflux.session.taskrow import stored_entries
from leflux.storage.rows import JoinState, MessageRow, TaskRow

# What a task left half-way by a killed process needs (see ``stalled``).
Resume = Literal["replan", "results"]


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
    # The open task was left between two of a turn's commits and nothing here runs a
    # turn for it: resumed in the session's turn (``session/resume.py``).
    resume: Resume | None = None


def replaced_socket(state: JoinState, sid: str) -> str | None:
    """The socket that held the session before this join (it is told it was replaced)."""
    prev = state.previous_holder
    return prev if prev and prev != sid else None


def active_task(task: TaskRow | None, resume: Resume | None = None) -> ActiveTask | None:
    """The open task as the client sees it. One whose recorded results are about to be
    taken in is, to the embed, waiting for the page (see the module's docstring)."""
    if task is None:
        return None
    state = "awaiting_context" if resume == "results" else task.state
    return ActiveTask(taskId=task.id, state=state)  # type: ignore[arg-type]


def stalled(task: TaskRow | None) -> Resume | None:
    """What an open task needs when it was left between two of a turn's commits (a kill
    -9 fell there). Asked at a turn boundary: inside the session's turn, or at a join
    while nothing in this process runs a turn for the session. A turn never ends in
    either state, so at a boundary they mean its process died:

    * ``running`` with no plan ever stored (``plans_sent`` 0, none outstanding or held):
      the task was opened, after its words were streamed, but its plan was never stored,
      so never sent, and nothing of it can have run: plan the step again ("replan");
    * ``awaiting_action`` with no outstanding plan: the store clears it with the last
      result it records, so every action of the last plan ran and its result is stored,
      but the engine never took them in: hand it those results ("results"), as
      ``action_complete`` would have. A plan still outstanding is re-sent instead, and
      the embed never runs an id twice.
    """
    if task is None:
        return None
    if (task.state == "running" and not task.plans_sent and not task.outstanding_plan
            and not task.held_plan):
        return "replan"
    if task.state == "awaiting_action" and not task.outstanding_plan:
        return "results"
    return None


def unreported_actions(task: TaskRow) -> list[str]:
    """The action ids of the task's last sent plan whose results its step memory does not
    have yet (what a "results" resume hands the engine, from the ``actions`` rows)."""
    try:
        entry = last_plan(stored_entries(task.memory, task.id), "sent",
                          unreported_only=True)
    except TaskUnreadable:
        return []  # the engine closes such a task on its next read (conversation.py)
    return list(entry.actionIds) if entry is not None else []


def decide_join(state: JoinState, *, session_id: str, owner: str, multi_process: bool,
                streaming_here: bool, turn_here: bool = False) -> JoinOwed:
    """What the joining socket is owed. ``streaming_here``: this process is writing a
    reply for the session now (so none of its open streams was cut off); ``turn_here``:
    it runs (or waits on) a turn of the session, which settles the task itself."""
    task = state.task
    resume = None if streaming_here or turn_here else stalled(task)
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
        activeTask=active_task(task, resume),
    )
    return JoinOwed(
        joined=joined, cut_streams=cut, foreign_streams=foreign,
        owed_plan=task.outstanding_plan if task else None,
        owed_prompt=(task.held_prompt if task and task.state == "awaiting_confirmation"
                     else None),
        left_words=bool(state.history) and state.history[-1].role == "visitor",
        resume=resume,
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
