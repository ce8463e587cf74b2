"""The page-context events (``update_context``, ``continue_task``) parsed and checked in
one pass, straight from the packet's JSON (bench/FINDINGS.md, issue 18).

The models in ``page.py`` stay the validators of record. A context is the bulk of what
the embed sends (~1,300 elements in a 105 KB page): parsed by orjson into a tree and
then walked by pydantic, it cost ~1.1 ms, of which the elements' ~35 optional fields
looked up one by one were most. msgspec decodes the same JSON against the same field
types and limits in ~0.5 ms, and leaves no second tree behind.

This path only ever accepts: anything it does not take as it is (a field it does not
declare, ``tools``, a type or a limit it refuses, a session id not canonical, JSON it
cannot read, open parts nested too deep) returns ``None``, and the packet goes the way
of record (orjson, then the event's model), which answers with the same error as
before. What it accepts, the models accept too and give the same context (tests/unit/
test_fastwire.py holds the two equal): undeclared keys are not dropped here but sent
the way of record, so a hostile key is refused where it always was.

What it returns is stored as it is, so it is storable by construction: integers in the
range orjson writes (and reads as integers), strings UTF-8 without lone surrogates (the
decoder refuses them), and the open part (``viewport``) parsed by orjson itself and held
to ``storable.MAX_OPEN_DEPTH``, as the edge's check does.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
import orjson
from msgspec import UNSET, Meta, Raw, Struct, UnsetType

from leflux.protocol.client import ContinueTask, UpdateContext
from leflux.protocol.common import canonical_uuid
from leflux.storable import MAX_OPEN_DEPTH, too_deep

# orjson reads an integer below -2**63 or above 2**64 - 1 as a float (which StrictInt
# refuses) and cannot write one; msgspec's bounds stop at int64: outside them, the way
# of record answers.
Int = Annotated[int, Meta(ge=-(2**63), le=2**63 - 1)]
Short = Annotated[str, Meta(max_length=10_000)]  # common.ShortText
OptShort = Short | UnsetType | None
OptBool = bool | UnsetType | None
OptInt = Int | UnsetType | None


class _Option(Struct, forbid_unknown_fields=True, gc=False):
    value: str | UnsetType = UNSET
    text: str | UnsetType = UNSET
    selected: bool | UnsetType = UNSET


class _Element(Struct, forbid_unknown_fields=True, gc=False):
    """page.IndexedElementData, field for field (in its order: the stored JSON keeps it)."""

    id: Int
    tag: Annotated[str, Meta(max_length=64)]
    role: OptShort = UNSET
    type: OptShort = UNSET
    text: OptShort = UNSET
    label: OptShort = UNSET
    placeholder: OptShort = UNSET
    name: OptShort = UNSET
    value: OptShort = UNSET
    checked: OptBool = UNSET
    disabled: OptBool = UNSET
    href: OptShort = UNSET
    options: list[_Option] | UnsetType | None = UNSET
    inViewport: OptBool = UNSET
    parentId: OptInt = UNSET
    formId: OptInt = UNSET
    confirm: OptBool = UNSET
    frame: OptBool = UNSET
    shadow: OptBool = UNSET
    required: OptBool = UNSET
    filled: OptBool = UNSET
    invalid: OptBool = UNSET
    validationMessage: OptShort = UNSET
    errorText: OptShort = UNSET
    autocomplete: OptShort = UNSET
    inputMode: OptShort = UNSET
    pattern: OptShort = UNSET
    min: OptShort = UNSET
    max: OptShort = UNSET
    group: OptShort = UNSET
    groupKind: OptShort = UNSET
    column: OptShort = UNSET
    position: Annotated[list[Int], Meta(min_length=2, max_length=2)] | UnsetType | None = UNSET
    hoverOnly: OptBool = UNSET
    editable: OptBool = UNSET
    sort: OptShort = UNSET


class _Form(Struct, forbid_unknown_fields=True, gc=False):
    """page.FormInfoData."""

    id: Int
    method: OptShort = UNSET
    action: OptShort = UNSET
    submitIds: Annotated[list[Int], Meta(max_length=500)] | UnsetType = UNSET
    hasSubmit: bool | UnsetType = UNSET
    marked: bool | UnsetType = UNSET
    text: OptShort = UNSET


class _Context(Struct, forbid_unknown_fields=True):
    """page.PageContextData without ``tools`` (rare, and checked by functions of its
    own: such a context goes the way of record)."""

    url: Annotated[str, Meta(max_length=4_096)] | UnsetType = UNSET
    title: Annotated[str, Meta(max_length=1_000)] | UnsetType = UNSET
    indexedElements: list[_Element] | UnsetType = UNSET
    visibleText: str | UnsetType = UNSET
    viewport: Raw | UnsetType = UNSET  # open: parsed by orjson, as the way of record
    forms: Annotated[list[_Form], Meta(max_length=1_000)] | UnsetType | None = UNSET
    focusedId: OptInt = UNSET
    alerts: list[Short] | UnsetType | None = UNSET
    contextId: Annotated[str, Meta(max_length=100)] | UnsetType | None = UNSET


class _Payload(Struct, forbid_unknown_fields=True):
    sessionId: str
    context: _Context


_MODELS: dict[str, type[UpdateContext] | type[ContinueTask]] = {
    "update_context": UpdateContext,
    "continue_task": ContinueTask,
}
_DECODER = msgspec.json.Decoder(
    tuple[Literal["update_context", "continue_task"], _Payload])


def decode_event(data: str | bytes) -> list[Any] | None:
    """``[event, model]`` for a page-context event's JSON (a packet's data) that is valid
    as it is; ``None`` for anything else (the way of record then reads it)."""
    try:
        name, payload = _DECODER.decode(data)
        context = _context(payload.context)
        session_id = canonical_uuid(payload.sessionId)
    except Exception:  # any refusal: the way of record says what is wrong
        return None
    if context is None:
        return None
    # The model as its validation would have built it: the handler's model_validate
    # hands an instance of its own class back as it is.
    return [name, _MODELS[name].model_construct(sessionId=session_id, context=context)]


def _context(ctx: _Context) -> dict[str, Any] | None:
    viewport = ctx.viewport
    if type(viewport) is Raw:
        parsed = orjson.loads(memoryview(viewport))
        if parsed is not None and (type(parsed) is not dict
                                   or too_deep(parsed, MAX_OPEN_DEPTH)):
            return None
        ctx.viewport = parsed  # type: ignore[assignment]
    out: dict[str, Any] = msgspec.to_builtins(ctx)
    return out
