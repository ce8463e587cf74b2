"""Cart, two-step checkout (shipping, then payment) and order confirmation."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from leflux.demo import catalog, forms
from leflux.demo.store import MAX_QUANTITY
from leflux.demo.web import form_data, page, redirect, store, visitor_id


def _quantity(raw: str | None, default: int = 1) -> int | None:
    try:
        value = int(str(raw).strip()) if raw not in (None, "") else default
    except ValueError:
        return None
    return value if 0 <= value <= 99 else None


async def cart_page(request: Request) -> Response:
    cart = await store(request).cart(visitor_id(request))
    added = catalog.get_product(request.query_params.get("added", ""))
    return await page(request, "cart.html", {
        "cart": cart, "added": added, "notice": request.query_params.get("notice"),
        "max_quantity": MAX_QUANTITY,
    })


async def cart_add(request: Request) -> Response:
    data = await form_data(request)
    item = catalog.get_product(data.get("slug", ""))
    if item is None:
        raise HTTPException(404, "We could not find that product.")
    qty = _quantity(data.get("quantity"))
    if qty is None or qty < 1:
        return redirect(f"/products/{item.slug}?error=quantity")
    size = data.get("size", "") or (item.default_size or "")
    if item.sizes and size not in item.sizes:
        return redirect(f"/products/{item.slug}?error=size")
    if not item.sizes:
        size = ""
    await store(request).add_to_cart(visitor_id(request), item, size, qty)
    return redirect(f"/cart?added={item.slug}")


async def cart_update(request: Request) -> Response:
    data = await form_data(request)
    try:
        line_id = int(data.get("line", ""))
    except ValueError:
        return redirect("/cart")
    qty = 0 if "remove" in data else _quantity(data.get("quantity"))
    if qty is None:
        return redirect("/cart?notice=bad-quantity")
    await store(request).set_quantity(visitor_id(request), line_id, qty)
    return redirect("/cart?notice=removed" if qty == 0 else "/cart?notice=updated")


async def checkout(request: Request) -> Response:
    shop, vid = store(request), visitor_id(request)
    cart = await shop.cart(vid)
    if not cart.lines:
        return await page(request, "checkout_shipping.html", {"cart": cart, "empty": True})
    if request.method == "POST":
        result = forms.validate_shipping(await form_data(request))
        if result.ok:
            await shop.save_shipping(vid, result.clean)
            return redirect("/checkout/payment")
        return await page(request, "checkout_shipping.html", {
            "cart": cart, "values": result.clean, "errors": result.errors,
            "countries": forms.COUNTRIES,
        }, status_code=400)
    values = await shop.shipping(vid) or {}
    if not values and (account := await shop.current_account(vid)) is not None:
        values = {"name": account.name, "email": account.email}
    return await page(request, "checkout_shipping.html", {
        "cart": cart, "values": values, "errors": {}, "countries": forms.COUNTRIES,
    })


async def payment(request: Request) -> Response:
    shop, vid = store(request), visitor_id(request)
    if request.method == "POST":
        result = forms.validate_payment(await form_data(request))
        if result.ok:
            order_id = await shop.place_order(vid, result.clean["card_number"][-4:])
            if order_id is None:
                # A second click of "Place order": show the order the first one placed.
                order_id = await shop.latest_order_id(vid, within_s=120)
            return redirect(f"/orders/{order_id}" if order_id is not None else "/checkout")
    cart = await shop.cart(vid)
    shipping = await shop.shipping(vid)
    if not cart.lines or shipping is None:
        return redirect("/checkout")  # payment comes after a cart and a shipping address
    values: dict[str, str] = {"card_name": shipping.get("name", "")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        # Never echo a card number or CVC back into the page.
        values = {"card_name": result.clean["card_name"], "expiry": result.clean["expiry"]}
        errors = result.errors
    return await page(request, "checkout_payment.html", {
        "cart": cart, "shipping": shipping, "values": values, "errors": errors,
    }, status_code=400 if errors else 200)


async def order_page(request: Request) -> Response:
    shop, vid = store(request), visitor_id(request)
    order = await shop.order(request.path_params["order_id"])
    account = await shop.current_account(vid)
    mine = order is not None and (
        order["visitorId"] == vid
        or (account is not None and order["accountId"] == account.id)
    )
    if order is None or not mine:
        raise HTTPException(404, "We could not find that order.")
    return await page(request, "order.html", {"order": order})


routes = [
    Route("/cart", cart_page, name="cart"),
    Route("/cart/add", cart_add, methods=["POST"], name="cart_add"),
    Route("/cart/update", cart_update, methods=["POST"], name="cart_update"),
    Route("/checkout", checkout, methods=["GET", "POST"], name="checkout"),
    Route("/checkout/payment", payment, methods=["GET", "POST"], name="payment"),
    Route("/orders/{order_id:int}", order_page, name="order"),
]
