"""Did the last submit work? Read the new page for success text and error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from leflux.agent.planners.rules.decision import D, done, fail, q
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
    r"correct|check|accept|agree|select|choose)\b|\byou (?:must|need to)\b|\bcould not\b|"
    r"\bcan't be blank\b|\bno results?\b|\bthere (?:was|were|is|are) (?:a )?(?:problem|errors?)\b)",
    re.I)
_SENT_RE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass
class Outcome:
    success: str | None  # the success sentence, quoted to the visitor
    errors: list[str]
    url_changed: bool
    # Errors printed next to a field ("Please accept the terms..."), more telling than the
    # form's banner ("Please correct the highlighted fields.").
    field_errors: list[str] = field(default_factory=list)


def error_sentences(text: str) -> list[str]:
    """Error-looking sentences of a page (hints like "must be 8 characters" included)."""
    out = []
    for sent in _SENT_RE.split(text[:20_000]):
        s = " ".join(sent.split())
        if s and len(s) <= 300 and ERROR_RE.search(s) and not s.endswith("?"):
            out.append(s)
    return out[:50]


def _lines(text: str) -> list[str]:
    return [ln for ln in (" ".join(x.split()) for x in text[:20_000].splitlines()) if ln]


def field_notes(page: Page) -> list[str]:
    """Lines printed right under a field's label (hints, errors), from visibleText: the
    embed reports only interactive elements, so the text is where the notes are."""
    labels = {" ".join((el.e.label or "").split()).lower() for el in page.fields if el.e.label}
    stops = labels | {" ".join(el.name_text.split()).lower() for el in page.clickables}
    out: list[str] = []
    lines = _lines(page.text)
    for i, line in enumerate(lines):
        if line.lower() not in labels:
            continue
        for nxt in lines[i + 1:i + 4]:
            if nxt.lower() in stops:
                break
            if len(nxt) <= 200 and nxt not in out:
                out.append(nxt)
    return out[:40]


def before_lines(page: Page) -> list[str]:
    """What the page says before a submit that is not news after it: error-looking
    sentences and the notes under fields (hints like "at least 8 characters")."""
    out = error_sentences(page.text)
    return out + [n for n in field_notes(page) if n not in out]


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
    # A new note under a field is an error when it reads like one, or when the form came
    # back (same page) with an error banner.
    notes = [n for n in field_notes(page) if n not in before and (
        ERROR_RE.search(n) or (errors and not changed))]
    field_errors = [n for n in notes if n not in before and n != success]
    errors = [*field_errors, *(e for e in errors if e not in field_errors)]
    return Outcome(success, errors, changed, field_errors)


def report(page: Page, intent: dict[str, Any]) -> D:
    """What a submit did, read from the page after it (``intent``: url, before)."""
    o = read(page, intent.get("url"), set(intent.get("before", [])))
    if o.errors and not o.success:
        quoted = " ".join(q(e) for e in (o.field_errors[:3] or o.errors[:1]))
        return fail(f"The form came back with a problem: {quoted} "
                    "Tell me the right value and I'll try again.")
    if o.success:
        return done(f"Done \u2014 the page says: {q(o.success)}")
    if o.url_changed:
        return done(f"Submitted. You're now on {q(page.title or page.url)}.")
    return done("I submitted the form. I don't see a confirmation message yet.")
