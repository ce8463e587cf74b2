"""Provider-neutral chat turns and stream events.

The planner speaks only these; each adapter maps them to and from its SDK's wire
shapes, so the planner never knows whether OpenAI or Anthropic is behind it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

# ---------------------------------------------------------------- turns (input)


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    # JSON Schema of the arguments object.
    parameters: dict[str, Any]


@dataclass(frozen=True)
class ToolCall:
    """A complete tool call, its arguments joined from every streamed fragment.

    ``arguments_json`` is the raw text the model produced; ``arguments`` is its parsed
    object, or None when the text is not a JSON object (``parse_error`` says why).
    """

    id: str
    name: str
    arguments_json: str
    arguments: dict[str, Any] | None = None
    parse_error: str | None = None


@dataclass(frozen=True)
class UserTurn:
    text: str


@dataclass(frozen=True)
class AssistantTurn:
    text: str = ""
    tool_calls: tuple[ToolCall, ...] = ()


@dataclass(frozen=True)
class ToolResult:
    tool_call_id: str
    content: str
    is_error: bool = False


@dataclass(frozen=True)
class ToolResultsTurn:
    results: tuple[ToolResult, ...]


Turn = UserTurn | AssistantTurn | ToolResultsTurn


# ---------------------------------------------------------------- events (output)


@dataclass(frozen=True)
class TextPiece:
    text: str


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True)
class StreamEnd:
    """The response ended; ``tool_calls`` in the order the model made them."""

    stop_reason: str | None
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage = field(default_factory=Usage)


ProviderEvent = TextPiece | StreamEnd


class ChatProvider(Protocol):
    name: str
    model: str

    def stream(
        self, system: str, turns: list[Turn], tools: list[ToolSpec]
    ) -> AsyncIterator[ProviderEvent]:
        """Stream one response: ``TextPiece``s as they come, then one ``StreamEnd``.

        Raises :class:`leflux.errors.PlannerError` on any provider failure.
        """
        ...

    async def aclose(self) -> None: ...
