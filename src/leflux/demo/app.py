"""Assembles the demo shop: routes, static files, error pages, the visitor cookie."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from leflux.demo import accounts, api, checkout, pages
from leflux.demo.store import ShopStore
from leflux.demo.web import VisitorCookieMiddleware, page

DB_FILENAME = "demo-shop.db"
STATIC_DIR = Path(__file__).parent / "static"


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/shop-api/"):
        return PlainTextResponse(exc.detail, status_code=exc.status_code)
    if exc.status_code == 405:
        return PlainTextResponse("Method not allowed.", status_code=405)
    detail = exc.detail if exc.status_code == 404 and exc.detail != "Not Found" else None
    return await page(request, "not_found.html", {
        "detail": detail or "We could not find that page.",
    }, status_code=exc.status_code)


def create_shop_app(data_dir: Path) -> Starlette:
    """The demo shop as an ASGI app, its state in ``data_dir / "demo-shop.db"``.

    Mount it at "/" behind LeFlux's own routes. A mounted app's lifespan does not run,
    so the database is opened on first use; call ``app.state.store.close()`` on shutdown.
    """
    shop_store = ShopStore(Path(data_dir) / DB_FILENAME)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await shop_store.close()

    app = Starlette(
        routes=[
            *pages.routes, *checkout.routes, *accounts.routes, *api.routes,
            Mount("/shop-assets", StaticFiles(directory=STATIC_DIR), name="assets"),
        ],
        middleware=[Middleware(VisitorCookieMiddleware)],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.store = shop_store
    return app
