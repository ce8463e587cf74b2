"""What the server sends: the Socket.IO events (``SERVER_EVENTS``) and the REST answers."""

from __future__ import annotations

from typing import Any, Literal

from leflux.protocol.common import (
    ActionType,
    BlockType,
    ErrorCode,
    ServerModel,
    StepAction,
    TaskState,
)


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
    # The owner's tools: how many a page may register, how large (bytes of JSON) and deep
    # a tool's parameters schema may be, how long a call may run when the tool names no
    # timeout, and how many characters of its JSON result are kept.
    maxTools: int
    maxToolSchemaChars: int
    maxToolSchemaDepth: int
    toolTimeoutMs: int
    toolResultChars: int


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
