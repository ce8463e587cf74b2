"""The owner's console over HTTP: ``/admin`` (sign-in form, then the console page) and
the JSON API under ``/api/admin/``. Without ``--admin-token`` all of it answers 404.

Only transport here: who may ask (``admin_auth.py``), parameters in, models out; the
queries are the session layer's :class:`leflux.session.console.ConsoleService`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from leflux.errors import InvalidPayload, InvalidSession, LeFluxRuntimeError
from leflux.protocol import canonical_uuid
from leflux.transport.admin_auth import COOKIE, COOKIE_MAX_AGE_S, Access, AdminGuard, client_ip

log = logging.getLogger("leflux.admin")
PAGES = Path(__file__).resolve().parent.parent / "static" / "admin"
ASSETS = {"console.js": "application/javascript", "console.css": "text/css"}
MAX_FORM_BYTES = 4_096
# The console shows visitor-written text: no inline script, nothing from elsewhere.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Not no-referrer: with it Chromium sends `Origin: null` on the sign-in form.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

if TYPE_CHECKING:  # the console's queries load only when a console request comes
    from leflux.session.console import ConsoleService

Handler = Callable[[Request, "ConsoleService"], Awaitable[Response]]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status,
                        headers={"Cache-Control": "no-store"})


def _not_found() -> JSONResponse:
    return _error(404, "not_found", "There is nothing here.")


def _refusal(access: Access) -> JSONResponse:
    if access is Access.LOCKED:
        return _error(429, "rate_limited", "Too many wrong tokens; try again in a few minutes.")
    return _error(401, "unauthorized", "This needs the admin token "
                  "(Authorization: Bearer <token>, or sign in at /admin).")


def _page(name: str, **values: str) -> str:
    text = (PAGES / name).read_text(encoding="utf-8")
    for key, value in values.items():  # values are hex or fixed text: nothing to escape
        text = text.replace("{{" + key + "}}", value)
    return text


# What a visitor whose session the owner erased reads before the chat lets them go.
ERASED = "This conversation was erased by the site. Reload the page to start a new one."


class AdminApi:
    def __init__(self, token: str | None, console: ConsoleService | None,
                 end_session: Callable[[str, str], Awaitable[None]] | None = None) -> None:
        self.guard = AdminGuard(token) if token else None
        self.console = console
        # Disconnects a live visitor of an erased session (the socket transport's).
        self._end_session = end_session

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/admin", self.console_page, methods=["GET"]),
            Route("/admin/login", self.login, methods=["POST"]),
            Route("/admin/logout", self.logout, methods=["POST"]),
            Route("/admin/assets/{name}", self.asset, methods=["GET"]),
            Route("/api/admin/sessions", self._api(self.list_sessions), methods=["GET"]),
            Route("/api/admin/sessions/{session_id}", self._api(self.one_session),
                  methods=["GET", "DELETE"]),
            Route("/api/admin/stats", self._api(self.stats), methods=["GET"]),
        ]

    # ------------------------------------------------------------------ the page

    async def console_page(self, request: Request) -> Response:
        if self.guard is None:
            return _not_found()
        if self.guard.access(request) is not Access.COOKIE:
            return Response(_page("login.html", error=""), media_type="text/html",
                            headers=PAGE_HEADERS)
        csrf = self.guard.csrf_for(request.cookies.get(COOKIE, ""))
        return Response(_page("console.html", csrf=csrf), media_type="text/html",
                        headers=PAGE_HEADERS)

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if self.guard is None or name not in ASSETS:
            return _not_found()
        return Response((PAGES / name).read_bytes(), media_type=ASSETS[name],
                        headers={**PAGE_HEADERS, "Cache-Control": "no-cache"})

    async def login(self, request: Request) -> Response:
        guard = self.guard
        if guard is None:
            return _not_found()
        if not guard.same_origin(request):
            return _error(403, "forbidden", "Sign in from the console's own page.")
        body = b""
        async for part in request.stream():
            body += part
            if len(body) > MAX_FORM_BYTES:
                return _error(413, "payload_too_large", "The form is too large.")
        token = (parse_qs(body.decode("utf-8", "replace")).get("token") or [""])[0]
        access = guard.attempt(client_ip(request), lambda: guard.token_ok(token))
        if access is not Access.BEARER:
            status = 429 if access is Access.LOCKED else 401
            note = ("Too many wrong tokens. Try again in a few minutes."
                    if status == 429 else "That is not the admin token.")
            return Response(_page("login.html", error=note), status, media_type="text/html",
                            headers=PAGE_HEADERS)
        response = RedirectResponse("/admin", 303, headers={"Cache-Control": "no-store"})
        response.set_cookie(COOKIE, guard.new_cookie(), max_age=COOKIE_MAX_AGE_S,
                            path="/", httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    async def logout(self, request: Request) -> Response:
        if self.guard is None:
            return _not_found()
        if not self.guard.same_origin(request):
            return _error(403, "forbidden", "Sign out from the console's own page.")
        response = RedirectResponse("/admin", 303)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    # ------------------------------------------------------------------ the API

    def _api(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            if self.guard is None:
                return _not_found()
            access = self.guard.access(request)
            if access not in (Access.BEARER, Access.COOKIE):
                return _refusal(access)
            if (request.method != "GET" and access is Access.COOKIE
                    and not self.guard.csrf_ok(request)):
                return _error(403, "forbidden", "A change needs the console's CSRF token.")
            console = self.console
            if console is None:  # no admin token: the guard above answered already
                return _not_found()
            try:
                response = await handler(request, console)
            except LeFluxRuntimeError as exc:
                return _error(exc.status, exc.code, exc.message)
            except Exception:
                log.exception("%s %s failed", request.method, request.url.path)
                return _error(503, "internal", "The store could not answer just now.")
            response.headers["Cache-Control"] = "no-store"
            return response

        return endpoint

    async def list_sessions(self, request: Request, console: ConsoleService) -> Response:
        p = request.query_params
        raw_limit = p.get("limit") or "50"
        if not raw_limit.isdigit():
            raise InvalidPayload("limit must be a whole number.")
        listed = await console.sessions(
            site=p.get("site"), since=p.get("since"), until=p.get("until"),
            outcome=p.get("outcome"), query=p.get("q"), limit=int(raw_limit),
            cursor=p.get("cursor"))
        return JSONResponse(listed.wire())

    async def one_session(self, request: Request, console: ConsoleService) -> Response:
        try:
            session_id = canonical_uuid(request.path_params["session_id"])
        except ValueError:
            raise InvalidSession("The session id must be a UUID.") from None
        if request.method == "DELETE":
            if self._end_session is not None:
                # First let a live visitor go, so nothing of theirs is written after.
                await self._end_session(session_id, ERASED)
            if not await console.erase(session_id):
                return _error(404, "invalid_session", "There is no such session.")
            from leflux.session.console_models import Erased

            return JSONResponse(Erased(sessionId=session_id, erased=True).wire())
        detail = await console.session(session_id)
        if detail is None:
            return _error(404, "invalid_session", "There is no such session.")
        return JSONResponse(detail.wire())

    async def stats(self, request: Request, console: ConsoleService) -> Response:
        raw_days = request.query_params.get("days") or "7"
        if not raw_days.isdigit():
            raise InvalidPayload("days must be a whole number.")
        stats = await console.stats(site=request.query_params.get("site"), days=int(raw_days))
        return JSONResponse(stats.wire())
