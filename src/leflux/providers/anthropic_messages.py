"""The Anthropic Messages API through the official ``anthropic`` SDK, streamed.

The raw server-sent events are read (message_start, content_block_start/delta/stop,
message_delta, message_stop) so tool inputs are joined from their
``input_json_delta`` fragments here, the same way as for OpenAI.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import anthropic

from leflux.errors import PlannerError
from leflux.providers.failures import TIMEOUT, TROUBLE, http_errors, to_planner_error
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
_FAILURES: tuple[type[BaseException], ...] = (anthropic.AnthropicError, *http_errors(), ValueError)

def to_anthropic_messages(turns: list[Turn]) -> list[dict[str, Any]]:
    """Anthropic wants alternating roles: consecutive user-side turns are merged."""
    messages: list[dict[str, Any]] = []

    def add(role: str, blocks: list[dict[str, Any]]) -> None:
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"].extend(blocks)
        else:
            messages.append({"role": role, "content": blocks})

    for turn in turns:
        if isinstance(turn, UserTurn):
            add("user", [{"type": "text", "text": turn.text}])
        elif isinstance(turn, AssistantTurn):
            blocks: list[dict[str, Any]] = []
            if turn.text:
                blocks.append({"type": "text", "text": turn.text})
            for c in turn.tool_calls:
                blocks.append(
                    {"type": "tool_use", "id": c.id, "name": c.name, "input": c.arguments or {}}
                )
            add("assistant", blocks or [{"type": "text", "text": "(no answer)"}])
        elif isinstance(turn, ToolResultsTurn):
            add(
                "user",
                [
                    {
                        "type": "tool_result",
                        "tool_use_id": r.tool_call_id,
                        "content": r.content,
                        "is_error": r.is_error,
                    }
                    for r in turn.results
                ],
            )
    return messages


def to_anthropic_tools(tools: list[ToolSpec]) -> list[dict[str, Any]]:
    return [
        {"name": t.name, "description": t.description, "input_schema": t.parameters}
        for t in tools
    ]


class _Reply:
    """What one streamed Messages response said so far: its tool calls (assembled from
    their pieces), its token counts and why it stopped."""

    def __init__(self) -> None:
        self.calls = ToolCallAssembler()
        self.input_tokens = 0
        self.output_tokens = 0
        self.stop: str | None = None

    def take(self, event: Any) -> str:
        """Record one stream event; the text it adds to the reply ("" for none)."""
        kind = event.type
        if kind == "message_start":
            u = event.message.usage
            self.input_tokens = u.input_tokens or 0
            self.output_tokens = u.output_tokens or 0
        elif kind == "content_block_start":
            block = event.content_block
            if block.type == "tool_use":
                self.calls.feed(event.index, id=block.id, name=block.name)
            elif block.type == "text":
                return str(block.text or "")
        elif kind == "content_block_delta":
            delta = event.delta
            if delta.type == "text_delta":
                return str(delta.text or "")
            if delta.type == "input_json_delta":
                self.calls.feed(event.index, arguments=delta.partial_json)
        elif kind == "message_delta":
            self.stop = event.delta.stop_reason or self.stop
            if event.usage is not None and event.usage.output_tokens is not None:
                self.output_tokens = event.usage.output_tokens
        return ""


class AnthropicProvider:
    name = "anthropic"

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
        # The SDK retries 429/5xx/529 with exponential backoff and honours retry-after.
        self._client = anthropic.AsyncAnthropic(
            api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=max_retries
        )

    async def stream(
        self, system: str, turns: list[Turn], tools: list[ToolSpec]
    ) -> AsyncIterator[ProviderEvent]:
        deadline = time.monotonic() + self.timeout_s
        params: dict[str, Any] = {
            "model": self.model,
            "system": system,
            "messages": to_anthropic_messages(turns),
            "max_tokens": self.max_tokens,
            "stream": True,
        }
        if tools:
            params["tools"] = to_anthropic_tools(tools)
        reply = _Reply()
        try:
            stream = await asyncio.wait_for(
                self._client.messages.create(**params),
                timeout=max(0.001, deadline - time.monotonic()),
            )
            try:
                iterator = stream.__aiter__()
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError
                    try:
                        event = await asyncio.wait_for(iterator.__anext__(), remaining)
                    except StopAsyncIteration:
                        break
                    text = reply.take(event)
                    if text:
                        yield TextPiece(text)
            finally:
                await stream.close()
        except PlannerError:
            raise
        except TimeoutError as exc:
            raise PlannerError(TIMEOUT) from exc
        except _FAILURES as exc:
            raise to_planner_error(exc, self.name, anthropic) from exc
        if reply.stop is None:
            # No message_delta: the stream was cut short (or the server sent an error event).
            raise PlannerError(TROUBLE)
        yield StreamEnd(reply.stop, reply.calls.complete(),
                        Usage(reply.input_tokens, reply.output_tokens))

    async def aclose(self) -> None:
        await self._client.close()
