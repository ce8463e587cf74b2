"""A product page's own "Add to cart": the option the visitor named (a colour, a size),
the count they asked for, then the button, as a person buys on the page they are on.

An option the page shows but will not take (disabled: "Forest green (sold out)") is said
to the visitor in the page's own words; nothing is added instead.
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, q, step
from leflux.agent.planners.rules.elements import El, Page
from leflux.agent.planners.rules.fields import kind_of
from leflux.agent.planners.rules.lexicon import fold
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.options import NAMED_OPTION, named_score, option_names
from leflux.agent.planners.rules.verify import Expect, snapshot

BUY_SURE = 0.75
ROW_KINDS = ("item", "row", "card")


def _buy_button(page: Page, lang: str) -> El | None:
    """The page's one add-to-cart button (not a card's in a list of products)."""
    names = lex.synonyms("buy", lang) | lex.synonyms("buy", "en")
    found = [el for el in page.clickables if el.tag != "a" and not el.disabled
             and el.extra("groupKind") not in ROW_KINDS
             and fold(el.name_text).strip() in names]
    return found[0] if len(found) == 1 else None


def plan_buy_here(c: Clause, page: Page, lang: str) -> Decision:
    """'add two orange ones to my cart' on a product page: Orange, 2, Add to cart."""
    words = c.target.words if c.target and c.target.words else ""
    if not words or c.act not in (Act.BUY, Act.ADD, Act.UNKNOWN):
        return SKIP
    said = tuple(w for w in tokens(fold(words)) if not lex.is_cart(w, lang))
    if c.act is Act.UNKNOWN and len(said) == len(tokens(fold(words))):
        return SKIP  # no cart named: not a purchase
    button = _buy_button(page, lang)
    if button is None or not said:
        return SKIP
    scored = sorted(((max(named_score(n, said, said, lang) for n in option_names(el)), el)
                     for el in page.els if el.is_toggle and (el.type == "radio" or
                                                                el.role == "radio")
                     and el.extra("groupKind") not in ROW_KINDS), key=lambda t: -t[0])
    if not scored or scored[0][0] < NAMED_OPTION or (
            len(scored) > 1 and scored[1][0] >= scored[0][0]):
        return SKIP
    option = scored[0][1]
    if option.disabled:
        return Decision(Kind.SAY, f"{q(option.display)} can't be chosen on this page, so I "
                        "haven't added anything to the cart.", confidence=BUY_SURE)
    steps = [] if option.e.checked else [step("check", option, None, option.display)]
    qty = next((el for el in page.fields if kind_of(el) == "quantity" and not el.disabled
                and el.extra("groupKind") not in ROW_KINDS), None)
    if c.quantity and qty is not None and (qty.e.value or "") != str(c.quantity):
        steps.append(step("type", qty, str(c.quantity), qty.display))
    steps.append(step("click", button, None, button.display))
    count = f"{c.quantity} \u00d7 " if c.quantity else ""
    return Decision(Kind.ACT, f"Choosing {q(option.display)} and pressing {q(button.display)}.",
                    steps, BUY_SURE, snapshot(page, Expect.CLICK),
                    f"Pressed {q(button.display)} for {count}{option.display}")
