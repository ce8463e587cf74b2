"""A product page's own "Add to cart": the options the visitor named (a size, a colour),
the count they asked for, then the button, as a person buys on the page they are on.

Every group of options (sizes, colours) is read on its own: the option the words name
in it is chosen; a group with nothing chosen yet and nothing named is asked about rather
than guessed ("Which size? S, M, L"). An option the page shows but will not take
("Forest green (sold out)"), a count over the quantity box's limit, or a button the page
greyed out ("Out of stock") is said to the visitor in the page's own words; nothing is
added instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import SKIP, Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import kind_of
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act, Clause, ValueKind
from leflux.agent.planners.rules.options import NAMED_OPTION, named_score, option_names
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step

BUY_SURE = 0.75
ROW_KINDS = ("item", "row", "card")
# A group's best option beats the next one by this much to be the one named.
OPTION_MARGIN = 0.15
MAX_ASKED = 8
BUY_ACTS = (Act.BUY, Act.ADD, Act.UNKNOWN, Act.FILL)


def buy_button(page: Page, lang: str) -> PageElement | None:
    """The page's own add-to-cart button: the one that names no other product (a related
    product's card says "Add Blue Trail Sneakers to cart")."""
    found = [el for el in page.clickables if not el.disabled and buy_button_name(el, lang)
             == ""]
    return found[0] if len(found) == 1 else None


def _own(el: PageElement, button: PageElement | None) -> bool:
    """A control of the page's product (beside its button), not of a card in a list."""
    return el.extra("groupKind") not in ROW_KINDS or (
        button is not None and bool(el.group) and el.group == button.group)


def buy_button_name(el: PageElement, lang: str) -> str | None:
    """The product an add-to-cart button names ("Add Blue Hoodie to cart": "blue hoodie"),
    "" for a plain one ("Add to cart"), None when it is no such button."""
    if el.tag == "a" and el.role != "button":
        return None
    return _buy_name(tuple(p for p in (el.e.label, el.e.text, el.extra("ariaLabel")) if p),
                     lang)


@lru_cache(maxsize=4096)
def _buy_name(parts: tuple[str, ...], lang: str) -> str | None:
    # Asked of every button on the page, several times a decision: listings repeat the
    # same few labels, so the answer is kept per label.
    names = lex.synonyms("buy", lang) | lex.synonyms("buy", "en")
    if any(fold(p).strip() in names for p in parts) and not any(
            _named_in(p, lang) for p in parts):
        return ""
    return next((n for p in parts if (n := _named_in(p, lang))), None)


def _named_in(label: str, lang: str) -> str:
    """'Add Blue Fleece Hoodie to cart' -> 'blue fleece hoodie'."""
    words = tokens(fold(label))
    verbs = lex.control_words(Act.ADD, lang) | lex.control_words(Act.BUY, lang) | \
        lex.control_words(Act.ADD, "en") | lex.control_words(Act.BUY, "en")
    if len(words) < 3 or words[0] not in verbs or not lex.is_cart(words[-1], lang):
        return ""
    stop = lex.stopwords(lang) | lex.stopwords("en")
    inner = list(words[1:-1])
    while inner and inner[-1] in stop:
        inner.pop()
    return " ".join(inner)


def _greyed_out(page: Page) -> PageElement | None:
    """The product form's own button, greyed out ("Out of stock")."""
    # Greyed-out submits are few: the fields' kinds are read only for their forms.
    greyed = [el for el in page.els if el.tag != "a" and el.disabled and el.type ==
              "submit" and el.form_id is not None]
    if not greyed:
        return None
    forms = {el.form_id for el in page.fields if el.form_id in {g.form_id for g in greyed}
             and kind_of(el) == "quantity" and _own(el, None)}
    found = [el for el in greyed if el.form_id in forms]
    return found[0] if len(found) == 1 else None


def product_count(c: Clause) -> int | None:
    if c.quantity:
        return c.quantity
    v = next((v for v in c.values if v.kind is ValueKind.QUANTITY), None)
    return int(v.text) if v is not None and v.text.isdecimal() else None


def product_said(c: Clause, count: int | None, lang: str) -> tuple[str, ...]:
    """The clause's words that may name options: no stopwords, no cart, not the count."""
    stop = lex.stopwords(lang) | lex.stopwords("en")
    out: list[str] = []
    counted = False
    for w in tokens(fold(c.text)):
        if w in stop or lex.is_cart(w, lang):
            continue
        if count is not None and not counted and lex.number(w, lang) == count:
            counted = True  # "add 2 pairs": the count, not a size called 2
            continue
        out.append(w)
    return tuple(out)


def _groups(page: Page, button: PageElement) -> list[list[PageElement]]:
    """The product's option groups (radios by name), in page order."""
    groups: dict[str, list[PageElement]] = {}
    for el in page.els:
        if not el.is_toggle or not (el.type == "radio" or el.role == "radio") or \
                not _own(el, button):
            continue
        if button.form_id is not None and el.form_id not in (None, button.form_id):
            continue
        groups.setdefault(el.e.name or el.group or str(el.id), []).append(el)
    return list(groups.values())


def _score(el: PageElement, said: tuple[str, ...], lang: str) -> float:
    names = option_names(el)
    if any(fold(n).strip() in lex.synonyms(w, lang) for n in names for w in said):
        return 1.0  # "large" for "L": a word the option's whole name stands for
    return max(named_score(n, said, said, lang) for n in names)


def _named(group: list[PageElement], said: tuple[str, ...], lang: str) -> PageElement | None:
    scored = sorted(((_score(el, said, lang), el) for el in group), key=lambda t: (-t[0], t[1].id))
    best, el = scored[0]
    if best < NAMED_OPTION or (len(scored) > 1 and scored[1][0] > best - OPTION_MARGIN):
        return None
    return el


def group_name(group: list[PageElement]) -> str:
    """What a group asks for, in the page's words ("Size: Choose a size" -> "Size")."""
    head = group[0].group.split(":")[0].strip() if group[0].group else ""
    return head or (group[0].e.name or "option")


@dataclass
class Choice:
    steps: list[Step]
    chosen: list[str]
    problem: Decision | None = None


def _choose(c: Clause, page: Page, button: PageElement, said: tuple[str, ...], lang: str) -> Choice:
    out = Choice([], [])
    for group in _groups(page, button):
        el = _named(group, said, lang)
        if el is None and not any(o.e.checked for o in group):
            out.problem = _ask_option(c, group)
            return out
        if el is None:
            continue
        if el.disabled:
            out.problem = Decision(Kind.SAY, f"{quoted(el.display)} can't be chosen on this page, "
                                   "so I haven't added anything to the cart.",
                                   confidence=BUY_SURE)
            return out
        out.chosen.append(el.display)
        if not el.e.checked:
            out.steps.append(step("check", el, None, el.display))
    return out


def _ask_option(c: Clause, group: list[PageElement]) -> Decision:
    what = group_name(group)
    opts = [el.display for el in group if not el.disabled][:MAX_ASKED]
    return Decision(Kind.ASK, f"Which {what.lower()} would you like? I haven't added anything "
                    "yet.", confidence=BUY_SURE,
                    choices=[(o, f"{c.text.rstrip(' .!')}, {what.lower()} {o}") for o in opts])


def _quantity(page: Page, button: PageElement, count: int | None
              ) -> tuple[list[Step], Decision | None]:
    box = next((el for el in page.fields if kind_of(el) == "quantity" and not el.disabled
                and _own(el, button) and (button.form_id is None or el.form_id in (
                    None, button.form_id))), None)
    if count is None or box is None or (box.e.value or "") == str(count):
        return [], None
    top = str(box.raw("max") or "")
    if top.isdigit() and count > int(top):
        return [], Decision(Kind.SAY, f"This page takes at most {top} at a time, so I haven't "
                            f"added {count} to the cart.", confidence=BUY_SURE)
    return [step("type", box, str(count), box.display)], None


# A link this close to the visitor's words is the product they mean, not this page's.
ELSEWHERE = 0.8


def _target_words(c: Clause, said: tuple[str, ...]) -> tuple[str, ...]:
    """The words that name the product: the clause's target's, when it has one."""
    named = set(tokens(fold(c.target.words))) if c.target and c.target.words else set()
    return tuple(w for w in said if w in named) if named else said


def _elsewhere(said: tuple[str, ...], chosen: list[str], page: Page) -> bool:
    """Do the words name another product, one this page links to, rather than its own?"""
    used = {w for name in chosen for w in tokens(fold(name))}
    rest = [w for w in said if w not in used and w.isalpha()]
    title = set(tokens(fold(page.title)))
    if not rest or any(w in title for w in rest):
        return False
    links = [el for el in page.clickables if el.tag == "a"]
    return any(s >= ELSEWHERE for s, _ in page.best(" ".join(rest), links, limit=1))


def _meant(c: Clause, cart_said: bool, chosen: list[str], count: int | None, lang: str
           ) -> bool:
    """Is the clause a purchase of this product: a cart named, or (adding) an option of it or
    a count; never a place that is no cart ("add to wishlist")."""
    where = [r.words for r in (c.destination, c.container) if r is not None and r.words]
    if where and not any(lex.is_cart(fold(w), lang) for w in where):
        return False
    if c.act is Act.BUY or cart_said:
        return True
    return bool(chosen) or (c.act is Act.ADD and count is not None)


def plan_buy_here(c: Clause, page: Page, lang: str) -> Decision:
    """'add two orange ones in XXL to my cart' on a product page: Orange, XXL, 2, Add."""
    if c.act not in BUY_ACTS or c.negated:
        return SKIP
    count = product_count(c)
    said = product_said(c, count, lang)
    cart_said = any(lex.is_cart(w, lang) for w in tokens(fold(c.text)))
    button = buy_button(page, lang)
    if button is None:
        grey = _greyed_out(page) if c.act is Act.BUY or cart_said else None
        return SKIP if grey is None or _elsewhere(_target_words(c, said), [], page) else Decision(
            Kind.SAY, f"The page shows {quoted(grey.display)} for it, so I haven't added anything "
            "to the cart.", confidence=BUY_SURE)
    choice = _choose(c, page, button, said, lang)
    if not _meant(c, cart_said, choice.chosen, count, lang):
        return SKIP
    if _elsewhere(_target_words(c, said), choice.chosen, page):
        return SKIP  # "add the red running shoes" on another product's page
    if choice.problem is not None:
        return choice.problem
    qty_steps, too_many = _quantity(page, button, count)
    if too_many is not None:
        return too_many
    steps = [*choice.steps, *qty_steps, step("click", button, None, button.display)]
    what = ", ".join(choice.chosen)
    counted = f"{count} \u00d7 " if count and what else f"{count}" if count else ""
    for_what = f" for {counted}{what}" if what or counted else ""
    return Decision(Kind.ACT, f"Pressing {quoted(button.display)}{for_what}.", steps, BUY_SURE,
                    snapshot(page, Expect.CLICK), f"Pressed {quoted(button.display)}{for_what}")


# Values a purchase carries: its count, and short words that name an option ("size 9").
OPTION_VALUE_WORDS = 2


def buying(c: Clause, page: Page, lang: str) -> Decision | None:
    """The purchase a clause asks for on this product page, or None (not one)."""
    if any(v.kind not in (ValueKind.QUANTITY, ValueKind.NUMBER, ValueKind.TEXT) or len(
            v.text.split()) > OPTION_VALUE_WORDS for v in c.values):
        return None  # the visitor's details, a message: a form's
    d = plan_buy_here(c, page, lang)
    return None if d.kind is Kind.SKIP else d
