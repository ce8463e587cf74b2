"""What the embed sends: the Socket.IO events (``CLIENT_EVENTS``) and the visitor's
message over REST."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
)

from leflux.protocol.common import (
    ClientModel,
    SessionId,
    ShortText,
    ToolResult,
)
from leflux.protocol.page import (
    WireContext,
)


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


