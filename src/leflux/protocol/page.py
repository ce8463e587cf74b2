"""The page context the embed sends: models (the engine's view) and their typed-dict
twins (validated off the wire without a model object per element, ~3.5x faster on a
200 KB page); ``tests/unit/test_protocol_shapes.py`` holds the two equal."""

from __future__ import annotations

from typing import Annotated, Any, Required

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    with_config,
)
from typing_extensions import TypedDict

from leflux.protocol.common import (
    CLIENT_CONFIG,
    ClientModel,
    ContextId,
    Position,
    ShortText,
    ToolName,
    ToolParameters,
)
from leflux.storable import storable_context
from leflux.toolspec import (
    MAX_DESCRIPTION_CHARS,
    MAX_TOOLS,
    check_tools,
)


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
    # A column header's aria-sort (its own or its header cell's): ascending / descending /
    # none / other, the order the table says it shows.
    sort: ShortText | None = None



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


@with_config(CLIENT_CONFIG)
class SelectOptionData(TypedDict, total=False):
    value: StrictStr
    text: StrictStr
    selected: StrictBool


@with_config(CLIENT_CONFIG)
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
    sort: ShortText | None



@with_config(CLIENT_CONFIG)
class FormInfoData(TypedDict, total=False):
    id: Required[StrictInt]
    method: ShortText | None
    action: ShortText | None
    submitIds: Annotated[list[StrictInt], Field(max_length=500)]
    hasSubmit: StrictBool
    marked: StrictBool
    text: ShortText | None


@with_config(CLIENT_CONFIG)
class ToolInfoData(TypedDict, total=False):
    name: Required[ToolName]
    description: Annotated[StrictStr, Field(max_length=MAX_DESCRIPTION_CHARS)]
    parameters: ToolParameters
    highStakes: StrictBool


@with_config(CLIENT_CONFIG)
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


# A page context off the wire, refused at the edge if it could not be stored.
WireContext = Annotated[PageContextData, BeforeValidator(storable_context)]
