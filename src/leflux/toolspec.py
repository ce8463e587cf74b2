"""The owner's tools as the page declares them: what a valid one is.

A page registers tools with ``window.LeFlux.registerTool`` and sends them in its context
(``tools: [{name, description, parameters, highStakes}]``). These checks run at the edge,
before anything is stored, so a bad declaration is an ``invalid_payload`` error that says
what is wrong. Pure functions; the limits are constants the docs repeat.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from leflux.config import Limits

# The ceilings of the protocol (``Limits``' defaults; a server may set lower limits, which
# ``fitting_tools`` applies and the embed keeps to). A name is a letter then letters,
# digits, _ or -.
_CEILINGS = Limits()
MAX_TOOLS = _CEILINGS.max_tools
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,47}$")
MAX_DESCRIPTION_CHARS = 1_000
# A tool's ``parameters`` schema, serialised, and how deep it may nest.
MAX_SCHEMA_CHARS = _CEILINGS.max_tool_schema_chars
MAX_SCHEMA_DEPTH = _CEILINGS.max_tool_schema_depth
# A call's arguments and a handler's result (the embed truncates results to
# ``Limits.tool_result_chars``; the server refuses a bigger one).
MAX_ARGS_CHARS = 4_000
MAX_RESULT_CHARS = _CEILINGS.tool_result_chars + 1_000

# The names a tool may not take, whatever the case: every built-in action, step and
# LLM tool, so that no owner tool can be mistaken for one.
BUILTIN_NAMES = frozenset({
    # steps and single action types
    "click", "type", "select", "check", "uncheck", "clear", "press", "scroll", "navigate",
    "highlight", "wait", "dblclick", "hover", "click_element", "type_text",
    "select_option", "check_element", "uncheck_element", "clear_element", "press_key",
    "highlight_element", "double_click_element", "hover_element", "select_text",
    "execute_generic_sequence", "call_tool",
    # the tools the LLM planners offer the model
    "run_sequence", "show_ui_block", "ask_confirmation", "finish_task",
})


def check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise ValueError("a tool name is a letter then up to 47 letters, digits, _ or -")
    if name.lower() in BUILTIN_NAMES:
        raise ValueError(f"{name!r} is the name of a built-in action; pick another")
    return name


def _depth(node: Any) -> int:
    deepest, stack = 0, [(node, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        children = value.values() if isinstance(value, dict) else (
            value if isinstance(value, list) else ())
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return deepest


def schema_problem(schema: dict[str, Any], max_chars: int, max_depth: int) -> str | None:
    """Why a ``parameters`` schema is too large or too deep, or None."""
    if len(orjson.dumps(schema)) > max_chars:
        return f"parameters is larger than {max_chars} characters"
    if _depth(schema) > max_depth:
        return f"parameters nests more than {max_depth} levels deep"
    return None


def fitting_tools(tools: list[dict[str, Any]], limits: Limits) -> list[dict[str, Any]]:
    """A page's tools (valid under the protocol's ceilings) under this server's limits:
    those whose schema fits, at most ``max_tools`` of them."""
    fit = [t for t in tools if schema_problem(t.get("parameters") or {},
                                              limits.max_tool_schema_chars,
                                              limits.max_tool_schema_depth) is None]
    return fit[: limits.max_tools]


def check_parameters(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for an object of arguments, small and flat enough."""
    problem = schema_problem(schema, MAX_SCHEMA_CHARS, MAX_SCHEMA_DEPTH)
    if problem:
        raise ValueError(problem)
    if schema.get("type", "object") != "object":
        raise ValueError('parameters must be a schema of "type": "object"')
    if any(k == "$ref" for k in _keys(schema)):
        raise ValueError("parameters may not use $ref")
    # jsonschema loads only when a page declares tools (not at every start-up).
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise ValueError(f"parameters is not a valid JSON Schema: {exc.message}"[:200]) from None
    return schema


def _keys(node: Any) -> list[str]:
    out: list[str] = []
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            out.extend(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return out


def check_tools(tools: list[Any]) -> list[Any]:
    """No two tools of one page share a name."""
    names = [t["name"] if isinstance(t, dict) else t.name for t in tools]
    seen: set[str] = set()
    for n in names:
        if n.lower() in seen:
            raise ValueError(f"two tools are named {n!r}")
        seen.add(n.lower())
    return tools


def check_json_size(value: Any, limit: int, what: str) -> Any:
    try:
        size = len(orjson.dumps(value))
    except orjson.JSONEncodeError:
        raise ValueError(f"{what} cannot be written as JSON") from None
    if size > limit:
        raise ValueError(f"{what} is larger than {limit} characters as JSON")
    return value


def argument_errors(schema: dict[str, Any], args: Any) -> list[str]:
    """What is wrong with ``args`` for a tool of this ``parameters`` schema (empty: fine)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    out = []
    for err in sorted(validator.iter_errors(args), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in err.path)
        out.append(f"{where}: {err.message}" if where else err.message)
    return out[:5]


def words_of(name: str) -> str:
    """A tool name as words: ``lookupOrderStatus`` / ``lookup_order`` -> "lookup order
    status"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[_-]+", " ", name)
    return " ".join(spaced.lower().split())
