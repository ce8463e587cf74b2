"""What every payload model shares: the literals, the strict field types, and the
base models of what a client sends (closed in the schema, undeclared keys dropped)
and of what the server sends (``wire()``)."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    WithJsonSchema,
)

from leflux.toolspec import (
    MAX_RESULT_CHARS,
    check_json_size,
    check_name,
    check_parameters,
)

ErrorCode = Literal[
    "invalid_payload",
    "invalid_session",
    "forbidden",
    "replaced",
    "unknown_action",
    "rate_limited",
    "budget_exhausted",
    "payload_too_large",
    "planner_error",
    "limit_reached",
    "internal",
]

TaskState = Literal["running", "awaiting_action", "awaiting_confirmation", "awaiting_context"]
BlockType = Literal["choices", "product_cards", "link_list", "form_summary", "steps"]
StepAction = Literal[
    "click", "type", "select", "check", "uncheck", "clear", "press", "scroll", "navigate",
    "highlight", "wait", "dblclick", "hover", "select_text", "call_tool",
]
ActionType = Literal[
    "click_element", "type_text", "select_option", "check_element", "uncheck_element",
    "clear_element", "press_key", "scroll", "navigate", "highlight_element", "wait",
    "double_click_element", "hover_element", "select_text", "call_tool",
]

# step `action` <-> single `type`
STEP_TO_TYPE: dict[str, str] = {
    "click": "click_element",
    "type": "type_text",
    "select": "select_option",
    "check": "check_element",
    "uncheck": "uncheck_element",
    "clear": "clear_element",
    "press": "press_key",
    "scroll": "scroll",
    "navigate": "navigate",
    "highlight": "highlight_element",
    "wait": "wait",
    "dblclick": "double_click_element",
    "hover": "hover_element",
    "select_text": "select_text",
    "call_tool": "call_tool",
}
TYPE_TO_STEP: dict[str, str] = {v: k for k, v in STEP_TO_TYPE.items()}


# A UUID in its canonical form, as ``str(uuid.UUID(...))`` writes it: what every
# session id on the wire is, checked in ~0.2 µs where parsing it was ~2 µs per event.
_CANONICAL_UUID = re.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def canonical_uuid(value: str) -> str:
    if type(value) is str and _CANONICAL_UUID.fullmatch(value):
        return value
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ValueError("must be a UUID") from None
    # Only the canonical form (36 characters, lowercase): no braces, no urn:, no path
    # tricks, and one spelling per session.
    if str(parsed) != value:
        raise ValueError("must be a UUID in canonical form (lowercase)")
    return str(parsed)


SessionId = Annotated[StrictStr, AfterValidator(canonical_uuid)]
ShortText = Annotated[StrictStr, Field(max_length=10_000)]
# [position, count] of an element's row / item among its siblings, 1-based.
Position = Annotated[list[StrictInt], Field(min_length=2, max_length=2)]
ContextId = Annotated[StrictStr, Field(max_length=100)]
# The owner's tools (see ``toolspec``): a name no built-in action has, a JSON Schema for
# the arguments, and JSON in and out of a bounded size.
ToolName = Annotated[StrictStr, AfterValidator(check_name)]
ToolParameters = Annotated[dict[str, Any], AfterValidator(check_parameters)]
ToolResult = Annotated[Any,
                       AfterValidator(lambda v: check_json_size(v, MAX_RESULT_CHARS, "result")),
                       WithJsonSchema({"description": "any JSON value", "type": [
                           "object", "array", "string", "number", "boolean", "null"]})]


# What a client sends: unknown keys are dropped here, and refused by the schema.
# defer_build: a model's validator and serializer are built on its first use, not at
# import; a server builds the few its traffic uses (~40 ms of start-up CPU less).
CLIENT_CONFIG = ConfigDict(extra="ignore", json_schema_extra={"additionalProperties": False},
                           defer_build=True)


class ClientModel(BaseModel):
    model_config = CLIENT_CONFIG


class ServerModel(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    def wire(self) -> dict[str, Any]:
        """The payload as sent: camelCase keys, optional keys left out when unset."""
        return self.model_dump(mode="json", exclude_none=True)
