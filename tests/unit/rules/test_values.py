"""values: typed values with and without labels, in four languages (table-driven).

Each row: (lang, text, expected) with expected as "kind:text[label]<comparator>" strings in
reading order.
"""

from __future__ import annotations

from datetime import date

import pytest

from leflux.agent.planners.rules.model import Value, ValueKind
from leflux.agent.planners.rules.shapes import luhn_ok, split_name
from leflux.agent.planners.rules.values import extract_values, find_values

TODAY = date(2026, 12, 7)   # a Monday


def show(v: Value) -> str:
    return f"{v.kind.value}:{v.text}" + (f"[{v.label}]" if v.label else "") + (
        v.comparator or "")


CASES: list[tuple[str, str, list[str]]] = [
    # labelled: "label: value", "my X is Y", "X is Y", "set X to Y", juxtaposed
    ("en", "email: a@b.com, phone: +1 555 123 4567, zip: 75008",
     ["email:a@b.com[email]", "phone:+15551234567[phone]", "postal_code:75008[zip]"]),
    ("en", "my surname is Lopez", ["last_name:Lopez[surname]"]),
    ("en", "my last name is García", ["last_name:García[last name]"]),
    ("en", "first name: Maria", ["first_name:Maria[first name]"]),
    ("en", "my name is Maria Lopez and my email is maria@x.com",
     ["full_name:Maria Lopez[name]", "email:maria@x.com[email]"]),
    ("en", "name: maria@x.com", ["email:maria@x.com[name]"]),
    ("en", "change the zip to 75008", ["postal_code:75008[zip]"]),
    ("en", "set the city to Paris", ["text:Paris[city]"]),
    ("en", "update my phone to 555 987 6543", ["phone:5559876543[phone]"]),
    ("en", "company = Acme Ltd", ["text:Acme Ltd[company]"]),
    ("en", "my favourite colour is teal", ["text:teal[favourite colour]"]),
    ("en", "password Secret123!", ["password:Secret123![password]"]),
    ("en", "with password 'my secret phrase'", ["password:my secret phrase[password]"]),
    ("en", "username is bob_77", ["username:bob_77[username]"]),
    ("en", "expiry 09/28 cvc 321", ["expiry:09/28[expiry]", "cvc:321[cvc]"]),
    ("en", "type \"hello world\" into the notes field", ["text:hello world[notes]"]),
    ("en", "I'm Maria Lopez", ["full_name:Maria Lopez"]),
    ("en", "call me ahmed", ["full_name:ahmed"]),
    ("en", "i'm looking for shoes", []),
    ("en", "my birthday is 12/03/1990", ["date:1990-03-12[birthday]"]),
    ("en", "quantity: 3", ["quantity:3[quantity]"]),
    ("en", "size 42", ["text:42[size]"]),
    ("en", "is there a size guide", []),
    # bare values by form
    ("en", "ahmed@example.com", ["email:ahmed@example.com"]),
    ("en", "call me on +44 20 7946 0958", ["phone:+442079460958"]),
    ("en", "pay with card 4242 4242 4242 4242 12/27 123",
     ["card_number:4242424242424242", "expiry:12/27", "cvc:123"]),
    ("en", "pay with 1234 5678 9012 3456", []),                # not Luhn-valid: no card
    # ... unless the visitor calls it their card: typed as said, the page will refuse it
    ("en", "card 1234 5678 9012 3456", ["card_number:1234567890123456"]),
    ("en", "visit https://example.com/help", ["url:https://example.com/help"]),
    ("en", "ship to SW1A 1AA", ["postal_code:SW1A 1AA"]),
    ("en", "find red shoes under $50", ["amount:50<"]),
    ("en", "less than 50 euros", ["amount:50<"]),
    ("en", "over 100 dollars", ["amount:100>"]),
    ("en", "between 20 and 50 euros", ["amount:20>=", "amount:50<="]),
    ("en", "it costs $49.99", ["amount:49.99="]),
    ("en", "book a table for 4 people tomorrow at 7pm",
     ["quantity:4[people]", "date:2026-12-08", "time:19:00"]),
    ("en", "two guests on March 3rd", ["quantity:2[guests]", "date:2027-03-03"]),
    ("en", "next friday at 19:30", ["date:2026-12-11", "time:19:30"]),
    ("en", "on 2027-01-05 at noon", ["date:2027-01-05", "time:12:00"]),
    # Spoken times: an hour up to 6 without am / pm is in the afternoon.
    ("en", "the time to quarter past ten", ["time:10:15"]),
    ("en", "at half past two", ["time:14:30"]),
    ("en", "a quarter to 8 pm", ["time:19:45"]),
    # A name a booking goes under, beside contact details.
    ("en", "under Sam Reed, 555-0142", ["full_name:Sam Reed", "phone:5550142"]),
    ("en", "in 3 days", ["date:2026-12-10"]),
    ("en", "sign up with a@b.com and 555-123-4567",
     ["email:a@b.com", "phone:5551234567"]),
    # Spanish
    ("es", "mi apellido es López", ["last_name:López[apellido]"]),
    ("es", "correo: ana@example.com, teléfono: 612 345 678",
     ["email:ana@example.com[correo]", "phone:612345678[teléfono]"]),
    ("es", "me llamo Ana García", ["full_name:Ana García"]),
    ("es", "zapatos rojos menos de 50 €", ["amount:50<"]),
    ("es", "el 3 de marzo de 2027 a las 19h", ["date:2027-03-03", "time:19:00"]),
    ("es", "pasado mañana", ["date:2026-12-09"]),
    ("es", "código postal 28013", ["postal_code:28013[código postal]"]),
    # French
    ("fr", "je m'appelle Marie Dupont, courriel marie@x.fr",
     ["full_name:Marie Dupont", "email:marie@x.fr[courriel]"]),
    ("fr", "mon nom de famille est Dupont", ["last_name:Dupont[nom de famille]"]),
    ("fr", "le 3 mars 2027 à 19h30", ["date:2027-03-03", "time:19:30"]),
    ("fr", "moins de 50 euros", ["amount:50<"]),
    ("fr", "à dix heures et demie", ["time:10:30"]),
    ("fr", "10h et quart", ["time:10:15"]),
    ("fr", "code postal: 75008", ["postal_code:75008[code postal]"]),
    ("fr", "vendredi prochain", ["date:2026-12-11"]),
    # German
    ("de", "mein Nachname ist Müller und meine PLZ ist 10115",
     ["last_name:Müller[Nachname]", "postal_code:10115[PLZ]"]),
    ("de", "E-Mail-Adresse: max@example.de", ["email:max@example.de[E-Mail-Adresse]"]),
    ("de", "am 3. März 2027 um 19 Uhr", ["date:2027-03-03", "time:19:00"]),
    ("de", "unter 50 Euro", ["amount:50<"]),
    ("de", "um viertel nach zehn", ["time:10:15"]),
    ("de", "übermorgen", ["date:2026-12-09"]),
    ("de", "Passwort Geheim123", ["password:Geheim123[Passwort]"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[c[1] for c in CASES])
def test_values(lang: str, text: str, expected: list[str]) -> None:
    assert [show(v) for v in extract_values(text, lang, TODAY)] == expected


def test_as_names_follow_the_act() -> None:
    signup = extract_values("sign me up as Ahmed Khan", "en", TODAY, ValueKind.FULL_NAME)
    login = extract_values("log in as bob", "en", TODAY, ValueKind.USERNAME)
    plain = extract_values("use it as a gift", "en", TODAY)
    assert [show(v) for v in signup] == ["full_name:Ahmed Khan"]
    assert [show(v) for v in login] == ["username:bob"]
    assert plain == []


def test_credentials_after_a_slash_when_logging_in() -> None:
    got = extract_values("maria@example.com / Tulip-2024", "en", TODAY, ValueKind.USERNAME)
    assert [show(v) for v in got] == ["email:maria@example.com", "password:Tulip-2024"]
    assert [show(v) for v in extract_values("maria@example.com / Tulip-2024", "en", TODAY)] == [
        "email:maria@example.com"]


def test_german_booking_with_the_verb_last() -> None:
    from leflux.agent.planners.rules.understand import understand

    req = understand("Bitte einen Tisch für 3 Personen am Samstag, 20. März 2027 um 19 Uhr "
                     "buchen, auf den Namen Weber, Telefon 030 1234567.", TODAY)
    (c,) = req.clauses
    assert c.act.value == "buy" and req.lang == "de" and req.wants_submit
    assert [show(v) for v in c.values] == [
        "quantity:3[Personen]", "date:2027-03-20", "time:19:00", "full_name:Weber",
        "phone:0301234567[Telefon]"]


def test_an_email_is_never_a_name() -> None:
    for text in ("my name is a@b.com", "sign me up as a@b.com", "I'm a@b.com"):
        kinds = {v.kind for v in extract_values(text, "en", TODAY, ValueKind.FULL_NAME)}
        assert kinds == {ValueKind.EMAIL}, text


def test_spans_cover_label_and_value() -> None:
    text = "add red shoes in size 42"
    (found,) = find_values(text, "en", TODAY)
    assert text[found.start:found.end] == "size 42"
    assert found.value.raw == "42"


@pytest.mark.parametrize(("number", "ok"), [
    ("4242 4242 4242 4242", True), ("4111-1111-1111-1111", True), ("5555555555554444", True),
    ("378282246310005", True), ("4242 4242 4242 4241", False), ("1234", False), ("", False)])
def test_luhn(number: str, ok: bool) -> None:
    assert luhn_ok(number) is ok


@pytest.mark.parametrize(("full", "parts"), [
    ("Maria Lopez", ("Maria", "Lopez")), ("Ana García López", ("Ana", "García López")),
    ("Ahmed", ("Ahmed", "")), ("  ", ("", ""))])
def test_split_name(full: str, parts: tuple[str, str]) -> None:
    assert split_name(full) == parts
