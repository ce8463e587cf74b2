"""Did the last plan work? Read it from the page as it is now, compared with before.

Evidence, strongest first: the embed's results (a step that failed), fields the page marks
invalid with its own error text, new alerts or new sentences that read as an error or a
success, the URL/title changing after a submit, the values actually present in the fields
the plan filled, and a list that grew or shrank. Only what is new since the plan was made
is quoted: text that was already on the page (a header, a hint) is never an outcome.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.match import tokens

MAX_SENTENCE = 300
SHORT_SUCCESS = 40  # a success sentence shorter than this is quoted with the next one
_SENT_RE = re.compile(r"(?<=[.!?])\s+|\n+")


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    UNKNOWN = "unknown"


class Expect(StrEnum):
    """What the plan was meant to do, so the right evidence is looked for."""

    FILL = "fill"          # values into fields, nothing sent
    SUBMIT = "submit"      # a form sent (or Enter pressed in it)
    CLICK = "click"        # a control pressed / a page opened
    ADD = "add"            # an item added to a list
    DELETE = "delete"      # an item removed
    TOGGLE = "toggle"      # a box ticked / unticked
    SEARCH = "search"


def text_crc(text: str) -> int:
    """How a text already on the page is remembered (``Before.seen``)."""
    return _crc(text)


def _crc(text: str) -> int:
    return zlib.crc32(" ".join(text.lower().split()).encode())


def sentences(text: str) -> list[str]:
    out = []
    for s in _SENT_RE.split(text[:20_000]):
        s = " ".join(s.split())
        if s and len(s) <= MAX_SENTENCE:
            out.append(s)
    return out


@dataclass
class Before:
    """The page as it was when the plan was made (kept in the planner's state)."""

    expect: Expect
    url: str = ""
    title: str = ""
    seen: list[int] = field(default_factory=list)      # crc32 of sentences and alerts then
    values: dict[int, str] = field(default_factory=dict)  # element id -> value the plan set
    checks: dict[int, bool] = field(default_factory=dict)  # element id -> checked wanted
    count: int | None = None                              # rows in the list acted on
    form_id: int | None = None
    shows: str = ""                                       # text the page should show after

    def to_json(self) -> dict[str, Any]:
        return {"expect": self.expect.value, "url": self.url, "title": self.title,
                "seen": self.seen, "values": {str(k): v for k, v in self.values.items()},
                "checks": {str(k): v for k, v in self.checks.items()}, "count": self.count,
                "form_id": self.form_id, "shows": self.shows}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Before:
        return cls(Expect(d["expect"]), d.get("url", ""), d.get("title", ""),
                   list(d.get("seen", [])), {int(k): v for k, v in d.get("values", {}).items()},
                   {int(k): bool(v) for k, v in d.get("checks", {}).items()}, d.get("count"),
                   d.get("form_id"), str(d.get("shows", "")))


def snapshot(page: Page, expect: Expect, **kw: Any) -> Before:
    return Before(expect, page.url, page.title, list(page.derived(_seen)), **kw)


def _seen(page: Page) -> tuple[int, ...]:
    """What the page says now (its sentences, alerts, fields' errors), as ``Before.seen``."""
    seen = {_crc(s) for s in sentences(page.text)} | {_crc(a) for a in page.alerts}
    seen |= {_crc(el.error_text) for el in page.els if el.error_text}
    return tuple(sorted(seen))


@dataclass
class FieldError:
    label: str
    message: str


@dataclass
class Verdict:
    outcome: Outcome
    evidence: str = ""                     # the page's own words (or what changed)
    field_errors: list[FieldError] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)    # required fields still empty
    not_set: list[str] = field(default_factory=list)    # fields that do not hold our value
    navigated: bool = False
    errors: list[str] = field(default_factory=list)     # new error messages on the page
    said: bool = False                                  # evidence is a message on the page


def one_line(text: str) -> str:
    """Text of several lines as it is quoted to the visitor: a list's items an editor
    holds one a line read "tent, sleeping bag, stove", never run together."""
    return ", ".join(ln for ln in (" ".join(x.split()) for x in text.splitlines()) if ln)


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def _base(url: str) -> str:
    return url.split("#")[0].rstrip("/")


def new_sentences(page: Page, before: Before) -> list[str]:
    """The alerts and sentences the page shows now that it did not show before."""
    seen = set(before.seen)
    fresh = []
    for s in [*page.alerts, *sentences(page.text)]:
        if _crc(s) not in seen:
            seen.add(_crc(s))
            fresh.append(s)
    return fresh


def new_messages(page: Page, before: Before) -> tuple[list[str], list[str]]:
    """(errors, successes) the page shows now that it did not show before."""
    errors: list[str] = []
    successes: list[str] = []
    # (a product card's own words, "The Cartographer's Error", are no message)
    cards = [el.group for el in page.els if el.group and el.extra("groupKind") == "card"]
    # (nor is a line that is mostly a control's own label come into view: "No thanks, I'll
    # pay full price" is a pop-up's way out, not what the page says of the last action)
    labels = {_squash(el.name_text) for el in page.els if el.is_clickable
              and len(el.name_text.split()) > 1}
    fresh = [s for s in new_sentences(page, before)
             if not any(s in g for g in cards) and not _mostly_label(s, labels)]
    # A message's details are the new sentences after it where the page shows it: an
    # alert read apart from the text is not followed by whatever the page shows first
    # ("Saved" is no more "Saved tentsleeping bagstove" for a list's preview above it).
    new = set(fresh)
    in_order = [s for s in dict.fromkeys(sentences(page.text)) if s in new]
    for s in fresh:
        kind = lex.outcome_kind(s)
        if kind == "error" and not s.endswith("?"):
            errors.append(s)
        elif kind == "success":
            successes.append(_with_details(in_order, in_order.index(s)) if s in in_order
                             else s)
    return errors[:5], successes[:3]


def _mostly_label(sentence: str, labels: set[str]) -> bool:
    """Is ``sentence`` mostly the label of a control on the page (its words outside the
    labels it holds are fewer than those inside)?"""
    text = _squash(sentence)
    total = len(text.split())
    for label in labels:
        if label in text:
            text = text.replace(label, " ")
    return len(text.split()) * 2 < total


def _with_details(fresh: list[str], i: int) -> str:
    """A success message with the words that complete it: "Thank you!" alone says little,
    the sentence after it has the details; "Your code for 15% off:" announces the code on
    the line after it."""
    s, j = fresh[i], i + 1
    if len(s) < SHORT_SUCCESS and j < len(fresh) and len(fresh[j]) <= 160 \
            and lex.outcome_kind(fresh[j]) != "error":
        s, j = f"{s} {fresh[j]}", j + 1
    if s.endswith(":") and j < len(fresh) and len(fresh[j]) <= 160:
        s = f"{s} {fresh[j]}"
    return s


def _lines(text: str) -> list[str]:
    return [ln for ln in (" ".join(x.split()) for x in text[:20_000].splitlines()) if ln]


def field_notes(page: Page) -> list[FieldError]:
    """Lines printed right under a field's label in the page text (where pages without
    ``aria-invalid`` put their field errors), with the field they sit under."""
    labels = {" ".join((el.e.label or "").split()).lower(): el for el in page.fields
              if el.e.label}
    stops = set(labels) | {" ".join(el.name_text.split()).lower() for el in page.clickables}
    out: list[FieldError] = []
    lines = _lines(page.text)
    for i, line in enumerate(lines):
        el = labels.get(line.lower())
        if el is None:
            continue
        for nxt in lines[i + 1:i + 4]:
            if nxt.lower() in stops:
                break
            if len(nxt) <= 200:
                out.append(FieldError(el.display, nxt))
    return out[:40]


def _named_with_value(el: PageElement, before: Before | None) -> str:
    """A field the page refused, with what was put in it (never a secret): the visitor
    sees which of their words it was ("Email address “jo@example”")."""
    typed = before.values.get(el.id) if before else None
    if not typed or el.type == "password" or el.is_toggle or el.is_select or \
            el.extra("autocomplete").startswith("cc-"):
        return el.display
    return f"{el.display} \u201c{one_line(typed)[:60]}\u201d"


def field_errors(page: Page, before: Before | None = None,
                 banner: bool = False) -> list[FieldError]:
    """Fields the page marks invalid, or whose error text is new and reads as an error
    (a hint under a field that was there before is not an error)."""
    seen = set(before.seen) if before else set()
    out = []
    for el in page.fields:
        msg = el.error_text
        fresh = bool(msg) and _crc(msg) not in seen and lex.outcome_kind(msg) == "error"
        if el.invalid or fresh:
            out.append(FieldError(_named_with_value(el, before), msg))
    # A new note under a field is an error when it reads like one, or when the form came
    # back with an error banner.
    for note in field_notes(page):
        if _crc(note.message) in seen or any(e.message == note.message for e in out):
            continue
        if banner or lex.outcome_kind(note.message) == "error":
            out.append(note)
    return out


def missing_required(page: Page, form_id: int | None = None) -> list[str]:
    # (a radio of a group with one chosen is answered: "PayPal" is not still needed when
    # "Credit card" is on)
    answered = {el.e.name for el in page.fields if el.type == "radio" and el.e.checked}
    return [el.display for el in page.fields if el.required and not el.has_value
            and not (el.type == "radio" and el.e.name in answered)
            and (form_id is None or el.form_id in (None, form_id))]


def _value_present(el: PageElement, wanted: str) -> bool:
    if el.is_select:
        chosen = [o for o in el.e.options or [] if o.selected or (
            el.e.value and o.value == el.e.value)]
        return any(wanted.lower() in ((o.text or "") + " " + (o.value or "")).lower()
                   for o in chosen) or (el.e.value or "").lower() == wanted.lower()
    have = el.e.value
    if have is None:
        # Secrets are never echoed, only whether they hold something; an element sent
        # without a value at all says nothing either way.
        return el.flag("filled") if el.type == "password" else True
    have, wanted = " ".join(have.split()).lower(), " ".join(wanted.split()).lower()
    if el.role == "combobox":  # the suggestion chosen says more ("Lyon, France", "New York
        # John F. Kennedy (JFK)" for "New York JFK")
        return bool(wanted) and (wanted in have or set(tokens(wanted)) <= set(tokens(have)))
    return have == wanted


def verify(page: Page, before: Before, failed_steps: list[str],
           rows_now: int | None = None) -> Verdict:
    """The outcome of the plan described by ``before``, on ``page`` (the page after it)."""
    navigated = bool(before.url) and _base(page.url) != _base(before.url)
    missing = missing_required(page, before.form_id) if not navigated else []
    if failed_steps:
        return Verdict(Outcome.FAILURE, failed_steps[0], missing=missing, navigated=navigated)
    new_errors, new_successes = new_messages(page, before)
    if navigated:  # the hint beside an empty field of the page it led to answers nothing
        hints = " ".join(el.error_text for el in page.fields if not (el.invalid or el.has_value))
        new_errors = [e for e in new_errors if e not in hints]
    errs = field_errors(page, before, bool(new_errors)) if not navigated else []
    not_set = [page.by_id[i].display for i, v in before.values.items()
               if i in page.by_id and not _value_present(page.by_id[i], v)]
    not_set += [page.by_id[i].display for i, on in before.checks.items()
                if i in page.by_id and bool(page.by_id[i].e.checked) != on]
    if errs or (new_errors and not new_successes):
        evidence = next((e.message for e in errs if e.message), None) or (
            new_errors[0] if new_errors else "")
        if errs:
            missing = []  # the errors say what is wrong with them
        return Verdict(Outcome.FAILURE, evidence, errs, missing, not_set, navigated, new_errors)
    if new_successes:
        return Verdict(Outcome.SUCCESS, new_successes[0], missing=missing, navigated=navigated,
                       said=True)
    if before.shows:  # renamed / searched for: the text is on the page, or it did not take
        shown = _squash(before.shows) in _squash(page.text) or any(
            _squash(before.shows) in _squash(el.group or el.name_text) for el in page.els)
        return Verdict(Outcome.SUCCESS if shown else Outcome.FAILURE,
                       "" if shown else
                       f"the page does not show \u201c{one_line(before.shows)}\u201d",
                       [], missing, not_set, navigated)
    if before.expect is Expect.FILL or before.expect is Expect.TOGGLE:
        ok = not not_set and (before.values or before.checks)
        return Verdict(Outcome.SUCCESS if ok else Outcome.UNKNOWN, "", [], missing, not_set,
                       navigated)
    if before.expect in (Expect.ADD, Expect.DELETE) and rows_now is not None \
            and before.count is not None:
        grew = rows_now > before.count if before.expect is Expect.ADD else \
            rows_now < before.count
        return Verdict(Outcome.SUCCESS if grew else Outcome.FAILURE, "", [], missing, not_set,
                       navigated)
    if navigated or (page.title and page.title != before.title):
        return Verdict(Outcome.SUCCESS, page.title or page.url, missing=missing,
                       navigated=navigated)
    return Verdict(Outcome.UNKNOWN, "", [], missing, not_set, navigated)
