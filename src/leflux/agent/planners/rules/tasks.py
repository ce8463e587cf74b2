"""Multi-step intents: fill and submit a form, add a product to the cart, check out.

Each keeps its progress in the intent dict (``phase``, ``visited``...) so the next
iteration of the task continues where this one stopped, on whatever page it is now.
"""

from __future__ import annotations

import re
from functools import partial

from leflux.agent.planner import ShowBlock
from leflux.agent.planners.rules import consent, outcome
from leflux.agent.planners.rules.decision import Ctx, D, act, choices, click, done, fail, q
from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.forms import field_kind, fill_steps, submit_button
from leflux.agent.planners.rules.intents import Intent
from leflux.agent.planners.rules.report import report as say
from leflux.agent.planners.rules.simple import search_box, search_steps
from leflux.agent.planners.rules.text import content_words, phrase_sim
from leflux.agent.planners.rules.verify import Outcome
from leflux.protocol import Step

_FORM_LINKS = {
    "login": r"\b(?:log ?in|sign ?in|my account)\b",
    "signup": r"\b(?:sign ?up|register|create (?:an )?account|join)\b",
    "booking": r"\b(?:book|reserv|appointment)",
    "contact": r"\bcontact\b",
}
ATC_RE = re.compile(r"\badd(?: it)? to (?:the |my )?(?:cart|basket|bag)\b|^add$|\bbuy now\b", re.I)
CHECKOUT_RE = re.compile(r"\bcheck ?out\b|\bproceed to (?:checkout|payment)\b", re.I)
CART_LINK_RE = re.compile(r"\b(?:cart|basket|bag)\b", re.I)
PLACE_RE = re.compile(r"\bplace (?:my |the )?order\b|\bpay(?: now)?\b|\bcomplete (?:purchase|order)"
                      r"\b|\bconfirm (?:order|purchase|payment)\b", re.I)
NEXT_RE = re.compile(r"^(?:next(?: page)?|more|load more|show more|›|»|>|older)$", re.I)
SHOP_RE = re.compile(r"^(?:products|shop|store|catalog(?:ue)?|all products|browse)$", re.I)
_SECRET = ("password", "card_number", "card_cvc")


def _summary(steps: list[Step], page: Page) -> ShowBlock:
    fields = []
    for s in steps:
        if s.action not in ("type", "select", "check", "uncheck") or s.elementId is None:
            continue
        el = page.by_id.get(s.elementId)
        secret = el is not None and (el.type == "password" or any(
            k in el.field_text.lower() for k in ("card", "cvc", "cvv")))
        value = s.inputData or ("yes" if s.action == "check" else "no")
        fields.append({"label": s.description, "value": "••••••" if secret else value})
    return ShowBlock("form_summary", {"fields": fields})


def do_form(ctx: Ctx, intent: Intent) -> D:
    page, phase = ctx.page, intent.get("phase")
    if phase in ("filled", "submitted", "asked") and ctx.results is not None:
        if ctx.failed:
            intent.setdefault("exclude", []).extend(ctx.failed_ids())
            intent["tries"] = intent.get("tries", 0) + 1
            if intent["tries"] > 2 or not ctx.failed_ids():
                return fail(f"I couldn't fill in the form: {ctx.failure_text()}.")
            intent.pop("phase")
        elif phase == "filled":
            filled = f"Filled in {', '.join(intent.get('labels', []))}."
            # Say what the form still needs, so the visitor knows what to tell us next.
            missing = [el.display for el in page.fields if consent.is_required(el)
                       and not (el.e.value or el.e.checked)]
            if missing:
                return done(f"{filled} Still needed: {', '.join(missing)}. Tell me and "
                            "I'll fill them in.")
            return done(filled)
        elif phase == "asked":
            return consent.asked(intent, intent.get("labels", []))
        else:
            return outcome.report(page, intent)
    if phase == "to_form" and ctx.failed:
        return fail(f"I couldn't open the form: {ctx.failure_text()}.")
    facts = ctx.facts
    if intent.get("pairs"):
        facts = type(facts)(dict(facts.values), [*map(tuple, intent["pairs"]), *facts.pairs],
                            facts.text)
    exclude = set(intent.get("exclude", []))
    steps, labels = fill_steps(page, facts, exclude=exclude)
    if intent.get("agree"):
        steps += consent.agree_steps(page)
    pattern = _FORM_LINKS.get(intent["form"])
    # Log-in and sign-up forms look alike (a password field): when this page holds the
    # other one, go to the right one first even though some fields would fit.
    has_password = any(el.type == "password" for el in page.fields)
    wrong_form = (intent["form"] == "login" and not _has_form(page, "login")) or (
        intent["form"] == "signup" and (_has_form(page, "login") or not has_password))
    if (not steps or wrong_form) and pattern and not intent.get("navigated") \
            and not _has_form(page, intent["form"]):
        here = page.url.split("?")[0].split("#")[0]
        link = next((el for el in page.clickables if el.e.href
                     and re.search(pattern, el.name_text, re.I)
                     and el.e.href.split("?")[0].split("#")[0] != here), None)
        if link is not None:
            intent.update(phase="to_form", navigated=True)
            return act(f"Opening {q(link.display)} first.", click(link))
    if not steps:
        if not facts:
            return fail("Tell me what to fill in (for example \u201cname: Ahmed, email: "
                        "ahmed@example.com\u201d).")
        return fail("I couldn't find fields on this page for what you gave me.")
    intent["labels"] = labels
    blocks = [_summary(steps, page)]
    if not intent.get("submit"):
        intent.update(phase="filled", ok=f"Filled in {', '.join(labels)}.")
        return act(f"Filling in {', '.join(labels)}.", *steps, blocks=blocks)
    ids = [s.elementId for s in steps if s.elementId is not None]
    if boxes := consent.pending(page, ids, {*ids, *exclude}):
        # A required box the visitor said nothing about: fill the rest, then ask.
        intent.update(phase="asked", ask=consent.ask(boxes))
        return act(f"Filling in {', '.join(labels)}.", *steps, blocks=blocks)
    btn = submit_button(page, ids, exclude=exclude)
    if btn is not None:
        steps.append(click(btn, btn.display))
    else:
        last = next((s for s in reversed(steps) if s.action == "type"), None)
        if last is None:
            return fail("I filled what I could but couldn't find how to submit this form.")
        steps.append(Step(action="press", elementId=last.elementId, inputData="Enter",
                          description="submit"))
    intent.update(phase="submitted", url=page.url, before=outcome.before_lines(page))
    return act(f"Filling in {', '.join(labels)} and submitting.", *steps, blocks=blocks)


def _has_form(page: Page, form: str) -> bool:
    """Is the form the intent needs already on this page (so there is nowhere to go)?"""
    kinds = [field_kind(el) for el in page.fields if not el.is_toggle]
    if form == "login":
        return kinds.count("password") == 1 and not {"confirm_password", "new_password",
                                                      "first_name", "name"} & set(kinds)
    if form == "signup":
        return "password" in kinds and bool({"confirm_password", "first_name", "name"}
                                            & set(kinds))
    if form == "contact":
        return any(el.tag == "textarea" for el in page.fields)
    if form == "booking":
        return any(el.type in ("date", "time") for el in page.fields)
    return False


_ATC_WORDS = frozenset({"add", "cart", "basket", "bag", "buy", "now", "it"})


def _atc_product_words(b: El) -> list[str]:
    return [w for w in content_words(b.name_text) if w not in _ATC_WORDS]


def _cart_badge(page: Page) -> str | None:
    el = next((el for el in page.clickables if CART_LINK_RE.search(el.name_text)
               and not ATC_RE.search(el.name_text)), None)
    return el.name_text if el is not None else None


def _cart_changed(page: Page, intent: Intent) -> bool:
    """Evidence that the cart took the item: the cart page, a success note, or a cart
    badge that changed. Without a badge to compare there is no evidence against."""
    if CART_LINK_RE.search(page.url.split("?")[0].rsplit("/", 1)[-1]):
        return True
    if re.search(r"\badded\b.*\b(?:cart|basket|bag)\b|\b(?:cart|basket|bag)\b.*\bupdated\b",
                 page.text, re.I):
        return True
    before, now = intent.get("badge"), _cart_badge(page)
    return before is None or now is None or before != now


def _product_matches(page: Page, product: str) -> list[tuple[float, El]]:
    pool = [el for el in page.els if not el.is_field and not ATC_RE.search(el.name_text)]
    return [(s, el) for s, el in page.best(product, pool, limit=8) if s >= 0.7]


def do_cart(ctx: Ctx, intent: Intent) -> D:
    page, product = ctx.page, intent["product"]
    this_item = product.lower() in ("this", "it", "this item", "this product", "that", "one",
                                    "this one", "that one")
    if this_item:
        product = page.title.split(" \u00b7 ")[0].split(" | ")[0].strip() or "it"
    if intent.get("phase") == "adding" and ctx.results is not None:
        if not ctx.failed:
            if _cart_changed(page, intent) or intent.get("rechecked"):
                return done(f"Added {q(product)} to your cart.")
            # The click "worked" but the cart badge did not move and nothing says it was
            # added (e.g. a reload cut the request off): try once more on this page.
            intent["rechecked"] = True
        if intent.get("tries", 0) >= 2:
            return fail(f"I couldn't add {q(product)} to the cart: {ctx.failure_text()}.")
        intent["tries"] = intent.get("tries", 0) + 1
        intent.setdefault("exclude", []).extend(ctx.failed_ids())
    elif ctx.failed:
        intent.setdefault("exclude", []).extend(ctx.failed_ids())
    exclude = set(intent.get("exclude", []))
    visited = intent.setdefault("visited", [])
    if page.url and page.url not in visited:
        visited.append(page.url)
    atc = [el for el in page.clickables if ATC_RE.search(el.name_text) and el.id not in exclude]
    matches = _product_matches(page, product)
    on_product_page = phrase_sim(product, page.title) >= 0.7 or any(
        el.tag == "h1" for _, el in matches)
    # "Add Red Running Shoes to cart" buttons name their product; plain "Add to cart"
    # is the page's own product (on a product page).
    generic = [b for b in atc if not _atc_product_words(b)]
    named = sorted(((phrase_sim(product, " ".join(_atc_product_words(b))), b)
                    for b in atc if _atc_product_words(b)), key=lambda t: (-t[0], t[1].id))
    target: El | None = None
    if this_item:
        target = generic[0] if generic else (atc[0] if len(atc) == 1 else None)
        if target is None:
            return fail("Which product do you mean? Tell me its name.")
    elif named and named[0][0] >= 0.7 and (len(named) == 1 or named[1][0] < named[0][0]):
        target = named[0][1]
    elif on_product_page and generic:
        target = generic[0]
    elif atc and len(atc) == 1 and matches:
        target = atc[0]
    elif atc and matches:
        best_s = matches[0][0]
        top = [el for s, el in matches if s >= best_s - 0.05]
        buttons: dict[int, El] = {}
        for el in top:
            b = max(atc, key=partial(page.closeness, el))
            if page.closeness(el, b) > 0:
                buttons[b.id] = b
        if len(buttons) > 1 and len({el.display for el in top}) > 1:
            return fail(f"I found several matches for {q(product)}. Which one?",
                        [choices("Which one?", "add", top)])
        target = next(iter(buttons.values()), None)
    qty_field = next((el for el in page.fields if el.is_text_field and re.search(
        r"quantity|\bqty\b", el.field_text, re.I)), None)
    wants_more = intent.get("qty") not in (None, "", "1")
    product_link = next((el for s, el in matches if el.tag == "a" and el.e.href not in visited),
                        None)
    if target is not None and wants_more and qty_field is None and product_link is not None:
        # No quantity box here (a listing's card): the product's page has one.
        intent["phase"] = "looking"
        return act(f"Opening {q(product_link.display)} to choose the quantity.",
                   click(product_link))
    if target is not None:
        steps: list[Step] = []
        qty = intent.get("qty")
        if qty:
            qf = next((el for el in page.fields if el.is_text_field and re.search(
                r"quantity|\bqty\b", el.field_text, re.I)), None)
            if qf is not None:
                steps.append(Step(action="type", elementId=qf.id, inputData=str(qty),
                                  description="quantity"))
        steps.append(click(target, f"add {product} to cart"))
        intent.update(phase="adding", badge=_cart_badge(page))
        return act(f"Adding {q(product)} to your cart.", *steps)
    intent["phase"] = "looking"
    links = [el for s, el in matches if el.tag == "a" and el.e.href not in visited]
    if links:
        return act(f"Opening {q(links[0].display)}.", click(links[0]))
    box = search_box(page)
    if box is not None and not intent.get("searched"):
        intent["searched"] = True
        return act(f"Searching for {q(product)}.", *search_steps(page, box, product))
    shop = next((el for el in page.clickables if SHOP_RE.match(el.display.strip())
                 and el.e.href not in visited and not intent.get("shop")), None)
    if shop is not None:
        intent["shop"] = True
        return act(f"Opening {q(shop.display)} to look for {q(product)}.", click(shop))
    nxt = next((el for el in page.clickables if NEXT_RE.match(el.display.strip())
                and el.id not in exclude), None)
    if nxt is not None:
        return act(f"Looking on the next page for {q(product)}.", click(nxt, "next page"))
    return fail(f"I couldn't find {q(product)} to add to the cart.")


_CHECKOUT_PAGE_RE = re.compile(r"check ?out|payment|billing|shipping details", re.I)


def _at_checkout(page: Page) -> bool:
    path = page.url.split("?")[0].split("#")[0]
    return bool(_CHECKOUT_PAGE_RE.search(path) or _CHECKOUT_PAGE_RE.search(page.title))


def do_checkout(ctx: Ctx, intent: Intent) -> D:
    """Get to the checkout; with details given, fill each step (shipping, payment...) and
    submit it. The final "Place order" goes through the engine's gate like any plan."""
    page = ctx.page
    if intent.get("phase") == "submitted" and ctx.results is not None:
        if ctx.failed:
            return fail(f"The checkout step didn't go through: {ctx.failure_text()}.")
        v = outcome.read(page, intent)
        if v.outcome is Outcome.FAILURE:
            return fail(say(v, "I sent the checkout step"))
        steps, _ = fill_steps(page, ctx.facts)
        intent["pages"] = intent.get("pages", 0) + 1
        if not (_at_checkout(page) and steps and v.navigated) or intent["pages"] > 4:
            return done(say(v, "Submitted"))
        intent.pop("phase")  # the next step of a multi-page checkout: go on below
    if ctx.failed and intent.get("tries", 0) >= 2:
        return fail(f"I couldn't get to the checkout: {ctx.failure_text()}.")
    if ctx.failed:
        intent["tries"] = intent.get("tries", 0) + 1
    place = next((el for el in page.clickables if PLACE_RE.search(el.name_text)), None)
    if _at_checkout(page) or place is not None:
        steps, labels = fill_steps(page, ctx.facts)
        if steps:
            ids = [st.elementId for st in steps if st.elementId is not None]
            btn = submit_button(page, ids) or place
            if btn is None:
                return fail("I filled what I could but couldn't find how to continue.")
            steps.append(click(btn, btn.display))
            intent.update(phase="submitted", url=page.url,
                          before=outcome.before_lines(page))
            return act(f"Filling in {', '.join(labels)} and continuing with "
                       f"{q(btn.display)}.", *steps, blocks=[_summary(steps, page)])
        if place is not None and intent.get("place"):
            intent.update(phase="submitted", url=page.url, form="checkout",
                          before=outcome.before_lines(page))
            return act(f"Placing the order with {q(place.display)}.", click(place))
        if place is not None:
            return done("You're at the checkout. Tell me your shipping and payment details "
                        "and I'll fill them in, or fill them yourself and tell me to place "
                        "the order.")
        return done(f"We're at the checkout ({q(page.title or page.url)}). Tell me your "
                    "details and I'll fill them in.")
    visited = intent.setdefault("visited", [])
    go = next((el for el in page.clickables if CHECKOUT_RE.search(el.name_text)
               and el.e.href not in visited), None)
    if go is None and not intent.get("cart"):
        go = next((el for el in page.clickables if CART_LINK_RE.search(el.name_text)
                   and not ATC_RE.search(el.name_text)), None)
        intent["cart"] = go is not None
    if go is not None:
        if go.e.href:
            visited.append(go.e.href)
        intent["phase"] = "going"
        return act(f"Going to {q(go.display)}.", click(go))
    return fail("I couldn't find the way to the checkout from this page.")


def do_submit(ctx: Ctx, intent: Intent) -> D:
    if intent.get("phase") == "acted" and ctx.results is not None:
        intent["phase"] = "submitted"
        intent["form"] = "fill"
        return do_form(ctx, intent)
    page = ctx.page
    filled = [el.id for el in page.fields if el.e.value]
    btn = submit_button(page, filled)
    if btn is None:
        return fail("I couldn't find a submit button here.")
    intent.update(phase="acted", url=page.url, before=outcome.before_lines(page))
    return act(f"Submitting with {q(btn.display)}.", click(btn))
