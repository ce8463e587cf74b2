"""What the visitor is told of an owner's tool call: its result in words, or a calm
sentence when it failed.

A result is the site's JSON, read as a person would read it out: a string as it is; an
object's ``message`` (the owner's own sentence for the visitor) when it has one, else its
fields in one sentence ("status: shipped; carrier: DHL"); a list by its items. A failure
never shows a stack or an error class: a timeout says the site did not answer in time; a
throw says the owner's own words (the handler's error message), nothing else.
"""

from __future__ import annotations

import json
import re
from typing import Any

from leflux.toolspec import words_of

MAX_FIELDS = 8
MAX_ITEMS = 5
MAX_VALUE_CHARS = 200
MAX_REPLY_CHARS = 1_500
# The embed's error texts (widget/src/tools.ts) and what they mean for the visitor.
_TIMEOUT = re.compile(r"did not answer within", re.I)
_THREW = re.compile(r"^the tool failed:\s*", re.I)
_MESSAGE_KEYS = ("message", "text", "summary")


def _short(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif value is None:
        text = "none"
    elif isinstance(value, int | float):
        text = f"{value:g}" if isinstance(value, float) else str(value)
    elif isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        text = ", ".join(_short(v) for v in value[:MAX_ITEMS])
        if len(value) > MAX_ITEMS:
            text += f" (and {len(value) - MAX_ITEMS} more)"
    else:
        text = json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 1] + "\u2026"


def _fields(obj: dict[str, Any]) -> str:
    parts = [f"{words_of(str(key)) or key}: {_short(value)}"
             for key, value in list(obj.items())[:MAX_FIELDS]]
    if len(obj) > MAX_FIELDS:
        parts.append(f"and {len(obj) - MAX_FIELDS} more")
    return "; ".join(parts)


def result_text(title: str, result: Any) -> str:
    """The reply for a call that worked."""
    if isinstance(result, dict):
        said = next((result[k] for k in _MESSAGE_KEYS
                     if isinstance(result.get(k), str) and result[k].strip()), None)
        if said is not None:
            text = said.strip()
        elif result:
            text = f"Here's what \u201c{title}\u201d says: {_fields(result)}."
        else:
            text = f"Done: {title}."
    elif isinstance(result, list):
        if not result:
            text = f"\u201c{title}\u201d found nothing."
        else:
            items = [_short(v) for v in result[:MAX_ITEMS]]
            more = [f"and {len(result) - MAX_ITEMS} more"] if len(result) > MAX_ITEMS else []
            text = f"Here's what \u201c{title}\u201d found: " + "; ".join(items + more) + "."
    elif result is None or result is True:
        text = f"Done: {title}."
    elif result is False:
        text = f"\u201c{title}\u201d didn't go through."
    else:
        text = _short(result)
    return text if len(text) <= MAX_REPLY_CHARS else text[:MAX_REPLY_CHARS - 1] + "\u2026"


def failure_text(title: str, error: str) -> str:
    """The calm reply for a call that failed (the embed's ``error``)."""
    if _TIMEOUT.search(error):
        return (f"Sorry, the site didn't answer in time when I tried to {title}. "
                "Please try again in a moment.")
    if _THREW.match(error):
        said = _THREW.sub("", error).strip().rstrip(".")
        return (f"Sorry, I couldn't {title}: {said[:MAX_VALUE_CHARS]}." if said else
                f"Sorry, I couldn't {title} just now. Please try again in a moment.")
    return f"Sorry, I couldn't {title} just now. Please try again in a moment."
