"""OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, llama.cpp, LM Studio),
streamed.

The official ``openai`` SDK makes the request (auth, base URL, retries with backoff,
timeouts, error classes), over its official aiohttp transport where it has one (aiohttp's
C parser reads the body instead of httpcore + h11 + anyio); the event stream is read
here, straight from the response bytes (:mod:`leflux.providers.sse`, ``orjson``, plain
dicts). The SDK's own stream (a str per line, an event object, a pydantic model per
chunk) doubled the CPU per streamed token: ~180 -> ~90 µs at 100 streams x 50 tokens/s,
the rest being httpx's read path (bench/FINDINGS.md, "The LLM relay, traced").
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import openai
import orjson

from leflux.compat import (
    aiohttp_read_errors,
    openai_aiohttp_body,
    openai_aiohttp_client,
    openai_post_unread,
    openai_timeout,
)
from leflux.errors import PlannerError
from leflux.providers.failures import TIMEOUT, TROUBLE, http_errors, to_planner_error
from leflux.providers.sse import Deadline, SSEDecoder, read_errors, read_timeouts
from leflux.providers.toolcalls import ToolCallAssembler
from leflux.providers.types import (
    AssistantTurn,
    ProviderEvent,
    StreamEnd,
    TextPiece,
    ToolResultsTurn,
    ToolSpec,
    Turn,
    Usage,
    UserTurn,
)

# What a failed call or a broken stream raises (the SDK's errors, its HTTP client's,
# and undecodable chunks: orjson's errors are ValueErrors, as are SSEError's). The
# HTTP client's are those of the library the SDK, imported above, loaded.
_FAILURES: tuple[type[BaseException], ...] = (openai.OpenAIError, *http_errors(), ValueError)
READ_ERRORS = read_errors()
READ_TIMEOUTS = read_timeouts()

# After ``[DONE]``, how long to read what is left of an HTTP/1.1 body so the connection
# can be reused (as the SDK's own stream does).
_DRAIN_S = 0.1


def to_openai_messages(system: str, turns: list[Turn]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = [{"role": "system", "content": system}]
    for turn in turns:
        if isinstance(turn, UserTurn):
            messages.append({"role": "user", "content": turn.text})
        elif isinstance(turn, AssistantTurn):
            msg: dict[str, Any] = {"role": "assistant", "content": turn.text or None}
            if turn.tool_calls:
                msg["tool_calls"] = [
                    {
                        "id": c.id,
                        "type": "function",
                        "function": {"name": c.name, "arguments": c.arguments_json},
                    }
                    for c in turn.tool_calls
                ]
            messages.append(msg)
        elif isinstance(turn, ToolResultsTurn):
            for r in turn.results:
                content = f"ERROR: {r.content}" if r.is_error else r.content
                messages.append(
                    {"role": "tool", "tool_call_id": r.tool_call_id, "content": content}
                )
    return messages


def to_openai_tools(tools: list[ToolSpec]) -> list[dict[str, Any]]:
    return [
        {
            "type": "function",
            "function": {"name": t.name, "description": t.description, "parameters": t.parameters},
        }
        for t in tools
    ]



class OpenAIChatProvider:
    name = "openai"

    def __init__(
        self,
        *,
        model: str,
        api_key: str,
        base_url: str | None = None,
        timeout_s: float = 60.0,
        max_retries: int = 2,
        max_tokens: int = 2048,
    ) -> None:
        self.model = model
        self.timeout_s = timeout_s
        self.max_tokens = max_tokens
        self._official = base_url is None or "api.openai.com" in base_url
        self._usage_option = True  # stream_options.include_usage, until a server refuses it
        # The SDK retries 429/5xx/connection errors with exponential backoff and honours
        # retry-after; its timeout bounds each attempt's connect and send, our deadline
        # the whole call and every read (so no per-read timer: compat.openai_timeout).
        self._options: dict[str, Any] = {"api_key": api_key, "base_url": base_url,
                                         "max_retries": max_retries}
        # Made at the first request, on the transport chosen then (_make_client).
        self._client: openai.AsyncOpenAI | None = None

    async def stream(
        self, system: str, turns: list[Turn], tools: list[ToolSpec]
    ) -> AsyncIterator[ProviderEvent]:
        loop = asyncio.get_running_loop()
        # On the loop's clock: Deadline (a loop timer) takes that clock's times.
        deadline = loop.time() + self.timeout_s
        params: dict[str, Any] = {
            "model": self.model,
            "messages": to_openai_messages(system, turns),
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        # OpenAI's own API wants max_completion_tokens (reasoning models refuse max_tokens);
        # the compatible servers (Ollama, vLLM, llama.cpp) know max_tokens.
        params["max_completion_tokens" if self._official else "max_tokens"] = self.max_tokens
        if tools:
            params["tools"] = to_openai_tools(tools)
            params["tool_choice"] = "auto"
        reply = _Reply()
        try:
            http = await asyncio.wait_for(
                self._open(params), timeout=max(0.001, deadline - loop.time())
            )
            body = _Body(http)
            decoder = SSEDecoder()
            timer = Deadline(deadline)
            try:
                while True:
                    data = await body.read(timer)
                    payloads = decoder.finish() if data is None else decoder.feed(data)
                    # The events of one read go on as one piece (nothing waits for
                    # more bytes: events read apart stay apart).
                    texts, ended, error = _take(payloads, reply, http)
                    if texts:
                        yield TextPiece("".join(texts))
                    if error is not None:  # after the text that came before it
                        raise error
                    if ended and http.http_version == "HTTP/1.1":
                        await body.drain()
                    if ended or data is None:
                        break
            finally:
                timer.cancel()
                await body.aclose()
                await http.aclose()
        except PlannerError:
            raise
        except TimeoutError as exc:
            raise PlannerError(TIMEOUT) from exc
        except _FAILURES as exc:
            raise to_planner_error(exc, self.name, openai) from exc
        if reply.finish is None:
            # No finish_reason: the stream was cut short.
            raise PlannerError(TROUBLE)
        yield StreamEnd(reply.finish, reply.assembler.complete(), reply.usage)

    async def _open(self, params: dict[str, Any]) -> Any:
        """Start the stream and return the HTTP response with its body not read yet; a
        server that refuses ``stream_options`` (older compatible servers do) is asked
        again without it, and not asked with it any more."""
        if not self._usage_option:
            params.pop("stream_options", None)
        try:
            return await self._post(params)
        except openai.BadRequestError as exc:
            if "stream_options" not in str(exc) or "stream_options" not in params:
                raise
            self._usage_option = False
            params.pop("stream_options")
            return await self._post(params)

    async def _post(self, params: dict[str, Any]) -> Any:
        client = self._client if self._client is not None else self._make_client()
        # The raw response, streamed by _read (compat: the SDK's generic post).
        return await openai_post_unread(client, "/chat/completions", params)

    def prepare(self) -> None:
        """The client made ahead of the first request (the planner's ``prepare``: the
        first visitor's page has arrived)."""
        if self._client is None:
            self._make_client()

    def _make_client(self) -> openai.AsyncOpenAI:
        """The client, at the first request: on the SDK's official aiohttp transport
        where the SDK has one (aiohttp's C parser reads the body instead of httpcore +
        h11 + anyio: less CPU per relayed token, and no token later: bench/FINDINGS.md,
        "The LLM relay, traced"); the SDK's errors, retries and timeouts either way.
        aiohttp is loaded here, not at start-up (~0.1 CPU-s, ~9 MB; see
        transport/lean_import.py). Without it: the SDK's default httpx client. Not made
        at start-up: the SDK's default client (its connection pool, ~50 modules of
        httpcore, h11 and anyio, an SSL context) cost ~40 ms and ~3 MB there, only to
        be replaced at the first request. The SDK checks nothing at construction that
        the planner's settings have not checked (the key; it parses no URL then)."""
        http = openai_aiohttp_client(self.timeout_s)
        extra: dict[str, Any] = {} if http is None else {"http_client": http}
        self._client = openai.AsyncOpenAI(**self._options, timeout=openai_timeout(self.timeout_s),
                                          **extra)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()


class _Body:
    """The response body, read a network read at a time before the call's deadline; read
    errors become the SDK's, as its own stream raised them. On the SDK's aiohttp
    transport, aiohttp's reader is read directly (compat.openai_aiohttp_body: four
    async generators less per read); otherwise through ``aiter_bytes``."""

    __slots__ = ("_errors", "_http", "_iter", "_read", "_timeouts")

    def __init__(self, http: Any) -> None:
        self._http = http
        self._iter: AsyncIterator[bytes] | None = None
        self._read: Callable[[], Awaitable[bytes]]
        self._timeouts: tuple[type[BaseException], ...]
        self._errors: tuple[type[BaseException], ...]
        readany = openai_aiohttp_body(http)
        if readany is not None:
            self._read = readany
            self._timeouts, errors = aiohttp_read_errors()
            self._errors = (*errors, *READ_ERRORS)
        else:
            self._iter = http.aiter_bytes()
            self._read = self._next
            self._timeouts, self._errors = READ_TIMEOUTS, READ_ERRORS

    async def _next(self) -> bytes:
        assert self._iter is not None
        try:
            return await self._iter.__anext__()
        except StopAsyncIteration:
            return b""  # aiter_bytes yields no empty pieces: b"" is the end

    async def read(self, deadline: Deadline) -> bytes | None:
        """The next piece of the body, None at its end."""
        try:
            data = await deadline.wait(self._read())
        except self._timeouts as exc:
            raise openai.APITimeoutError(request=self._http.request) from exc
        except self._errors as exc:
            raise openai.APIConnectionError(request=self._http.request) from exc
        return data or None

    async def drain(self) -> None:
        """Read the rest of the body (normally just its end) so HTTP/1.1 can reuse the
        connection; errors here do not matter, the reply is complete."""
        ignored: tuple[type[BaseException], ...] = (TimeoutError, *self._timeouts,
                                                    *self._errors)
        try:
            async with asyncio.timeout(_DRAIN_S):
                while await self._read():
                    pass
        except ignored:
            pass

    async def aclose(self) -> None:
        if self._iter is not None:
            await self._iter.aclose()  # type: ignore[attr-defined]


def _take(payloads: list[bytes], reply: _Reply, http: Any,
          ) -> tuple[list[str], bool, Exception | None]:
    """The text of one read's events, whether ``[DONE]`` came, and the error an event
    raised (the text before it still goes out first)."""
    texts: list[str] = []
    try:
        for payload in payloads:
            if payload.startswith(b"[DONE]"):
                return texts, True, None
            texts += reply.take(_decode(payload, http))
    except Exception as exc:
        return texts, False, exc
    return texts, False, None


def _decode(payload: bytes, http: Any) -> dict[str, Any] | None:
    """One event's JSON; an ``error`` object sent inside the stream raises the SDK's
    APIError, as the SDK's stream did."""
    if not payload:
        return None  # an empty "data:" carries nothing
    chunk = orjson.loads(payload)
    if not isinstance(chunk, dict):
        return None  # not a chunk; the SDK's stream passed these over too
    error = chunk.get("error")
    if error:
        message = error.get("message") if isinstance(error, dict) else None
        if not message or not isinstance(message, str):
            message = "An error occurred during streaming"
        raise openai.APIError(message, request=http.request, body=error)
    return chunk


class _Reply:
    """What the chunks of one response said: text comes back from :meth:`take` as it
    arrives; tool calls, usage and the finish reason are kept for the end. Compatible
    servers leave fields out (no usage, no tool-call index) or send nulls: read
    defensively."""

    __slots__ = ("assembler", "finish", "usage")

    def __init__(self) -> None:
        self.assembler = ToolCallAssembler()
        self.usage = Usage()
        self.finish: str | None = None

    def take(self, chunk: dict[str, Any] | None) -> list[str]:
        texts: list[str] = []
        if chunk is None:
            return texts
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            self.usage = Usage(_count_of(usage.get("prompt_tokens")),
                               _count_of(usage.get("completion_tokens")))
        choices = chunk.get("choices")
        for choice in choices if isinstance(choices, list) else ():
            if not isinstance(choice, dict) or choice.get("index", 0) not in (0, None):
                continue
            delta = choice.get("delta")
            if isinstance(delta, dict):
                content = delta.get("content")
                if content and isinstance(content, str):
                    texts.append(content)
                calls = delta.get("tool_calls")
                for tc in calls if isinstance(calls, list) else ():
                    if isinstance(tc, dict):
                        self._feed(tc)
            reason = choice.get("finish_reason")
            if reason and isinstance(reason, str):
                self.finish = reason
        return texts

    def _feed(self, tc: dict[str, Any]) -> None:
        fn = tc.get("function")
        fn = fn if isinstance(fn, dict) else {}
        index = tc.get("index")
        self.assembler.feed(
            index if isinstance(index, int) else None,
            id=_text_or_none(tc.get("id")),
            name=_text_or_none(fn.get("name")),
            arguments=_text_or_none(fn.get("arguments")),
        )


def _count_of(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
