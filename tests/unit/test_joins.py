"""What a join owes the client (session/joins.py), decided from store rows alone."""

from __future__ import annotations

from typing import Any

from leflux.session.joins import (
    decide_join,
    owed_frames,
    replaced_socket,
    stalled,
    unreported_actions,
)
from leflux.storage.rows import JoinState, MessageRow, SessionRow, TaskRow

SID = "5b0c2f9e-8a6e-4c47-9c1e-3f1f0f6d2a10"
PLAN = {"actions": [{"id": "a1", "type": "click_element", "elementId": 3}]}
PROMPT = {"message": "Place the order?"}


def _stream(stream_id: str, owner: str, chunks: list[str]) -> MessageRow:
    return MessageRow(id=f"m-{stream_id}", role="agent", text="", created_at="t",
                      stream_id=stream_id, chunks=chunks, done=False, owner=owner)


def _task(state: str = "awaiting_action", **kw: Any) -> TaskRow:
    return TaskRow(id="t1", session_id=SID, goal="g", state=state, plans_sent=1, memory=[],
                   planner_state={}, is_open=True, outstanding_plan=kw.get("plan"),
                   held_plan=None, held_prompt=kw.get("prompt"))


def _state(*, holder: str | None = None, streams: list[MessageRow] | None = None,
           task: TaskRow | None = None, last: str = "agent") -> JoinState:
    history = [MessageRow(id="h1", role=last, text="hi", created_at="t")]
    return JoinState(SessionRow(SID, "site", "t", "s2", None, None), False, holder, history,
                     streams or [], task)


def test_the_older_socket_is_replaced_not_the_same_one() -> None:
    assert replaced_socket(_state(holder="s1"), "s2") == "s1"
    assert replaced_socket(_state(holder="s2"), "s2") is None
    assert replaced_socket(_state(holder=None), "s2") is None


def test_one_process_replays_every_stream_nobody_writes() -> None:
    streams = [_stream("x", "other:1", ["a", "b"])]
    owed = decide_join(_state(streams=streams), session_id=SID, owner="me:1",
                       multi_process=False, streaming_here=False)
    assert [s.stream_id for s in owed.cut_streams] == ["x"] and owed.foreign_streams == []
    busy = decide_join(_state(streams=streams), session_id=SID, owner="me:1",
                       multi_process=False, streaming_here=True)
    assert busy.cut_streams == []


def test_redis_mode_hands_another_process_s_stream_over() -> None:
    streams = [_stream("mine", "me:1", ["a"]), _stream("theirs", "other:1", ["b"])]
    owed = decide_join(_state(streams=streams), session_id=SID, owner="me:1",
                       multi_process=True, streaming_here=False)
    assert [s.stream_id for s in owed.cut_streams] == ["mine"]
    assert owed.foreign_streams == ["theirs"]


def test_frames_in_order_and_the_prompt_only_while_asked() -> None:
    task = _task("awaiting_confirmation", plan=PLAN, prompt=PROMPT)
    owed = decide_join(_state(streams=[_stream("x", "me:1", ["a", "b"])], task=task,
                              last="visitor"),
                       session_id=SID, owner="me:1", multi_process=False, streaming_here=False)
    assert owed.left_words
    frames = owed_frames(owed, ("live", ["c"]))
    assert [e for e, _ in frames] == [
        "session_joined", "message_chunk", "message_chunk", "message_done", "message_chunk",
        "action_plan", "confirmation_required"]
    assert frames[0][1]["activeTask"] == {"taskId": "t1", "state": "awaiting_confirmation"}
    assert frames[3][1] == {"text": "ab", "streamId": "x"}
    assert frames[4][1] == {"delta": "c", "streamId": "live", "chunkIndex": 0}
    running = decide_join(_state(task=_task("running", prompt=PROMPT)), session_id=SID,
                          owner="me:1", multi_process=False, streaming_here=False)
    assert [e for e, _ in owed_frames(running, None)] == ["session_joined"]
    assert not running.left_words


def _memory(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"version": 2, "entries": list(entries)}


def _stalled_task(state: str, **kw: Any) -> TaskRow:
    return TaskRow(id="t1", session_id=SID, goal="g", state=state,
                   plans_sent=kw.get("plans_sent", 0), memory=kw.get("memory", _memory()),
                   planner_state={"version": 2, "state": {}}, is_open=True,
                   outstanding_plan=kw.get("plan"), held_plan=kw.get("held"),
                   held_prompt=None)


def test_which_tasks_a_killed_process_left_half_way() -> None:
    # Opened, its plan never stored: plan the step again.
    assert stalled(_stalled_task("running")) == "replan"
    # Every result of its last plan recorded, none taken in: hand them to the engine.
    assert stalled(_stalled_task("awaiting_action", plans_sent=1)) == "results"
    # A plan still out is re-sent, never planned again (the embed never runs an id twice).
    assert stalled(_stalled_task("awaiting_action", plans_sent=1, plan=PLAN)) is None
    # A plan was stored once: "running" is not a state to plan again from.
    assert stalled(_stalled_task("running", plans_sent=1)) is None
    assert stalled(_stalled_task("running", held=PLAN)) is None
    for state in ("awaiting_context", "awaiting_confirmation"):
        assert stalled(_stalled_task(state, plans_sent=1)) is None
    assert stalled(None) is None


def test_the_results_to_hand_over_are_the_last_sent_plan_s_unreported_ones() -> None:
    memory = _memory(
        {"plan": 1, "status": "sent", "actionIds": ["a1"],
         "results": [{"index": 0, "success": True}]},
        {"plan": 2, "status": "sent", "actionIds": ["a2"]})
    assert unreported_actions(_stalled_task("awaiting_action", memory=memory)) == ["a2"]
    assert unreported_actions(_stalled_task("awaiting_action")) == []
    assert unreported_actions(_stalled_task("awaiting_action", memory={"bad": 1})) == []


def test_a_join_resumes_only_where_nothing_here_runs_a_turn() -> None:
    task = _stalled_task("awaiting_action", plans_sent=1)
    owed = decide_join(_state(task=task), session_id=SID, owner="me:1",
                       multi_process=False, streaming_here=False)
    assert owed.resume == "results"
    # The embed is told the task waits for the page: its continue_task comes after the
    # results are taken in (the resume's turn is queued first).
    assert owed.joined.wire()["activeTask"]["state"] == "awaiting_context"
    for busy in ({"turn_here": True}, {"streaming_here": True}):
        live = decide_join(_state(task=task), session_id=SID, owner="me:1",
                           multi_process=False, **{"streaming_here": False, **busy})
        assert live.resume is None
        assert live.joined.wire()["activeTask"]["state"] == "awaiting_action"
    running = decide_join(_state(task=_stalled_task("running")), session_id=SID,
                          owner="me:1", multi_process=True, streaming_here=False)
    assert running.resume == "replan"
    assert running.joined.wire()["activeTask"]["state"] == "running"
