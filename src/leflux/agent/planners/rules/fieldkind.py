"""What a form field asks for, read from its own words and type: an email, a password, a
first name, a card number... (``None``: nothing says). :mod:`fields` adds the
language-neutral signals (``autocomplete``) before these."""

from __future__ import annotations

import re

from leflux.agent.planners.rules.elements import PageElement

# field kind -> pattern on the field's label/placeholder/name/autocomplete/type words
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (k, re.compile(rx, re.I)) for k, rx in (
        ("card_name", r"name on (?:the )?card|card ?holder|cc[ -]?name"),
        ("card_number", r"card ?number|cc[ -]?number|credit card|debit card|\bcard\b.*\bno\b"),
        ("card_expiry", r"expir|\bexp\b|mm ?/ ?yy|cc[ -]?exp"),
        ("card_cvc", r"\bcvc|\bcvv|security code|cc[ -]?csc"),
        ("confirm_password", r"(?:confirm|repeat|again|retype|re-enter|verify).*password|"
                             r"password.*(?:confirm|again|repeat)|password2"),
        ("new_password", r"new[ -]?password"),
        ("current_password", r"(?:current|old|existing) password"),
        ("password", r"password|passcode|\bpwd\b"),
        ("username", r"user ?name|\buser\b|\blogin\b|\bhandle\b"),
        ("email", r"e-?mail"),
        ("first_name", r"first ?name|given ?name|\bfname\b|forename"),
        ("last_name", r"last ?name|sur ?name|family ?name|\blname\b"),
        ("phone", r"phone|\btel\b|mobile|cell"),
        ("code", r"\bpromo|coupon|voucher|discount|gift ?(?:card|code)"),
        ("zip", r"\bzip|postal|post ?code"),
        ("city", r"\bcity\b|\btown\b|locality|address level2"),
        ("country", r"country"),
        ("state", r"\bstate\b|province|region|county"),
        ("address", r"address|street|line ?1"),
        ("date", r"\bdate\b|\bday\b|check ?in|arrival|\bwhen\b"),
        ("time", r"\btime\b|\bhour\b"),
        ("quantity", r"quantity|\bqty\b|guests|people|party|persons|number of|tickets|seats"),
        ("search", r"search|\bquery\b|^q$|\bq\b|keyword|find"),
        ("subject", r"subject|topic|regarding"),
        ("company", r"company|organi[sz]ation|business"),
        ("message", r"message|comment|question|details|describe|notes?\b|inquiry|enquiry|how can"),
        ("name", r"\bname\b|full ?name|your name"),
    )
)
_TYPE_KIND = {"email": "email", "password": "password", "tel": "phone", "date": "date",
              "time": "time", "search": "search", "number": "quantity"}


def field_kind(el: PageElement) -> str | None:
    if el.kind_cache != "":
        return el.kind_cache
    el.kind_cache = _field_kind(el)
    return el.kind_cache


def _field_kind(el: PageElement) -> str | None:
    text = el.field_text
    for kind, rx in _KIND_RULES:
        if rx.search(text):
            if kind == "password" and el.type not in ("password", "") and "password" not in (
                    el.e.label or "").lower():
                continue
            return kind
    if el.type in _TYPE_KIND:
        return _TYPE_KIND[el.type]
    if el.tag == "textarea" or el.flag("editable"):  # a rich-text editor is a message box
        return "message"
    return None
