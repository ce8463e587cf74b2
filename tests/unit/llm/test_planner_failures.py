"""Malformed tool calls, provider errors, retries and timeouts, through real HTTP."""

from __future__ import annotations

import time

import pytest

from leflux.agent.planner import Notice, PlanActions, TextDelta
from leflux.errors import PlannerError
from leflux.providers.failures import BUSY, TIMEOUT, TROUBLE
from tests.support.fake_llm import Fail, FakeRequest, FakeToolCall, Reply
from tests.unit.llm.conftest import collect, make_request

GOOD = FakeToolCall("click", {"element_id": 5, "description": "Sign up"})


def tool_results(req: FakeRequest) -> list[str]:
    """The tool results the planner sent back, in both wire formats."""
    out = []
    for m in req.messages:
        if m.get("role") == "tool":
            out.append(m["content"])
        for b in m.get("content") if isinstance(m.get("content"), list) else []:
            if b.get("type") == "tool_result":
                out.append(("ERROR: " if b.get("is_error") else "") + str(b["content"]))
    return out


@pytest.mark.parametrize(("bad", "complaint"), [
    (FakeToolCall("click", '{"element_id": 5, "descr'), "not valid JSON"),
    (FakeToolCall("click", {"element_id": 99}), "no element with id 99"),
    (FakeToolCall("delete_everything", {}), "unknown tool"),
    (FakeToolCall("select_option", {"element_id": 3, "option": "Mars"}), "no option 'Mars'"),
    (FakeToolCall("navigate", {"url": "https://evil.example/steal"}), "same site"),
    (FakeToolCall("show_ui_block", {"block_type": "choices", "data": {"options": []}}),
     "not valid"),
    (FakeToolCall("type_text", {"element_id": 1}), "text must be"),
])
async def test_malformed_call_gets_one_repair_round(llm, bad, complaint):
    planner, fake = await llm([Reply(tool_calls=[bad, GOOD]), Reply(tool_calls=[GOOD])])
    events = await collect(planner, make_request())
    assert len(fake.requests) == 2
    results = tool_results(fake.requests[1])
    assert len(results) == 2  # every call of the refused response was answered
    assert complaint in results[0] and results[0].startswith("ERROR")
    assert "Not run" in results[1]  # the good call of a bad response did not run
    plans = [e for e in events if isinstance(e, PlanActions)]
    assert len(plans) == 1 and [s.elementId for s in plans[0].steps] == [5]


async def test_malformed_twice_is_reported_and_nothing_runs(llm):
    bad = FakeToolCall("click", {"element_id": 404})
    planner, fake = await llm([Reply(text="On it.", tool_calls=[bad]),
                               Reply(tool_calls=[bad])])
    events = await collect(planner, make_request())
    assert len(fake.requests) == 2
    assert not [e for e in events if isinstance(e, PlanActions)]
    notices = [e for e in events if isinstance(e, Notice)]
    assert len(notices) == 1 and notices[0].is_error
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "On it."


async def test_429_then_success_is_retried_with_backoff(llm):
    planner, fake = await llm([Fail(429, "slow down", {"retry-after-ms": "150"}),
                               Reply(text="Here I am.")])
    started = time.monotonic()
    events = await collect(planner, make_request())
    assert time.monotonic() - started >= 0.14  # it waited as the server asked
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "Here I am."
    assert len(fake.requests) == 2


async def test_500s_exhausted_raise_planner_error(llm):
    planner, fake = await llm([Fail(500, "boom", {"retry-after-ms": "10"})] * 3, max_retries=2)
    with pytest.raises(PlannerError) as info:
        await collect(planner, make_request())
    assert len(fake.requests) == 3  # one try and two retries
    assert info.value.message == TROUBLE and info.value.code == "planner_error"
    assert "boom" not in info.value.message  # the visitor never sees provider internals


async def test_429s_exhausted_say_busy(llm):
    planner, fake = await llm([Fail(429, "quota", {"retry-after-ms": "10"})] * 2, max_retries=1)
    with pytest.raises(PlannerError) as info:
        await collect(planner, make_request())
    assert info.value.message == BUSY and len(fake.requests) == 2


async def test_slow_response_times_out(llm):
    planner, _ = await llm([Reply(text="late", delay_s=5)], timeout_s=0.5, max_retries=0)
    started = time.monotonic()
    with pytest.raises(PlannerError) as info:
        await collect(planner, make_request())
    assert time.monotonic() - started < 3
    assert info.value.message == TIMEOUT


async def test_stalled_stream_times_out(llm):
    reply = Reply(text="x" * 40, text_chunk_chars=1, chunk_delay_s=0.1)
    planner, _ = await llm([reply], timeout_s=0.8, max_retries=0)
    with pytest.raises(PlannerError) as info:
        await collect(planner, make_request())
    assert info.value.message == TIMEOUT


async def test_dropped_stream_is_an_error_not_a_silent_end(llm):
    planner, _ = await llm([Reply(text="hello there", cut_after_chunks=3)], max_retries=0)
    with pytest.raises(PlannerError):
        await collect(planner, make_request())


async def test_unreachable_server(kind):
    from leflux.agent.planners.llm import create_llm_planner
    from leflux.config import Settings
    from tests.support.server import free_port

    base = f"http://127.0.0.1:{free_port()}" + ("/v1" if kind == "openai" else "")
    planner = create_llm_planner(Settings(planner=kind), api_key="k", base_url=base,
                                 max_retries=0)
    with pytest.raises(PlannerError):
        await collect(planner, make_request())
    await planner.aclose()


async def test_error_event_mid_stream_after_some_text(llm):
    planner, _ = await llm([Reply(text="Let me look that up for you", text_chunk_chars=4,
                                  error_after_chunks=4)], max_retries=0)
    seen: list[str] = []
    with pytest.raises(PlannerError) as info:
        async for ev in planner.plan(make_request()):
            assert isinstance(ev, TextDelta)
            seen.append(ev.text)
    assert seen and "".join(seen) != "Let me look that up for you"  # partial, then the error
    assert info.value.message == TROUBLE
