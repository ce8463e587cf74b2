"""Turn the visitor's words into a queue of intents (JSON-serialisable dicts).

One request may hold several clauses ("put the red shoes in my cart and check out");
each becomes one intent, done in order across iterations of the task.
"""

from __future__ import annotations

import re
from typing import Any

Intent = dict[str, Any]

_VERBS = (r"click|press|tap|open|go|navigate|visit|search|look|find|add|put|check\s*out|checkout|"
          r"place|pay|complete|"
          r"proceed|select|choose|pick|scroll|submit|send|log|sign|fill|uncheck|tick|untick|"
          r"show|take|book|reserve|buy|subscribe|enable|disable|turn|accept")
_SPLIT_RE = re.compile(rf"\s*(?:,?\s+and\s+then\s+|,?\s+then\s+|;\s+|,?\s+and\s+(?=(?:{_VERBS})\b)"
                       rf"|\.\s+(?=(?:{_VERBS})\b))", re.I)
_POLITE_RE = re.compile(r"^(?:(?:please|pls|kindly|can you|could you|would you|i want to|"
                        r"i'd like to|i would like to|help me|let's|now)\s+)+", re.I)

BY_ID_RE = re.compile(r"^(?:click|open|select|press)?\s*(?:#|element\s+)(\d{1,6})$", re.I)
LOGIN_RE = re.compile(r"\b(?:log\s*(?:me\s+)?in|sign\s*(?:me\s+)?in|login)\b", re.I)
SIGNUP_RE = re.compile(r"\b(?:sign\s*(?:me\s+)?up|register|create\s+(?:an?\s+|my\s+)?account|"
                       r"join)\b", re.I)
CART_RE = re.compile(
    r"\b(?:add|put|throw|place)\s+(?:(\d{1,3}|one|two|three|four|five)\s+(?:of\s+)?)?"
    r"(?:the\s+|a\s+|an\s+|some\s+|these\s+|this\s+)?(.+?)\s+(?:to|in|into)\s+(?:my\s+|the\s+)?"
    r"(?:shopping\s+)?(?:cart|basket|bag|trolley)\b", re.I)
CHECKOUT_RE = re.compile(r"^(?:(?:go|proceed|continue)\s+to\s+(?:the\s+)?)?(?:check\s*out|checkout)"
                         r"\b", re.I)
SEARCH_RE = re.compile(r"^(?:search|look)\s+(?:(?:for|up)\s+)?(?:the\s+site\s+for\s+)?(.+)$", re.I)
FIND_RE = re.compile(r"^(?:find|show me|get me|i(?:'m| am) looking for|looking for)\s+(.+)$", re.I)
UNCHECK_RE = re.compile(r"^(?:uncheck|untick|deselect|disable|turn off|switch off|opt out of|"
                        r"unselect)\s+(?:the\s+|my\s+)?(.+)$", re.I)
CHECK_RE = re.compile(r"^(?:check|tick|enable|turn on|switch on|accept|agree to|opt in to|"
                      r"opt into|mark|only show|show only)\s+(?:the\s+|my\s+)?(.+)$", re.I)
SELECT_RE = re.compile(r"^(?:select|choose|pick|use)\s+(?:the\s+)?(.+?)(?:\s+(?:in|from|for|as)"
                       r"\s+(?:the\s+|my\s+)?(.+?))?$", re.I)
CHANGE_RE = re.compile(r"^(?:change|update|set|make)\s+(?:my\s+|the\s+)?(.+?)\s+(?:to|as)\s+(.+)$",
                       re.I)
NAV_RE = re.compile(r"^(?:go|navigate|take me|bring me|head|get me|return)\s+(?:back\s+)?"
                    r"(?:to\s+)?(?:the\s+|my\s+)?(.+?)(?:\s+page)?$", re.I)
OPEN_RE = re.compile(r"^(?:open|visit|show|view|see)\s+(?:me\s+)?(?:the\s+|my\s+)?(.+?)"
                     r"(?:\s+page)?$", re.I)
CLICK_RE = re.compile(r"^(?:click|press|tap|hit|push)\s+(?:on\s+)?(?:the\s+)?(.+?)"
                      r"(?:\s+(?:button|link|tab|icon))?$", re.I)
SUBMIT_RE = re.compile(r"^(?:submit|send)(?:\s+(?:the\s+|this\s+)?(?:form|it|message))?[.!]?$",
                       re.I)
BOOK_RE = re.compile(r"^(?:book|reserve|schedule|make a (?:booking|reservation|appointment))\b",
                     re.I)
CONTACT_RE = re.compile(r"\b(?:contact|message|write to|get in touch with|email|ask)\b.*"
                        r"\b(?:saying|that says|to say|asking|about|message)\b", re.I)
FILL_RE = re.compile(r"^(?:fill|complete)\s+(?:in|out)?\b", re.I)
QUESTION_RE = re.compile(r"^(?:what|when|where|why|who|whom|which|how|does|do|did|is|are|was|"
                         r"were|can|could|should|will|would|tell me|explain|describe)\b", re.I)
# Talk about the assistant itself ("ignore your instructions", "don't ask me") is not a
# request; the gate ignores it anyway, and the planner skips it.
NOISE_RE = re.compile(r"^(?:ignore|disregard|forget|override|bypass|skip)\b.*\b(?:instructions?|"
                      r"rules?|prompt|confirmations?|gate|policy|safety)\b|^(?:don't|do not) "
                      r"ask\b", re.I)
PLACE_RE = re.compile(r"^(?:place|submit|complete|confirm|finish)\s+(?:the\s+|my\s+)?"
                      r"(?:order|purchase|payment)\b|^pay(?:\s+now)?$", re.I)
FILTER_RE = re.compile(r"^(?:filter(?:\s+(?:by|for|to|on))?|only(?:\s+show)?|show\s+only|"
                       r"just\s+show|limit\s+to)\s+(.+)$", re.I)
# The visitor's answer to "do you agree to the terms?" (rules/consent.py).
AGREE_RE = re.compile(r"^(?:(?:yes|ok|okay|sure)\b[\s,.!]*)?(?:i\s+)?(?:agree|accept|consent)"
                      r"(?:\s+to)?(?:\s+(?:(?:the|all|your)\s+)?(?:terms|conditions|privacy|polic|"
                      r"it\b|that\b|them\b|this\b).*)?$", re.I)
DECLINE_RE = re.compile(r"^(?:no\b[\s,.!]*(?:thanks|thank you)?[\s,.!]*)?(?:i\s+)?(?:don'?t|do not|"
                        r"won'?t)\s+(?:agree|accept|consent|tick|check)\b.*$|^no[\s,.!]*"
                        r"(?:thanks|thank you)?$", re.I)


def clauses(text: str) -> list[str]:
    # Only spaces and full stops are trimmed: "!" may end a password.
    parts = [p.strip(" .") for p in _SPLIT_RE.split(text.strip()) if p and p.strip(" .")]
    return parts or [text.strip()]


def _one(clause: str, has_facts: bool) -> Intent:
    c = _POLITE_RE.sub("", clause.strip()).strip(" .!")
    if re.match(r"^(?:keep going|continue|go on|carry on)$", c, re.I):
        return {"kind": "nothing_open"}
    if AGREE_RE.match(c):
        return {"kind": "consent", "on": True}
    if DECLINE_RE.match(c):
        return {"kind": "consent", "on": False}
    if m := BY_ID_RE.match(c):
        return {"kind": "click", "target": f"#{m[1]}", "id": int(m[1])}
    if CART_RE.search(c) or re.match(r"^buy\b", c, re.I) or PLACE_RE.match(c) or \
            CHECKOUT_RE.match(c) or SEARCH_RE.match(c):
        return {"kind": "pipeline"}  # the cart, checkout and search: the pipeline's alone
    if re.match(r"^(?:subscribe|sign up for|join)\b.*\b(?:newsletter|mailing list|updates)\b",
                c, re.I):
        return {"kind": "form", "form": "newsletter", "submit": True}
    going = bool(re.match(r"^(?:go|navigate|click|open|take me|tap|press|visit)\b", c, re.I))
    if SIGNUP_RE.search(c) and not LOGIN_RE.search(c) and not (going and not has_facts):
        return {"kind": "form", "form": "signup", "submit": True}
    if LOGIN_RE.search(c) and not (going and not has_facts):
        return {"kind": "form", "form": "login", "submit": True}
    if c.endswith("?") or (QUESTION_RE.match(c) and not has_facts):
        # (questions are the pipeline's: one asked here among other things is not acted on)
        return {"kind": "unknown", "text": c}
    if m := re.match(r"^(?:sort|order)\s+(?:them\s+|results\s+)?by\s+(.+)$", c, re.I):
        return {"kind": "select", "option": m[1], "field": "sort"}
    if m := FILTER_RE.match(c):
        return {"kind": "select", "option": m[1].strip(" .\"“”'"), "field": None,
                "or_search": True}
    if m := UNCHECK_RE.match(c):
        return {"kind": "toggle", "target": m[1], "on": False}
    if m := CHECK_RE.match(c):
        return {"kind": "toggle", "target": m[1], "on": True}
    if m := CHANGE_RE.match(c):
        return {"kind": "form", "form": "settings", "submit": c.lower().startswith(
            ("change", "update")), "pairs": [[m[1], m[2].strip(" \"“”'")]]}
    if m := SELECT_RE.match(c):
        return {"kind": "select", "option": m[1].strip(" \"“”'"), "field": m[2]}
    if SUBMIT_RE.match(c):
        return {"kind": "submit"}
    if BOOK_RE.match(c):
        return {"kind": "form", "form": "booking", "submit": True}
    if CONTACT_RE.search(c):
        # "contact support about a late order": to the contact form; without the
        # visitor's details it is filled as far as known and not sent.
        return {"kind": "form", "form": "contact", "submit": has_facts}
    if FILL_RE.match(c) or has_facts:
        return {"kind": "form", "form": "fill",
                "submit": bool(re.search(r"\b(?:submit|send)\b", c, re.I))}
    if m := FIND_RE.match(c):
        return {"kind": "find", "target": m[1].strip(" .\"“”'")}
    if m := CLICK_RE.match(c):
        return {"kind": "click", "target": m[1]}
    if m := NAV_RE.match(c):
        return {"kind": "click", "target": m[1], "nav": True}
    if m := OPEN_RE.match(c):
        return {"kind": "click", "target": m[1], "nav": True}
    if QUESTION_RE.match(c):
        return {"kind": "unknown", "text": c}
    if len(c.split()) <= 5:
        return {"kind": "find", "target": c}
    return {"kind": "unknown", "text": c}


def parse(text: str, has_facts: bool) -> list[Intent]:
    """Intents of one visitor message, in order. Form clauses merge into one."""
    out: list[Intent] = []
    for clause in clauses(text):
        if NOISE_RE.match(_POLITE_RE.sub("", clause.strip())):
            continue
        intent = _one(clause, has_facts)
        if (out and intent["kind"] == "form" and out[-1]["kind"] == "form"
                and intent["form"] in ("fill", "settings")):
            out[-1]["submit"] = out[-1]["submit"] or intent["submit"]
            out[-1].setdefault("pairs", []).extend(intent.get("pairs", []))
            continue
        if (intent["kind"] == "toggle" and intent["on"] and out and out[-1]["kind"] == "form"
                and re.search(r"\b(?:terms|conditions|privacy|policy)\b", intent["target"],
                              re.I)):
            out[-1]["agree"] = True  # "... and accept the terms" belongs to that form
            continue
        if intent["kind"] == "submit" and out and out[-1]["kind"] == "form":
            out[-1]["submit"] = True
            continue
        out.append(intent)
    return out
