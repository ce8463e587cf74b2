"""Cart per visitor cookie, two-step checkout, order confirmation, the state endpoints."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette

from tests.unit.demo.conftest import field_error, new_client

SHIPPING = {"name": "Ahmed Ali", "email": "ahmed@example.com", "address": "1 Main Street",
            "city": "Dublin", "postal_code": "D02 X285", "country": "Ireland"}
CARD = {"card_name": "Ahmed Ali", "card_number": "4242 4242 4242 4242", "expiry": "12/39",
        "cvc": "123"}


async def me(client: httpx.AsyncClient) -> dict:
    r = await client.get("/shop-api/me")
    assert r.status_code == 200
    return r.json()


async def test_add_update_remove_and_cart_persists_per_cookie(
    client: httpx.AsyncClient, shop: Starlette
) -> None:
    r = await client.post("/cart/add", data={"slug": "red-running-shoes", "size": "43",
                                             "quantity": "2"})
    assert r.status_code == 303 and r.headers["location"] == "/cart?added=red-running-shoes"
    await client.post("/cart/add", data={"slug": "steel-water-bottle", "quantity": "1"})
    await client.post("/cart/add", data={"slug": "red-running-shoes", "size": "43",
                                         "quantity": "1"})
    cart = (await me(client))["cart"]
    assert [(i["slug"], i["size"], i["quantity"]) for i in cart["items"]] == [
        ("red-running-shoes", "43", 3), ("steel-water-bottle", "", 1)]
    assert cart["subtotalCents"] == 3 * 4500 + 2200 and cart["shippingCents"] == 0

    page = await client.get("/cart?added=red-running-shoes")
    assert "Added Red Running Shoes to your cart." in page.text
    assert 'aria-label="Cart, 4 items"' in page.text

    shoes_line = cart["items"][0]["line"]
    await client.post("/cart/update", data={"line": str(shoes_line), "quantity": "1"})
    bottle_line = cart["items"][1]["line"]
    await client.post("/cart/update", data={"line": str(bottle_line), "remove": "1"})
    cart = (await me(client))["cart"]
    assert [(i["slug"], i["quantity"]) for i in cart["items"]] == [("red-running-shoes", 1)]
    assert cart["shippingCents"] == 500  # under $75

    # Another browser has its own, empty cart and cannot touch this one's lines.
    async with new_client(shop) as other:
        assert (await me(other))["cart"]["items"] == []
        await other.post("/cart/update", data={"line": str(shoes_line), "remove": "1"})
    assert (await me(client))["cart"]["count"] == 1

    # The same cookie in a brand-new client is the same cart (it lives in the database).
    async with new_client(shop) as again:
        again.cookies.set("leflux_shop_visitor", client.cookies["leflux_shop_visitor"])
        assert (await me(again))["cart"]["count"] == 1


async def test_bad_cart_input_is_refused_calmly(client: httpx.AsyncClient) -> None:
    r = await client.post("/cart/add", data={"slug": "red-running-shoes", "quantity": "-1"})
    assert r.headers["location"] == "/products/red-running-shoes?error=quantity"
    r = await client.post("/cart/add", data={"slug": "red-running-shoes", "size": "99"})
    assert r.headers["location"] == "/products/red-running-shoes?error=size"
    assert "Please choose a size." in (await client.get(r.headers["location"])).text
    assert (await client.post("/cart/add", data={"slug": "nope"})).status_code == 404
    assert (await me(client))["cart"]["items"] == []


async def test_checkout_to_order_confirmation(client: httpx.AsyncClient) -> None:
    empty = await client.get("/checkout")
    assert "Your cart is empty" in empty.text
    await client.post("/cart/add", data={"slug": "red-running-shoes", "quantity": "1"})
    # Payment cannot be reached before the shipping step.
    assert (await client.get("/checkout/payment")).headers["location"] == "/checkout"

    bad = await client.post("/checkout", data={**SHIPPING, "postal_code": "", "country": "Mars"})
    assert bad.status_code == 400
    assert field_error(bad.text, "postal_code") == "Please enter a valid postal code."
    assert field_error(bad.text, "country") == "Please choose a country we ship to."
    assert 'value="1 Main Street"' in bad.text  # what was typed is kept

    r = await client.post("/checkout", data=SHIPPING)
    assert r.status_code == 303 and r.headers["location"] == "/checkout/payment"
    pay = await client.get("/checkout/payment")
    assert "data-leflux-confirm" in pay.text and "Place order" in pay.text
    assert 'value="Ahmed Ali"' in pay.text  # name on card prefilled from shipping

    declined = await client.post(
        "/checkout/payment", data={**CARD, "card_number": "5555 0000 1111 9999"})
    assert declined.status_code == 400
    assert field_error(declined.text, "card_number") == "That card number is not valid."
    assert "5555" not in declined.text
    assert (await me(client))["orders"] == []

    r = await client.post("/checkout/payment", data=CARD)
    assert r.status_code == 303 and r.headers["location"].startswith("/orders/")
    order_page = await client.get(r.headers["location"])
    assert "Order confirmed" in order_page.text and "Red Running Shoes" in order_page.text

    state = await me(client)
    assert state["cart"]["items"] == [] and state["checkoutShipping"] is None
    [order] = state["orders"]
    assert order["totalCents"] == 4500 + 500 and order["cardLast4"] == "4242"
    assert order["items"][0]["slug"] == "red-running-shoes"
    assert r.headers["location"] == f"/orders/{order['id']}"
    # Paying again (a second click) places nothing more and shows the same order.
    again = await client.post("/checkout/payment", data=CARD)
    assert again.headers["location"] == r.headers["location"]
    assert len((await me(client))["orders"]) == 1
    assert (await client.get("/checkout/payment")).headers["location"] == "/checkout"


async def test_double_clicks_add_up_and_place_one_order(client: httpx.AsyncClient) -> None:
    await client.get("/")  # the visitor cookie first, as a browser would have it
    add = {"slug": "red-running-shoes", "size": "42", "quantity": "1"}
    await asyncio.gather(*(client.post("/cart/add", data=add) for _ in range(4)))
    [line] = (await me(client))["cart"]["items"]
    assert line["quantity"] == 4
    await client.post("/checkout", data=SHIPPING)
    placed = await asyncio.gather(*(client.post("/checkout/payment", data=CARD)
                                    for _ in range(3)))
    [order] = (await me(client))["orders"]
    assert {r.headers["location"] for r in placed} == {f"/orders/{order['id']}"}
    assert order["items"][0]["quantity"] == 4


async def test_orders_are_private_to_their_visitor(
    client: httpx.AsyncClient, shop: Starlette
) -> None:
    await client.post("/cart/add", data={"slug": "green-yoga-mat"})
    await client.post("/checkout", data=SHIPPING)
    url = (await client.post("/checkout/payment", data=CARD)).headers["location"]
    assert (await client.get(url)).status_code == 200
    async with new_client(shop) as stranger:
        assert (await stranger.get(url)).status_code == 404


async def test_state_endpoint_shows_everything_but_secrets(client: httpx.AsyncClient) -> None:
    await client.post("/signup", data={"name": "Ann", "email": "ann@example.com",
                                       "password": "Secret123!",
                                       "confirm_password": "Secret123!", "terms": "on"})
    await client.post("/cart/add", data={"slug": "black-backpack", "quantity": "2"})
    state = (await client.get("/shop-api/state")).json()
    assert [a["email"] for a in state["accounts"]] == ["ann@example.com"]
    assert "password" not in str(state["accounts"]).lower()
    vid = client.cookies["leflux_shop_visitor"]
    assert state["carts"][vid] == [{"slug": "black-backpack", "size": "", "quantity": 2}]


async def test_state_endpoint_is_for_this_machine_only(shop: Starlette) -> None:
    transport = httpx.ASGITransport(app=shop, client=("203.0.113.9", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as far:
        r = await far.get("/shop-api/state")
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
        assert (await far.get("/shop-api/me")).status_code == 200
