"""Browsing the shop over HTTP: pages, search and filters, product pages, the embed tag."""

from __future__ import annotations

import httpx

from tests.unit.demo.conftest import product_titles

PAGES = ["/", "/products", "/products/red-running-shoes", "/cart", "/checkout", "/signup",
         "/login", "/contact", "/faq"]


async def test_every_page_renders_with_the_embed(client: httpx.AsyncClient) -> None:
    for path in PAGES:
        r = await client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
        assert r.text.count('<script src="/embed.js" async></script>') == 1, path
        assert "Northwind Outfitters" in r.text


async def test_stylesheet_is_served(client: httpx.AsyncClient) -> None:
    r = await client.get("/shop-assets/shop.css")
    assert r.status_code == 200 and "--accent" in r.text


async def test_search_and_filters_give_real_results(client: httpx.AsyncClient) -> None:
    r = await client.get("/products", params={"q": "red shoes"})
    assert product_titles(r.text) == ["Red Running Shoes"]
    assert "1 product found" in r.text
    assert 'value="red shoes"' in r.text  # the box keeps what was searched

    r = await client.get("/products", params={"category": "Shoes", "max_price": "50"})
    assert product_titles(r.text) == ["Red Running Shoes", "White Canvas Sneakers"]
    assert '<option value="Shoes" selected>' in r.text

    r = await client.get("/products", params={"color": "Blue", "sort": "price-desc"})
    assert product_titles(r.text) == ["Blue Trail Sneakers", "Blue Fleece Hoodie"]

    r = await client.get("/products", params={"q": "<script>alert(1)</script>"})
    assert r.status_code == 200 and "No products match" in r.text
    assert "<script>alert(1)</script>" not in r.text  # escaped, never reflected raw


async def test_product_page_has_a_labelled_buy_form(client: httpx.AsyncClient) -> None:
    r = await client.get("/products/red-running-shoes")
    assert "<h1>Red Running Shoes</h1>" in r.text and "$45.00" in r.text
    assert '<label for="quantity">Quantity</label>' in r.text
    assert '<label for="size">Size</label>' in r.text
    assert '<option value="42" selected>' in r.text
    assert ">Add to cart</button>" in r.text


async def test_product_images_are_svg_files(client: httpx.AsyncClient) -> None:
    html = (await client.get("/products")).text
    assert '<img class="art" src="/product-images/red-running-shoes.svg" alt=""' in html
    r = await client.get("/product-images/red-running-shoes.svg")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.lstrip().startswith("<svg") and "#e5484d" in r.text
    assert (await client.get("/product-images/nope.svg")).status_code == 404


async def test_unknown_pages_are_friendly_404s(client: httpx.AsyncClient) -> None:
    for path in ("/products/no-such-thing", "/nowhere", "/orders/999999"):
        r = await client.get(path)
        assert r.status_code == 404, path
        assert "Page not found" in r.text
        assert "Traceback" not in r.text


async def test_faq_answers_real_questions_in_visible_text(client: httpx.AsyncClient) -> None:
    r = await client.get("/faq")
    for words in ("How long does shipping take?", "2–4 business days", "within 30 days",
                  "Visa, Mastercard", "EU sizes 38 to 46"):
        assert words in r.text
    assert "<details" not in r.text  # answers are on the page, not hidden


async def test_visitor_cookie_is_set_once_and_kept(client: httpx.AsyncClient) -> None:
    r1 = await client.get("/")
    cookie = r1.cookies.get("leflux_shop_visitor")
    assert cookie and len(cookie) >= 16
    assert "httponly" in r1.headers["set-cookie"].lower()
    r2 = await client.get("/faq")
    assert "set-cookie" not in r2.headers
    assert (await client.get("/shop-api/me")).json()["visitorId"] == cookie


async def test_a_forged_cookie_is_replaced(client: httpx.AsyncClient) -> None:
    client.cookies.set("leflux_shop_visitor", "../../etc/passwd")
    r = await client.get("/shop-api/me")
    assert r.json()["visitorId"] != "../../etc/passwd"
    assert "leflux_shop_visitor=" in r.headers["set-cookie"]
