"""Buying on a shop's pages as the embed indexes them (tests/unit/rules/shop_pages/*.json,
captured in Chromium with window.LeFlux.getContext() on the eval's hardware shop): every
option group read on its own, the count, the page's own limits; nothing added on a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "shop_pages"
T = tuple[str, int | None, str | None]


# product_gloves: sizes S (5) M (7) L (8) XL (9), none chosen; colours Tan (10, on) / Black
# (11); Quantity (13, max 20); "Add to basket" (15). product_jacket: sizes S..XXL (5, 7-10),
# colours Yellow (11, on) / Orange (12), Quantity (14), "Add to basket" (16).
# product_trousers: sizes 30..38 (5, 7-10), colours Grey (11, on) / Black (12) / Navy (13),
# Quantity (15), "Add to basket" (17). product_boots: sizes 6..12 (5, 7-12), Honey (13, on).
@pytest.mark.parametrize(("page", "text", "expected"), [
    ("product_gloves", "add 2 pairs of gloves in large, black",
     [("check", 8, None), ("check", 11, None), ("type", 13, "2"), ("click", 15, None)]),
    ("product_jacket", "3 of the orange jacket in XXL please",
     [("check", 10, None), ("check", 12, None), ("type", 14, "3"), ("click", 16, None)]),
    ("product_trousers", "añade dos pantalones talla 34 en azul marino",
     [("check", 8, None), ("check", 13, None), ("type", 15, "2"), ("click", 17, None)]),
    ("product_boots", "i wanna get the boots in size 9, the honey colour",
     [("check", 9, None), ("click", 18, None)]),
])
def test_options_count_and_the_button(page: str, text: str, expected: list[T]) -> None:
    assert plan_on(captured(PAGES, page), text)[0] == expected


@pytest.mark.parametrize(("page", "text", "said"), [
    # a size group with nothing chosen and nothing named: asked, not guessed
    ("product_boots", "add these boots to my basket", "Which size"),
    # over the quantity box's own limit: said, nothing added
    ("product_gloves", "add 25 pairs in medium", "at most 20"),
    # the page's own button greyed out
    ("product_jigsaw", "add the jigsaw to my basket", "Out of stock"),
])
def test_nothing_is_added_on_a_guess(page: str, text: str, said: str) -> None:
    steps, text_said = plan_on(captured(PAGES, page), text)
    assert steps == [] and said in text_said


def test_a_quantity_alone_is_not_a_purchase() -> None:
    steps, _ = plan_on(captured(PAGES, "product_jigsaw"), "set the quantity to 4")
    assert steps == [("type", 8, "4")]


# basket: drill x1 (count 5, Update 6, Remove 7), boots x2 (9, 10, 11), cable ties x3 (13,
# 14, 15); the page redraws its rows after every Update or Remove.
def test_several_counts_one_row_per_plan_then_what_the_page_shows() -> None:
    steps, _ = plan_on(captured(PAGES, "basket"), "i only want 1 drill and 5 packs of cable ties")
    assert steps == [("type", 13, "5"), ("click", 14, None)]  # the drill holds 1 already


async def test_an_emptied_basket_is_one_remove_per_row_until_the_page_shows_none() -> None:
    from tests.unit.rules.test_flows import Drive

    d = Drive()
    await d.say("empty my basket", captured(PAGES, "basket"))
    for after in ("basket_no_drill", "basket_ties_only", "basket_empty"):
        await d.eng.on_confirmation(d.conv, True)  # a remove waits for the visitor's yes
        assert d.steps() == [("click", 7, None)]  # the first row's Remove, every time
        await d.done_and_continue(captured(PAGES, after))
    done = d.finished()
    assert done is not None and "empty now" in done["message"]


async def test_a_count_the_page_did_not_take_is_said() -> None:
    from tests.unit.rules.test_flows import Drive

    d = Drive()
    await d.say("i only want 1 drill and 5 packs of cable ties", captured(PAGES, "basket"))
    await d.done_and_continue(captured(PAGES, "basket"))  # still 3
    done = d.finished()
    assert done is not None and "did not take 5" in done["message"]
    d = Drive()
    await d.say("i only want 1 drill and 5 packs of cable ties", captured(PAGES, "basket"))
    await d.done_and_continue(captured(PAGES, "basket_ties_five"))
    done = d.finished()
    assert done is not None and "Cable Ties 300mm, 100 pack”: 5" in done["message"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Entferne bitte die Stiefel aus dem Warenkorb", [("click", 11, None)]),
    ("change the boots to 1 pair", [("type", 9, "1"), ("click", 10, None)]),
    ("set the cable ties to zero", [("type", 13, "0"), ("click", 14, None)]),
])
def test_one_row_of_the_basket(text: str, expected: list[T]) -> None:
    assert plan_on(captured(PAGES, "basket"), text)[0] == expected


# demo_product_cards: the demo shop's product page as the embed reads it now, its own
# "Add to cart" (16, quantity 15) in a card like the related products' named buttons
# ("Add White Canvas Sneakers to cart", 21).
@pytest.mark.parametrize(("text", "expected"), [
    ("add 2 red running shoes", [("type", 15, "2"), ("click", 16, None)]),
    ("put this in my basket", [("click", 16, None)]),
    ("add the white canvas sneakers to my cart", [("click", 21, None)]),
])
def test_the_pages_own_product_or_the_one_named(text: str, expected: list[T]) -> None:
    assert plan_on(captured(PAGES, "demo_product_cards"), text)[0] == expected


async def test_a_count_with_no_quantity_box_is_one_press_per_item() -> None:
    """books: cards with named buttons only ("Add The Glass Archive to basket", 26), the
    badge "Basket ( 0 )"; each press is checked against the badge before the next."""
    from tests.unit.rules.test_flows import Drive

    d = Drive()
    await d.say("add 2 copies of The Glass Archive to my basket", captured(PAGES, "books"))
    assert d.steps() == [("click", 26, None)]
    await d.done_and_continue(captured(PAGES, "books_one"))
    assert d.finished() is None and d.steps() == [("click", 26, None)]
    await d.done_and_continue(captured(PAGES, "books_two"))
    done = d.finished()
    assert done is not None and "Added 2 \u00d7" in done["message"]


async def test_the_cheapest_is_the_first_listed_once_filtered_and_sorted() -> None:
    """'the cheapest science book': Science & Nature (9) and Apply (16), the price sort
    once the page shows the filter, then the first card's own button ("Brains, Explained")."""
    from tests.unit.rules.test_flows import Drive

    d = Drive()
    await d.say("add the cheapest science book to my basket", captured(PAGES, "books"))
    assert d.steps() == [("check", 9, None), ("click", 16, None)]
    await d.done_and_continue(captured(PAGES, "books_science"))
    assert d.steps()[0][0] == "select" and d.steps()[0][2] == "Price: low to high"
    await d.done_and_continue(captured(PAGES, "books_science_cheapest"))
    plan = d.plan()["actions"][0]
    assert "Brains, Explained" in plan["description"]


# question_pages/shop_home: a listing whose cards each hold a Size select beside their own
# "Add to bag" (jacket 8/9, fleece 10/11, pants 12/13, base layer 14/15) and a footer
# newsletter form (email 23, "Sign up" 25).
SHOP_HOME = Path(__file__).parent / "question_pages"


@pytest.mark.parametrize(("text", "expected"), [
    ("add the fleece in size M to my bag", [("select", 10, "M"), ("click", 11, None)]),
    ("add the fleece in M to my bag, and how long does standard delivery take",
     [("select", 10, "M"), ("click", 11, None)]),
    ("add the rain jacket in XL to my bag", [("select", 8, "XL"), ("click", 9, None)]),
])
def test_a_cards_own_option_then_its_button(text: str, expected: list[T]) -> None:
    # only the named card's box is set, and never the footer's form sent
    assert plan_on(captured(SHOP_HOME, "shop_home"), text)[0] == expected


def test_a_cards_option_left_open_is_asked() -> None:
    steps, said = plan_on(captured(SHOP_HOME, "shop_home"), "add the fleece to my bag")
    assert steps == [] and "Which size" in said
