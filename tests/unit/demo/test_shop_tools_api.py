"""What the shop's assistant tools call: an order's status (the visitor's own orders
only) and a coupon code that really changes the cart's total and the order placed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from starlette.applications import Starlette

from leflux.demo.tracking import status_of
from tests.unit.demo.conftest import new_client
from tests.unit.demo.test_shop_cart_checkout import CARD, SHIPPING, me


async def test_a_coupon_changes_the_total_and_the_order(client: httpx.AsyncClient) -> None:
    refused = await client.post("/shop-api/cart/coupon", json={"code": "SAVE10"})
    assert refused.status_code == 400 and "empty" in refused.json()["error"]["message"]
    await client.post("/cart/add", data={"slug": "red-running-shoes", "size": "43",
                                         "quantity": "2"})
    bad = await client.post("/shop-api/cart/coupon", json={"code": "FREESTUFF"})
    assert bad.status_code == 400
    assert bad.json()["error"]["message"] == "'FREESTUFF' is not a valid coupon code."
    ok = await client.post("/shop-api/cart/coupon", json={"code": "save10"})
    assert ok.status_code == 200
    body = ok.json()
    assert body["code"] == "SAVE10" and body["discount"] == "$9.00" and body["total"] == "$81.00"
    assert "your total is now $81.00" in body["message"]
    cart = (await me(client))["cart"]
    assert cart["discountCents"] == 900 and cart["totalCents"] == 9000 - 900
    assert "Coupon SAVE10" in (await client.get("/cart")).text
    await client.post("/checkout", data=SHIPPING)
    placed = await client.post("/checkout/payment", data=CARD)
    order = (await me(client))["orders"][0]
    assert order["totalCents"] == 8100
    assert "&minus;$9.00" in (await client.get(placed.headers["location"])).text
    assert (await me(client))["cart"]["coupon"] is None  # used up by the order


async def test_order_status_is_for_the_visitors_own_orders(
        client: httpx.AsyncClient, shop: Starlette) -> None:
    await client.post("/cart/add", data={"slug": "steel-water-bottle", "quantity": "1"})
    await client.post("/checkout", data=SHIPPING)
    await client.post("/checkout/payment", data=CARD)
    number = (await me(client))["orders"][0]["id"]
    r = await client.get(f"/shop-api/orders/{number}")
    assert r.status_code == 200
    got = r.json()
    assert got["orderNumber"] == str(number) and got["status"] == "processing"
    assert got["message"].startswith(
        f"Order #{number} (1 \u00d7 Steel Water Bottle) is being packed")
    async with new_client(shop) as stranger:
        other = await stranger.get(f"/shop-api/orders/{number}")
    assert other.status_code == 404
    assert other.json()["error"]["message"] == f"There's no order #{number} among your orders."
    assert (await client.get("/shop-api/orders/abc")).status_code == 404


def test_an_orders_status_follows_its_age() -> None:
    placed = datetime(2026, 12, 1, 9, tzinfo=UTC)
    order = {"id": 10001, "createdAt": placed.isoformat(), "totalCents": 5000,
             "items": [{"quantity": 2, "title": "Trail Socks"}]}
    assert status_of(order, placed + timedelta(minutes=5))["status"] == "processing"
    later = status_of(order, placed + timedelta(days=1))
    assert later["status"] == "shipped" and later["estimatedDelivery"] == "2026-12-06"
    assert "should arrive by December 6" in later["message"]
    assert status_of(order, placed + timedelta(days=9))["status"] == "delivered"
