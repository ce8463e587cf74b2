"""The fake providers refuse what the real APIs refuse, so a planner test that reaches
them has sent a transcript the real service would take."""

from __future__ import annotations

import httpx
import pytest

from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fake_llm import Reply
from tests.support.fake_openai import FakeOpenAI

CALL = {"id": "c1", "type": "function", "function": {"name": "click", "arguments": "{}"}}


@pytest.mark.parametrize("messages", [
    [],
    [{"role": "robot", "content": "hi"}],
    [{"role": "user", "content": "hi"}, {"role": "assistant", "content": None,
                                          "tool_calls": [CALL]}],
    [{"role": "user", "content": "hi"}, {"role": "assistant", "content": None,
                                          "tool_calls": [CALL]},
     {"role": "user", "content": "and?"}],
    [{"role": "user", "content": "hi"}, {"role": "tool", "tool_call_id": "zz", "content": "x"}],
])
async def test_openai_fake_refuses_bad_transcripts(messages):
    async with FakeOpenAI([Reply(text="never")]) as fake:
        async with httpx.AsyncClient() as h:
            r = await h.post(f"{fake.base_url}/v1/chat/completions",
                             json={"model": "m", "messages": messages})
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"


TOOL_USE = {"type": "tool_use", "id": "t1", "name": "click", "input": {}}


@pytest.mark.parametrize("messages", [
    [{"role": "assistant", "content": "I speak first"}],
    [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}],
    [{"role": "user", "content": "a"}, {"role": "assistant", "content": [TOOL_USE]},
     {"role": "user", "content": "no result"}],
    [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t9", "content": "x"}]}],
    [{"role": "user", "content": [{"type": "text", "text": ""}]}],
])
async def test_anthropic_fake_refuses_bad_transcripts(messages):
    async with FakeAnthropic([Reply(text="never")]) as fake:
        async with httpx.AsyncClient() as h:
            r = await h.post(f"{fake.base_url}/v1/messages", headers={"x-api-key": "k"},
                             json={"model": "m", "max_tokens": 5, "messages": messages})
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"


async def test_anthropic_fake_wants_a_key_and_takes_a_good_tool_round():
    good = [{"role": "user", "content": "a"}, {"role": "assistant", "content": [TOOL_USE]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
                                          "content": "ok"}, {"type": "text", "text": "go on"}]}]
    async with FakeAnthropic([Reply(text="fine")]) as fake:
        async with httpx.AsyncClient() as h:
            body = {"model": "m", "max_tokens": 5, "messages": good}
            assert (await h.post(f"{fake.base_url}/v1/messages", json=body)).status_code == 401
            r = await h.post(f"{fake.base_url}/v1/messages", json=body,
                             headers={"x-api-key": "k"})
    assert r.status_code == 200 and r.json()["content"][0]["text"] == "fine"
