"""What the rules planner understood of a request, as types.

The pipeline reads: ``understand`` (words -> :class:`Request`) -> ``ground`` (each
:class:`Clause` against the page -> scored candidates) -> ``plan`` (steps, scope) ->
``verify`` (the outcome as the page shows it) -> ``report``. This module is the contract
between the first step and the others; it holds no logic beyond (de)serialisation, so the
planner's memory survives a restart as plain JSON (``to_json``/``from_json``) with a version.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum, StrEnum
from functools import cache
from typing import Any

MODEL_VERSION = 2
# Versions ``from_json`` still reads (fields added since have defaults).
READABLE_VERSIONS = (1, 2)


class Act(StrEnum):
    """What a clause asks for, whatever the language or wording."""

    CLICK = "click"          # press / open / tap a named control
    FILL = "fill"            # put values into fields (no submit unless asked)
    SELECT = "select"        # choose an option (select, radio, listbox, tab)
    CHECK = "check"          # tick / enable / turn on
    UNCHECK = "uncheck"      # untick / disable / turn off
    ADD = "add"              # add an item (to a list, a cart: "add 2 red shoes")
    DELETE = "delete"        # remove / delete / get rid of an item or row
    EDIT = "edit"            # change the text of an existing item (rename, edit)
    CLEAR = "clear"          # empty a field or list ("clear completed" is a CLICK)
    SEARCH = "search"        # search the site for a query
    FILTER = "filter"        # set filters / sort, then Apply when the page has it
    SORT = "sort"
    NAVIGATE = "navigate"    # go to a page / section by name
    SUBMIT = "submit"        # submit / send / save / continue the current form
    LOGIN = "login"
    LOGOUT = "logout"
    SIGNUP = "signup"
    CHECKOUT = "checkout"    # go to / proceed through checkout
    BUY = "buy"              # add a product to the cart (and maybe check out)
    SCROLL = "scroll"
    QUESTION = "question"    # answer from the page (or a help page it links to)
    SUMMARY = "summary"      # what is this page / what can I do here
    GREET = "greet"
    HELP = "help"            # what can you do
    CONSENT = "consent"      # "I agree" to terms the agent asked about
    CONFIRM = "confirm"      # yes / go ahead (answer to the agent's question)
    DECLINE = "decline"      # no / stop
    UNKNOWN = "unknown"
    # Write to the site ("contact support about a late order", "send them a message
    # saying ..."): its contact form; ``option`` = the topic, values = the details (v2).
    CONTACT = "contact"


# Acts whose form may be sent; said with "don't", they forbid sending.
SUBMITTING_ACTS = frozenset({Act.SUBMIT, Act.LOGIN, Act.SIGNUP})
SENDING_ACTS = SUBMITTING_ACTS | {Act.CHECKOUT, Act.CONTACT}


class ValueKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    POSTAL_CODE = "postal_code"
    CARD_NUMBER = "card_number"   # Luhn-valid
    EXPIRY = "expiry"
    CVC = "cvc"
    DATE = "date"                 # ISO yyyy-mm-dd once normalised
    TIME = "time"                 # HH:MM 24h
    AMOUNT = "amount"             # money: "under $50" -> 50 (with comparator)
    QUANTITY = "quantity"         # a count of items
    NUMBER = "number"
    URL = "url"
    PASSWORD = "password"
    USERNAME = "username"
    FULL_NAME = "full_name"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    TEXT = "text"                 # anything else (a message, an address line, a todo title)


@dataclass
class Value:
    """A value the visitor gave, typed by its form and/or by the label they gave it."""

    kind: ValueKind
    text: str                      # normalised (digits only for a card, ISO date, ...)
    raw: str = ""                  # as typed
    label: str | None = None       # the field name the visitor used ("zip", "surname")
    comparator: str | None = None  # for AMOUNT/NUMBER: "<", "<=", ">", ">=", "="
    quoted: bool = False           # given in quotes: taken verbatim
    part: str | None = None        # day / month / year of a date asked for in three fields


@dataclass
class Reference:
    """How the visitor named the thing to act on."""

    words: str = ""                # the naming words, without the verb ("red running shoes")
    kind: str | None = None        # button, link, field, checkbox, tab, option, item, row...
    ordinal: int | None = None     # 1-based; -1 = last ("the second link", "the last one")
    quoted: bool = False           # "click 'Save draft'": match the label verbatim


@dataclass
class Clause:
    """One thing to do, in the order the visitor said it."""

    act: Act
    text: str                      # the clause as said
    target: Reference | None = None
    # The row / item / card the target sits in ("the delete button of the bread one").
    container: Reference | None = None
    values: list[Value] = field(default_factory=list)
    quantity: int | None = None
    option: str | None = None      # for SELECT/FILTER/SORT: the option's words
    query: str | None = None       # for SEARCH/QUESTION: what to look for
    negated: bool = False          # "don't tick the newsletter"
    # Where an added thing goes: "add milk to the shopping list" -> list (v2).
    destination: Reference | None = None


@dataclass
class Request:
    text: str
    lang: str = "en"               # en, es, fr, de
    clauses: list[Clause] = field(default_factory=list)
    # The visitor asked to submit / send / place / sign up (the form may be sent);
    # False for "fill in ...", "my surname is ...", "update X to Y" (fill only).
    wants_submit: bool = False
    # They said not to ("don't submit yet", "just fill it in").
    forbids_submit: bool = False
    # They asked for every step of a form ("fill in everything up to the check page"):
    # a step's "Continue" goes on, even when the form itself is not to be sent.
    through_steps: bool = False
    # Every value found in the whole request, also those not tied to a clause.
    values: list[Value] = field(default_factory=list)
    is_question: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"version": MODEL_VERSION, **_plain(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Request:
        version = data.get("version")
        if version not in READABLE_VERSIONS:
            raise ValueError(f"planner memory version {version!r} is not one of "
                             f"{READABLE_VERSIONS}")

        def value(v: dict[str, Any]) -> Value:
            return Value(**{**v, "kind": ValueKind(v["kind"])})

        def ref(r: dict[str, Any] | None) -> Reference | None:
            return Reference(**r) if r else None

        clauses = [
            Clause(**{**c, "act": Act(c["act"]), "target": ref(c.get("target")),
                      "container": ref(c.get("container")),
                      "destination": ref(c.get("destination")),
                      "values": [value(v) for v in c.get("values", [])]})
            for c in data.get("clauses", [])
        ]
        return cls(text=data["text"], lang=data.get("lang", "en"), clauses=clauses,
                   wants_submit=bool(data.get("wants_submit")),
                   forbids_submit=bool(data.get("forbids_submit")),
                   through_steps=bool(data.get("through_steps")),
                   values=[value(v) for v in data.get("values", [])],
                   is_question=bool(data.get("is_question")))


# Values ``copy.deepcopy`` returns as they are.
_ATOMIC = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(obj: Any) -> Any:
    """``dataclasses.asdict`` (the same dicts, keys in the same order), without its
    ``deepcopy`` of every string and enum or its ``fields()`` call per object: the
    state is saved on every decision."""
    kind = type(obj)
    if kind in _ATOMIC or isinstance(obj, Enum):
        return obj
    if is_dataclass(kind):
        return {name: _plain(getattr(obj, name)) for name in _field_names(kind)}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return kind(*[_plain(v) for v in obj])
    if isinstance(obj, list | tuple):
        return kind(_plain(v) for v in obj)
    if isinstance(obj, dict):
        return kind((_plain(k), _plain(v)) for k, v in obj.items())
    return copy.deepcopy(obj)
