"""Assembling tool calls from fragments split across stream chunks."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from leflux.providers.types import ToolCall


@dataclass
class _Partial:
    id: str = ""
    name: str = ""
    parts: list[str] = field(default_factory=list)


class ToolCallAssembler:
    """Joins fragments keyed by the stream's index (OpenAI) or block index (Anthropic).

    Some OpenAI-compatible servers omit ``index`` or send the whole call in one chunk;
    a key of None then means "the call with this id, or else the latest call".
    """

    def __init__(self) -> None:
        self._calls: dict[object, _Partial] = {}
        self._order: list[object] = []

    def feed(
        self,
        key: object | None,
        *,
        id: str | None = None,
        name: str | None = None,
        arguments: str | None = None,
    ) -> None:
        if key is None:
            # No index: a fragment with an id starts (or continues) that call, one without
            # an id continues the latest call.
            key = id or (self._order[-1] if self._order else "_auto")
        part = self._calls.get(key)
        if part is None:
            part = self._calls[key] = _Partial()
            self._order.append(key)
        if id and not part.id:
            part.id = id
        if name:
            # Names come whole in practice; a server that splits them still joins right.
            part.name = name if not part.name or part.name == name else part.name + name
        if arguments:
            part.parts.append(arguments)

    def complete(self) -> tuple[ToolCall, ...]:
        out: list[ToolCall] = []
        for n, key in enumerate(self._order):
            part = self._calls[key]
            out.append(parse_call(part.id or f"call_{n}", part.name, "".join(part.parts)))
        return tuple(out)


def parse_call(call_id: str, name: str, raw: str) -> ToolCall:
    text = raw.strip() or "{}"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return ToolCall(call_id, name, raw, None, f"arguments are not valid JSON ({exc.msg})")
    except ValueError:  # e.g. numbers too long to convert
        return ToolCall(call_id, name, raw, None, "arguments are not valid JSON")
    if not isinstance(value, dict):
        return ToolCall(call_id, name, raw, None, "arguments must be a JSON object")
    return ToolCall(call_id, name, raw, value, None)
