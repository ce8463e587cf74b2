"""JSON views of the shop's state, for tests and curious newcomers, and the two calls
the shop's own assistant tools make (``static/shop-tools.js``).

``/shop-api/me`` is the calling browser's own view (by its cookie). ``/shop-api/state``
shows everything (accounts without password hashes, carts, orders, contact messages)
and answers loopback clients only: it exists so that a newcomer or a test on the same
machine can see what the agent really did. ``/shop-api/orders/{number}`` is where one of
the visitor's own orders is; ``POST /shop-api/cart/coupon {code}`` applies a coupon code.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from leflux.demo.catalog import PRODUCTS, format_money
from leflux.demo.coupons import CouponRefused
from leflux.demo.store import Cart
from leflux.demo.tracking import status_of
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
        "coupon": cart.coupon.code if cart.coupon else None,
        "discountCents": cart.discount_cents,
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


def _refusal(status: int, message: str) -> Response:
    return JSONResponse({"error": {"code": "not_found" if status == 404 else "refused",
                                   "message": message}}, status_code=status,
                        headers={"Cache-Control": "no-store"})


async def order_status(request: Request) -> Response:
    """Where one of this visitor's orders is (another shopper's order is not found)."""
    shop, vid = store(request), visitor_id(request)
    number = str(request.path_params["number"]).strip().lstrip("#")
    order = await shop.order(int(number)) if number.isdigit() and len(number) < 10 else None
    account = await shop.current_account(vid) if order is not None else None
    if order is None or not (order["visitorId"] == vid or (
            account is not None and order["accountId"] == account.id)):
        return _refusal(404, f"There's no order #{number[:20]} among your orders.")
    return JSONResponse(status_of(order), headers={"Cache-Control": "no-store"})


async def apply_coupon(request: Request) -> Response:
    try:
        body = await request.json()
    except ValueError:
        body = None
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not code.strip():
        return _refusal(400, "Send the coupon code as {\"code\": \"...\"}.")
    try:
        cart = await store(request).apply_coupon(visitor_id(request), code)
    except CouponRefused as exc:
        return _refusal(400, str(exc))
    assert cart.coupon is not None
    total = cart_json(cart)
    message = (f"Coupon {cart.coupon.code} applied ({cart.coupon.terms}): you save "
               f"{format_money(cart.discount_cents)}, and your total is now "
               f"{format_money(cart.total_cents)}.")
    return JSONResponse({"message": message, "code": cart.coupon.code,
                         "discount": format_money(cart.discount_cents),
                         "total": format_money(cart.total_cents), "cart": total},
                        headers={"Cache-Control": "no-store"})


routes = [
    Route("/shop-api/orders/{number}", order_status),
    Route("/shop-api/cart/coupon", apply_coupon, methods=["POST"]),
    Route("/shop-api/me", me),
    Route("/shop-api/state", state),
    Route("/shop-api/products", products),
]
