"""Sign-up, sign-in, sign-out, the account page and the contact form."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from leflux.demo import forms
from leflux.demo.passwords import hash_password, verify_password
from leflux.demo.store import EmailTaken
from leflux.demo.web import form_data, page, redirect, store, visitor_id


async def signup(request: Request) -> Response:
    if request.method == "GET":
        return await page(request, "signup.html", {"values": {}, "errors": {}})
    result = forms.validate_signup(await form_data(request))
    shop, errors = store(request), dict(result.errors)
    if not errors:
        try:
            account = await shop.create_account(
                result.clean["name"], result.clean["email"],
                # scrypt is CPU work on purpose: keep it off the event loop.
                await asyncio.to_thread(hash_password, result.clean["password"]))
        except EmailTaken:
            errors["email"] = "An account with this email already exists. Sign in instead?"
        else:
            await shop.sign_in(visitor_id(request), account.id)
            return redirect("/welcome")
    values = {k: v for k, v in result.clean.items() if k != "password"}
    values["terms"] = "on" if "terms" not in errors else ""
    return await page(request, "signup.html", {"values": values, "errors": errors},
                      status_code=400)


async def welcome(request: Request) -> Response:
    account = await store(request).current_account(visitor_id(request))
    if account is None:
        return redirect("/signup")
    return await page(request, "welcome.html")


async def login(request: Request) -> Response:
    if request.method == "GET":
        return await page(request, "login.html", {"values": {}, "errors": {}})
    result = forms.validate_login(await form_data(request))
    shop, errors = store(request), dict(result.errors)
    if not errors:
        account = await shop.account_by_email(result.clean["email"])
        if account is None or not await asyncio.to_thread(
            verify_password, result.clean["password"], account.password_hash
        ):
            # One message for both cases: don't tell which emails have accounts.
            errors["form"] = "That email and password do not match an account."
        else:
            await shop.sign_in(visitor_id(request), account.id)
            return redirect("/account")
    return await page(request, "login.html", {
        "values": {"email": result.clean["email"]}, "errors": errors,
    }, status_code=400)


async def logout(request: Request) -> Response:
    await store(request).sign_in(visitor_id(request), None)
    return redirect("/")


async def account_page(request: Request) -> Response:
    shop, vid = store(request), visitor_id(request)
    account = await shop.current_account(vid)
    if account is None:
        return redirect("/login")
    return await page(request, "account.html", {
        "orders": await shop.orders_for(vid, account.id),
    })


async def contact(request: Request) -> Response:
    shop, vid = store(request), visitor_id(request)
    if request.method == "GET":
        values: dict[str, str] = {}
        if (account := await shop.current_account(vid)) is not None:
            values = {"name": account.name, "email": account.email}
        return await page(request, "contact.html", {
            "values": values, "errors": {}, "topics": forms.TOPICS,
        })
    result = forms.validate_contact(await form_data(request))
    if result.ok:
        ref = await shop.add_contact_message(vid, result.clean)
        return redirect(f"/contact/thanks?ref={ref}")
    return await page(request, "contact.html", {
        "values": result.clean, "errors": result.errors, "topics": forms.TOPICS,
    }, status_code=400)


async def contact_thanks(request: Request) -> Response:
    ref = request.query_params.get("ref", "")
    return await page(request, "contact_thanks.html", {"ref": ref if ref.isdigit() else ""})


routes = [
    Route("/signup", signup, methods=["GET", "POST"], name="signup"),
    Route("/welcome", welcome, name="welcome"),
    Route("/login", login, methods=["GET", "POST"], name="login"),
    Route("/logout", logout, methods=["POST"], name="logout"),
    Route("/account", account_page, name="account"),
    Route("/contact", contact, methods=["GET", "POST"], name="contact"),
    Route("/contact/thanks", contact_thanks, name="contact_thanks"),
]
