"""Read-only JSON views of the shop's state, for tests and curious newcomers.

``/shop-api/me`` is the calling browser's own view (by its cookie). ``/shop-api/state``
shows everything (accounts without password hashes, carts, orders, contact messages)
and answers loopback clients only: it exists so that a newcomer or a test on the same
machine can see what the agent really did.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from leflux.demo.catalog import PRODUCTS
from leflux.demo.store import Cart
from leflux.demo.web import store, visitor_id

_LOOPBACK = ("127.", "::1", "localhost")


def cart_json(cart: Cart) -> dict[str, Any]:
    return {
        "items": [
            {"line": ln.id, "slug": ln.product.slug, "title": ln.product.title,
             "size": ln.size, "quantity": ln.quantity,
             "unitPriceCents": ln.product.price_cents, "totalCents": ln.total_cents}
            for ln in cart.lines
        ],
        "count": cart.count,
        "subtotalCents": cart.subtotal_cents,
        "shippingCents": cart.shipping_cents,
        "totalCents": cart.total_cents,
    }


async def me(request: Request) -> Response:
    shop, vid = store(request), visitor_id(request)
    account = await shop.current_account(vid)
    return JSONResponse({
        "visitorId": vid,
        "account": {"id": account.id, "name": account.name, "email": account.email}
        if account else None,
        "cart": cart_json(await shop.cart(vid)),
        "checkoutShipping": await shop.shipping(vid),
        "orders": await shop.orders_for(vid, account.id if account else None),
    }, headers={"Cache-Control": "no-store"})


async def state(request: Request) -> Response:
    host = request.client.host if request.client else ""
    if not host.startswith(_LOOPBACK):
        return JSONResponse(
            {"error": {"code": "forbidden",
                       "message": "The shop's full state is shown to this machine only."}},
            status_code=403)
    return JSONResponse(await store(request).overview(), headers={"Cache-Control": "no-store"})


async def products(request: Request) -> Response:
    return JSONResponse({"products": [
        {"slug": p.slug, "title": p.title, "priceCents": p.price_cents,
         "category": p.category, "color": p.color, "sizes": list(p.sizes)}
        for p in PRODUCTS
    ]})


routes = [
    Route("/shop-api/me", me),
    Route("/shop-api/state", state),
    Route("/shop-api/products", products),
]
