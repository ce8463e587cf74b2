"""What a piece of text is by its form alone: an email, a phone number, a card number...

Pure functions on one candidate value; :mod:`values` finds the candidates in a request.
"""

from __future__ import annotations

import re

from leflux.agent.planners.rules.model import ValueKind

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s,;]+[^\s,;.!?)]")
CARD_RE = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
PHONE_RE = re.compile(r"(?<![\w/.:-])\+?\(?\d[\d\s().-]{5,}\d(?![\w/:-])")
EXPIRY_RE = re.compile(r"(?<![\d/])(0?[1-9]|1[0-2])\s*/\s*(\d{2}|20\d{2})(?![\d/])")
CVC_RE = re.compile(r"(?<!\d)\d{3,4}(?!\d)")
# Postal codes whose shape alone says so: UK, Canada, Netherlands, US ZIP+4.
POSTAL_SHAPE_RE = re.compile(
    r"\b(?:[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}|[a-z]\d[a-z]\s?\d[a-z]\d|\d{4}\s?[a-z]{2}|"
    r"\d{5}-\d{4})\b", re.I)
POSTAL_ANY_RE = re.compile(r"^[a-z0-9][a-z0-9 -]{1,8}[a-z0-9]$", re.I)
NUMBER_RE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
CARD_DIGITS = (13, 19)
PHONE_DIGITS = (7, 15)
NAME_MAX_WORDS = 5
# The shortest password / username worth taking as one.
MIN_SECRET_LEN = 3


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def luhn_ok(number: str) -> bool:
    """The Luhn checksum every payment card number passes."""
    ds = [int(c) for c in digits(number)]
    if not CARD_DIGITS[0] <= len(ds) <= CARD_DIGITS[1]:
        return False
    total = 0
    for i, d in enumerate(reversed(ds)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def is_email(text: str) -> bool:
    return bool(EMAIL_RE.fullmatch(text.strip()))


def is_phone(text: str) -> bool:
    t = text.strip()
    if not PHONE_RE.fullmatch(t) and not re.fullmatch(r"\+?\d{7,15}", t):
        return False
    return PHONE_DIGITS[0] <= len(digits(t)) <= PHONE_DIGITS[1]


def phone_text(text: str) -> str:
    t = text.strip()
    return ("+" if t.startswith("+") else "") + digits(t)


def is_card(text: str) -> bool:
    t = text.strip()
    return bool(CARD_RE.fullmatch(t)) and luhn_ok(t)


def expiry_text(text: str) -> str | None:
    """'12/27', '12 / 2027' -> '12/27'."""
    m = EXPIRY_RE.fullmatch(text.strip())
    return f"{int(m[1]):02d}/{m[2][-2:]}" if m else None


def is_name(text: str) -> bool:
    """Words of letters (with ' - .) only: no digits, no @, a few words."""
    words = text.split()
    return 0 < len(words) <= NAME_MAX_WORDS and all(
        re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['’.-])*", w) for w in words)


def number_text(text: str) -> str | None:
    t = text.strip().replace(" ", "")
    if not NUMBER_RE.fullmatch(t):
        return None
    if "," in t and "." not in t:
        t = t.replace(",", ".")  # 49,99 -> 49.99
    return t


def typed(raw: str, label_kind: ValueKind | None) -> tuple[ValueKind, str] | None:
    """(kind, normalised text) for a value given under a label of ``label_kind``; the
    value's own form wins where it contradicts the label (an email is never a name)."""
    t = raw.strip()
    if not t:
        return None
    if is_email(t):
        return ValueKind.EMAIL, t
    if label_kind is None:
        return _by_form(t)
    checked = _checked_by_form(t, label_kind)
    if checked is not None:
        return checked
    return _under_label(t, label_kind)


def _checked_by_form(t: str, label_kind: ValueKind) -> tuple[ValueKind, str] | None:
    """The value under a label whose kind has a checkable form (card, phone, expiry, cvc,
    postal code): that kind where the text has the form, plain text where not."""
    if label_kind == ValueKind.CARD_NUMBER:
        return (ValueKind.CARD_NUMBER, digits(t)) if is_card(t) else (ValueKind.TEXT, t)
    if label_kind == ValueKind.PHONE:
        return (ValueKind.PHONE, phone_text(t)) if is_phone(t) else (ValueKind.TEXT, t)
    if label_kind == ValueKind.EXPIRY:
        e = expiry_text(t)
        return (ValueKind.EXPIRY, e) if e else (ValueKind.TEXT, t)
    if label_kind == ValueKind.CVC:
        return (ValueKind.CVC, t) if CVC_RE.fullmatch(t) else (ValueKind.TEXT, t)
    if label_kind == ValueKind.POSTAL_CODE:
        return (ValueKind.POSTAL_CODE, t.upper()) if POSTAL_ANY_RE.match(t) else (
            ValueKind.TEXT, t)
    return None


def _under_label(t: str, label_kind: ValueKind) -> tuple[ValueKind, str]:
    """The value under a label of the other kinds: credentials and links as given, names
    and numbers where the text reads as one."""
    if label_kind == ValueKind.EMAIL:
        return ValueKind.TEXT, t  # not an email: the label does not make it one
    if label_kind in (ValueKind.FULL_NAME, ValueKind.FIRST_NAME, ValueKind.LAST_NAME):
        return (label_kind, t) if is_name(t) else _by_form(t)
    if label_kind in (ValueKind.QUANTITY, ValueKind.NUMBER, ValueKind.AMOUNT):
        n = number_text(t)
        return (label_kind, n) if n else (ValueKind.TEXT, t)
    return label_kind, t  # password, username, url, text and the rest: as given


def _by_form(t: str) -> tuple[ValueKind, str]:
    if is_card(t):
        return ValueKind.CARD_NUMBER, digits(t)
    if is_phone(t):
        return ValueKind.PHONE, phone_text(t)
    if URL_RE.fullmatch(t):
        return ValueKind.URL, t
    return ValueKind.TEXT, t


def split_name(full: str) -> tuple[str, str]:
    """'Maria Lopez Garcia' -> ('Maria', 'Lopez Garcia'); one word -> (word, '')."""
    words = full.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])
