"""What a page context must be to be stored: checked at the edge, before anything is.

A context nested hundreds of levels deep parses (orjson reads 1,024 levels) but cannot be
written back (orjson writes 255), and as page-context writes are group-committed it would
fail the batch it lands in. The open parts of a context (the viewport, keys the server
does not declare) are held to a small depth; the whole must serialise.
"""

from __future__ import annotations

from typing import Any

import orjson

# How deep the open parts may nest: real ones are flat or a level or two deep.
MAX_OPEN_DEPTH = 32
# Declared, typed to a fixed shape (and the bulk of a context): not walked.
_FIXED = "indexedElements"


def too_deep(value: Any, limit: int) -> bool:
    """Whether a dict or list nests more than ``limit`` levels (itself level 1)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        for v in node.values() if type(node) is dict else node:
            if type(v) is dict or type(v) is list:
                stack.append((v, depth + 1))
    return False


def storable_context(value: Any) -> Any:
    """Refuse, before anything is stored, a context that could not be stored: open parts
    nested too deep, or anything orjson cannot write (deeper than 255 levels, an integer
    beyond 64 bits). Cheap: one walk of the few open parts, one C-speed serialisation."""
    if type(value) is not dict:
        return value  # the type check that follows says what is wrong
    for key, part in value.items():
        parts = part if key == "forms" and type(part) is list else [part]
        if key != _FIXED and any((type(p) is dict or type(p) is list) and
                                 too_deep(p, MAX_OPEN_DEPTH) for p in parts):
            raise ValueError(f"{key} is nested more than {MAX_OPEN_DEPTH} levels deep")
    try:
        orjson.dumps(value)
    except orjson.JSONEncodeError:
        raise ValueError("cannot be stored as JSON (nested too deep, or a number out of "
                         "range)") from None
    return value


class AsSent(dict[str, Any]):
    """A page context that carries its JSON as it came: bytes the one-pass read proved
    to be this very value, written the way orjson writes it (``protocol/fastwire.py``).
    The store writes them instead of serialising the context again (~60-160 µs for a
    105 KB page); anything that changes the context makes a plain dict of it."""

    __slots__ = ("json",)

    def __init__(self, value: dict[str, Any], json: bytes) -> None:
        super().__init__(value)
        self.json = json

    def __reduce__(self) -> tuple[Any, ...]:
        # A copy (copy, deepcopy, pickle) is a plain dict: it may be changed.
        return (dict, (dict(self),))


def stored_json(value: dict[str, Any]) -> bytes:
    """A context's JSON as stored: the bytes it came in, else orjson's."""
    return value.json if type(value) is AsSent else orjson.dumps(value)


def json_copy(value: Any) -> Any:
    """A deep copy of a value that is stored as JSON (a task's planner state): the copy
    ``copy.deepcopy`` would make of it, through orjson at C speed (deepcopy was ~0.5 ms
    of a rules turn's CPU). Only for values that are written with orjson anyway."""
    return orjson.loads(orjson.dumps(value))
