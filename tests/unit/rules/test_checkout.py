"""Checkout forms as a person fills them, page after page, on contexts captured in Chromium
from the eval corpus (tests/unit/rules/form_pages/checkout_*.json).

checkout_index: First name (1), Last name (3), Username (4), Email (5), Address (6),
Address 2 (7), Country select (8), State select (9, empty until a country is chosen),
Zip (10), boxes "Shipping address is the same" (11) / "Save this information" (12),
payment radios Credit (13, on) / Debit (14) / PayPal (15), Name on card (16), card number
(17), Expiration (18), CVV (19), "Continue to checkout" (20).
checkout_index_us: the same after the first pass of an order: country United States, its
states listed, the fields filled.
"""

from __future__ import annotations

from tests.unit.rules.test_flows import Drive, _form_page

ORDER = ("check out with my card 4242 4242 4242 4242 exp 12/29 cvc 123. I'm Ana Lopez, "
         "username analopez, 12 Elm Street, San Francisco, California 94110, United States")


async def test_the_state_is_chosen_once_the_country_has_brought_its_states() -> None:
    """The state select has no options before a country is chosen: the country and the
    rest first, nothing sent; then the state among the options it brought, and the order
    sent once the visitor says yes (the country is not chosen again; the card's secrets,
    never echoed by the page, are typed again)."""
    d = Drive()
    await d.say(ORDER, _form_page("checkout_index"))
    first = d.steps()
    assert ("select", 8, "United States") in first and ("type", 16, "Ana Lopez") in first
    assert not any(s[1] in (9, 20) for s in first)
    await d.done_and_continue(_form_page("checkout_index_us"))
    assert d.conv.of("confirmation_required")  # a form with a card in it: paying
    await d.eng.on_confirmation(d.conv, True)
    second = d.steps()
    assert second[0] == ("select", 9, "California") and second[-1] == ("click", 20, None)
    assert not any(s[1] in (1, 3, 4, 6, 8, 10, 16, 18) for s in second)


def test_a_radio_group_with_one_chosen_is_not_still_needed() -> None:
    """The payment radios are each required; Credit card (13) is on, so neither Debit card
    nor PayPal is a field still to fill."""
    from leflux.agent.planners.rules.elements import Page
    from leflux.agent.planners.rules.verify import missing_required
    missing = missing_required(Page(_form_page("checkout_index")))
    assert "State" in missing and not {"Debit card", "PayPal", "Credit card"} & set(missing)


async def test_a_place_said_where_a_city_would_go_is_found_in_the_states() -> None:
    """'..., Apt 4B, Oregon 97205, USA': the second line of the address (7), "USA" is the
    country United States (8); "Oregon" has no city field, and once the country has
    brought its states it is one of them (9). Nothing is sent."""
    d = Drive()
    text = "fill in my address but don't submit: 221 Pine Rd, Apt 4B, Oregon 97205, USA"
    await d.say(text, _form_page("checkout_index"))
    assert d.steps() == [("type", 6, "221 Pine Rd"), ("type", 7, "Apt 4B"),
                         ("select", 8, "United States"), ("type", 10, "97205")]
    await d.done_and_continue(_form_page("checkout_index_us"))
    assert ("select", 9, "Oregon") in d.steps() and ("click", 20, None) not in d.steps()


def test_a_country_by_another_name_and_a_code_then_its_country() -> None:
    """"Kanada" is Canada; "New York NY 10014 USA": the code is 10014, then the country."""
    from tests.unit.rules.pages import plan_on
    steps, _ = plan_on(_form_page("checkout_index"), "Kanada, Ontario, PLZ M5V 1L9")
    assert ("select", 8, "Canada") in steps
    steps, _ = plan_on(_form_page("checkout_index"),
                       "my address is 3 Grove St, New York NY 10014 USA")
    assert ("select", 8, "United States") in steps and ("type", 10, "10014") in steps


def test_a_negated_verb_with_its_object_unticks_the_box_that_does_it() -> None:
    """checkout_index_saveinfo: "Save this information" (12) is on. "don't save my info"
    is no "don't send" scope: its box, off. "the same as billing" is no address: the box
    that says it (11), and nothing typed."""
    from tests.unit.rules.pages import plan_on
    steps, _ = plan_on(_form_page("checkout_index_saveinfo"),
                       "shipping address is the same as billing. and don't save my info")
    assert steps == [("check", 11, None), ("uncheck", 12, None)]
    steps, _ = plan_on(_form_page("checkout_index_saveinfo"),
                       "fill in my name Ana but don't submit the form")
    assert steps == [("type", 1, "Ana")]


def test_a_code_to_redeem_goes_to_its_box_never_the_postal_code() -> None:
    """checkout_promo: Zip "ZIP / Postal code" (10), the promo box (21) and its "Redeem"
    (23): "code" in "Postal code" is a look-alike; "try WELCOME5" names a code by its
    shape."""
    from tests.unit.rules.pages import plan_on
    for text, code in [("use the code SUMMER24", "SUMMER24"), ("code SUMMER24", "SUMMER24"),
                       ("try WELCOME5", "WELCOME5")]:
        assert plan_on(_form_page("checkout_promo"), text)[0] == [
            ("type", 21, code), ("click", 23, None)], text


def test_check_me_out_with_a_mistyped_card_is_a_checkout_of_what_was_said() -> None:
    """"check me out" is a checkout; "kenjis" right after the name is the username; the
    number the visitor calls their card is typed though its check digit is wrong (the
    page will say so)."""
    from datetime import date

    from leflux.agent.planners.rules.model import Act, ValueKind
    from leflux.agent.planners.rules.understand import understand
    r = understand("check me out: Kenji Sato, kenjis, 1600 Broadway, Colorado 80202, USA, "
                   "card 4242 4242 4242 4241 exp 09/27 cvc 482", date(2026, 12, 7))
    assert [c.act for c in r.clauses] == [Act.CHECKOUT] and r.wants_submit
    kinds = {v.kind: v.text for v in r.values}
    assert kinds[ValueKind.USERNAME] == "kenjis"
    assert kinds[ValueKind.CARD_NUMBER] == "4242424242424241"
    bare = understand("my order number is 4242 4242 4242 4241", date(2026, 12, 7))
    assert not any(v.kind is ValueKind.CARD_NUMBER for v in bare.values)


async def test_a_promo_code_said_with_the_order_is_redeemed_before_the_order() -> None:
    """checkout_promo: the code box (21) and its "Redeem" (23) are a form of their own;
    the code goes there first, then, on the page that shows it applied, the order's own
    form (nothing typed in the code box again)."""
    d = Drive()
    text = ("Je voudrais commander : Chloé Dubois, identifiant chloed, chloe@exemple.fr, "
            "88 rue Saint-Denis, Québec, Canada H2X 3K8, carte 4242 4242 4242 4242 exp 11/28 "
            "cvc 321, et le code promo SPRING10")
    await d.say(text, _form_page("checkout_promo"))
    assert d.steps() == [("type", 21, "SPRING10"), ("click", 23, None)]
    await d.done_and_continue(_form_page("checkout_promo_spring10"))
    steps = d.steps()
    assert ("type", 1, "Chloé") in steps and ("select", 8, "Canada") in steps
    assert not any(s[1] in (21, 23) for s in steps)


def test_card_details_under_a_heading_go_on_the_card_only() -> None:
    """'card detials: name on card Ana Lopez, numbr ...': the heading is no label, "name on
    card" is (16, never First / Last name); "numbr" before the number is no username."""
    from tests.unit.rules.pages import plan_on
    steps, _ = plan_on(_form_page("checkout_index"),
                       "plese fill card detials: name on card Ana Lopez, numbr 4111 1111 1111 "
                       "1111, expires 08/28, cvv 737 - dont submit")
    assert steps == [("type", 16, "Ana Lopez"), ("type", 17, "4111 1111 1111 1111"),
                     ("type", 18, "08/28"), ("type", 19, "737")]


def test_the_last_part_of_an_address_ends_with_its_sentence() -> None:
    """'..., Cambridge MA 02139, United States. it ships somewhere else though': the
    country is "United States", the sentence after it is no part of the address."""
    from tests.unit.rules.pages import plan_on
    steps, _ = plan_on(_form_page("checkout_promo"),
                       "put in my billing address 77 Massachusetts Ave, Cambridge MA 02139, "
                       "United States. it ships somewhere else though")
    assert ("select", 8, "United States") in steps and ("type", 10, "02139") in steps


def test_a_sentence_that_contradicts_a_box_unticks_it() -> None:
    """'... United States. it ships somewhere else though': "Ship to the same address" (11,
    on) is said to be untrue: off. Once unticked, the same words never tick it again; "the
    same as billing" still ticks the box that says so."""
    from tests.unit.rules.pages import plan_on
    text = ("put in my billing address 77 Massachusetts Ave, Cambridge MA 02139, "
            "United States. it ships somewhere else though")
    steps, _ = plan_on(_form_page("checkout_promo"), text)
    assert ("uncheck", 11, None) in steps and ("type", 6, "77 Massachusetts Ave") in steps
    steps, _ = plan_on(_form_page("checkout_index_us"), text)
    assert not any(s[1] == 11 for s in steps)
    steps, _ = plan_on(_form_page("checkout_index_us"), "shipping address is the same as "
                                                        "billing")
    assert steps == [("check", 11, None)]


def test_a_state_said_by_its_code_after_the_city_is_the_state() -> None:
    """'Cambridge MA 02139': MA is the state after the city, chosen as the option it stands
    for (Massachusetts, 9) once the country has brought its states."""
    from tests.unit.rules.pages import plan_on
    steps, _ = plan_on(_form_page("checkout_index_us"),
                       "my address is 77 Massachusetts Ave, Cambridge MA 02139, United States")
    assert ("select", 9, "Massachusetts") in steps and ("type", 10, "02139") in steps
    steps, _ = plan_on(_form_page("checkout_index_us"),
                       "my address is 3 Grove St, Springfield IL 62701")
    assert ("select", 9, "Illinois") in steps


def test_a_name_given_after_the_words_for_its_field_is_split_where_the_form_asks() -> None:
    """'put my name in, Chloe Dubois': the name the words name, in First (1) and Last
    name (3), nothing sent; after a promo code for its own form, the code's form first
    (21, its Redeem 23), never the name left behind as a value with no field."""
    from tests.unit.rules.pages import plan_on
    steps, said = plan_on(_form_page("checkout_promo"), "add my name, Chloe Dubois")
    assert steps == [("type", 1, "Chloe"), ("type", 3, "Dubois")], said
    steps, said = plan_on(_form_page("checkout_promo"),
                          "can you try WELCOME5 and then put my name in, Chloe Dubois")
    assert steps == [("type", 21, "WELCOME5"), ("click", 23, None)]
    assert "Chloe" not in said
