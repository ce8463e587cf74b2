"""Per-session mutual exclusion across processes, and a process killed mid-task.

The planner is the real OpenAI planner talking to an OpenAI-compatible server on
loopback whose answers the test slows down, so two processes provably hold events for
one session at the same moment (a turn lasts about a second)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import Client
from tests.scaleout.test_fanout import PAGE, post
from tests.support.fake_llm import FakeRequest, FakeToolCall, Reply, Step
from tests.support.fake_openai import FakeOpenAI
from tests.support.server import ORIGIN, LeFluxServer

pytestmark = [pytest.mark.redis, pytest.mark.pg, pytest.mark.timeout(150)]

SLOW_S = 1.2


def click(element_id: int, what: str) -> FakeToolCall:
    return FakeToolCall("click", {"element_id": element_id, "description": what})


@pytest.fixture
def fake_model() -> Iterator[Any]:
    """``fake_model(script)`` -> a started FakeOpenAI (in its own thread)."""
    fakes: list[FakeOpenAI] = []

    def start(script: Any) -> FakeOpenAI:
        fake = FakeOpenAI(script)
        fake.start_in_thread()
        fakes.append(fake)
        return fake

    yield start
    for f in fakes:
        f.stop_thread()


def openai_args(fake: FakeOpenAI) -> dict[str, Any]:
    return {"extra_args": ["--planner", "openai", "--model", "fake-model",
                           "--openai-base-url", f"{fake.base_url}/v1"],
            "env": {"OPENAI_API_KEY": "sk-test"}}


async def until(pred: Any, within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not pred():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


async def open_task(server: LeFluxServer, visitor: Client) -> dict[str, Any]:
    """A task whose first plan ran: the session now awaits ``continue_task``."""
    await post(server, visitor.session_id, "press submit please", PAGE)
    plan = await visitor.wait_for("action_plan", within=15)
    await visitor.emit("action_complete", {
        "sessionId": visitor.session_id, "actionId": plan["actions"][0]["id"],
        "result": {"success": True, "elementId": 19, "description": "clicked Submit"}})
    return plan


async def snapshot(server: LeFluxServer, session_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=server.url, headers={"Origin": ORIGIN}) as h:
        r = await h.get(f"/api/sessions/{session_id}")
    assert r.status_code == 200, r.text
    return dict(r.json())


async def wait_state(server: LeFluxServer, session_id: str, state: str) -> None:
    for _ in range(200):
        snap = await snapshot(server, session_id)
        if snap.get("activeTask", {}).get("state") == state:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"task never reached {state}: {snap}")


async def test_concurrent_continue_task_on_two_processes_plans_once(
    cluster, pg_url, redis_url, sio_client, fake_model
):
    def model(req: FakeRequest) -> Step:
        if req.index == 0:
            return Reply(tool_calls=[click(19, "Submit")])
        # Every later step is slow, so both processes hold a continue_task at once.
        return Reply(delay_s=SLOW_S, tool_calls=[click(11, "Your name")])

    fake = fake_model(model)
    a, b = await cluster(2, database_url=pg_url, redis_url=redis_url, **openai_args(fake))
    x = await sio_client(a.url)
    first = await open_task(a, x)
    await wait_state(a, x.session_id, "awaiting_context")
    # The embed sends continue_task on A, its connection drops, it reconnects to B and
    # sends the same continue_task again while A is still planning.
    await x.emit("continue_task", {"sessionId": x.session_id, "context": PAGE})
    await until(lambda: len(fake.requests) >= 2)
    y = await sio_client(b.url, session_id=x.session_id)
    assert y.of("session_joined")[0]["activeTask"]["state"] == "awaiting_context"
    await y.emit("continue_task", {"sessionId": y.session_id, "context": PAGE})
    second = await y.wait_for("action_plan", within=15)
    await asyncio.sleep(SLOW_S + 1.5)  # B's turn had every chance to plan again
    assert len(fake.requests) == 2, "the second process planned the same step again"
    plans = x.of("action_plan") + y.of("action_plan")
    assert [p["actions"][0]["id"] for p in plans] == [
        first["actions"][0]["id"], second["actions"][0]["id"]]
    assert second["actions"][0]["elementId"] == 11
    assert (await snapshot(b, y.session_id))["activeTask"]["state"] == "awaiting_action"
    assert not [e for e in y.of("error")]


async def test_kill_9_mid_task_resumes_on_another_process(
    cluster, pg_url, redis_url, sio_client, fake_model
):
    def model(req: FakeRequest) -> Step:
        if req.index == 0:
            return Reply(tool_calls=[click(19, "Submit")])
        if req.index == 1:  # A streams slowly and dies mid-sentence
            return Reply(text="Now I will fill in your name for you.", text_chunk_chars=3,
                         chunk_delay_s=0.15, tool_calls=[click(11, "Your name")])
        return Reply(text="Filling in your name.", tool_calls=[click(11, "Your name")])

    fake = fake_model(model)
    a, b = await cluster(2, database_url=pg_url, redis_url=redis_url, **openai_args(fake))
    x = await sio_client(a.url)
    first = await open_task(a, x)
    await wait_state(a, x.session_id, "awaiting_context")
    await x.emit("continue_task", {"sessionId": x.session_id, "context": PAGE})
    await x.wait_for("message_chunk", within=10, pred=lambda d: d["chunkIndex"] >= 4)
    await asyncio.sleep(0.25)  # past a batched write of the chunks
    seen = [(d["chunkIndex"], d["delta"]) for d in x.of("message_chunk")]
    a.kill()
    await until(lambda: not x.sio.connected)

    # The embed reconnects; the load balancer picks B.
    y = await sio_client(b.url, session_id=x.session_id)
    joined = y.of("session_joined")[0]
    assert joined["restored"] is True
    assert joined["activeTask"]["state"] == "awaiting_context"
    assert "action_plan" not in y.names()  # the first plan is done: not owed again
    # The cut-off reply comes back whole once A's turn lease has run out.
    done = await y.wait_for("message_done", within=10)
    replay = [(d["chunkIndex"], d["delta"]) for d in y.of("message_chunk")
              if d["streamId"] == done["streamId"]]
    assert len(replay) >= 4
    assert replay == [(i, replay[i][1]) for i in range(len(replay))]
    assert replay[: len(seen)] == seen[: len(replay)]
    assert done["text"] == "".join(d for _, d in replay)
    # The embed re-sends the step it still owes; B plans it, once.
    await y.emit("continue_task", {"sessionId": y.session_id, "context": PAGE})
    plan = await y.wait_for("action_plan", within=15)
    await asyncio.sleep(1.0)
    assert len(y.of("action_plan")) == 1
    assert plan["actions"][0]["id"] != first["actions"][0]["id"]
    assert plan["actions"][0]["elementId"] == 11
    hist = (await snapshot(b, y.session_id))["history"]
    texts = [m["text"] for m in hist]
    assert texts.count("press submit please") == 1
    assert done["text"] in texts and "Filling in your name." in texts
    assert not y.of("error")


async def test_words_whose_process_died_before_answering_are_answered_once(
    cluster, pg_url, redis_url, sio_client, fake_model
):
    def model(req: FakeRequest) -> Step:
        if req.index == 0:  # A takes the words and dies while the model thinks
            return Reply(delay_s=30, tool_calls=[click(19, "Submit")])
        return Reply(text="Pressing Submit.", tool_calls=[click(19, "Submit")])

    fake = fake_model(model)
    a, b = await cluster(2, database_url=pg_url, redis_url=redis_url, **openai_args(fake))
    x = await sio_client(a.url)
    await post(a, x.session_id, "press submit please", PAGE)
    await until(lambda: len(fake.requests) >= 1)
    a.kill()
    await until(lambda: not x.sio.connected)
    y = await sio_client(b.url, session_id=x.session_id)
    assert [m["text"] for m in y.of("session_joined")[0]["history"]] == ["press submit please"]
    plan = await y.wait_for("action_plan", within=15)  # after A's turn lease ran out
    assert plan["actions"][0]["elementId"] == 19
    # Joining again (here, or on A's successor) does not answer the same words twice.
    z = await sio_client(b.url, session_id=x.session_id)
    await asyncio.sleep(1.5)
    assert len(fake.requests) == 2
    assert "action_plan" in z.names() and len(z.of("action_plan")) == 1  # owed, re-sent
    assert plan == z.of("action_plan")[0]
    texts = [m["text"] for m in (await snapshot(b, x.session_id))["history"]]
    assert texts == ["press submit please", "Pressing Submit."]


async def test_join_mid_stream_on_another_process_gets_every_chunk_once(
    cluster, pg_url, redis_url, sio_client, fake_model
):
    text = "Sure: I will press the Submit button of the contact form for you right now."
    fake = fake_model([Reply(text=text, text_chunk_chars=3, chunk_delay_s=0.08,
                             tool_calls=[click(19, "Submit")])])
    a, b = await cluster(2, database_url=pg_url, redis_url=redis_url, **openai_args(fake))
    x = await sio_client(a.url)
    await post(a, x.session_id, "press submit please", PAGE)
    await x.wait_for("message_chunk", within=15, pred=lambda d: d["chunkIndex"] >= 5)
    # The visitor's page navigates mid-reply; the embed reconnects and lands on B.
    y = await sio_client(b.url, session_id=x.session_id)
    done = await y.wait_for("message_done", within=15)
    chunks = [(d["chunkIndex"], d["delta"]) for d in y.of("message_chunk")
              if d["streamId"] == done["streamId"]]
    assert [i for i, _ in chunks] == list(range(len(chunks))), chunks  # each once, in order
    assert "".join(d for _, d in chunks) == done["text"] == text
    names = y.names()
    assert names.index("session_joined") < names.index("message_chunk")
    plan = await y.wait_for("action_plan", within=10)  # what follows the reply, live
    assert plan["actions"][0]["elementId"] == 19
    assert len(y.of("action_plan")) == 1
