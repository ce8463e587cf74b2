"""The openai provider reading its event stream itself, over real HTTP on loopback.

A raw SSE server sends scripted bytes in scripted pieces (so reads split where the test
says), and the events must come out exactly as the SDK's own stream gave them: that
path is kept here as the oracle (``sdk_events``) against the shared fake server.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import openai
import pytest

from leflux.compat import openai_aiohttp_body
from leflux.errors import PlannerError
from leflux.providers import openai_chat
from leflux.providers.failures import TIMEOUT, TROUBLE, UNREACHABLE
from leflux.providers.openai_chat import to_openai_messages
from leflux.providers.toolcalls import ToolCallAssembler
from leflux.providers.types import ProviderEvent, StreamEnd, TextPiece, ToolCall, Usage, UserTurn
from tests.support.fake_llm import FakeToolCall, Reply
from tests.support.fake_openai import FakeOpenAI
from tests.unit.llm.raw_sse import (
    EXPECTED,
    RawSSE,
    Wire,
    chunk,
    event,
    merged,
    pieces,
    provider,
    run,
    standard,
)
from tests.unit.test_lean_import import run_python

# ------------------------------------------------------------------ framing


@pytest.mark.parametrize("sizes", [[1], [2, 3], [1, 5, 7, 64], [4096]])
async def test_events_split_at_arbitrary_byte_boundaries(sizes):
    assert await run([Wire(pieces(standard(), sizes))]) == merged(EXPECTED)


async def test_crlf_line_endings_with_cr_and_lf_in_separate_reads():
    raw = standard(b"\r\n")
    # Cut between every CR and its LF.
    *heads, last = raw.split(b"\r")
    parts = [h + b"\r" for h in heads] + [last]
    assert b"".join(parts) == raw
    assert await run([Wire(parts)]) == merged(EXPECTED)
    assert await run([Wire(pieces(raw, [3, 11]))]) == merged(EXPECTED)


async def test_comment_lines_and_other_fields_are_skipped():
    noise = b": keep-alive\n\nevent: message\nid: 1\nretry: 500\n"
    raw = standard()
    events = raw.split(b"\n\n")[:-1]
    parts = [noise + e + b"\n\n" for e in events] + [b":\n\n", b"event: ping\n\n"]
    assert await run([Wire(parts)]) == merged(EXPECTED)


async def test_multi_line_data_is_joined():
    pretty = json.dumps(chunk({"content": "two\nlines"}), indent=2).encode()
    data = b"".join(b"data: " + line + b"\n" for line in pretty.split(b"\n")) + b"\n"
    parts = [data, event(chunk({}, "stop")), b"data: [DONE]\n\n"]
    assert await run([Wire(parts)]) == [TextPiece("two\nlines"), StreamEnd("stop")]


async def test_tool_call_deltas_without_index_and_whole_calls():
    parts = [
        event(chunk({"tool_calls": [{"id": "x1", "type": "function",
                                     "function": {"name": "click", "arguments": '{"element_'}}]})),
        event(chunk({"tool_calls": [{"function": {"arguments": 'id": 1}'}}]})),
        event(chunk({"tool_calls": [{"index": None, "id": "x2", "type": "function",
                                     "function": {"name": "check", "arguments": "{}"}}]})),
        event(chunk({}, "tool_calls")),
        b"data: [DONE]\n\n",
    ]
    [end] = await run([Wire(parts)])
    assert isinstance(end, StreamEnd) and end.stop_reason == "tool_calls"
    assert [(c.id, c.name, c.arguments) for c in end.tool_calls] == [
        ("x1", "click", {"element_id": 1}), ("x2", "check", {})]


async def test_oddly_shaped_chunks_are_read_defensively():
    # Compatible servers send nulls, missing fields and the odd wrong type: what can be
    # read is, the rest is passed over (never a TypeError out of the provider).
    parts = [
        event([1, 2]), event("text"), event({"choices": 5}), event({"choices": [7, None]}),
        event({"choices": [{"delta": None}]}), event({"choices": [{"index": 1,
                                                                   "delta": {"content": "n2"}}]}),
        event({"choices": [{"delta": {"content": 3, "tool_calls": 4}}]}),
        event({"choices": [{"delta": {"content": "ok", "tool_calls": [
            5, {"index": [0], "id": 9, "function": {"name": "click", "arguments": '{"a": 1}'}},
        ]}}]}),
        event({"choices": [{"delta": {}, "finish_reason": 1}]}),
        event({"choices": [{"delta": {}, "finish_reason": "tool_calls"}],
               "usage": {"prompt_tokens": "12", "completion_tokens": 3}}),
        b"data: [DONE]\n\n",
    ]
    events = await run([Wire(parts)])
    assert events == [TextPiece("ok"), StreamEnd(
        "tool_calls", (ToolCall("call_0", "click", '{"a": 1}', {"a": 1}),), Usage(0, 3))]


async def test_finish_without_done_is_a_complete_reply():
    # The SDK's stream ended quietly at the end of the body too.
    parts = [event(chunk({"content": "hi"})), event(chunk({}, "stop"))]
    assert await run([Wire(parts)]) == [TextPiece("hi"), StreamEnd("stop")]


# ------------------------------------------------------------------ failures


async def collect_until_error(wires: list[Wire], timeout_s: float = 10.0,
                              ) -> tuple[list[ProviderEvent], PlannerError, RawSSE]:
    seen: list[ProviderEvent] = []
    async with RawSSE(wires) as server:
        p = provider(server.api_base, timeout_s)
        try:
            with pytest.raises(PlannerError) as info:
                async for ev in p.stream("sys", [UserTurn("hi")], []):
                    seen.append(ev)
            return seen, info.value, server
        finally:
            await p.aclose()


async def test_error_object_in_the_stream():
    err = {"error": {"message": "overloaded", "type": "server_error", "code": None}}
    parts = [event(chunk({"content": "Let me"})), event(chunk({"content": " see"})), event(err)]
    async with RawSSE([Wire(parts, end="hold")]) as server:
        p = provider(server.api_base)
        seen: list[ProviderEvent] = []
        with pytest.raises(PlannerError) as info:
            async for ev in p.stream("sys", [UserTurn("hi")], []):
                seen.append(ev)
        assert merged(seen) == [TextPiece("Let me see")]
        assert info.value.message == TROUBLE
        assert isinstance(info.value.__cause__, openai.APIError)
        # The response was closed, not left to the garbage collector.
        await asyncio.wait_for(server.client_left.wait(), 2)
        await p.aclose()


@pytest.mark.parametrize("bad", [b"{\"choices\": [", b"not json", b"\xff\xfe{}"])
async def test_undecodable_chunk_is_a_planner_error_and_closes_the_response(bad):
    parts = [event(chunk({"content": "ok"})), b"data: " + bad + b"\n\n"]
    async with RawSSE([Wire(parts, end="hold")]) as server:
        p = provider(server.api_base)
        with pytest.raises(PlannerError) as info:
            [ev async for ev in p.stream("sys", [UserTurn("hi")], [])]
        assert info.value.message == TROUBLE
        assert isinstance(info.value.__cause__, ValueError)
        await asyncio.wait_for(server.client_left.wait(), 2)
        await p.aclose()


async def test_body_ending_without_finish_reason_is_trouble():
    parts = [event(chunk({"content": "hal"})), event(chunk({"content": "f"}))]
    seen, err, _ = await collect_until_error([Wire(parts)])
    assert merged(seen) == [TextPiece("half")]
    assert err.message == TROUBLE


async def test_connection_dropped_mid_event():
    raw = standard()
    parts = [raw[: len(raw) // 2]]  # ends inside an event
    seen, err, _ = await collect_until_error([Wire(parts, end="drop")])
    assert err.message == UNREACHABLE  # as the SDK's stream mapped it (APIConnectionError)
    assert all(isinstance(ev, TextPiece) for ev in seen)


async def test_deadline_holds_while_only_keep_alives_arrive():
    # Bytes keep coming (comments), so no read ever times out: the call's deadline must.
    parts = [event(chunk({"content": "thinking"}))]
    async with RawSSE([Wire(parts, end="hold")]) as server:
        p = provider(server.api_base, timeout_s=0.6)
        started = time.monotonic()
        with pytest.raises(PlannerError) as info:
            [ev async for ev in p.stream("sys", [UserTurn("hi")], [])]
        assert info.value.message == TIMEOUT
        assert 0.5 < time.monotonic() - started < 2.0
        await asyncio.wait_for(server.client_left.wait(), 2)
        await p.aclose()


async def test_deadline_holds_when_the_stream_stalls_mid_read():
    # The SDK's per-read timeout (timeout_s) restarts with each read; the call's deadline
    # must still end the wait that began 0.6 s in, at 1 s and not at 1.6 s.
    parts = [event(chunk({"content": "a"})), event(chunk({"content": "b"}))]
    async with RawSSE([Wire(parts, gap_s=0.6, end="stall")]) as server:
        p = provider(server.api_base, timeout_s=1.0)
        started = time.monotonic()
        seen: list[ProviderEvent] = []
        with pytest.raises(PlannerError) as info:
            async for ev in p.stream("sys", [UserTurn("hi")], []):
                seen.append(ev)
        assert info.value.message == TIMEOUT and seen == [TextPiece("a"), TextPiece("b")]
        assert time.monotonic() - started < 1.4
        await asyncio.wait_for(server.client_left.wait(), 2)
        await p.aclose()


async def test_consumer_stopping_early_closes_the_response():
    parts = [event(chunk({"content": "one"})), event(chunk({"content": "two"}))]
    async with RawSSE([Wire(parts, end="hold")]) as server:
        p = provider(server.api_base)
        gen = p.stream("sys", [UserTurn("hi")], [])
        assert (await gen.__anext__()).text in ("one", "onetwo")  # type: ignore[union-attr]
        await gen.aclose()  # type: ignore[attr-defined]
        await asyncio.wait_for(server.client_left.wait(), 2)
        await p.aclose()


async def test_each_event_comes_out_before_the_next_is_sent():
    # One event at a time on the wire, the next only once the previous came out of the
    # provider: a read that waited to fill a buffer (or for a later event) would stall.
    acks: asyncio.Queue[None] = asyncio.Queue()
    parts = [event(chunk({"content": f"t{i} "})) for i in range(20)]
    parts[-1] += event(chunk({}, "stop")) + b"data: [DONE]\n\n"
    async with RawSSE([Wire(parts, acks=acks)]) as server:
        p = provider(server.api_base)
        seen: list[ProviderEvent] = []

        async def consume() -> None:
            async for ev in p.stream("sys", [UserTurn("hi")], []):
                seen.append(ev)
                acks.put_nowait(None)

        await asyncio.wait_for(consume(), 10)
        await p.aclose()
    assert seen == [*(TextPiece(f"t{i} ") for i in range(20)), StreamEnd("stop")]


async def test_the_sdk_official_aiohttp_transport_reads_the_stream():
    # From the first request on, the provider's client is the SDK's own aiohttp one.
    async with RawSSE([Wire([standard()])]) as server:
        p = provider(server.api_base)
        assert merged([ev async for ev in p.stream("sys", [UserTurn("hi")], [])]) == \
            merged(EXPECTED)
        transport = p._client._client._transport
        assert type(transport).__name__ == "AiohttpTransport"
        await p.aclose()


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
async def test_aiohttp_body_read_directly_unless_content_encoded(compressed, monkeypatch):
    # On the aiohttp transport the body is read from aiohttp's reader directly; a
    # content-encoded body goes through httpx's aiter_bytes, which decodes it.
    readers: list[Any] = []

    def spy(response: Any) -> Any:
        readers.append(openai_aiohttp_body(response))
        return readers[-1]

    monkeypatch.setattr(openai_chat, "openai_aiohttp_body", spy)
    async with RawSSE([Wire([standard()], gzip=compressed)]) as server:
        p = provider(server.api_base)
        assert merged([ev async for ev in p.stream("sys", [UserTurn("hi")], [])]) == \
            merged(EXPECTED)
        # No per-read timer: the call's deadline bounds the reads.
        assert p._client.timeout.read is None and p._client.timeout.connect == 10.0
        await p.aclose()
    assert (readers[0] is None) == compressed


def test_the_aiohttp_client_is_made_when_the_sdk_was_loaded_without_aiohttp():
    # `leflux serve` loads the SDK with aiohttp hidden (its DefaultAioHttpClient is then
    # the SDK's stand-in): the client is still the SDK's aiohttp one, made at first use.
    script = (
        "import sys\n"
        "from leflux.transport.lean_import import load_sdk\n"
        "load_sdk('openai')\n"
        "assert 'aiohttp' not in sys.modules\n"
        "from leflux.compat import openai_aiohttp_client\n"
        "client = openai_aiohttp_client(7.0)\n"
        "print(type(client._transport).__name__, client.timeout.read)\n"
    )
    assert run_python(script) == "AiohttpTransport 7.0"


async def test_connection_is_reused_after_done():
    async with RawSSE([Wire([standard()]) for _ in range(3)]) as server:
        p = provider(server.api_base)
        for _ in range(3):
            assert merged([ev async for ev in p.stream("sys", [UserTurn("hi")], [])]) == \
                merged(EXPECTED)
        await p.aclose()
    assert len(server.peers) == 1  # the rest of each body was read, so keep-alive held


# ------------------------------------------------------------------ same events as the SDK


async def sdk_events(base: str, messages: list[dict[str, Any]]) -> list[ProviderEvent]:
    """The events as the SDK's own stream (pydantic chunks) gave them: the former path."""
    client = openai.AsyncOpenAI(api_key="k", base_url=base, max_retries=0)
    out: list[ProviderEvent] = []
    assembler, usage, finish = ToolCallAssembler(), Usage(), None
    stream = await client.chat.completions.create(  # type: ignore[call-overload]
        model="m", messages=messages, stream=True,
        stream_options={"include_usage": True}, max_tokens=2048)
    async for c in stream:
        if c.usage is not None:
            usage = Usage(c.usage.prompt_tokens or 0, c.usage.completion_tokens or 0)
        for choice in c.choices:
            if choice.delta.content:
                out.append(TextPiece(choice.delta.content))
            for tc in choice.delta.tool_calls or ():
                fn = tc.function
                assembler.feed(getattr(tc, "index", None), id=tc.id,
                               name=fn.name if fn else None,
                               arguments=fn.arguments if fn else None)
            finish = choice.finish_reason or finish
    await client.close()
    out.append(StreamEnd(finish, assembler.complete(), usage))
    return out


CALLS = [FakeToolCall("type_text", {"element_id": 1, "text": "Ahmed ☃"}, id="call_1"),
         FakeToolCall("click", {"element_id": 5}, id="call_2"),
         FakeToolCall("check", "{broken", id="call_3")]


@pytest.mark.parametrize("reply", [
    Reply(text="Hello! Ünïcödé 👋 and more text", text_chunk_chars=3, output_tokens=9),
    Reply(text="Doing it.", tool_calls=CALLS, args_chunk_chars=4),
    Reply(tool_calls=CALLS, interleave=True, args_chunk_chars=2),
    Reply(text="x", tool_calls=CALLS, whole_tool_calls=True),
    Reply(tool_calls=CALLS, omit_tool_index=True, args_chunk_chars=5),
], ids=["text", "calls", "interleaved", "whole", "no-index"])
async def test_same_events_as_the_sdk_stream(reply):
    async with FakeOpenAI([reply, reply]) as fake:
        base = f"{fake.base_url}/v1"
        p = provider(base)
        ours = [ev async for ev in p.stream("sys", [UserTurn("hi")], [])]
        await p.aclose()
        theirs = await sdk_events(base, to_openai_messages("sys", [UserTurn("hi")]))
    assert merged(ours) == merged(theirs)
    assert isinstance(ours[-1], StreamEnd) and ours[-1].usage.output_tokens == reply.output_tokens
