"""What every shop page shares: the visitor cookie, the templates, rendering helpers."""

from __future__ import annotations

import re
import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from jinja2 import select_autoescape
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from leflux.demo import catalog
from leflux.demo.store import ShopStore

VISITOR_COOKIE = "leflux_shop_visitor"
_VISITOR_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_ONE_YEAR = 365 * 24 * 3600

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# SVG files are markup too: escape in them like in HTML.
TEMPLATES.env.autoescape = select_autoescape(("html", "htm", "xml", "svg"))
TEMPLATES.env.globals.update(
    money=catalog.format_money, color_hex=catalog.COLOR_HEX, shop_name="Northwind Outfitters",
)


class VisitorCookieMiddleware:
    """Gives every browser a random visitor id in a cookie (the cart and sign-in hang off it).

    A pure ASGI middleware: the id is known before the endpoint runs (scope state) and
    the cookie is set on whatever response the endpoint returns.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        visitor = _cookie_value(scope)
        fresh = visitor is None
        if visitor is None:
            visitor = secrets.token_urlsafe(18)
        scope.setdefault("state", {})["visitor_id"] = visitor

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append(
                    "set-cookie",
                    f"{VISITOR_COOKIE}={visitor}; Path=/; Max-Age={_ONE_YEAR}; "
                    "HttpOnly; SameSite=Lax",
                )
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie_value(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed Cookie header just means "no cookie"
                continue
            morsel = jar.get(VISITOR_COOKIE)
            if morsel and _VISITOR_RE.match(morsel.value):
                return morsel.value
    return None


def visitor_id(request: Request) -> str:
    return str(request.state.visitor_id)


def store(request: Request) -> ShopStore:
    shop: ShopStore = request.app.state.store
    return shop


async def page(
    request: Request, template: str, context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """Render a page with what the header needs (account, cart count)."""
    shop = store(request)
    vid = visitor_id(request)
    values: dict[str, Any] = {
        "account": await shop.current_account(vid),
        "cart_count": (await shop.cart(vid)).count,
        "path": request.url.path,
        "categories": catalog.CATEGORIES,
    }
    values.update(context or {})
    return TEMPLATES.TemplateResponse(request, template, values, status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    # 303: the browser follows a POST with a GET, so a reload never re-submits a form.
    return RedirectResponse(url, status_code=303)


async def form_data(request: Request) -> dict[str, str]:
    """The submitted form as plain strings (files are not accepted anywhere in the shop)."""
    form = await request.form(max_files=0, max_fields=50)
    return {k: v for k, v in form.items() if isinstance(v, str)}
