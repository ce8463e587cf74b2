"""Browsing: home, product list with search and filters, product pages, FAQ."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from leflux.demo import catalog
from leflux.demo.web import TEMPLATES, page

FEATURED = ("red-running-shoes", "blue-fleece-hoodie", "steel-water-bottle", "black-backpack")


async def home(request: Request) -> Response:
    featured = [p for s in FEATURED if (p := catalog.get_product(s)) is not None]
    return await page(request, "home.html", {"featured": featured})


async def products(request: Request) -> Response:
    query = catalog.make_query(dict(request.query_params))
    results = catalog.search(query)
    return await page(request, "products.html", {
        "query": query,
        "results": results,
        "colors": catalog.COLORS,
        "sorts": catalog.SORTS,
        "max_price_value": request.query_params.get("max_price", "")[:12],
    })


async def product(request: Request) -> Response:
    item = catalog.get_product(request.path_params["slug"])
    if item is None:
        raise HTTPException(404, "We could not find that product.")
    related = [p for p in catalog.PRODUCTS
               if p.category == item.category and p.slug != item.slug][:3]
    return await page(request, "product.html", {
        "product": item, "related": related, "error": request.query_params.get("error"),
    })


async def product_image(request: Request) -> Response:
    """The product's drawing as an SVG file, so an <img> (and the agent's cards) can use it."""
    item = catalog.get_product(request.path_params["slug"])
    if item is None:
        raise HTTPException(404, "We could not find that product.")
    svg = TEMPLATES.get_template("product_image.svg").render(product=item)
    return Response(svg, media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


async def faq(request: Request) -> Response:
    return await page(request, "faq.html")


routes = [
    Route("/", home, name="home"),
    Route("/products", products, name="products"),
    Route("/products/{slug:str}", product, name="product"),
    Route("/product-images/{slug:str}.svg", product_image, name="product_image"),
    Route("/faq", faq, name="faq"),
]
