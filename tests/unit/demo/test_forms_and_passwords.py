from datetime import date

from leflux.demo import forms
from leflux.demo.passwords import hash_password, verify_password

GOOD_SIGNUP = {"name": "Ahmed Ali", "email": "Ahmed@Example.com ", "password": "Secret123!",
               "confirm_password": "Secret123!", "terms": "on"}


def test_signup_ok_and_email_normalised() -> None:
    r = forms.validate_signup(GOOD_SIGNUP)
    assert r.ok and r.clean["email"] == "ahmed@example.com"


def test_signup_reports_each_field() -> None:
    r = forms.validate_signup({"name": "", "email": "not-an-email", "password": "short",
                               "confirm_password": "other"})
    assert set(r.errors) == {"name", "email", "password", "confirm_password", "terms"}
    assert "8 characters" in r.errors["password"]
    r = forms.validate_signup({**GOOD_SIGNUP, "password": "lettersonly",
                               "confirm_password": "lettersonly"})
    assert set(r.errors) == {"password"}
    r = forms.validate_signup({**GOOD_SIGNUP, "confirm_password": "Secret124!"})
    assert r.errors == {"confirm_password": "The passwords do not match."}


def test_contact_and_shipping() -> None:
    ok = forms.validate_contact({"name": "Ann", "email": "ann@example.com", "topic": "order",
                                 "message": "Where is my parcel?"})
    assert ok.ok
    bad = forms.validate_contact({"name": "Ann", "email": "ann@example.com",
                                  "topic": "Order status", "message": "hi"})
    assert set(bad.errors) == {"topic", "message"}
    ship = forms.validate_shipping({"name": "Ann", "email": "ann@example.com",
                                    "address": "1 Main St", "city": "Dublin",
                                    "postal_code": "D02 X285", "country": "Ireland"})
    assert ship.ok
    assert set(forms.validate_shipping({"country": "Atlantis"}).errors) == {
        "name", "email", "address", "city", "postal_code", "country"}


def test_payment_checks_luhn_expiry_and_cvc() -> None:
    today = date(2026, 11, 26)
    good = {"card_name": "Ann", "card_number": "4242 4242 4242 4242", "expiry": "12/29",
            "cvc": "123"}
    r = forms.validate_payment(good, today)
    assert r.ok and r.clean["card_number"] == "4242424242424242"
    assert forms.validate_payment({**good, "expiry": "11/26"}, today).ok  # this month is fine
    bad = forms.validate_payment({**good, "card_number": "4242 4242 4242 4241",
                                  "expiry": "10/26", "cvc": "12"}, today)
    assert set(bad.errors) == {"card_number", "expiry", "cvc"}
    assert bad.errors["expiry"] == "This card has expired."
    assert forms.parse_expiry("13/30") is None
    assert forms.parse_expiry("0731") == (7, 2031)


def test_passwords_hash_with_salt_and_verify() -> None:
    h1, h2 = hash_password("Secret123!"), hash_password("Secret123!")
    assert h1 != h2 and h1.startswith("scrypt$") and "Secret123!" not in h1
    assert verify_password("Secret123!", h1)
    assert not verify_password("Secret123?", h1)
    assert not verify_password("Secret123!", "garbage")
