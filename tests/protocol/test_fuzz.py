"""A randomised pass over every client event: whatever arrives, the offending socket
gets at most one ``error {message, code}``, never a traceback, and the server keeps
serving (checked after every example with a fresh join)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import socketio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import leflux.transport.events as events_mod
from leflux.protocol import CLIENT_EVENTS
from tests.conftest import ORIGIN, Client, RunningServer, run_server

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=False)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=12,
)

ELEMENT = st.fixed_dictionaries(
    {"id": st.integers(-5, 10_000), "tag": st.sampled_from(["a", "button", "input"])},
    optional={"text": st.text(max_size=30), "checked": json_values, "options": json_values},
)
CONTEXT = st.fixed_dictionaries({}, optional={
    "url": st.text(max_size=30) | json_values, "title": st.text(max_size=20),
    "visibleText": st.text(max_size=200), "indexedElements": st.lists(ELEMENT, max_size=5)
    | json_values, "viewport": json_values, "extra": json_values,
})


def shaped(session_id: str) -> dict[str, st.SearchStrategy[Any]]:
    """A payload of the right shape for every client event (a new event needs one here)."""
    sid = st.just(session_id) | st.text(max_size=40) | json_values
    result = st.fixed_dictionaries({"success": st.booleans() | json_values}, optional={
        "elementId": st.integers() | json_values, "description": st.text(max_size=30),
        "error": st.text(max_size=30) | json_values})
    step = st.fixed_dictionaries({"index": st.integers() | json_values,
                                  "action": st.text(max_size=10), "success": st.booleans()})
    return {
        "action_complete": st.fixed_dictionaries(
            {"sessionId": sid, "actionId": st.text(max_size=150) | json_values,
             "result": result | json_values}),
        "sequence_complete": st.fixed_dictionaries(
            {"sessionId": sid, "result": st.fixed_dictionaries(
                {"success": st.booleans(), "results": st.lists(step, max_size=3) | json_values})
             | json_values}),
        "update_context": st.fixed_dictionaries({"sessionId": sid, "context": CONTEXT}),
        "continue_task": st.fixed_dictionaries({"sessionId": sid, "context": CONTEXT
                                                | json_values}),
        "confirmation_response": st.fixed_dictionaries(
            {"sessionId": sid, "confirmed": st.booleans() | json_values}),
        "join_session": st.fixed_dictionaries({"sessionId": sid}),
        "cancel_task": st.fixed_dictionaries({"sessionId": sid}),
    }


CODES = {"invalid_payload", "invalid_session", "unknown_action"}


class Background:
    """A loop in a thread holding a real server and one joined client, so a synchronous
    hypothesis test can drive them."""

    def __init__(self, tmp_path: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._stack = contextlib.AsyncExitStack()
        # The probe after every example is a join: lift the per-socket join limit.
        self._joins = events_mod.JOINS_PER_MINUTE
        events_mod.JOINS_PER_MINUTE = 1_000_000
        self.srv: RunningServer = self.run(self._stack.enter_async_context(run_server(tmp_path)))
        self.client: Client = self.run(self._connect())

    async def _connect(self) -> Client:
        sio = socketio.AsyncClient(reconnection=False)
        c = Client(sio, session_id=str(uuid.uuid4()))
        sio.on("*", c._record)
        await sio.connect(f"{self.srv.url}?sessionId={c.session_id}", transports=["websocket"],
                          headers={"Origin": ORIGIN})
        await c.wait_for("session_joined")
        return c

    @staticmethod
    async def _cancel_rest() -> None:
        # engine.io's service task outlives the server; end it like pytest-asyncio would.
        rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for t in rest:
            t.cancel()
        await asyncio.gather(*rest, return_exceptions=True)

    def run(self, coro: Any, timeout: float = 15) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.run(self.client.close())
        self.run(self._stack.aclose())
        self.run(self._cancel_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        events_mod.JOINS_PER_MINUTE = self._joins
        self.thread.join(10)


@pytest.fixture(scope="module")
def bg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    b = Background(tmp_path_factory.mktemp("fuzz"))
    yield b
    b.close()


async def _exchange(c: Client, event: str, payload: Any, valid: bool) -> list[Any]:
    before = len(c.events)
    await c.emit(event, payload)
    if not valid:
        err = await c.wait_for("error", after=before)
        assert err["code"] in CODES
    elif event == "action_complete":
        # The result of an action never sent is answered unknown_action, once the store
        # has looked: wait for it here so that it is not counted in the next example.
        with contextlib.suppress(TimeoutError, AssertionError):
            await c.wait_for("error", within=3.0, after=before)
    # Probe: the same socket can still join and is answered.
    mark = len(c.events)
    await c.emit("join_session", {"sessionId": c.session_id})
    await c.wait_for("session_joined", after=mark)
    # A valid event's own answer (e.g. unknown_action) may come after the join's: wait for
    # the socket to be quiet, so it is counted here and not in the next example.
    seen = -1
    for _ in range(40):
        if len(c.events) == seen:
            break
        seen = len(c.events)
        await asyncio.sleep(0.025)
    return [d for n, d in c.events[before:] if n == "error"]


def _valid(event: str, payload: Any) -> bool:
    if event not in CLIENT_EVENTS:
        return False
    try:
        CLIENT_EVENTS[event].model_validate(payload)
    except ValidationError:
        return False
    return True


SESSION = str(uuid.uuid4())


@pytest.mark.timeout(900)
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_events(bg: Background, data: st.DataObject) -> None:
    c = bg.client
    kind = data.draw(st.sampled_from(["shaped", "anything", "unknown"]))
    if kind == "unknown":
        event = data.draw(st.text(min_size=1, max_size=30).filter(
            lambda e: e not in CLIENT_EVENTS and e not in ("connect", "disconnect")))
        payload = data.draw(json_values)
    else:
        event = data.draw(st.sampled_from(list(CLIENT_EVENTS)))
        payload = (data.draw(shaped(c.session_id)[event]) if kind == "shaped"
                   else data.draw(json_values))
    errors = bg.run(_exchange(c, event, payload, _valid(event, payload)))
    assert len(errors) <= 1, errors
    for e in errors:
        assert set(e) == {"message", "code"} and e["code"] in CODES
        assert 0 < len(e["message"]) <= 300 and "Traceback" not in e["message"]
    assert c.sio.connected


def test_still_serving_after_fuzz(bg: Background) -> None:
    """Nothing was corrupted: the session still answers and its history is intact."""
    c = bg.client

    async def check() -> dict[str, Any]:
        async with bg.srv.http() as h:
            r = await h.post(f"/api/sessions/{c.session_id}/messages", json={"text": "say alive"})
            assert r.status_code == 202
            await c.wait_for("message", pred=lambda d: d["text"] == "alive")
            return (await h.get(f"/api/sessions/{c.session_id}")).json()

    body = bg.run(check())
    assert [m["text"] for m in body["history"]][-2:] == ["say alive", "alive"]
