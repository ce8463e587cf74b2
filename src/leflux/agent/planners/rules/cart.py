"""Putting a product in the cart from wherever the visitor is, and checking it landed.

On the product's own page its options, count and "Add to cart" (:mod:`product`). On a
list of products, the card that names it and the card's own add button when no option
or count needs the product's page, else the link to that page. Elsewhere the site's
search for it, or its shop listing, then the same again on the page it leads to.

A press of "Add to cart" is done only when the page says so: a new message ("Added to
your basket"), the cart page, or the cart's badge counting more than before. A press
the page did not answer is tried once more, then said as it is.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.cardoptions import card_choice, described
from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.filters import names_sort, plan_refine
from leflux.agent.planners.rules.ground import main_list
from leflux.agent.planners.rules.listquestions import next_page
from leflux.agent.planners.rules.match import tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause, Request
from leflux.agent.planners.rules.options import NAMED_WORD
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.product import (
    BUY_SURE,
    ROW_KINDS,
    buy_button_name,
    plan_buy_here,
    product_count,
    product_said,
)
from leflux.agent.planners.rules.product import buying as buying_here
from leflux.agent.planners.rules.rowpages import PAGE_PHASE
from leflux.agent.planners.rules.search import plan_site_search
from leflux.agent.planners.rules.state import Pending
from leflux.agent.planners.rules.text import phrase_sim
from leflux.agent.planners.rules.verify import (
    Before,
    Expect,
    Outcome,
    Verdict,
    new_sentences,
    snapshot,
    verify,
)

BUY_PHASE = "bought"
# A product name on the page this close to the visitor's words is the one meant.
PRODUCT_MATCH = 0.7
# ... and the next best this much lower, else the visitor is asked which.
PRODUCT_MARGIN = 0.05
MAX_CHOICES = 5
# Words that say "the product on this page" rather than name one.
THIS = frozenset({"this", "it", "that", "one", "these", "those", "them", "item", "product"})


def cart_badge(page: Page, lang: str) -> str:
    """The cart's link or button as it reads now ("Cart (2)", "Basket 0")."""
    for el in page.clickables:
        words = [w for w in tokens(fold(el.name_text)) if w.isalpha()]
        if words and any(lex.is_cart(w, lang) for w in words) and buy_button_name(el, lang) \
                is None:
            return " ".join(el.name_text.split())
    return ""


def _on_cart_page(page: Page, lang: str) -> bool:
    path = urlsplit(page.url).path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return any(lex.is_cart(w, lang) for w in tokens(fold(path)) if w.isalpha())


def bought(page: Page, before: Before, badge: str, failed: list[str], lang: str) -> Verdict:
    """Did the press put the product in the cart? Only what the page shows counts."""
    v = verify(page, before, failed)
    if v.outcome is Outcome.FAILURE or v.said:
        return v
    if _on_cart_page(page, lang):
        return Verdict(Outcome.SUCCESS, page.title or page.url, navigated=True)
    now = cart_badge(page, lang)
    if badge and now and now != badge:
        return Verdict(Outcome.SUCCESS, f"the cart now reads {quoted(now)}")
    told = _cart_message(page, before, lang)
    if told:  # "Added 2 × Lumen X2 (Orange) to your cart": a toast over the badge
        return Verdict(Outcome.SUCCESS, told, said=True)
    return Verdict(Outcome.UNKNOWN)


def _cart_message(page: Page, before: Before, lang: str) -> str:
    """A message the press brought up that speaks of the cart (a toast, a banner), with
    the product's own words in between that the lexicon's fixed phrases do not allow."""
    for s in new_sentences(page, before):
        words = [w for w in tokens(fold(s)) if w.isalpha()]
        if any(lex.is_cart(w, lang) for w in words) and lex.outcome_kind(s, lang) != "error":
            return s
    return ""


def bought_report(v: Verdict, did: str, what: str) -> str:
    if v.outcome is Outcome.SUCCESS and v.said:
        return f"Added {what} to the cart; the page says {quoted(v.evidence)}."
    if v.outcome is Outcome.SUCCESS:
        shown = f" ({v.evidence})" if not v.navigated else ""
        return f"Added {what} to the cart{shown}."
    if v.outcome is Outcome.FAILURE:
        why = v.errors[0] if v.errors else v.evidence or "nothing changed on the page"
        return f"I couldn't add {what} to the cart: the page says {quoted(why)}."
    return (f"{did}, but the page doesn't show that anything was added to the cart. "
            "Please check your cart.")


def as_bought(d: Decision, page: Page, lang: str) -> Decision:
    """A press of the buy button, checked against the cart's badge afterwards."""
    if d.kind is Kind.ACT and d.before is not None and any(
            st.action == "click" and (el := page.by_id.get(st.elementId or -1)) is not None
            and buy_button_name(el, lang) is not None for st in d.steps):
        d.phase, d.text = BUY_PHASE, presses(0, 1, cart_badge(page, lang))
    return d


def presses(done: int, needed: int, badge: str) -> str:
    """What a press of "Add to cart" keeps for its check: the presses done before it, the
    presses the count needs (a card with no quantity box: one per item), the cart's badge."""
    return f"{done}|{needed}|{badge}"


def _presses(text: str) -> tuple[int, int, str]:
    done, needed, badge = [*text.split("|", 2), "", "", ""][:3]
    return (int(done) if done.isdigit() else 0, int(needed) if needed.isdigit() else 1, badge)


def _product_words(c: Clause, lang: str) -> str:
    words = c.target.words if c.target and c.target.words else ""
    stop = lex.stopwords(lang) | lex.stopwords("en")
    kept = [w for w in tokens(fold(words)) if w not in stop and not lex.is_cart(w, lang)
            and lex.number(w, lang) is None]
    return " ".join(kept)


def _card_button(page: Page, el: PageElement, lang: str) -> PageElement | None:
    """The add button of the card that holds ``el`` (a product's name or link)."""
    buttons = [b for b in page.clickables if b.tag != "a" and not b.disabled
               and buy_button_name(b, lang) is not None]
    if el.group:
        same = [b for b in buttons if b.group == el.group]
        if len(same) == 1:
            return same[0]
    near = sorted(buttons, key=lambda b: -page.closeness(el, b))
    return near[0] if near and page.closeness(el, near[0]) > 0 else None


def _products(page: Page, words: str) -> list[tuple[float, PageElement]]:
    pool = [el for el in page.els if not el.is_field and el.tag != "button" and (
        el.tag == "a" or el.extra("groupKind") in ROW_KINDS or el.tag.startswith("h"))]
    return [(s, el) for s, el in page.best(words, pool, limit=8) if s >= PRODUCT_MATCH]


def _which(words: str, found: list[tuple[float, PageElement]]) -> Decision | None:
    top = found[0][0]
    close = list(dict.fromkeys(el.display for s, el in found if s >= top - PRODUCT_MARGIN))
    if len(close) < 2:
        return None
    return Decision(Kind.ASK, f"I found several products for {quoted(words)}. Which one?",
                    confidence=top, choices=[(n, f"add {n} to the cart")
                                             for n in close[:MAX_CHOICES]])


def _covered(name: str, said: tuple[str, ...], lang: str) -> float:
    """The share of a product's name the visitor said ("2 copies of The Glass Archive")."""
    stop = lex.stopwords(lang) | lex.stopwords("en")
    own = [w for w in tokens(name) if w not in stop]
    hit = [w for w in own if any(word_sim(w, x, lang) >= NAMED_WORD for x in said)]
    return len(hit) / len(own) if own else 0.0


def _named_button(page: Page, words: str, lang: str) -> PageElement | None:
    """The one add button that names the product ("Add Blue Fleece Hoodie to cart")."""
    named = [(b, n) for b in page.clickables if not b.disabled
             and (n := buy_button_name(b, lang))]
    said = tokens(words)
    scored = sorted(((max(phrase_sim(words, n), _covered(n, said, lang)), b) for b, n in named),
                    key=lambda t: -t[0])
    if not scored or scored[0][0] < PRODUCT_MATCH or (
            len(scored) > 1 and scored[1][0] > scored[0][0] - PRODUCT_MARGIN):
        return None
    return scored[0][1]


def _press(page: Page, button: PageElement, what: str, lang: str, needed: int = 1) -> Decision:
    return Decision(Kind.ACT, f"Pressing {quoted(button.display)}{what}.",
                    [step("click", button, None, f"{button.display}{what}")], BUY_SURE,
                    snapshot(page, Expect.CLICK), f"Pressed {quoted(button.display)}{what}",
                    phase=BUY_PHASE, text=presses(0, needed, cart_badge(page, lang)))


def _from_card(c: Clause, page: Page, lang: str) -> Decision | None:
    """A card of the listing with options of its own (a size beside its "Add to bag")."""
    buttons = [b for b in page.clickables if b.tag != "a" and not b.disabled
               and buy_button_name(b, lang) == ""]
    count = product_count(c)
    found = card_choice(c, product_said(c, count, lang), page, buttons, lang)
    if found is None or isinstance(found, Decision):
        return found
    card, steps = found
    d = _press(page, card.button, described(card, steps), lang, count or 1)
    d.steps = [*steps, *d.steps]
    return d


def _from_listing(c: Clause, page: Page, words: str, lang: str) -> Decision | None:
    if (carded := _from_card(c, page, lang)) is not None:
        return carded
    count = product_count(c)
    named = _named_button(page, words, lang)
    found = _products(page, words)
    link = next((x for _, x in found if x.tag == "a" and x.e.href), None)
    if named is not None and (count in (None, 1) or link is None):
        # (a count and no page of its own to choose it on: one press per item)
        return _press(page, named, f" for {quoted(buy_button_name(named, lang) or words)}", lang,
                      count or 1)
    if not found:
        return None
    ask = _which(words, found)
    if ask is not None:
        return ask
    el = found[0][1]
    button = named or _card_button(page, el, lang)
    if button is not None and (count in (None, 1) or link is None):
        return _press(page, button, f" for {quoted(el.display)}", lang, count or 1)
    if link is None:
        return None
    # (the count, a size or a colour is chosen on the product's own page)
    return Decision(Kind.ACT, f"Opening {quoted(link.display)}.", [step("click", link)], BUY_SURE,
                    snapshot(page, Expect.CLICK), "", phase="again")


def _best_of(req: Request, page: Page, words: str) -> Decision | None:
    """'the cheapest science book': the listing filtered and sorted by the words first, then
    the first product it lists."""
    if not names_sort(words, req.lang):
        return None
    d = plan_refine(Clause(Act.FILTER, words, query=words), req, page)
    if d is None or d.kind is Kind.ACT:
        return d  # (the same clause again on the page the filters lead to)
    groups = {el.group: el.position for el in page.els if el.group}
    first = main_list(page, groups)[:1] if groups else []
    button = next((b for b in page.clickables if first and b.group == first[0]
                   and not b.disabled and buy_button_name(b, req.lang) is not None), None)
    if button is None:
        return None
    return _press(page, button, f" for {quoted(first[0].split(' | ')[0][:60])}", req.lang)



def plan_buy(c: Clause, req: Request, page: Page, again: int) -> Decision:
    """'add 2 red running shoes to my cart', 'i wanna buy the white canvas sneakers'."""
    lang = req.lang
    words = _product_words(c, lang)
    here = plan_buy_here(c, page, lang)
    if here.kind is not Kind.SKIP:
        return as_bought(here, page, lang)
    if not words or set(words.split()) <= THIS:
        return SKIP if c.act is not Act.BUY else Decision(
            Kind.FAIL, "Which product do you mean? Tell me its name.")
    best = _best_of(req, page, words)
    if best is not None:
        return best
    listed = _from_listing(c, page, words, lang)
    if listed is not None:
        return listed
    if (turn := next_page(page, lang)) is not None:
        # a list of many pages: the next one, as a person looks (the engine caps the plans)
        return Decision(Kind.ACT, f"Looking for {quoted(words)} on the next page.",
                        [step("click", turn, None, turn.display)], BUY_SURE,
                        snapshot(page, Expect.CLICK), "", phase=PAGE_PHASE)
    if again > 1:
        return Decision(Kind.FAIL, f"I couldn't find {quoted(words)} to add to the cart.")
    found = plan_site_search(words, page, lang, again)
    if found.kind is Kind.ACT:
        found.phase = "again"  # the results: the same clause again there
        return found
    return Decision(Kind.FAIL, f"I couldn't find {quoted(words)} to add to the cart.")


def sells(page: Page, lang: str) -> bool:
    """Does the page put things in a cart (an add-to-cart button, a product's own)?"""
    return any(buy_button_name(el, lang) is not None for el in page.clickables)


def names_cart(c: Clause, lang: str) -> bool:
    """Does the clause say where it goes, the cart ("... to my basket")?"""
    where = [r.words for r in (c.destination, c.container) if r is not None and r.words]
    return any(lex.is_cart(fold(w), lang) for w in where)


def buying(c: Clause, page: Page, lang: str) -> Decision | None:
    """The purchase a clause asks for on this product page (checked as a purchase)."""
    d = buying_here(c, page, lang)
    return as_bought(d, page, lang) if d is not None else None


def resume_buy(page: Page, pending: Pending, failed: list[str], lang: str
               ) -> tuple[str, int | None]:
    """(the report, or the presses done when the clause is to be planned again: a press
    the page did not answer, once more; the next of a count pressed one at a time)."""
    done, needed, badge = _presses(pending.text)
    v = bought(page, pending.before, badge, failed, lang)
    if v.outcome is Outcome.UNKNOWN and not pending.tries and not failed:
        return "", done
    if v.outcome is Outcome.SUCCESS and done + 1 < needed:
        return "", done + 1
    what = pending.did.split(" for ", 1)[1] if " for " in pending.did else "it"
    if needed > 1 and v.outcome is Outcome.SUCCESS:
        what = f"{needed} \u00d7 {what}"
    return bought_report(v, pending.did, what), None
