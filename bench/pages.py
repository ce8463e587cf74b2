"""The bench's page fixtures of 50, 500 and 5,000 interactive elements: one description
rendered two ways, as the PageContext the embed would send (for the planners) and as the
HTML a browser indexes (for the embed), so both sections measure the same pages."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from leflux.protocol import PageContext

SIZES = (50, 500, 5_000)


@dataclass
class PageElement:
    tag: str
    text: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    label: str = ""  # a <label for> in HTML, "label" in the context


def elements(n: int) -> list[PageElement]:
    """A shop listing: nav, search, filters, product cards, a newsletter form."""
    els = [PageElement("a", t, {"href": h}) for t, h in (
        ("Home", "/"), ("Products", "/products"), ("FAQ", "/faq"), ("Contact", "/contact"),
        ("Cart (2)", "/cart"), ("Log in", "/login"))]
    els.append(PageElement("input", attrs={"type": "search", "placeholder": "Search products",
                                  "name": "q"}))
    els.append(PageElement("button", "Search", {"type": "submit"}))
    els.append(PageElement("select", attrs={"name": "sort"}, label="Sort by"))
    footer = [PageElement("input", attrs={"type": "email", "name": "newsletter"},
                          label="Newsletter"),
              PageElement("button", "Subscribe", {"type": "submit"})]
    card = 100
    while len(els) < n - len(footer):
        els.append(PageElement("a", f"Product {card} cotton tee", {"href": f"/products/p{card}"}))
        els.append(PageElement("button", "Add to cart", {"type": "button"}))
        els.append(PageElement("input", attrs={"type": "checkbox"},
                               label=f"Compare product {card}"))
        card += 1
    return els[: n - len(footer)] + footer


def visible_text(n: int) -> str:
    return " ".join(f"Product {k} cotton tee ${k % 50 + 10}." for k in range(100, 100 + n // 3))


def context(n: int) -> PageContext:
    items: list[dict[str, Any]] = []
    for i, el in enumerate(elements(n), 1):
        d: dict[str, Any] = {"id": i, "tag": el.tag}
        if el.text:
            d["text"] = el.text
        if el.label:
            d["label"] = el.label
        for k in ("type", "placeholder", "href", "name"):
            if k in el.attrs:
                d[k] = el.attrs[k]
        if el.tag == "select":
            d["options"] = [{"value": v, "text": v, "selected": v == "Best match"}
                            for v in ("Best match", "Price: low to high", "Newest")]
        d["inViewport"] = i < 40
        items.append(d)
    return PageContext.model_validate({
        "url": "https://shop.example.com/products", "title": "All products",
        "indexedElements": items, "visibleText": visible_text(n)})


def page_html(n: int, embed_src: str | None = None) -> str:
    """The same page as a document; ``embed_src`` adds the one script tag."""
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>All products</title>",
             "<style>body{font-family:sans-serif} .card{display:inline-block;width:180px;"
             "margin:4px;padding:4px;border:1px solid #ddd}</style></head><body><nav>"]
    uid = 0
    for el in elements(n):
        uid += 1
        attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in el.attrs.items())
        if el.label:
            attrs += f' id="f{uid}"'
            parts.append(f'<label for="f{uid}">{html.escape(el.label)}</label>')
        if el.tag == "input":
            parts.append(f"<input{attrs}>")
        elif el.tag == "select":
            parts.append(f"<select{attrs}><option selected>Best match</option>"
                         "<option>Price: low to high</option><option>Newest</option></select>")
        elif el.text.startswith("Product "):
            parts.append(f'<div class="card"><{el.tag}{attrs}>{html.escape(el.text)}</{el.tag}>')
        else:
            parts.append(f"<{el.tag}{attrs}>{html.escape(el.text)}</{el.tag}>")
            if el.text == "Add to cart":
                parts.append("</div>")
    parts.append(f"<p>{html.escape(visible_text(n))}</p>")
    if embed_src:
        parts.append(f'<script src="{embed_src}" async></script>')
    parts.append("</body></html>")
    return "".join(parts)
