"""The page-context events (``update_context``, ``continue_task``) parsed and checked in
one pass, straight from the packet's JSON (bench/FINDINGS.md, issue 18).

The models in ``page.py`` stay the validators of record. A context is the bulk of what
the embed sends (~1,300 elements in a 105 KB page): parsed by orjson into a tree and
then walked by pydantic, it cost ~1.1 ms, of which the elements' ~35 optional fields
looked up one by one were most. msgspec decodes the same JSON against the same field
types and limits straight into the dicts the handler gets, and writes it back to check
that nothing was skipped: ~0.4 ms, and no second tree to free.

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

from typing import Annotated, Any, Literal, Required, TypedDict, cast

import msgspec
import orjson
from msgspec import Meta, Raw

from leflux.protocol.client import ContinueTask, UpdateContext
from leflux.protocol.common import canonical_uuid
from leflux.storable import MAX_OPEN_DEPTH, AsSent, too_deep

# orjson reads an integer below -2**63 or above 2**64 - 1 as a float (which StrictInt
# refuses) and cannot write one; msgspec's bounds stop at int64: outside them, the way
# of record answers.
Int = Annotated[int, Meta(ge=-(2**63), le=2**63 - 1)]
Short = Annotated[str, Meta(max_length=10_000)]  # common.ShortText
OptShort = Short | None
OptBool = bool | None
OptInt = Int | None


# The page's typed dicts (page.py), field for field, for msgspec. msgspec's typed dicts
# skip keys they do not declare instead of refusing them: ``decode_event`` refuses them
# by writing back what it read (see there).
class _Option(TypedDict, total=False):
    value: str
    text: str
    selected: bool


class _Element(TypedDict, total=False):
    id: Required[Int]
    tag: Required[Annotated[str, Meta(max_length=64)]]
    role: OptShort
    type: OptShort
    text: OptShort
    label: OptShort
    placeholder: OptShort
    name: OptShort
    value: OptShort
    checked: OptBool
    disabled: OptBool
    href: OptShort
    options: list[_Option] | None
    inViewport: OptBool
    parentId: OptInt
    formId: OptInt
    confirm: OptBool
    frame: OptBool
    shadow: OptBool
    required: OptBool
    filled: OptBool
    invalid: OptBool
    validationMessage: OptShort
    errorText: OptShort
    autocomplete: OptShort
    inputMode: OptShort
    pattern: OptShort
    min: OptShort
    max: OptShort
    group: OptShort
    groupKind: OptShort
    column: OptShort
    position: Annotated[list[Int], Meta(min_length=2, max_length=2)] | None
    hoverOnly: OptBool
    editable: OptBool
    sort: OptShort


class _Form(TypedDict, total=False):
    id: Required[Int]
    method: OptShort
    action: OptShort
    submitIds: Annotated[list[Int], Meta(max_length=500)]
    hasSubmit: bool
    marked: bool
    text: OptShort


class _Context(TypedDict, total=False):
    """page.PageContextData without ``tools`` (rare, and checked by functions of its
    own: such a context goes the way of record)."""

    url: Annotated[str, Meta(max_length=4_096)]
    title: Annotated[str, Meta(max_length=1_000)]
    indexedElements: list[_Element]
    visibleText: str
    viewport: Raw  # open: read by orjson, as the way of record reads it, then checked
    forms: Annotated[list[_Form], Meta(max_length=1_000)] | None
    focusedId: OptInt
    alerts: list[Short] | None
    contextId: Annotated[str, Meta(max_length=100)] | None


class _Payload(TypedDict):
    sessionId: str
    context: _Context


_MODELS: dict[str, type[UpdateContext] | type[ContinueTask]] = {
    "update_context": UpdateContext,
    "continue_task": ContinueTask,
}
_DECODER = msgspec.json.Decoder(
    tuple[Literal["update_context", "continue_task"], _Payload])
_ENCODER = msgspec.json.Encoder()


def decode_event(data: str) -> list[Any] | None:
    """``[event, model]`` for a page-context event's JSON (a packet's data) that is valid
    as it is; ``None`` for anything else (the way of record then reads it).

    What was read is written back and must give the packet's very bytes: then nothing
    was skipped (a key it does not declare, anywhere), nothing was read twice (a
    duplicate key), and nothing was spelled otherwise (whitespace, escapes, ``-0``).
    socket.io-client writes ``JSON.stringify``'s compact form, which is msgspec's to the
    byte (its escapes included); anything else takes the way of record."""
    try:
        event = _DECODER.decode(data)
        raw = data.encode()
        if _ENCODER.encode(event) != raw:
            return None
        name, payload = event
        session_id = canonical_uuid(payload["sessionId"])
        context = _context(cast(dict[str, Any], payload["context"]))
        if context is None:
            return None
        stored = AsSent(context, _context_json(raw, name, list(payload), session_id))
    except Exception:  # any refusal: the way of record says what is wrong
        return None
    # The model as its validation would have built it: the handler's model_validate
    # hands an instance of its own class back as it is.
    return [name, _construct(_MODELS[name], session_id, stored)]


_FIELDS = ("sessionId", "context")


def _plain(model: Any) -> bool:
    """The model is what ``_construct`` builds: these two fields, no extras, no
    ``model_post_init``, not a root model."""
    return (tuple(model.model_fields) == _FIELDS and not model.__pydantic_post_init__
            and not model.__pydantic_root_model__
            and model.model_config.get("extra") != "allow"
            and all(f.alias is None and f.validation_alias is None
                    for f in model.model_fields.values()))


def _construct(model: Any, session_id: str, context: AsSent) -> Any:
    """``model.model_construct(sessionId=..., context=...)``: the instance it makes (the
    same ``__dict__``, fields set, extra and private), without its walk over the fields
    and their aliases (~4% of a small ``update_context``'s Python)."""
    if model not in _PLAIN:
        return model.model_construct(sessionId=session_id, context=context)
    built = model.__new__(model)
    setattr_ = object.__setattr__
    setattr_(built, "__dict__", {"sessionId": session_id, "context": context})
    setattr_(built, "__pydantic_fields_set__", {"sessionId", "context"})
    setattr_(built, "__pydantic_extra__", None)
    setattr_(built, "__pydantic_private__", None)
    return built


_PLAIN = frozenset(m for m in _MODELS.values() if _plain(m))


def _context(ctx: dict[str, Any]) -> dict[str, Any] | None:
    viewport = ctx.get("viewport")
    if type(viewport) is Raw:
        parsed = orjson.loads(memoryview(viewport))
        if parsed is not None and (type(parsed) is not dict
                                   or too_deep(parsed, MAX_OPEN_DEPTH)):
            return None
        ctx["viewport"] = parsed
    return ctx


def _context_json(raw: bytes, name: str, keys: list[str], session_id: str) -> bytes:
    """The context's own bytes in a packet that is msgspec's writing of what was read:
    ``["<name>",{"sessionId":"<id>","context":<context>}]`` or with the two keys the
    other way round (the id canonical: nothing in it is escaped). Stored as they are:
    compact JSON of this very context, as orjson would write it, but for the
    ``viewport``, kept as the page spelled it (the same value, read by orjson)."""
    head = len(name) + 5  # ["<name>",{
    sid = len(session_id) + len('"sessionId":""')
    if keys == ["sessionId", "context"]:
        start, end = head + sid + len(',"context":'), len(raw) - 2
    elif keys == ["context", "sessionId"]:
        start, end = head + len('"context":'), len(raw) - 2 - sid - 1
    else:
        raise ValueError("not an update_context payload")
    if raw[start:start + 1] != b"{" or raw[end - 1:end] != b"}":
        raise ValueError("the context is not where the packet's writing puts it")
    return raw[start:end]
