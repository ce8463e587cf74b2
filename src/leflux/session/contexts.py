"""A page context off the wire, as the session stores it and the engine plans on it."""

from __future__ import annotations

from typing import Any

from leflux.config import Limits
from leflux.protocol import PageContext, PageContextData
from leflux.storable import AsSent
from leflux.toolspec import fitting_tools


def page_context(data: dict[str, Any]) -> PageContext:
    """The engine's view of a context validated off the wire as ``PageContextData``."""
    return PageContext.model_validate(data)


def trim_context(data: PageContextData, limits: Limits) -> dict[str, Any]:
    """A context off the wire as it is stored and planned on: at most ``max_elements``
    indexed elements, only the tools this server's limits allow (the embed keeps to them
    too). Every context (the socket's and the visitor's message's) passes here once."""
    out: dict[str, Any] = dict(data)
    changed = False
    elements = data.get("indexedElements")
    if elements is not None and len(elements) > limits.max_elements:
        out["indexedElements"] = elements[: limits.max_elements]
        changed = True
    tools = data.get("tools")
    if tools:
        out["tools"] = fitting_tools([dict(t) for t in tools], limits)
        changed = True
    if type(data) is AsSent and not changed:
        return AsSent(out, data.json)  # unchanged: the JSON it came in still holds
    return out
