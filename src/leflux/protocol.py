"""The wire protocol as pydantic v2 models: the one source of the contract.

``leflux schema`` writes these models as JSON Schema (``schema/protocol.json``); the
embed's TypeScript types (``widget/src/protocol.gen.ts``) are generated from that file,
and tests fail when either drifts from the models. Names and keys are camelCase, as on
the wire. What a client sends is a closed shape: the schema says
``additionalProperties: false`` (the embed's types have no other keys, and a payload
captured from a real browser is checked against it), while the server itself ignores a
key it does not declare rather than failing an older or newer embed. Types are strict
where a lax coercion would hide a client bug (``"true"`` is not a boolean).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal, Required

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    WithJsonSchema,
    with_config,
)
from typing_extensions import TypedDict

from leflux.storable import storable_context
from leflux.toolspec import (
    MAX_DESCRIPTION_CHARS,
    MAX_RESULT_CHARS,
    MAX_TOOLS,
    check_json_size,
    check_name,
    check_parameters,
    check_tools,
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
    "highlight", "wait", "dblclick", "hover", "call_tool",
]
ActionType = Literal[
    "click_element", "type_text", "select_option", "check_element", "uncheck_element",
    "clear_element", "press_key", "scroll", "navigate", "highlight_element", "wait",
    "double_click_element", "hover_element", "call_tool",
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
    "call_tool": "call_tool",
}
TYPE_TO_STEP: dict[str, str] = {v: k for k, v in STEP_TO_TYPE.items()}


def canonical_uuid(value: str) -> str:
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
_CLIENT = ConfigDict(extra="ignore", json_schema_extra={"additionalProperties": False})


class ClientModel(BaseModel):
    model_config = _CLIENT


# ---------------------------------------------------------------- page context


class SelectOption(ClientModel):
    value: StrictStr = ""
    text: StrictStr = ""
    selected: StrictBool = False


class IndexedElement(ClientModel):
    id: StrictInt
    tag: Annotated[StrictStr, Field(max_length=64)]
    role: ShortText | None = None
    type: ShortText | None = None
    text: ShortText | None = None
    label: ShortText | None = None
    placeholder: ShortText | None = None
    name: ShortText | None = None
    value: ShortText | None = None
    checked: StrictBool | None = None
    disabled: StrictBool | None = None
    href: ShortText | None = None
    options: list[SelectOption] | None = None
    inViewport: StrictBool | None = None
    parentId: StrictInt | None = None
    formId: StrictInt | None = None
    # The site marked it (or its form, or a host around it) ``data-leflux-confirm``.
    confirm: StrictBool | None = None
    # Where it lives when not in the top document's light DOM.
    frame: StrictBool | None = None
    shadow: StrictBool | None = None
    # What the field needs and what the page says about it.
    required: StrictBool | None = None
    filled: StrictBool | None = None
    invalid: StrictBool | None = None
    validationMessage: ShortText | None = None
    errorText: ShortText | None = None
    autocomplete: ShortText | None = None
    inputMode: ShortText | None = None
    pattern: ShortText | None = None
    min: ShortText | None = None
    max: ShortText | None = None
    # Where it sits: the row / item / card / fieldset / dialog around it.
    group: ShortText | None = None
    groupKind: ShortText | None = None
    column: ShortText | None = None
    position: Position | None = None
    hoverOnly: StrictBool | None = None
    editable: StrictBool | None = None



# One ``<form>`` holding an indexed control: what submitting it would do (its submit
# controls, whether the site marked it). A comment, not a docstring: the JSON schema
# must equal its TypedDict twin's.
class FormInfo(ClientModel):
    id: StrictInt
    method: ShortText | None = None
    action: ShortText | None = None
    submitIds: Annotated[list[StrictInt], Field(max_length=500)] = Field(default_factory=list)
    hasSubmit: StrictBool = False
    marked: StrictBool = False
    text: ShortText | None = None


# A tool the page registered (``window.LeFlux.registerTool``); its handler stays in the
# page. A comment, not a docstring: the JSON schema must equal its TypedDict twin's.
class ToolInfo(ClientModel):
    name: ToolName
    description: Annotated[StrictStr, Field(max_length=MAX_DESCRIPTION_CHARS)] = ""
    parameters: ToolParameters = Field(default_factory=lambda: {"type": "object"})
    highStakes: StrictBool = False


class PageContext(ClientModel):
    url: Annotated[StrictStr, Field(max_length=4_096)] = ""
    title: Annotated[StrictStr, Field(max_length=1_000)] = ""
    indexedElements: list[IndexedElement] = Field(default_factory=list)
    visibleText: StrictStr = ""
    viewport: dict[str, Any] | None = None
    forms: Annotated[list[FormInfo], Field(max_length=1_000)] | None = None
    focusedId: StrictInt | None = None
    alerts: list[ShortText] | None = None
    contextId: ContextId | None = None
    tools: Annotated[list[ToolInfo], Field(max_length=MAX_TOOLS),
                     AfterValidator(check_tools)] | None = None


# The same page context as plain typed dicts, for validating it off the wire: no model
# object per element, ~3.5x faster on a 200 KB page (bench "round-trip"). Same fields,
# types and limits as the models above (tests/unit/test_protocol_shapes.py compares
# their JSON schemas); ``PageContext.model_validate(data)`` gives the engine its view.


@with_config(_CLIENT)
class SelectOptionData(TypedDict, total=False):
    value: StrictStr
    text: StrictStr
    selected: StrictBool


@with_config(_CLIENT)
class IndexedElementData(TypedDict, total=False):
    id: Required[StrictInt]
    tag: Required[Annotated[StrictStr, Field(max_length=64)]]
    role: ShortText | None
    type: ShortText | None
    text: ShortText | None
    label: ShortText | None
    placeholder: ShortText | None
    name: ShortText | None
    value: ShortText | None
    checked: StrictBool | None
    disabled: StrictBool | None
    href: ShortText | None
    options: list[SelectOptionData] | None
    inViewport: StrictBool | None
    parentId: StrictInt | None
    formId: StrictInt | None
    confirm: StrictBool | None
    frame: StrictBool | None
    shadow: StrictBool | None
    required: StrictBool | None
    filled: StrictBool | None
    invalid: StrictBool | None
    validationMessage: ShortText | None
    errorText: ShortText | None
    autocomplete: ShortText | None
    inputMode: ShortText | None
    pattern: ShortText | None
    min: ShortText | None
    max: ShortText | None
    group: ShortText | None
    groupKind: ShortText | None
    column: ShortText | None
    position: Position | None
    hoverOnly: StrictBool | None
    editable: StrictBool | None



@with_config(_CLIENT)
class FormInfoData(TypedDict, total=False):
    id: Required[StrictInt]
    method: ShortText | None
    action: ShortText | None
    submitIds: Annotated[list[StrictInt], Field(max_length=500)]
    hasSubmit: StrictBool
    marked: StrictBool
    text: ShortText | None


@with_config(_CLIENT)
class ToolInfoData(TypedDict, total=False):
    name: Required[ToolName]
    description: Annotated[StrictStr, Field(max_length=MAX_DESCRIPTION_CHARS)]
    parameters: ToolParameters
    highStakes: StrictBool


@with_config(_CLIENT)
class PageContextData(TypedDict, total=False):
    url: Annotated[StrictStr, Field(max_length=4_096)]
    title: Annotated[StrictStr, Field(max_length=1_000)]
    indexedElements: list[IndexedElementData]
    visibleText: StrictStr
    viewport: dict[str, Any] | None
    forms: Annotated[list[FormInfoData], Field(max_length=1_000)] | None
    focusedId: StrictInt | None
    alerts: list[ShortText] | None
    contextId: ContextId | None
    tools: Annotated[list[ToolInfoData], Field(max_length=MAX_TOOLS),
                     AfterValidator(check_tools)] | None


# ---------------------------------------------------------------- client -> server


class JoinSession(ClientModel):
    sessionId: SessionId


class ActionResult(ClientModel):
    success: StrictBool
    elementId: StrictInt | None = None
    description: ShortText = ""
    error: ShortText | None = None
    # What an owner's tool returned (``call_tool``): any JSON, cut by the embed to a
    # bounded size (``truncated``).
    result: ToolResult = None
    truncated: StrictBool | None = None


class ActionComplete(ClientModel):
    sessionId: SessionId
    actionId: Annotated[StrictStr, Field(min_length=1, max_length=128)]
    result: ActionResult


class StepResult(ClientModel):
    index: StrictInt
    action: Annotated[StrictStr, Field(max_length=64)]
    elementId: StrictInt | None = None
    success: StrictBool
    description: ShortText | None = None
    error: ShortText | None = None
    result: ToolResult = None
    truncated: StrictBool | None = None


class SequenceResult(ClientModel):
    success: StrictBool
    results: list[StepResult] = Field(max_length=500)
    # Why the embed stopped before the last step (the page changed under it), or why no
    # step ran; ``interrupted``: the page went away mid-sequence and the result was
    # answered from the tab's ledger.
    error: ShortText | None = None
    stoppedBecause: ShortText | None = None
    interrupted: StrictBool | None = None


class SequenceComplete(ClientModel):
    sessionId: SessionId
    result: SequenceResult


# A page context off the wire, refused at the edge if it could not be stored.
WireContext = Annotated[PageContextData, BeforeValidator(storable_context)]


class UpdateContext(ClientModel):
    sessionId: SessionId
    context: WireContext


class ContinueTask(ClientModel):
    sessionId: SessionId
    context: WireContext


class ConfirmationResponse(ClientModel):
    sessionId: SessionId
    confirmed: StrictBool


class CancelTask(ClientModel):
    """The visitor pressed Stop: end the open task; no further plan runs for it."""

    sessionId: SessionId


CLIENT_EVENTS: dict[str, type[ClientModel]] = {
    "join_session": JoinSession,
    "action_complete": ActionComplete,
    "sequence_complete": SequenceComplete,
    "update_context": UpdateContext,
    "continue_task": ContinueTask,
    "confirmation_response": ConfirmationResponse,
    "cancel_task": CancelTask,
}


# ---------------------------------------------------------------- REST bodies


class PostMessage(ClientModel):
    text: Annotated[StrictStr, Field(min_length=1)]
    context: WireContext | None = None


# ---------------------------------------------------------------- server -> client


class ServerModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def wire(self) -> dict[str, Any]:
        """The payload as sent: camelCase keys, optional keys left out when unset."""
        return self.model_dump(mode="json", exclude_none=True)


class Step(ServerModel):
    action: StepAction
    elementId: int | None = None
    inputData: str | None = None
    description: str = ""
    # ``call_tool``: the owner's tool to run in the page, and its arguments.
    toolName: str | None = None
    args: dict[str, Any] | None = None


class Action(ServerModel):
    """A single action: ``{id, type, elementId?, inputData?, description}`` (and
    ``toolName``, ``args`` for ``call_tool``)."""

    id: str
    type: ActionType
    elementId: int | None = None
    inputData: str | None = None
    description: str = ""
    toolName: str | None = None
    args: dict[str, Any] | None = None


class SequenceAction(ServerModel):
    id: str
    type: Literal["execute_generic_sequence"] = "execute_generic_sequence"
    isSequence: Literal[True] = True
    actions: list[Step]
    description: str | None = None


class HistoryMessage(ServerModel):
    id: str
    role: Literal["visitor", "agent"]
    text: str
    createdAt: str
    blockType: str | None = None
    data: dict[str, Any] | None = None


class ActiveTask(ServerModel):
    taskId: str
    state: TaskState


class SessionJoined(ServerModel):
    sessionId: str
    restored: bool
    history: list[HistoryMessage]
    activeTask: ActiveTask | None = None


class MessageChunk(ServerModel):
    delta: str
    streamId: str
    chunkIndex: int


class MessageDone(ServerModel):
    text: str
    streamId: str


class Message(ServerModel):
    text: str
    isQuestion: bool | None = None
    isError: bool | None = None


class ActionPlan(ServerModel):
    actions: list[Action | SequenceAction]
    message: str | None = None
    isSequence: bool | None = None
    useUniversalIndexing: Literal[True] = True
    # The page context the plan was made on: another tab (or page) refuses it.
    contextId: str | None = None
    # Set on a plan the visitor approved at the high-stakes gate: only then does the
    # embed let a key press submit a form the site marked ``data-leflux-confirm``.
    confirmed: bool | None = None


class UiBlock(ServerModel):
    block_type: BlockType
    data: dict[str, Any]
    message: str | None = None


class ConfirmationRequired(ServerModel):
    message: str
    confirm_label: str = "Confirm"
    cancel_label: str = "Cancel"


class TaskComplete(ServerModel):
    summary: str
    message: str


class ErrorEvent(ServerModel):
    message: str
    code: ErrorCode | None = None


SERVER_EVENTS: dict[type[ServerModel], str] = {
    SessionJoined: "session_joined",
    MessageChunk: "message_chunk",
    MessageDone: "message_done",
    Message: "message",
    ActionPlan: "action_plan",
    UiBlock: "ui_block",
    ConfirmationRequired: "confirmation_required",
    TaskComplete: "task_complete",
    ErrorEvent: "error",
}


def event_name(model: ServerModel) -> str:
    return SERVER_EVENTS[type(model)]


# ---------------------------------------------------------------- REST answers


class WidgetLimits(ServerModel):
    """The limits the embed keeps to (the server enforces them too)."""

    maxMessageChars: int
    # Plans the embed runs for one visitor message before it asks to keep going.
    roundTrips: int
    maxElements: int
    # A page context must fit in this many bytes of JSON (with the rest of its event).
    maxPayloadBytes: int


class WidgetConfig(ServerModel):
    """``GET /api/widget-config``: how the site's widget looks, and its limits. The
    title, avatar and greeting are absent when the owner set none."""

    name: str
    title: str | None = None
    avatarUrl: str | None = None
    greeting: str | None = None
    accentColor: str
    suggestions: list[str]
    limits: WidgetLimits


class MessageAccepted(ServerModel):
    """``POST /api/sessions/{id}/messages``: 202, the stored message's id."""

    messageId: str


class ErrorDetail(ServerModel):
    code: str  # an ErrorCode, or "not_found" for a path the server does not have
    message: str


class ErrorBody(ServerModel):
    """Every refused REST request: ``{"error": {"code", "message"}}``."""

    error: ErrorDetail
