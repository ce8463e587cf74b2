"""The tools offered to the model (names are a contract) and the checks that
turn the model's tool calls into :data:`PlanEvent`s.

A call that names an unknown tool, has bad JSON or bad arguments, or an element id not
on the page becomes an error string (fed back to the model once, then reported); it
never reaches the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

from leflux.agent.planner import AskConfirmation, FinishTask, PlanActions, PlanEvent, ShowBlock
from leflux.agent.planners.llm_blocks import BLOCK_TYPES, validate_block
from leflux.agent.planners.llm_owner_tools import OwnerToolError, is_owner_call, owner_step
from leflux.agent.prompt import element_label
from leflux.protocol import IndexedElement, PageContext, Step, StepAction
from leflux.providers.types import ToolCall, ToolSpec

_ID = {"type": "integer", "description": "The element's id from the page data."}
_DESC = {"type": "string", "description": "A few words for the visitor, e.g. 'Email field'."}
STEP_ACTIONS = ["click", "type", "select", "check", "uncheck", "clear", "press", "scroll",
                "navigate", "highlight", "wait", "dblclick", "hover", "select_text"]
SCROLL_DIRECTIONS = ["up", "down", "top", "bottom"]
MAX_STEPS = 30


def _obj(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required,
            "additionalProperties": False}


TOOLS: list[ToolSpec] = [
    ToolSpec("click", "Click an element (button, link, tab...).",
             _obj({"element_id": _ID, "description": _DESC}, ["element_id"])),
    ToolSpec("type_text", "Type text into a field, replacing what is in it.",
             _obj({"element_id": _ID, "text": {"type": "string"}, "description": _DESC},
                  ["element_id", "text"])),
    ToolSpec("select_option", "Pick an option of a select/dropdown by its text or value.",
             _obj({"element_id": _ID, "option": {"type": "string"}, "description": _DESC},
                  ["element_id", "option"])),
    ToolSpec("check", "Check (checked=true) or uncheck a checkbox, radio or switch.",
             _obj({"element_id": _ID, "checked": {"type": "boolean"}, "description": _DESC},
                  ["element_id", "checked"])),
    ToolSpec("press_key", "Press a key (Enter, Tab, Escape...) on an element or the focused one.",
             _obj({"key": {"type": "string"}, "element_id": _ID}, ["key"])),
    ToolSpec("scroll", "Scroll the page (direction) or bring an element into view (element_id).",
             _obj({"direction": {"type": "string", "enum": SCROLL_DIRECTIONS},
                   "element_id": _ID}, [])),
    ToolSpec("navigate", "Go to a URL of this same site (a path like /cart is fine).",
             _obj({"url": {"type": "string"}}, ["url"])),
    ToolSpec(
        "run_sequence",
        "Run several steps in order, e.g. fill a form then submit, or dblclick an item to "
        "edit it, type the new text and press Enter, or select_text words of an editor then "
        "click its Bold button. 'value' is the text to type or select, the "
        "option to select, the key to press, the scroll direction, the URL, or the "
        "milliseconds to wait.",
        _obj({"steps": {"type": "array", "minItems": 1, "maxItems": MAX_STEPS, "items": _obj(
            {"action": {"type": "string", "enum": STEP_ACTIONS}, "element_id": _ID,
             "value": {"type": "string"}, "description": _DESC}, ["action"])}}, ["steps"]),
    ),
    ToolSpec(
        "show_ui_block",
        "Show a rich block in the chat. data by block_type: choices {options:[{label,value}]}; "
        "product_cards {items:[{title,price?,image?,url?,elementId?,description?}]}; "
        "link_list {links:[{label,url}]}; form_summary {fields:[{label,value}]}; "
        "steps {steps:[{label,status: done|active|todo}]}.",
        _obj({"block_type": {"type": "string", "enum": BLOCK_TYPES},
              "data": {"type": "object"}, "message": {"type": "string"}},
             ["block_type", "data"]),
    ),
    ToolSpec("ask_confirmation", "Ask the visitor to confirm before going on.",
             _obj({"message": {"type": "string"}, "confirm_label": {"type": "string"},
                   "cancel_label": {"type": "string"}}, ["message"])),
    ToolSpec("finish_task", "The visitor's goal is done (or cannot be done): end the task.",
             _obj({"summary": {"type": "string"}, "message": {"type": "string"}},
                  ["summary"])),
]
TOOL_NAMES = frozenset(t.name for t in TOOLS)
ACTION_TOOLS = frozenset({"click", "type_text", "select_option", "check", "press_key",
                          "scroll", "navigate", "run_sequence"})


# ---------------------------------------------------------------- calls -> events


class ToolArgError(ValueError):
    """A tool call the page must never see; the text goes back to the model."""


@dataclass
class Interpretation:
    events: list[PlanEvent] = field(default_factory=list)
    # (tool_call_id, error) for every call that was refused.
    errors: list[tuple[str, str]] = field(default_factory=list)


class _Page:
    def __init__(self, context: PageContext | None) -> None:
        self.context = context
        self.by_id: dict[int, IndexedElement] = (
            {e.id: e for e in context.indexedElements} if context else {}
        )

    def optional(self, raw: Any) -> IndexedElement | None:
        return None if raw is None else self.element(raw)

    def element(self, raw: Any) -> IndexedElement:
        if isinstance(raw, str) and raw.strip().lstrip("#").isdigit():
            raw = int(raw.strip().lstrip("#"))  # weaker models quote ids
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise ToolArgError("element_id must be an integer id from the page data")
        el = self.by_id.get(raw)
        if el is None:
            raise ToolArgError(f"there is no element with id {raw} on the current page")
        return el

    def same_site_url(self, raw: Any) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise ToolArgError("url must be a non-empty string")
        url = raw.strip()
        base = self.context.url if self.context else ""
        target = urlsplit(urljoin(base, url) if base else url)
        if target.scheme and target.scheme not in ("http", "https"):
            raise ToolArgError("url must be an http(s) address of this site")
        if base and target.netloc and target.netloc != urlsplit(base).netloc:
            raise ToolArgError("navigate only goes to pages of this same site")
        if not base and target.netloc:
            raise ToolArgError("without a current page, navigate takes a path like /cart")
        return urljoin(base, url) if base else url


def _text(args: dict[str, Any], key: str, *, required: bool = True, limit: int = 2_000) -> str:
    value = args.get(key)
    if value is None and not required:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or (required and not value.strip()):
        raise ToolArgError(f"{key} must be a non-empty string")
    return value[:limit]


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ToolArgError("checked must be true or false")


def _described(args: dict[str, Any], fallback: str, el: IndexedElement | None) -> str:
    desc = args.get("description")
    if isinstance(desc, str) and desc.strip():
        return desc.strip()[:200]
    return f"{fallback} {element_label(el)}".strip() if el is not None else fallback


def _select_value(el: IndexedElement, option: str) -> str:
    if not el.options:
        return option
    want = option.strip().lower()
    for o in el.options:
        if want in (o.text.strip().lower(), o.value.strip().lower()):
            return option
    names = ", ".join(o.text or o.value for o in el.options[:20])
    raise ToolArgError(f"element {el.id} has no option {option!r}; its options are: {names}")


def step_from(action: str, args: dict[str, Any], page: _Page, value_key: str) -> Step:
    """One page step from a tool's (or a run_sequence step's) arguments."""
    if action in ("click", "highlight", "clear", "check", "uncheck", "dblclick", "hover"):
        el = page.element(args.get("element_id"))
        return Step(action=cast(StepAction, action), elementId=el.id,
                    description=_described(args, action, el))
    if action in ("type", "select_text"):
        el = page.element(args.get("element_id"))
        # (words to select may be left out: all of the text)
        given = args.get(value_key, "" if action == "select_text" else None)
        if not isinstance(given, str | int | float):
            raise ToolArgError(f"{value_key or 'text'} must be a string (empty: all of it)")
        text = _text(args, value_key, required=False)
        return Step(action=cast(StepAction, action), elementId=el.id, inputData=text,
                    description=_described(args, action.replace("_", " ") + " in", el))
    if action == "select":
        el = page.element(args.get("element_id"))
        option = _select_value(el, _text(args, value_key, limit=500))
        return Step(action="select", elementId=el.id, inputData=option,
                    description=_described(args, "choose in", el))
    if action == "press":
        on = page.optional(args.get("element_id"))
        key = _text(args, value_key, limit=32)
        return Step(action="press", elementId=on.id if on else None, inputData=key,
                    description=_described(args, f"press {key}", None))
    if action == "scroll":
        to = page.optional(args.get("element_id"))
        direction = args.get(value_key)
        if to is None and direction not in SCROLL_DIRECTIONS:
            raise ToolArgError("scroll needs a direction (up, down, top, bottom) or an element_id")
        return Step(action="scroll", elementId=to.id if to else None,
                    inputData=None if to else direction,
                    description=_described(args, f"scroll {direction or ''}".strip(), to))
    if action == "navigate":
        url = page.same_site_url(args.get(value_key))
        desc = _described(args, f"open {url}", None)
        return Step(action="navigate", inputData=url, description=desc)
    if action == "wait":
        raw = args.get(value_key) or "1000"
        ms = int(raw) if str(raw).isdigit() else 1000
        return Step(action="wait", inputData=str(min(ms, 5_000)), description="wait")
    raise ToolArgError(f"unknown step action {action!r}")


_TOOL_STEP = {"click": ("click", ""), "type_text": ("type", "text"),
              "select_option": ("select", "option"), "press_key": ("press", "key"),
              "scroll": ("scroll", "direction"), "navigate": ("navigate", "url")}


def steps_for(call: ToolCall, page: _Page) -> list[Step]:
    args = call.arguments or {}
    if call.name == "check":
        action = "check" if _bool(args.get("checked")) else "uncheck"
        return [step_from(action, args, page, "")]
    if call.name == "run_sequence":
        raw = args.get("steps")
        if not isinstance(raw, list) or not raw:
            raise ToolArgError("steps must be a non-empty list")
        if len(raw) > MAX_STEPS:
            raise ToolArgError(f"at most {MAX_STEPS} steps in one sequence")
        out = []
        for i, s in enumerate(raw):
            if not isinstance(s, dict) or s.get("action") not in STEP_ACTIONS:
                raise ToolArgError(f"step {i + 1}: action must be one of {', '.join(STEP_ACTIONS)}")
            try:
                out.append(step_from(s["action"], s, page, "value"))
            except ToolArgError as exc:
                raise ToolArgError(f"step {i + 1}: {exc}") from None
        return out
    action, key = _TOOL_STEP[call.name]
    return [step_from(action, args, page, key)]


@dataclass
class _Collected:
    """One response's calls, sorted by what the engine does with them."""

    steps: list[Step] = field(default_factory=list)
    blocks: list[PlanEvent] = field(default_factory=list)
    ask: AskConfirmation | None = None
    finish: FinishTask | None = None


def interpret(calls: tuple[ToolCall, ...], context: PageContext | None) -> Interpretation:
    """All of one response's tool calls -> events in the order the engine wants them:
    ui blocks, a confirmation request, one PlanActions with every step, then finish."""
    page = _Page(context)
    result = Interpretation()
    got = _Collected()
    for call in calls:
        try:
            _take(call, page, context, got)
        except (ToolArgError, OwnerToolError, ValueError) as exc:
            result.errors.append((call.id, str(exc)))
    if len(got.steps) > MAX_STEPS:
        result.errors.append((calls[-1].id, f"at most {MAX_STEPS} steps in one response"))
    result.events.extend(got.blocks)
    if got.ask is not None:
        result.events.append(got.ask)
    if got.steps:
        result.events.append(PlanActions(got.steps))
    if got.finish is not None:
        result.events.append(got.finish)
    return result


def _take(call: ToolCall, page: _Page, context: PageContext | None, got: _Collected) -> None:
    """Check one call and add what it asks for; a bad call raises what the model is told."""
    if is_owner_call(call.name) and call.arguments is not None:
        got.steps.append(owner_step(call, context))
        return
    if call.name not in TOOL_NAMES:
        raise ToolArgError(f"unknown tool {call.name!r}; use one of the offered tools")
    if call.arguments is None:
        raise ToolArgError(call.parse_error or "arguments must be a JSON object")
    args = call.arguments
    if call.name in ACTION_TOOLS:
        got.steps.extend(steps_for(call, page))
    elif call.name == "show_ui_block":
        data = validate_block(args.get("block_type"), args.get("data"))
        msg = args.get("message") if isinstance(args.get("message"), str) else None
        got.blocks.append(ShowBlock(args["block_type"], data, msg))
    elif call.name == "ask_confirmation":
        got.ask = got.ask or AskConfirmation(
            _text(args, "message", limit=500),
            _text(args, "confirm_label", required=False, limit=40) or "Confirm",
            _text(args, "cancel_label", required=False, limit=40) or "Cancel",
        )
    elif call.name == "finish_task":
        summary = _text(args, "summary", limit=500)
        message = _text(args, "message", required=False, limit=2_000) or summary
        got.finish = got.finish or FinishTask(summary, message)
