"""REST on Starlette: Origin-checked /api/*, CORS for allowed origins only,
and the open /healthz, /metrics and /embed.js."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from leflux.config import Limits
from leflux.errors import (
    InvalidPayload,
    InvalidSession,
    LeFluxRuntimeError,
    PayloadTooLarge,
    StoreUnavailable,
)
from leflux.metrics import Metrics
from leflux.protocol import PostMessage, canonical_uuid
from leflux.session.service import SessionService
from leflux.session.site import Site
from leflux.transport.embed import (
    IMMUTABLE,
    LOADER_MAX_AGE,
    EmbedFile,
    Representation,
    choose_encoding,
)
from leflux.transport.origins import request_origin
from leflux.transport.sites import SiteBook

log = logging.getLogger("leflux.rest")
CORS_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = "Content-Type"


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status, headers=headers)


def _asset(request: Request, rep: Representation, cache_control: str) -> Response:
    encoding = choose_encoding(rep, request.headers.get("accept-encoding"))
    etag = rep.etag(encoding)
    headers = {
        "ETag": etag,
        "Cache-Control": cache_control,
        "Vary": "Accept-Encoding",
        # Script tags load it from any site; no credentials are involved.
        "Access-Control-Allow-Origin": "*",
        "Timing-Allow-Origin": "*",  # owners may measure what the embed costs them
    }
    match = request.headers.get("if-none-match", "")
    if etag in match or match.strip() == "*":
        return Response(status_code=304, headers=headers)
    if encoding != "identity":
        headers["Content-Encoding"] = encoding
    return Response(rep.bodies[encoding], media_type="application/javascript", headers=headers)


class RestApi:
    def __init__(
        self,
        sites: SiteBook,
        metrics: Metrics,
        service: SessionService,
        limits: Limits,
        embed: EmbedFile | None = None,
        admin_token: str | None = None,
    ) -> None:
        # With --admin-token, /metrics answers only `Authorization: Bearer <token>`.
        self.admin_token = admin_token
        self.sites = sites
        self.metrics = metrics
        self.service = service
        self.limits = limits
        self.max_body = limits.max_payload_bytes
        self.embed = embed or EmbedFile()

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/healthz", self.healthz, methods=["GET"]),
            Route("/metrics", self.metrics_text, methods=["GET"]),
            Route("/embed.js", self.embed_js, methods=["GET", "HEAD"]),
            Route("/embed/{name}", self.embed_hashed, methods=["GET", "HEAD"]),
            Route("/api/widget-config", self._api(self.widget_config), methods=["GET", "OPTIONS"]),
            Route("/api/sessions/{session_id}/messages", self._api(self.post_message),
                  methods=["POST", "OPTIONS"]),
            Route("/api/sessions/{session_id}", self._api(self.get_session),
                  methods=["GET", "OPTIONS"]),
        ]

    # ------------------------------------------------------------------ open endpoints

    async def healthz(self, request: Request) -> Response:
        # Served once start-up built this API (before, the app answers 503 "starting").
        return JSONResponse({"status": "ok"})

    async def metrics_text(self, request: Request) -> Response:
        if self.admin_token and not hmac.compare_digest(
            request.headers.get("authorization", ""), f"Bearer {self.admin_token}"
        ):
            return error_response(403, "forbidden", "The metrics need the admin token.")
        return Response(self.metrics.render(), media_type="text/plain; version=0.0.4")

    async def embed_js(self, request: Request) -> Response:
        """The loader: tiny, cached for minutes, pointing at the current hashed code."""
        bundle = self.embed.load()
        if bundle is None:
            return error_response(
                404, "not_found",
                "The embed is not built yet: run `make embed` (or `make setup`) first.",
            )
        return _asset(request, bundle.loader, f"public, max-age={LOADER_MAX_AGE}")

    async def embed_hashed(self, request: Request) -> Response:
        """The real code at /embed/<hash>.js: the same bytes for ever, so cached a year."""
        bundle = self.embed.load()
        if bundle is None or request.path_params["name"] != f"{bundle.hash}.js":
            return error_response(404, "not_found", "No embed with that hash on this server.")
        return _asset(request, bundle.code, IMMUTABLE)

    # ------------------------------------------------------------------ /api/*

    def _api(
        self, handler: Callable[[Request, Site, SessionService], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        """Origin check, CORS, and errors as ``{"error": {code, message}}``."""

        async def endpoint(request: Request) -> Response:
            origin = request_origin(
                request.headers.get("origin"),
                sec_fetch_site=request.headers.get("sec-fetch-site"),
                scheme=request.url.scheme,
                host=request.headers.get("host"),
            )
            site = self.sites.for_origin(origin)
            if site is None:
                self.metrics.errors.labels(code="forbidden").inc()
                return error_response(403, "forbidden", "This website is not allowed here.")
            cors = {
                "Access-Control-Allow-Origin": origin or "",
                "Vary": "Origin",
            }
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={
                    **cors,
                    "Access-Control-Allow-Methods": CORS_METHODS,
                    "Access-Control-Allow-Headers": CORS_HEADERS,
                    "Access-Control-Max-Age": "600",
                })
            try:
                response = await handler(request, site, self.service)
            except LeFluxRuntimeError as exc:
                self.metrics.errors.labels(code=exc.code).inc()
                return error_response(exc.status, exc.code, exc.message, cors)
            except Exception:  # e.g. the database went away: a clear answer, no traceback
                log.exception("%s %s failed", request.method, request.url.path)
                self.metrics.errors.labels(code="internal").inc()
                return error_response(503, "internal", StoreUnavailable.default_message, cors)
            response.headers.update(cors)
            return response

        return endpoint

    async def widget_config(
        self, request: Request, site: Site, service: SessionService
    ) -> Response:
        return JSONResponse(SiteBook.widget_config(site, self.limits).wire())

    @staticmethod
    def _session_id(request: Request) -> str:
        try:
            return canonical_uuid(request.path_params["session_id"])
        except ValueError:
            raise InvalidSession("The session id must be a UUID.") from None

    async def _json_body(self, request: Request) -> Any:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body:
            raise PayloadTooLarge()
        body = b""
        async for part in request.stream():
            body += part
            if len(body) > self.max_body:
                raise PayloadTooLarge()
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            raise InvalidPayload("The body must be JSON.") from None

    async def post_message(
        self, request: Request, site: Site, service: SessionService
    ) -> Response:
        session_id = self._session_id(request)
        data = await self._json_body(request)
        try:
            body = PostMessage.model_validate(data)
        except ValidationError as exc:
            err = exc.errors(include_url=False, include_input=False)[0]
            where = ".".join(str(p) for p in err.get("loc", ())) or "body"
            msg = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
            raise InvalidPayload(f"Invalid message: {where}: {msg}."[:300]) from None
        ip = request.client.host if request.client else "unknown"
        message_id = await service.visitor_message(site, session_id, body.text, body.context,
                                                   ip)
        return JSONResponse({"messageId": message_id}, 202)

    async def get_session(
        self, request: Request, site: Site, service: SessionService
    ) -> Response:
        session_id = self._session_id(request)
        try:
            return JSONResponse(await service.snapshot(session_id, site))
        except LookupError:
            return error_response(404, "invalid_session", "There is no such session.")
