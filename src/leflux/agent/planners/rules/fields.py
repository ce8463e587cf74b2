"""Which field takes which value: by what the field says it wants, never against it.

A field says what it wants through language-neutral signals first (``type``,
``autocomplete``, ``inputmode``, ``pattern``), then its name/label (``forms.field_kind``).
A value's kind (email, phone, card number...) must fit; a value the visitor labelled
("zip: 75002", "my surname is Ali") goes to the field whose words match that label. A full
name is split when the form asks for first and last name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.forms import field_kind
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.model import Value, ValueKind

LABEL_ACCEPT = 0.6    # a labelled value goes to a field whose words match the label this well
KIND_FIT = 0.9        # a value whose kind the field asks for
TEXT_FIT = 0.5        # free text into the one free-text field (a message box)
# Where a form asks for the current and a new password, a password given without saying
# which is the new one (people name the current one: "my old password is ...").
CURRENT_LAST = 0.05

# autocomplete tokens (WHATWG) -> field kinds of forms.field_kind
_AUTOCOMPLETE = {
    "email": "email", "tel": "phone", "tel-national": "phone", "given-name": "first_name",
    "family-name": "last_name", "name": "name", "street-address": "address",
    "address-line1": "address", "postal-code": "zip", "address-level2": "city",
    "address-level1": "state", "country": "country", "country-name": "country",
    "cc-number": "card_number", "cc-exp": "card_expiry", "cc-csc": "card_cvc",
    "cc-name": "card_name", "username": "username", "current-password": "current_password",
    "new-password": "new_password", "bday": "date", "organization": "company", "url": "url",
}
_TYPES = {"email": "email", "tel": "phone", "password": "password", "date": "date",
          "time": "time", "number": "quantity", "url": "url", "search": "search",
          "datetime-local": "date", "month": "date"}
_INPUT_MODES = {"email": "email", "tel": "phone", "url": "url", "numeric": "number",
                "decimal": "number"}
# value kind -> the field kinds it may go into
FITS: dict[ValueKind, tuple[str, ...]] = {
    ValueKind.EMAIL: ("email", "username"),
    ValueKind.PHONE: ("phone",),
    ValueKind.POSTAL_CODE: ("zip",),
    ValueKind.CARD_NUMBER: ("card_number",),
    ValueKind.EXPIRY: ("card_expiry",),
    ValueKind.CVC: ("card_cvc",),
    ValueKind.DATE: ("date",),
    ValueKind.TIME: ("time",),
    ValueKind.QUANTITY: ("quantity", "number"),
    ValueKind.NUMBER: ("quantity", "number"),
    ValueKind.AMOUNT: ("quantity", "number", "price"),
    ValueKind.URL: ("url",),
    ValueKind.PASSWORD: ("password", "new_password", "confirm_password", "current_password"),
    ValueKind.USERNAME: ("username",),
    ValueKind.FULL_NAME: ("name", "card_name"),
    ValueKind.FIRST_NAME: ("first_name",),
    ValueKind.LAST_NAME: ("last_name",),
}
# field kinds that take only values of one form: free text never goes there
_STRICT = frozenset({"email", "phone", "zip", "card_number", "card_expiry", "card_cvc", "date",
                     "time", "quantity", "number", "url", "password", "new_password",
                     "confirm_password", "current_password"})


def kind_of(el: El) -> str | None:
    """What a field asks for, language-neutral signals first."""
    auto = el.extra("autocomplete").lower().split()
    for tok in reversed(auto):
        if tok in _AUTOCOMPLETE:
            return _AUTOCOMPLETE[tok]
    named = field_kind(el)
    if named and named not in ("search", "quantity"):
        return named
    if el.type in _TYPES:
        return _TYPES[el.type]
    mode = el.extra("inputMode").lower()
    if mode in _INPUT_MODES:
        return _INPUT_MODES[mode]
    return named


def pattern_allows(el: El, text: str) -> bool:
    pat = el.extra("pattern")
    if not pat:
        return True
    try:
        return re.fullmatch(pat, text) is not None
    except re.error:
        return True


def fit(el: El, value: Value, lang: str = "en") -> float:
    """How well ``value`` goes into ``el`` (0: never)."""
    if not (el.is_text_field or el.is_select):
        return 0.0
    kind = kind_of(el)
    if value.label:
        s = Matcher(tokens(value.label), lang).score(tokens(el.field_text))
        if s >= LABEL_ACCEPT:
            if kind in _STRICT and value.kind is ValueKind.TEXT and not pattern_allows(
                    el, value.text):
                return 0.0
            return s
    if not pattern_allows(el, value.text):
        return 0.0
    fits = FITS.get(value.kind)
    if fits is not None:
        if kind in fits:
            # "Username or email" takes an email; a plain username field only without
            # a better email field (checked by the caller's best-first assignment).
            return KIND_FIT if kind != "username" or value.kind is ValueKind.USERNAME \
                else KIND_FIT - 0.2
        return 0.0
    if kind in _STRICT:
        return 0.0
    if value.kind is ValueKind.TEXT and not value.label and (kind == "message" or el.tag ==
                                                             "textarea"):
        return TEXT_FIT
    return 0.0


@dataclass(frozen=True)
class Assignment:
    el: El
    text: str
    score: float
    value: Value


def split_name(full: str) -> tuple[str, str]:
    parts = full.split()
    return (parts[0], " ".join(parts[1:])) if len(parts) > 1 else (full, "")


def assign(values: list[Value], page: Page, fields: list[El], lang: str = "en"
           ) -> list[Assignment]:
    """Each value into the field it fits best (one field per value, best pairs first)."""
    kinds = {el.id: kind_of(el) for el in fields}
    has_split = {"first_name", "last_name"} <= set(kinds.values())
    expanded: list[Value] = []
    for v in values:
        if v.kind is ValueKind.FULL_NAME and has_split and not any(
                k == "name" for k in kinds.values()):
            first, last = split_name(v.text)
            expanded.append(Value(ValueKind.FIRST_NAME, first, v.raw))
            if last:
                expanded.append(Value(ValueKind.LAST_NAME, last, v.raw))
        else:
            expanded.append(v)
    changing = "new_password" in kinds.values()
    pairs = sorted(((fit(el, v, lang) - (CURRENT_LAST if changing and kinds[el.id] ==
                                         "current_password" else 0.0), i, el.id)
                    for i, v in enumerate(expanded) for el in fields),
                   key=lambda t: (-t[0], t[1], t[2]))
    used_v: set[int] = set()
    used_f: set[int] = set()
    out: list[Assignment] = []
    for score, i, eid in pairs:
        if score <= 0 or i in used_v or eid in used_f:
            continue
        v = expanded[i]
        used_v.add(i)
        used_f.add(eid)
        out.append(Assignment(page.by_id[eid], v.text, score, v))
    # A password is typed twice when the form asks to confirm it.
    for a in list(out):
        if a.value.kind is ValueKind.PASSWORD:
            for el in fields:
                if kinds[el.id] == "confirm_password" and el.id not in used_f:
                    used_f.add(el.id)
                    out.append(Assignment(el, a.text, a.score, a.value))
    out.sort(key=lambda a: a.el.id)
    return out
