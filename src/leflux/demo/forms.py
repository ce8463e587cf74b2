"""Server-side validation of the shop's forms: pure functions, no I/O.

Each validator takes the submitted fields and returns ``(clean, errors)``; ``errors``
maps a field name to one sentence shown next to that field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
POSTAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$")

COUNTRIES: tuple[str, ...] = (
    "United States", "Canada", "United Kingdom", "Ireland", "France", "Germany",
    "Netherlands", "Spain", "Italy", "Australia",
)
TOPICS: dict[str, str] = {
    "order": "Order status",
    "shipping": "Shipping and delivery",
    "returns": "Returns and exchanges",
    "payment": "Payment and billing",
    "product": "Product question",
    "other": "Something else",
}

Errors = dict[str, str]


@dataclass(frozen=True)
class Result:
    clean: dict[str, str]
    errors: Errors

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(form: Mapping[str, str], name: str, limit: int = 200) -> str:
    return str(form.get(name, "") or "").strip()[:limit]


def _name(value: str, errors: Errors, field: str = "name", what: str = "your name") -> None:
    if not value:
        errors[field] = f"Please enter {what}."
    elif len(value) > 80:
        errors[field] = "Please use at most 80 characters."


def _email(value: str, errors: Errors, field: str = "email") -> None:
    if not value:
        errors[field] = "Please enter your email address."
    elif not EMAIL.match(value):
        errors[field] = "Please enter a valid email address, like name@example.com."


def normalize_email(value: str) -> str:
    return value.strip().lower()


def password_problem(password: str) -> str | None:
    if len(password) < 8:
        return "Use at least 8 characters."
    if not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        return "Use at least one letter and one digit."
    if len(password) > 200:
        return "Use at most 200 characters."
    return None


def validate_signup(form: Mapping[str, str]) -> Result:
    clean = {
        "name": _text(form, "name", 120),
        "email": normalize_email(_text(form, "email", 254)),
        "password": str(form.get("password", "") or ""),
    }
    confirm = str(form.get("confirm_password", "") or "")
    errors: Errors = {}
    _name(clean["name"], errors, what="your full name")
    _email(clean["email"], errors)
    if not clean["password"]:
        errors["password"] = "Please choose a password."
    elif problem := password_problem(clean["password"]):
        errors["password"] = problem
    if not confirm:
        errors["confirm_password"] = "Please type your password again."
    elif confirm != clean["password"]:
        errors["confirm_password"] = "The passwords do not match."
    if str(form.get("terms", "")) not in ("on", "yes", "true", "1"):
        errors["terms"] = "Please accept the terms to create an account."
    return Result(clean, errors)


def validate_login(form: Mapping[str, str]) -> Result:
    clean = {
        "email": normalize_email(_text(form, "email", 254)),
        "password": str(form.get("password", "") or ""),
    }
    errors: Errors = {}
    _email(clean["email"], errors)
    if not clean["password"]:
        errors["password"] = "Please enter your password."
    return Result(clean, errors)


def validate_contact(form: Mapping[str, str]) -> Result:
    clean = {
        "name": _text(form, "name", 120),
        "email": normalize_email(_text(form, "email", 254)),
        "topic": _text(form, "topic", 40),
        "message": str(form.get("message", "") or "").strip()[:5000],
    }
    errors: Errors = {}
    _name(clean["name"], errors)
    _email(clean["email"], errors)
    if clean["topic"] not in TOPICS:
        errors["topic"] = "Please choose a topic."
    if len(clean["message"]) < 10:
        errors["message"] = "Please write a message of at least 10 characters."
    elif len(clean["message"]) > 4000:
        errors["message"] = "Please keep your message under 4,000 characters."
    return Result(clean, errors)


def validate_shipping(form: Mapping[str, str]) -> Result:
    clean = {
        "name": _text(form, "name", 120),
        "email": normalize_email(_text(form, "email", 254)),
        "address": _text(form, "address", 200),
        "city": _text(form, "city", 100),
        "postal_code": _text(form, "postal_code", 20),
        "country": _text(form, "country", 60),
    }
    errors: Errors = {}
    _name(clean["name"], errors, what="the recipient's full name")
    _email(clean["email"], errors)
    if len(clean["address"]) < 3:
        errors["address"] = "Please enter a street address."
    if len(clean["city"]) < 2:
        errors["city"] = "Please enter a city."
    if not POSTAL.match(clean["postal_code"]):
        errors["postal_code"] = "Please enter a valid postal code."
    if clean["country"] not in COUNTRIES:
        errors["country"] = "Please choose a country we ship to."
    return Result(clean, errors)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def parse_expiry(raw: str) -> tuple[int, int] | None:
    """'12/29', '12 / 2029', '1229' -> (month, full year)."""
    m = re.fullmatch(r"\s*(\d{1,2})\s*[/\-. ]?\s*(\d{2}|\d{4})\s*", raw)
    if not m:
        return None
    month, year = int(m.group(1)), int(m.group(2))
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        return None
    return month, year


def validate_payment(form: Mapping[str, str], today: date | None = None) -> Result:
    today = today or date.today()
    number = re.sub(r"[\s-]", "", _text(form, "card_number", 40))
    clean = {
        "card_name": _text(form, "card_name", 120),
        "card_number": number,
        "expiry": _text(form, "expiry", 10),
        "cvc": _text(form, "cvc", 8),
    }
    errors: Errors = {}
    _name(clean["card_name"], errors, "card_name", "the name on the card")
    if not number:
        errors["card_number"] = "Please enter the card number."
    elif not number.isdigit() or not 13 <= len(number) <= 19 or not luhn_ok(number):
        errors["card_number"] = "That card number is not valid."
    expiry = parse_expiry(clean["expiry"])
    if expiry is None:
        errors["expiry"] = "Please enter the expiry date as MM/YY."
    elif (expiry[1], expiry[0]) < (today.year, today.month):
        errors["expiry"] = "This card has expired."
    if not re.fullmatch(r"\d{3,4}", clean["cvc"]):
        errors["cvc"] = "Please enter the 3 or 4 digit security code."
    return Result(clean, errors)
