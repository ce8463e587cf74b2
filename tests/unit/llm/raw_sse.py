"""Scripted OpenAI event streams, byte for byte, and a raw SSE server that sends them in
the pieces a test asks for (``test_openai_sse.py``)."""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from leflux.providers.openai_chat import OpenAIChatProvider
from leflux.providers.types import ProviderEvent, StreamEnd, TextPiece, ToolCall, Usage, UserTurn

# ------------------------------------------------------------------ wire helpers


def chunk(delta: dict[str, Any] | None = None, finish: str | None = None,
          usage: dict[str, int] | None = None) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    return {"id": "c1", "object": "chat.completion.chunk", "model": "m", "choices": choices,
            "usage": usage}


def event(obj: Any, eol: bytes = b"\n") -> bytes:
    data = obj if isinstance(obj, bytes) else json.dumps(obj, ensure_ascii=False).encode()
    return b"data: " + data + eol + eol


TEXTS = ["Héllo", ", wörld ", "👋🏽", "."]
ARGS = ['{"element_id"', ': 5, "descr', 'iption": "Sign up"}']


def standard(eol: bytes = b"\n") -> bytes:
    """Text, two parallel tool calls with interleaved argument fragments, usage."""
    out = [event(chunk({"role": "assistant", "content": ""}), eol)]
    out += [event(chunk({"content": t}), eol) for t in TEXTS]
    out.append(event(chunk({"tool_calls": [
        {"index": 0, "id": "call_a", "type": "function",
         "function": {"name": "click", "arguments": ""}}]}), eol))
    out.append(event(chunk({"tool_calls": [
        {"index": 1, "id": "call_b", "type": "function",
         "function": {"name": "finish_task", "arguments": "{}"}}]}), eol))
    out += [event(chunk({"tool_calls": [{"index": 0, "function": {"arguments": a}}]}), eol)
            for a in ARGS]
    out.append(event(chunk({}, "tool_calls"), eol))
    out.append(event(chunk(None, usage={"prompt_tokens": 12, "completion_tokens": 34}), eol))
    out.append(b"data: [DONE]" + eol + eol)
    return b"".join(out)


EXPECTED: list[ProviderEvent] = [
    *(TextPiece(t) for t in TEXTS),
    StreamEnd("tool_calls", (
        ToolCall("call_a", "click", "".join(ARGS), {"element_id": 5, "description": "Sign up"}),
        ToolCall("call_b", "finish_task", "{}", {}),
    ), Usage(12, 34)),
]


def merged(events: list[ProviderEvent]) -> list[ProviderEvent]:
    """Consecutive text pieces as one: the provider passes the events of one network
    read on as one piece, so where reads split is the transport's (the text is not)."""
    out: list[ProviderEvent] = []
    for ev in events:
        last = out[-1] if out else None
        if isinstance(ev, TextPiece) and isinstance(last, TextPiece):
            out[-1] = TextPiece(last.text + ev.text)
        else:
            out.append(ev)
    return out


def pieces(raw: bytes, sizes: list[int]) -> list[bytes]:
    out, i, n = [], 0, 0
    while i < len(raw):
        out.append(raw[i : i + sizes[n % len(sizes)]])
        i += sizes[n % len(sizes)]
        n += 1
    return out


# ------------------------------------------------------------------ raw SSE server


@dataclass
class Wire:
    parts: list[bytes]
    # Each part is its own HTTP chunk; parts sent without a gap may arrive in one read
    # (their events then come out as one text piece: compare ``merged`` events).
    gap_s: float = 0.0
    # "eof": end the body; "drop": close the socket; "hold": keep it open sending
    # keep-alive comments; "stall": keep it open sending nothing.
    end: str = "eof"
    hold_s: float = 5.0
    # When set, each part after the first waits for the client to put an item here
    # (it got the previous one): a reader that waits for more bytes would stall.
    acks: asyncio.Queue[None] | None = None
    # Sent as one gzip-compressed body with ``Content-Encoding: gzip``.
    gzip: bool = False


class RawSSE:
    """Answers each POST with the next Wire, byte for byte (chunked text/event-stream),
    and notes when the client hangs up before the server is done."""

    def __init__(self, wires: list[Wire]) -> None:
        self.wires = wires
        self.client_left = asyncio.Event()
        self.peers: set[Any] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> RawSSE:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def handle(self, request: web.Request) -> web.StreamResponse:
        await request.read()
        assert request.transport is not None
        self.peers.add(request.transport.get_extra_info("peername"))
        wire = self.wires.pop(0)
        headers = {"Content-Type": "text/event-stream"}
        if wire.gzip:
            headers["Content-Encoding"] = "gzip"
            wire.parts = [gzip.compress(b"".join(wire.parts))]
        resp = web.StreamResponse(headers=headers)
        await resp.prepare(request)
        try:
            for i, part in enumerate(wire.parts):
                if i and wire.acks is not None:
                    await wire.acks.get()
                await resp.write(part)
                await asyncio.sleep(wire.gap_s)
            if wire.end == "drop":
                request.transport.close()
                return resp
            if wire.end in ("hold", "stall"):
                until = time.monotonic() + wire.hold_s
                while time.monotonic() < until:
                    if request.transport is None or request.transport.is_closing():
                        raise ConnectionResetError  # the client hung up
                    if wire.end == "hold":
                        await resp.write(b": keep-alive\n\n")
                    await asyncio.sleep(0.02)
                return resp
            await resp.write_eof()
        except ConnectionError:
            self.client_left.set()
        return resp


def provider(base: str, timeout_s: float = 10.0) -> OpenAIChatProvider:
    return OpenAIChatProvider(model="m", api_key="k", base_url=base, timeout_s=timeout_s,
                              max_retries=0)


async def run(wires: list[Wire], timeout_s: float = 10.0) -> list[ProviderEvent]:
    async with RawSSE(wires) as server:
        p = provider(server.api_base, timeout_s)
        try:
            return merged([ev async for ev in p.stream("sys", [UserTurn("hi")], [])])
        finally:
            await p.aclose()
