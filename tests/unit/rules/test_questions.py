"""Questions on pages captured in Chromium (tests/unit/rules/question_pages/*.json, with
window.LeFlux.getContext() on the eval's pages): a question about a setting is answered
with the value its control holds (the page's text lists every option without saying which
is chosen); a passage is read under its section's title even when the menu links to that
section by the same name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "question_pages"


@pytest.mark.parametrize("name,question,says", [
    ("privacy", "who can see my profile right now", "Everyone"),
    ("privacy", "how often do you email me about activity", "Daily digest"),
    ("privacy", "are read receipts on right now", "off"),
    ("account", "what timezone am i set to", "London"),
    ("account", "which theme is my account using?", "Light"),
    ("account", "what's my display name", "Jordan Lee"),
    ("account", "what language am i using", "English"),
])
def test_a_setting_is_answered_with_its_value(name: str, question: str, says: str) -> None:
    steps, said = plan_on(captured(PAGES, name), question)
    assert not steps
    assert says in said


@pytest.mark.parametrize("name,question,never", [
    # the options of the time zone select, listed one under the other, answer nothing
    ("account", "what timezone am i set to", "Coordinated Universal Time"),
    # a passage about hiding the profile is not who can see it
    ("privacy", "who can see my profile right now", "hidden"),
])
def test_the_options_listed_are_not_the_answer(name: str, question: str, never: str) -> None:
    assert never not in plan_on(captured(PAGES, name), question)[1]


def test_a_section_titled_like_a_menu_link() -> None:
    """"Workshops" is the menu's link and the section's title: the price under it answers."""
    steps, said = plan_on(captured(PAGES, "boutique_promo"), "how much is a wheel workshop")
    assert not steps
    assert "€65" in said


@pytest.mark.parametrize("name,question,says", [
    # a table whose header names the kind of answer asked for ("Costs" for "how much")
    # answers when the best passage lacks it
    ("docs_delivery", "how much is delivery for a sofa", "€49"),
    # "money back" is a refund
    ("docs_pricing", "if i pay for a year and change my mind can i get my money back",
     "14 days"),
    # a wish before the question is its context; body measurements are a size guide's
    ("shop_sizes", "im between sizes and want to wear a fleece under it, which should i get",
     "Size up"),
    ("shop_sizes", "what's the inseam on the long pants", "34"),
    # "before and after" frame the question; the figures are its answer
    ("article_blog", "how long did their CI take before and after", "17 minutes"),
    # a discount is about what things cost
    ("docs_pricing", "do you have a discount for students", "free for one year"),
    # a price of nothing answers whether to pay
    ("permit_start", "do blue badge holders have to pay for the permit", "free"),
    # a row read under its table's title ("Gothenburg — Kungsportsavenyn 12"), a row
    # without figures ("Sunday Closed") included
    ("docs_stores", "is the gothenburg store open on sundays",
     "Gothenburg — Kungsportsavenyn 12 Sunday Closed"),
    ("docs_stores", "When does the Stockholm store close on Saturdays?", "Saturday 10:00–18:00"),
    ("docs_stores", "Wann hat der Laden in Stockholm sonntags geöffnet?", "Sunday 11:00–17:00"),
    # a holiday by its date
    ("docs_stores", "what are your hours on new year's eve",
     "On 31 December they open 10:00–15:00"),
    # money given back is a refund, not the return window; a duration on an English page
    # answers a Spanish "how long"
    ("docs_returns", "¿cuánto tardan en devolverme el dinero?", "within 7 days"),
    # a pickup is a collection
    ("docs_returns", "and do I pay for the pickup?", "€29"),
    ("docs_intro", "when do api tokens expire", "90 days"),
    # FAQ answers, opened: the entry wholly about the question's topic ("refund", "return
    # policy") over one about a special case ("sale items")
    ("shop_help_open", "once you get my return how long till the refund shows up",
     "5–7 business days"),
    ("shop_help_open", "combien de jours ai-je pour retourner un article ?", "45 days"),
    # a country is in its region's row
    ("shop_shipping", "how long does delivery to germany take",
     "UK & Europe 8–12 business days"),
    ("shop_shipping", "how much is shipping", "Standard 5–7 business days $6.95"),
    # a collapsed entry ends the one above it: its question heads nothing after it
    ("shop_help_entries", "once you get my return how long till the refund shows up",
     "5–7 business days"),
    # "jours" are the page's days; "retourner" is a return
    ("docs_returns", "combien de jours pour retourner un article ?", "60 days"),
])
def test_the_passage_that_answers(name: str, question: str, says: str) -> None:
    steps, said = plan_on(captured(PAGES, name), question)
    assert not steps
    assert says in said


@pytest.mark.parametrize("name,question,link", [
    # body measurements lead to the size guide
    ("shop_home", "what bust measurement is a women's medium", "Size guide"),
    # a product's size select still on its placeholder ("Select size") answers nothing
    ("shop_home", "what's the inseam on the long pants", "Size guide"),
    # "send back" is a return; "devolverme" is "devolver" with its pronoun
    ("docs_help", "how long do i have to send back a sofa", "Returns"),
    ("docs_help", "¿cuánto tardan en devolverme el dinero?", "Returns"),
    # the site's name before "Docs" is its documentation's home
    ("docs_pricing", "when do api tokens expire", "Cloudnote Docs"),
    # a 429 is what a rate limit answers
    ("docs_intro", "what header tells me how long to wait after a 429", "Limits & quotas"),
])
def test_the_link_that_leads_to_the_answer(name: str, question: str, link: str) -> None:
    ctx = captured(PAGES, name)
    steps, _ = plan_on(ctx, question)
    clicked = [e for e in ctx.indexedElements if e.id == steps[0][1]]
    assert steps[0][0] == "click" and link in (clicked[0].text or "")


def test_a_tiles_title_names_a_policy_the_help_page_states() -> None:
    """"30-day returns" under a product grid names the policy: its FAQ states it."""
    ctx = captured(Path(__file__).parent / "demo_pages", "home")
    steps, _ = plan_on(ctx, "whats ur return policy")
    clicked = [e for e in ctx.indexedElements if e.id == steps[0][1]]
    assert steps[0][0] == "click" and clicked[0].text == "FAQ"
