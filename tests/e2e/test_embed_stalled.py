"""The embed in Chromium when the server is killed between two of a turn's commits
(``tests/support/stall_engine.py`` hangs the product's engine there, so the kill -9
falls there): the reconnect finishes the task, the click runs once, nothing is said
twice.

* ``plan``: the agent's words were streamed and the task opened, its plan never stored
  (the task was left ``running``): the rejoin plans the step again and sends the plan;
* ``result``: the click ran and its result was stored, the engine never took it in (left
  ``awaiting_action`` with nothing owed): the rejoin takes the result in and the embed
  goes on with the page as it is now.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Stack, _require_browser_bits
from tests.e2e.support.browser import wait_for

pytestmark = pytest.mark.browser

STALL = "tests.support.stall_engine:create_engine"


@pytest.fixture
def stalling_stack(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Stack]:
    _require_browser_bits()
    s = Stack(tmp_path, engine=STALL, env={
        "LEFLUX_TEST_STALL": request.param, "LEFLUX_TEST_STALL_MARK": str(tmp_path / "hung")})
    s.start()
    yield s
    s.stop()


@pytest.mark.parametrize("stalling_stack", ["plan", "result"], indirect=True)
def test_a_kill_between_two_commits_does_not_stall_the_task(stalling_stack: Stack,
                                                            visitor: Any) -> None:
    server = stalling_stack.server
    mark = Path(server.env["LEFLUX_TEST_STALL_MARK"])
    page = visitor.page
    page.goto(stalling_stack.site.url("counter.html"))
    chat = visitor.chat().ready().connected()
    chat.record_events()
    chat.say("click Add one")
    wait_for(mark.exists, 20, f"the engine to hang: {chat.seen()}")
    page.wait_for_timeout(300)  # past the commits before the hang (group-committed)
    server.kill()
    server.env.pop("LEFLUX_TEST_STALL")
    server.start()  # same port, same database, the product's engine

    chat.connected(timeout=20)
    chat.wait_done(timeout=30)
    assert page.inner_text("#count") == "1"  # the click ran once
    assert page.evaluate("() => localStorage.getItem('clicks')") == "1"
    said = chat.messages("agent")
    assert len(said) == len(set(said)), said  # nothing said twice
