"""What the owner's console never shows: secrets a visitor typed or the agent typed.

The embed never sends a password field's value, but a plan may type one the visitor
said in the chat, and a typed card number sits in the plan's ``inputData``. So:

* a run of 13-19 digits (spaces or dashes between them allowed) is a card number:
  every digit but the last four becomes ``•``, anywhere in the text;
* a value typed into a secret field (a password, a card's number or code, a one-time
  code — by the element's type/autocomplete in the page context, or by the words of
  the step) is shown as ``••••••••``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from leflux.protocol import IndexedElement
from leflux.toolspec import words_of

HIDDEN = "\u2022" * 8
_CARD = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")
_SECRET_AUTOCOMPLETE = re.compile(r"cc-number|cc-csc|one-time-code|new-password|"
                                  r"current-password", re.I)
_SECRET_WORDS = re.compile(r"pass(?:word|code|phrase)|\bpin\b|\bcvc\b|\bcvv\b|\bcsc\b|"
                           r"security code|one[- ]time code|card number|contraseña|"
                           r"mot de passe|kennwort|passwort", re.I)


def _mask_card(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    seen = 0
    out = []
    for c in text:
        if c.isdigit():
            seen += 1
            out.append(c if seen > digits - 4 else "\u2022")
        else:
            out.append(c)
    return "".join(out)


def mask_text(text: str | None) -> str | None:
    """Card numbers in free text (messages, descriptions, results) keep their last 4."""
    if not text:
        return text
    return _CARD.sub(_mask_card, text)


def is_secret_element(element: IndexedElement | None) -> bool:
    if element is None:
        return False
    if (element.type or "").lower() == "password":
        return True
    return bool(_SECRET_AUTOCOMPLETE.search(element.autocomplete or ""))


def mask_input(value: str | None, *, words: str = "",
               element: IndexedElement | None = None) -> str | None:
    """A value a step typed or selected, as the console may show it."""
    if value is None:
        return None
    if is_secret_element(element) or _SECRET_WORDS.search(words):
        return HIDDEN
    return mask_text(value)


def mask_args(args: dict[str, Any] | None) -> str | None:
    """An owner's tool call's arguments as the console shows them ("order number: 10001"):
    each value masked like a typed one, by its property's name."""
    if not isinstance(args, dict):
        return None
    parts = []
    for key, value in args.items():
        words = words_of(str(key))
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{words}: {mask_input(shown, words=words)}")
    return ", ".join(parts)[:500]


def mask_result(value: Any) -> str | None:
    """What an owner's tool returned, as short JSON text with card numbers masked."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return mask_text(text[:500])
