"""Real-looking page contexts, as the embed would index them (ids, tags, labels, parents).

Ids are grouped per page region so expected plans in the table stay readable:
1-9 header/nav, 10-49 the main form or list, 50+ footer and side content.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from leflux.agent.planner import PlanActions, PlanRequest, TextDelta
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext

StepT = tuple[str, int | None, str | None]


def captured(folder: Path, name: str) -> PageContext:
    """A page context captured in Chromium (``folder/name.json``)."""
    return PageContext.model_validate(json.loads((folder / f"{name}.json").read_text()))


def plan_on(ctx: PageContext, text: str) -> tuple[list[StepT], str]:
    """The rules planner's first plan for ``text`` on a page: its steps and what it says."""
    req = PlanRequest(visitor_text=text, goal=text, context=ctx, history=[],
                      memory=[], site=SiteInfo(name="t"), planner_state={})
    events = decide(req)
    steps = [(s.action, s.elementId, s.inputData) for e in events
             if isinstance(e, PlanActions) for s in e.steps]
    return steps, "".join(e.text for e in events if isinstance(e, TextDelta))

NAV = [
    {"id": 1, "tag": "a", "text": "Home", "href": "/"},
    {"id": 2, "tag": "a", "text": "Products", "href": "/products"},
    {"id": 3, "tag": "a", "text": "FAQ", "href": "/faq"},
    {"id": 4, "tag": "a", "text": "Contact", "href": "/contact"},
    {"id": 5, "tag": "a", "text": "Cart (2)", "href": "/cart", "label": "Cart"},
    {"id": 6, "tag": "input", "type": "search", "placeholder": "Search products", "name": "q",
     "parentId": 9},
    {"id": 7, "tag": "button", "type": "submit", "label": "Search", "parentId": 9},
    {"id": 8, "tag": "a", "text": "Log in", "href": "/login"},
    {"id": 9, "tag": "form", "role": "search"},
]
FOOTER = [
    {"id": 50, "tag": "a", "text": "Privacy policy", "href": "/privacy"},
    {"id": 51, "tag": "a", "text": "Terms of service", "href": "/terms"},
    {"id": 52, "tag": "input", "type": "email", "placeholder": "Your email",
     "label": "Newsletter", "name": "newsletter_email", "parentId": 54},
    {"id": 53, "tag": "button", "type": "submit", "text": "Subscribe", "parentId": 54},
    {"id": 54, "tag": "form"},
]


def page(url: str, title: str, main: list[dict[str, Any]], text: str = "",
         nav: bool = True) -> PageContext:
    els = (NAV if nav else []) + main + (FOOTER if nav else [])
    els, forms = _with_forms(els)
    return PageContext.model_validate({"url": url, "title": title, "indexedElements": els,
                                       "visibleText": text, "forms": forms,
                                       "focusedId": None})


def _with_forms(els: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Any]]:
    """``formId`` and ``forms`` as the embed reports them, for controls whose parent is a
    ``<form>``."""
    form_ids = {e["id"] for e in els if e["tag"] == "form"}
    out = [{**e, "formId": e["parentId"]} if e.get("parentId") in form_ids and
           e["tag"] in ("input", "button", "select", "textarea") else e for e in els]
    forms = []
    for fid in sorted(form_ids):
        subs = [e for e in out if e.get("formId") == fid and e["tag"] == "button" and
                e.get("type", "submit") == "submit"]
        texts = [e.get("text") or e.get("label") or "" for e in subs]
        forms.append({"id": fid, "submitIds": [e["id"] for e in subs], "hasSubmit": bool(subs),
                      "marked": any(e.get("confirm") for e in subs),
                      "text": " / ".join(t for t in texts if t)})
    return out, forms


def _f(id: int, tag: str = "input", **kw: Any) -> dict[str, Any]:
    return {"id": id, "tag": tag, "parentId": 10, **kw}


SIGNUP = page("https://shop.example.com/signup", "Create an account", [
    {"id": 10, "tag": "form"},
    _f(11, type="text", label="First name", name="first_name", autocomplete="given-name"),
    _f(12, type="text", label="Last name", name="last_name", autocomplete="family-name"),
    _f(13, type="email", label="Email address", name="email"),
    _f(14, type="tel", label="Phone (optional)", name="phone"),
    _f(15, type="password", label="Password", name="password"),
    _f(16, type="password", label="Confirm password", name="password2"),
    _f(17, type="checkbox", label="I agree to the Terms of service", name="terms"),
    _f(18, type="checkbox", label="Send me offers by email", name="offers", checked=True),
    _f(19, "button", type="submit", text="Create account"),
], "Create an account. Password must be at least 8 characters. Already have an account? Log in.")

# A sign-up whose terms box is required (the embed's ``required: true``) and whose
# newsletter box is optional.
SIGNUP_REQ = page("https://shop.example.com/register", "Register", [
    {"id": 10, "tag": "form"},
    _f(11, type="text", label="Full name", name="name", required=True),
    _f(12, type="email", label="Email", name="email", required=True),
    _f(13, type="password", label="Password", name="password", required=True),
    _f(14, type="password", label="Confirm password", name="confirm", required=True),
    _f(15, type="checkbox", label="Email me the newsletter", name="newsletter", checked=False),
    _f(16, type="checkbox", label="I have read and accept the privacy policy", name="privacy",
       required=True, checked=False),
    _f(17, "button", type="submit", text="Register"),
], "Register\nFull name\nEmail\nPassword\nAt least 8 characters.\nConfirm password\n"
   "Email me the newsletter\nI have read and accept the privacy policy\nRegister")

LOGIN = page("https://shop.example.com/login", "Log in", [
    {"id": 10, "tag": "form"},
    _f(11, type="text", label="Username or email", name="username"),
    _f(12, type="password", label="Password", name="password"),
    _f(13, type="checkbox", label="Remember me", name="remember"),
    _f(14, "button", type="submit", text="Log in"),
    {"id": 15, "tag": "a", "text": "Forgot your password?", "href": "/reset"},
    {"id": 16, "tag": "a", "text": "Sign up", "href": "/signup"},
], "Welcome back. Log in to see your orders.")

CHECKOUT = page("https://shop.example.com/checkout", "Checkout", [
    {"id": 10, "tag": "form"},
    _f(11, type="text", label="Full name", name="name", autocomplete="name"),
    _f(12, type="email", label="Email", name="email"),
    _f(13, type="text", label="Street address", name="address", autocomplete="address-line1"),
    _f(14, type="text", label="City", name="city"),
    _f(15, type="text", label="ZIP / Postal code", name="zip"),
    _f(16, "select", label="Country", name="country", options=[
        {"value": "", "text": "Choose…", "selected": True},
        {"value": "us", "text": "United States"}, {"value": "fr", "text": "France"},
        {"value": "de", "text": "Germany"}, {"value": "ma", "text": "Morocco"}]),
    _f(17, type="radio", label="Standard shipping (free)", name="shipping", checked=True),
    _f(18, type="radio", label="Express shipping ($9)", name="shipping"),
    _f(20, type="text", label="Card number", name="cc-number", autocomplete="cc-number"),
    _f(21, type="text", label="Expiry (MM/YY)", name="cc-exp"),
    _f(22, type="text", label="CVC", name="cc-csc"),
    _f(23, "button", type="submit", text="Place order"),
    {"id": 24, "tag": "a", "text": "Back to cart", "href": "/cart"},
], "Checkout. Order total $84.00. Shipping is free over $50.")

LISTING = page("https://shop.example.com/products?q=shoes", "Products", [
    {"id": 10, "tag": "div", "role": "list"},
    {"id": 11, "tag": "article", "parentId": 10},
    {"id": 12, "tag": "a", "text": "Red running shoes", "href": "/products/red-running-shoes",
     "parentId": 11},
    {"id": 13, "tag": "button", "text": "Add to cart", "parentId": 11},
    {"id": 14, "tag": "article", "parentId": 10},
    {"id": 15, "tag": "a", "text": "Blue running shoes", "href": "/products/blue-running-shoes",
     "parentId": 14},
    {"id": 16, "tag": "button", "text": "Add to cart", "parentId": 14},
    {"id": 17, "tag": "article", "parentId": 10},
    {"id": 18, "tag": "a", "text": "Leather hiking boots", "href": "/products/hiking-boots",
     "parentId": 17},
    {"id": 19, "tag": "button", "text": "Add to cart", "parentId": 17},
    {"id": 20, "tag": "select", "label": "Sort by", "name": "sort", "options": [
        {"value": "relevance", "text": "Relevance", "selected": True},
        {"value": "price_asc", "text": "Price: low to high"},
        {"value": "price_desc", "text": "Price: high to low"}]},
    {"id": 21, "tag": "input", "type": "checkbox", "label": "In stock only", "name": "stock"},
    {"id": 22, "tag": "a", "text": "Next page", "href": "/products?q=shoes&page=2"},
], "3 results for shoes. Red running shoes $49. Blue running shoes $52. Leather hiking boots $89.")

PRODUCT = page("https://shop.example.com/products/red-running-shoes", "Red running shoes", [
    {"id": 10, "tag": "h1", "text": "Red running shoes"},
    {"id": 11, "tag": "select", "label": "Size", "name": "size", "options": [
        {"value": "40", "text": "EU 40"}, {"value": "41", "text": "EU 41"},
        {"value": "42", "text": "EU 42"}, {"value": "43", "text": "EU 43"}]},
    {"id": 12, "tag": "input", "type": "number", "label": "Quantity", "name": "qty",
     "value": "1"},
    {"id": 13, "tag": "button", "text": "Add to cart"},
    {"id": 14, "tag": "button", "text": "Add to wishlist"},
    {"id": 15, "tag": "summary", "text": "Shipping & returns"},
], "Red running shoes. $49.00. Lightweight mesh upper and a cushioned sole. "
   "Free returns within 30 days of delivery. Ships in 2-3 business days.")

CART = page("https://shop.example.com/cart", "Your cart", [
    {"id": 10, "tag": "input", "type": "number", "label": "Quantity Red running shoes",
     "value": "1"},
    {"id": 11, "tag": "button", "text": "Remove", "label": "Remove Red running shoes"},
    {"id": 12, "tag": "input", "type": "text", "label": "Discount code", "name": "coupon"},
    {"id": 13, "tag": "button", "text": "Apply"},
    {"id": 14, "tag": "a", "text": "Proceed to checkout", "href": "/checkout"},
], "Your cart. Red running shoes x1 $49.00. Subtotal $49.00.")

CONTACT = page("https://shop.example.com/contact", "Contact us", [
    {"id": 10, "tag": "form"},
    _f(11, type="text", label="Your name", name="name"),
    _f(12, type="email", label="Your email", name="email"),
    _f(13, "select", label="Topic", name="topic", options=[
        {"value": "order", "text": "Order status"}, {"value": "returns", "text": "Returns"},
        {"value": "other", "text": "Something else"}]),
    _f(14, "textarea", label="Message", name="message"),
    _f(15, "button", type="submit", text="Send message"),
], "Contact us. We answer within one business day. Call us at +1 555 0100, Monday to Friday.")

BOOKING = page("https://bistro.example.com/reserve", "Book a table", [
    {"id": 10, "tag": "form"},
    _f(11, type="date", label="Date", name="date"),
    _f(12, type="time", label="Time", name="time"),
    _f(13, "select", label="Guests", name="guests", options=[
        {"value": str(n), "text": f"{n} {'guest' if n == 1 else 'guests'}"}
        for n in range(1, 9)]),
    _f(14, type="text", label="Name", name="name"),
    _f(15, type="tel", label="Phone", name="phone"),
    _f(16, "textarea", label="Special requests", name="notes"),
    _f(17, "button", type="submit", text="Reserve"),
], "Book a table. We hold tables for 15 minutes. Parties larger than 8, please call us.",
   nav=False)

SETTINGS = page("https://app.example.com/settings", "Account settings", [
    {"id": 10, "tag": "form"},
    _f(11, type="text", label="Display name", name="display_name", value="sam"),
    _f(12, "select", label="Language", name="lang", options=[
        {"value": "en", "text": "English", "selected": True},
        {"value": "fr", "text": "Français"}, {"value": "es", "text": "Español"}]),
    _f(13, type="checkbox", label="Email notifications", name="notify_email", checked=True,
       role="switch"),
    _f(14, type="checkbox", label="Dark mode", name="dark"),
    _f(15, "button", type="submit", text="Save changes"),
    {"id": 30, "tag": "form"},
    {"id": 31, "tag": "input", "type": "password", "label": "Current password",
     "parentId": 30},
    {"id": 32, "tag": "input", "type": "password", "label": "New password", "parentId": 30},
    {"id": 33, "tag": "button", "type": "submit", "text": "Change password", "parentId": 30},
    {"id": 40, "tag": "button", "text": "Delete account"},
    {"id": 41, "tag": "button", "text": "Cancel subscription"},
], "Account settings. Signed in as sam@example.com.", nav=False)

FAQ = page("https://shop.example.com/faq", "FAQ", [
    {"id": 10, "tag": "summary", "text": "How long does shipping take?"},
    {"id": 11, "tag": "summary", "text": "What is your return policy?"},
    {"id": 12, "tag": "summary", "text": "Do you ship internationally?"},
], "Frequently asked questions.\n\nHow long does shipping take?\nOrders ship within 2 "
   "business days and arrive in 3-5 days in the US.\n\nWhat is your return policy?\nYou can "
   "return unworn items within 30 days for a full refund. Return shipping is free.\n\n"
   "Do you ship internationally?\nYes, we ship to 40 countries, Canada and Mexico included. "
   "International delivery takes "
   "7-14 days and duties are paid by the customer.\n\nCan I change my order?\nContact us within "
   "an hour of ordering and we will do our best.")

PAGES = {"signup": SIGNUP, "login": LOGIN, "checkout": CHECKOUT, "listing": LISTING,
         "product": PRODUCT, "cart": CART, "contact": CONTACT, "booking": BOOKING,
         "settings": SETTINGS, "faq": FAQ, "signup_req": SIGNUP_REQ}


def flat(ctx: PageContext) -> PageContext:
    """The same page as the embed reports it: only interactive elements, no parents."""
    data = ctx.model_dump(mode="json", exclude_none=True)
    data["indexedElements"] = [
        {k: v for k, v in e.items() if k != "parentId"} for e in data["indexedElements"]
        if e["tag"] not in ("form", "article", "div", "h1")]
    return PageContext.model_validate(data)


FLAT = {k: flat(v) for k, v in PAGES.items()}


def big_page(n: int = 500) -> PageContext:
    """A 500-element page: a long product grid with filters, nav, and a form."""
    els: list[dict[str, Any]] = list(NAV)
    i = 100
    while len(els) < n - len(FOOTER):
        card = i
        els.append({"id": card, "tag": "article", "parentId": 99})
        els.append({"id": card + 1, "tag": "a", "text": f"Product {card} cotton tee",
                    "href": f"/products/p{card}", "parentId": card})
        els.append({"id": card + 2, "tag": "button", "text": "Add to cart", "parentId": card})
        els.append({"id": card + 3, "tag": "input", "type": "checkbox",
                    "label": f"Compare product {card}", "parentId": card})
        i += 4
    els = els[: n - len(FOOTER)] + list(FOOTER)
    els += [{"id": 9000 + k, "tag": "span", "text": f"filler {k}"} for k in range(n - len(els))]
    text = " ".join(f"Product {k} cotton tee ${k % 50 + 10}." for k in range(100, i, 4))
    return PageContext.model_validate({"url": "https://shop.example.com/products",
                                       "title": "All products", "indexedElements": els[:n],
                                       "visibleText": text})


def edited(ctx: PageContext, **changes: dict[str, Any]) -> PageContext:
    """``ctx`` with some elements' keys changed ({"e16": {"checked": True}})."""
    data = ctx.model_dump(mode="json", exclude_none=True)
    for e in data["indexedElements"]:
        e.update(changes.get(f"e{e['id']}", {}))
    return PageContext.model_validate(data)
