"""OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, llama.cpp, LM Studio)
through the official ``openai`` SDK, streamed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import openai

from leflux.errors import PlannerError
from leflux.providers.failures import HTTP_ERRORS, TIMEOUT, TROUBLE, to_planner_error
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
# and undecodable chunks).
_FAILURES: tuple[type[BaseException], ...] = (openai.OpenAIError, *HTTP_ERRORS, ValueError)

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
        # retry-after; its timeout bounds each attempt, our deadline the whole call.
        self._client = openai.AsyncOpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=max_retries
        )

    async def stream(
        self, system: str, turns: list[Turn], tools: list[ToolSpec]
    ) -> AsyncIterator[ProviderEvent]:
        deadline = time.monotonic() + self.timeout_s
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
        assembler = ToolCallAssembler()
        usage = Usage()
        finish: str | None = None
        try:
            stream = await asyncio.wait_for(
                self._open(params), timeout=max(0.001, deadline - time.monotonic())
            )
            try:
                iterator = stream.__aiter__()
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError
                    try:
                        chunk = await asyncio.wait_for(iterator.__anext__(), remaining)
                    except StopAsyncIteration:
                        break
                    # The SDK builds chunks without validation, and compatible servers
                    # leave fields out (no usage, no tool-call index): read defensively.
                    u = getattr(chunk, "usage", None)
                    if u is not None:
                        usage = Usage(
                            getattr(u, "prompt_tokens", 0) or 0,
                            getattr(u, "completion_tokens", 0) or 0,
                        )
                    for choice in getattr(chunk, "choices", None) or ():
                        if getattr(choice, "index", 0) not in (0, None):
                            continue
                        delta = getattr(choice, "delta", None)
                        content = getattr(delta, "content", None)
                        if content:
                            yield TextPiece(content)
                        for tc in getattr(delta, "tool_calls", None) or ():
                            fn = getattr(tc, "function", None)
                            assembler.feed(
                                getattr(tc, "index", None),
                                id=getattr(tc, "id", None),
                                name=getattr(fn, "name", None),
                                arguments=getattr(fn, "arguments", None),
                            )
                        if getattr(choice, "finish_reason", None):
                            finish = choice.finish_reason
            finally:
                await stream.close()
        except PlannerError:
            raise
        except TimeoutError as exc:
            raise PlannerError(TIMEOUT) from exc
        except _FAILURES as exc:
            raise to_planner_error(exc, self.name, openai) from exc
        if finish is None:
            # No finish_reason: the stream was cut short.
            raise PlannerError(TROUBLE)
        yield StreamEnd(finish, assembler.complete(), usage)

    async def _open(self, params: dict[str, Any]) -> Any:
        """Start the stream; a server that refuses ``stream_options`` (older compatible
        servers do) is asked again without it, and not asked with it any more."""
        if not self._usage_option:
            params.pop("stream_options", None)
        try:
            return await self._client.chat.completions.create(**params)
        except openai.BadRequestError as exc:
            if "stream_options" not in str(exc) or "stream_options" not in params:
                raise
            self._usage_option = False
            params.pop("stream_options")
            return await self._client.chat.completions.create(**params)

    async def aclose(self) -> None:
        await self._client.close()
