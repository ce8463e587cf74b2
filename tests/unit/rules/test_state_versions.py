"""The rules planner's own state, kept by the engine between the pages of a task, written
by another version: a request of a readable version is read, anything else is refused
saying so, and an open task whose state is unreadable ends with a clear word to the
visitor instead of a guess (the task row's own format: tests/unit/test_taskrow.py)."""

from __future__ import annotations

from typing import Any

import pytest

from leflux.agent.planner import FinishTask, PlanActions, PlanRequest
from leflux.agent.planners.rules.model import MODEL_VERSION, Request
from leflux.agent.planners.rules.planner import LOST_TRACK, decide
from leflux.agent.planners.rules.state import STATE_VERSION, PlannerState, load
from leflux.agent.planners.rules.understand import understand
from leflux.agent.ports import SiteInfo
from tests.support.memory import worked
from tests.unit.rules.pages import PAGES


def request(text: str | None, state: dict[str, Any]) -> PlanRequest:
    return PlanRequest(visitor_text=text, goal="sign me up as Ahmed", context=PAGES["signup"],
                       history=[], memory=worked() if text is None else [],
                       site=SiteInfo(name="t"), planner_state=state)


def test_a_request_of_a_version_it_does_not_read_is_refused() -> None:
    stored = understand("sign me up as Ahmed").to_json()
    assert stored["version"] == MODEL_VERSION
    with pytest.raises(ValueError, match="planner memory version 99 is not one of"):
        Request.from_json({**stored, "version": 99})


def test_a_state_of_another_version_is_dropped_not_guessed_at() -> None:
    state: dict[str, Any] = {}
    assert any(isinstance(e, PlanActions) for e in decide(request("sign me up as Ahmed",
                                                                  state)))
    assert state["version"] == STATE_VERSION
    again, reset = load(dict(state))
    assert not reset and again.request is not None
    _, reset = load({**state, "version": STATE_VERSION - 1})
    assert reset


def test_an_open_task_with_an_older_state_ends_saying_so() -> None:
    state: dict[str, Any] = {}
    decide(request("sign me up as Ahmed", state))
    state["version"] = STATE_VERSION - 1  # as an older server left it
    events = decide(request(None, state))
    assert events == [FinishTask(summary="sign me up as Ahmed \u2014 stopped (planner "
                                 "updated)", message=LOST_TRACK)]
    # The state is written afresh, in this version: the next request starts clean.
    assert state["version"] == STATE_VERSION
    assert load(state) == (PlannerState(), False)
