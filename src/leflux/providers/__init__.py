"""Thin async adapters over the official LLM SDKs.

Each adapter turns one streamed model response into the normalized
:mod:`leflux.providers.types` events (text deltas, complete tool calls, usage), and
every provider failure into :class:`leflux.errors.PlannerError` with a sentence a
visitor may read. Retries and backoff on 429/5xx are the SDKs' own (``max_retries``).
"""

from leflux.providers.types import (
    AssistantTurn,
    ProviderEvent,
    StreamEnd,
    TextPiece,
    ToolCall,
    ToolResult,
    ToolResultsTurn,
    ToolSpec,
    Turn,
    Usage,
    UserTurn,
)

__all__ = [
    "AssistantTurn",
    "ProviderEvent",
    "StreamEnd",
    "TextPiece",
    "ToolCall",
    "ToolResult",
    "ToolResultsTurn",
    "ToolSpec",
    "Turn",
    "Usage",
    "UserTurn",
]
