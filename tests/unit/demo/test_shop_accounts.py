"""Sign-up with server-side validation, sign-in, sign-out, the contact form."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.unit.demo.conftest import field_error, new_client

AHMED = {"name": "Ahmed Ali", "email": "ahmed@example.com", "password": "Secret123!",
         "confirm_password": "Secret123!", "terms": "on"}


async def test_signup_form_is_labelled(client: httpx.AsyncClient) -> None:
    html = (await client.get("/signup")).text
    for field_id, name in [("signup-name", "name"), ("signup-email", "email"),
                           ("signup-password", "password"),
                           ("signup-confirm", "confirm_password"), ("signup-terms", "terms")]:
        assert f'<label for="{field_id}">' in html
        assert f'id="{field_id}" name="{name}"' in html
    assert 'autocomplete="new-password"' in html


async def test_signup_shows_field_errors_and_keeps_values(client: httpx.AsyncClient) -> None:
    r = await client.post("/signup", data={**AHMED, "email": "ahmed@", "password": "abc",
                                           "confirm_password": "abd", "terms": ""})
    assert r.status_code == 400
    assert field_error(r.text, "email") and field_error(r.text, "password")
    assert field_error(r.text, "confirm_password") == "The passwords do not match."
    assert field_error(r.text, "terms") == "Please accept the terms to create an account."
    assert field_error(r.text, "name") is None
    assert 'value="Ahmed Ali"' in r.text
    assert "abc" not in r.text  # a password is never echoed back
    assert (await client.get("/shop-api/state")).json()["accounts"] == []


async def test_signup_success_signs_in_and_welcomes(client: httpx.AsyncClient) -> None:
    r = await client.post("/signup", data=AHMED)
    assert r.status_code == 303 and r.headers["location"] == "/welcome"
    page = await client.get("/welcome")
    assert "Welcome, Ahmed Ali" in page.text
    assert "Signed in as Ahmed Ali" in page.text
    me = (await client.get("/shop-api/me")).json()
    assert me["account"]["email"] == "ahmed@example.com"

    dup = await client.post("/signup", data={**AHMED, "email": "AHMED@example.com"})
    assert dup.status_code == 400
    assert "already exists" in (field_error(dup.text, "email") or "")


async def test_login_wrong_password_then_right(client: httpx.AsyncClient,
                                               shop: Starlette) -> None:
    await client.post("/signup", data=AHMED)
    await client.post("/logout")
    assert (await client.get("/shop-api/me")).json()["account"] is None
    assert (await client.get("/welcome")).headers["location"] == "/signup"

    async with new_client(shop) as browser:
        bad = await browser.post("/login", data={"email": "ahmed@example.com",
                                                 "password": "Wrong123!"})
        assert bad.status_code == 400
        assert "do not match an account" in bad.text
        assert 'value="ahmed@example.com"' in bad.text
        unknown = await browser.post("/login", data={"email": "nobody@example.com",
                                                     "password": "Wrong123!"})
        assert "do not match an account" in unknown.text  # same words: no account probing
        ok = await browser.post("/login", data={"email": " Ahmed@Example.com",
                                                "password": "Secret123!"})
        assert ok.status_code == 303 and ok.headers["location"] == "/account"
        account = await browser.get("/account")
        assert "Signed in as Ahmed Ali (ahmed@example.com)" in account.text
        assert (await browser.get("/shop-api/me")).json()["account"]["name"] == "Ahmed Ali"


async def test_orders_show_on_the_account_page(client: httpx.AsyncClient) -> None:
    await client.post("/signup", data=AHMED)
    await client.post("/cart/add", data={"slug": "gray-wool-beanie"})
    shipping = await client.get("/checkout")
    assert 'value="Ahmed Ali"' in shipping.text  # prefilled from the account
    await client.post("/checkout", data={"name": "Ahmed Ali", "email": "ahmed@example.com",
                                         "address": "1 Main St", "city": "Paris",
                                         "postal_code": "75001", "country": "France"})
    await client.post("/checkout/payment", data={"card_name": "Ahmed Ali",
                                                 "card_number": "4242424242424242",
                                                 "expiry": "01/40", "cvc": "999"})
    account = await client.get("/account")
    assert "Order #10001" in account.text


async def test_contact_form_validates_and_stores(client: httpx.AsyncClient) -> None:
    html = (await client.get("/contact")).text
    assert '<label for="contact-topic">Topic</label>' in html
    assert '<option value="order">Order status</option>' in html
    bad = await client.post("/contact", data={"name": "Ann", "email": "ann@example.com",
                                              "topic": "", "message": "short"})
    assert bad.status_code == 400
    assert field_error(bad.text, "topic") == "Please choose a topic."
    assert field_error(bad.text, "message")
    assert ">short</textarea>" in bad.text

    r = await client.post("/contact", data={"name": "Ann", "email": "ann@example.com",
                                            "topic": "order",
                                            "message": "My order #10001 has not arrived."})
    assert r.status_code == 303 and r.headers["location"].startswith("/contact/thanks?ref=")
    thanks = await client.get(r.headers["location"])
    assert "Thanks, we received your message" in thanks.text
    [msg] = (await client.get("/shop-api/state")).json()["contactMessages"]
    assert (msg["topic"], msg["message"]) == ("order", "My order #10001 has not arrived.")


async def test_garbage_posts_never_produce_a_traceback(client: httpx.AsyncClient) -> None:
    for path in ("/signup", "/login", "/contact", "/checkout", "/cart/update", "/cart/add"):
        r = await client.post(path, content=b"\xff\xfe%%%=&&", headers={
            "content-type": "application/x-www-form-urlencoded"})
        assert r.status_code in (200, 303, 400, 404), path
        assert "Traceback" not in r.text
    r = await client.get("/signup", headers={"cookie": "leflux_shop_visitor=\x00;;==bad"})
    assert r.status_code == 200
