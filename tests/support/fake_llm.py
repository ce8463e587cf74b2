"""What the fake LLM servers share: the reply script and a real HTTP server on loopback.

A test scripts the model like pydantic-ai's FunctionModel: a callback sees each request
(messages, tools, system) and returns the reply — text, tool calls (their JSON split
across many stream chunks), an HTTP failure, or a slow answer. Replies go over real HTTP
and real SSE, so the official SDKs parse them exactly as they parse the real services'.

Use it in an async test (``async with FakeOpenAI(script) as fake``) or, for a server
subprocess, in its own thread (``fake.start_in_thread()`` / ``fake.stop_thread()``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class FakeToolCall:
    name: str
    # A dict is sent as JSON; a str is sent as it is (so a test can send broken JSON).
    arguments: dict[str, Any] | str = field(default_factory=dict)
    id: str | None = None

    def raw(self) -> str:
        return self.arguments if isinstance(self.arguments, str) else json.dumps(self.arguments)


@dataclass
class Reply:
    text: str = ""
    tool_calls: list[FakeToolCall] = field(default_factory=list)
    text_chunk_chars: int = 4  # the text goes out in pieces this long
    args_chunk_chars: int = 7  # each tool call's JSON in pieces this long
    # Interleave the fragments of parallel tool calls (OpenAI indexes them).
    interleave: bool = False
    delay_s: float = 0.0  # before the response starts
    chunk_delay_s: float = 0.0  # between stream chunks
    input_tokens: int = 42
    output_tokens: int = 7
    # Like some OpenAI-compatible servers: each tool call whole in one chunk, and/or
    # tool-call fragments without an ``index``.
    whole_tool_calls: bool = False
    omit_tool_index: bool = False
    # Stop streaming after this many chunks without ending properly (a dropped stream).
    cut_after_chunks: int | None = None
    # Send the API's in-stream error event after this many chunks (e.g. overloaded).
    error_after_chunks: int | None = None


@dataclass
class Fail:
    status: int
    message: str = "failure scripted by the test"
    headers: dict[str, str] = field(default_factory=dict)


Step = Reply | Fail


@dataclass
class FakeRequest:
    index: int
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    @property
    def tool_names(self) -> list[str]:
        out = []
        for t in self.body.get("tools") or []:
            out.append(t["function"]["name"] if "function" in t else t["name"])
        return out

    def texts(self) -> Iterator[tuple[str, str]]:
        """(role, text) of every text the request carries, system prompt included."""
        system = self.body.get("system")
        if isinstance(system, str):
            yield "system", system
        elif isinstance(system, list):
            for b in system:
                yield "system", b.get("text", "")
        for m in self.messages:
            content = m.get("content")
            if isinstance(content, str):
                yield m["role"], content
            elif isinstance(content, list):
                for b in content:
                    if b.get("type") == "text":
                        yield m["role"], b["text"]
                    elif b.get("type") == "tool_result":
                        c = b.get("content")
                        yield "tool", c if isinstance(c, str) else json.dumps(c)
            if m.get("role") == "tool":
                pass  # its str content was yielded above

    @property
    def last_user_text(self) -> str:
        users = [t for r, t in self.texts() if r == "user"]
        return users[-1] if users else ""

    @property
    def all_text(self) -> str:
        return "\n".join(t for _, t in self.texts())


Script = Callable[[FakeRequest], Step] | Sequence[Step]


def split(text: str, size: int) -> list[str]:
    size = max(1, size)
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


class FakeLLMServer:
    """Base: runs an aiohttp app on 127.0.0.1:<free port>; subclasses add the API routes."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests: list[FakeRequest] = []
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._thread_loop: asyncio.AbstractEventLoop | None = None
        self._counter = itertools.count(1)
        self._served = 0

    # ------------------------------------------------------------ script

    def next_step(self, request: FakeRequest) -> Step:
        """The scripted answer to a request the server accepted (refused ones use none)."""
        served, self._served = self._served, self._served + 1
        if callable(self.script):
            return self.script(request)
        if served >= len(self.script):
            return Fail(500, f"the test scripted {len(self.script)} replies, got another request")
        return self.script[served]

    def record(self, request: web.Request, body: dict[str, Any]) -> FakeRequest:
        fake = FakeRequest(len(self.requests), request.path, dict(request.headers), body)
        self.requests.append(fake)
        return fake

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter):04d}"

    # ------------------------------------------------------------ lifecycle

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FakeLLMServer:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        self.routes(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeLLMServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def start_in_thread(self) -> FakeLLMServer:
        """For tests that drive a server subprocess and have no event loop of their own."""
        ready = threading.Event()
        loop = asyncio.new_event_loop()
        self._thread_loop = loop

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self.start())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-llm", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake LLM server did not start")
        return self

    def stop_thread(self) -> None:
        if self._thread_loop is not None and self._thread is not None:
            self._thread_loop.call_soon_threadsafe(self._thread_loop.stop)
            self._thread.join(10)
            self._thread = self._thread_loop = None

    # ------------------------------------------------------------ helpers for subclasses

    @staticmethod
    async def sse(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(
            status=200,
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"},
        )
        await resp.prepare(request)
        return resp
