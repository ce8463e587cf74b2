"""Did the last submit work? Read the new page for success text and error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from leflux.agent.planners.rules.elements import Page

SUCCESS_RE = re.compile(
    r"\b(thank you|thanks for|success(?:fully)?|welcome(?: back)?|confirmed|you(?:'re| are) "
    r"(?:now )?(?:signed|logged|registered|subscribed)|has been (?:sent|received|created|placed|"
    r"saved|updated|booked)|order (?:number|#|no\.?|placed|confirmed)|account (?:created|is ready)|"
    r"we(?:'ll| will) be in touch|we(?:'ll| will) get back|message sent|saved|added to (?:your )?"
    r"(?:cart|basket|bag)|signed in as|logged in as|results? for|\d+ results?)\b", re.I)
ERROR_RE = re.compile(
    r"(?:\b(?:is|are) required\b|\binvalid\b|\bincorrect\b|\bwrong\b|\berror\b|\bfailed\b|"
    r"\bnot valid\b|\balready (?:taken|registered|exists|in use)\b|\bmust (?:be|contain|have|"
    r"include)\b|\btoo (?:short|long)\b|\bdo(?:es)? not match\b|\bplease (?:enter|fill|provide|"
    r"correct|check)\b|\bcould not\b|\bcan't be blank\b|\bno results?\b)", re.I)
_SENT_RE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass
class Outcome:
    success: str | None  # the success sentence, quoted to the visitor
    errors: list[str]
    url_changed: bool


def error_sentences(text: str) -> list[str]:
    """Error-looking sentences of a page (hints like "must be 8 characters" included)."""
    out = []
    for sent in _SENT_RE.split(text[:20_000]):
        s = " ".join(sent.split())
        if s and len(s) <= 300 and ERROR_RE.search(s) and not s.endswith("?"):
            out.append(s)
    return out[:50]


def read(page: Page, previous_url: str | None, before: set[str] | frozenset[str] = frozenset()
         ) -> Outcome:
    """``before``: error-looking sentences already on the page before the submit (hints),
    which are not news."""
    errors: list[str] = []
    for el in page.els:
        extra = el.e.model_extra or {}
        if el.role == "alert" or extra.get("invalid") is True or extra.get("ariaInvalid") in (
                True, "true"):
            msg = " ".join((el.e.text or extra.get("validationMessage") or "").split())
            if msg and ERROR_RE.search(msg) and msg not in errors:
                errors.append(msg[:200])
    success = None
    sents = [" ".join(x.split()) for x in _SENT_RE.split(page.text[:20_000])]
    for i, s in enumerate(sents):
        if not s or len(s) > 300:
            continue
        if success is None and SUCCESS_RE.search(s) and not ERROR_RE.search(s):
            success = s
            # "Thank you!" alone says little; the next sentence has the order number.
            if len(s) < 40 and i + 1 < len(sents) and 0 < len(sents[i + 1]) <= 160:
                success = f"{s} {sents[i + 1]}"
        elif (ERROR_RE.search(s) and len(errors) < 5 and s not in errors and s not in before
              and not s.endswith("?")):
            errors.append(s)
    changed = bool(previous_url) and page.url.split("#")[0] != (previous_url or "").split("#")[0]
    return Outcome(success, errors, changed)
