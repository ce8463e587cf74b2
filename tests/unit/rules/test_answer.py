"""answer: the passage that answers a question, and the link that leads to the answer."""

from __future__ import annotations

import pytest

from leflux.agent.planners.rules.answer import MIN_PASSAGE_SCORE, best_passage, units
from leflux.agent.planners.rules.answer_links import help_links

SHOP = """Acme Outdoor
Home Products FAQ Contact Sign in
Frequently asked questions
How long does shipping take?
Orders ship within 2 business days. Delivery takes 3-5 business days in the US.
What is your return policy?
You can return any unworn item within 30 days for a full refund.
Do you ship internationally?
We ship to the United States and Canada only.
Which payment methods do you accept?
We accept Visa, Mastercard and PayPal.
Opening hours
Mon-Fri 9am-6pm, Sat 10am-4pm. Closed on Sundays.
Contact
Call us at +1 555 0100 or write to help@example.com.
"""

TIENDA = """Preguntas frecuentes
¿Cuánto tarda el envío?
Los pedidos se envían en 24 horas y llegan en 2-4 días laborables.
¿Puedo devolver un producto?
Sí, tienes 30 días para devolver cualquier artículo sin usar.
Horario
De lunes a viernes de 9:00 a 18:00.
"""

BOUTIQUE = """Questions fréquentes
Quels sont les délais de livraison ?
La livraison prend 3 à 5 jours ouvrés en France métropolitaine.
Comment retourner un article ?
Vous disposez de 30 jours pour nous retourner un article non porté.
"""

LADEN = """Häufige Fragen
Wie lange dauert der Versand?
Der Versand dauert 2-3 Werktage innerhalb Deutschlands.
Kann ich Artikel zurückgeben?
Sie können Artikel innerhalb von 30 Tagen zurückgeben.
"""

ANSWERS = [
    ("en", SHOP, "whats ur return policy", "within 30 days"),
    ("en", SHOP, "what is the return policy?", "full refund"),
    ("en", SHOP, "wat is the retrun policy", "within 30 days"),
    ("en", SHOP, "how long does shipping take", "3-5 business days"),
    ("en", SHOP, "how long does delivery take", "3-5 business days"),
    ("en", SHOP, "do you ship to canada", "Canada"),
    ("en", SHOP, "when are you open", "Mon-Fri"),
    ("en", SHOP, "are you open on sundays", "Closed on Sundays"),
    ("en", SHOP, "can i pay with paypal", "PayPal"),
    ("en", SHOP, "what phone can i call", "+1 555 0100"),
    ("en", SHOP, "what payment methods do you take", "Visa"),
    ("es", TIENDA, "cuánto tarda el envío", "2-4 días"),
    ("es", TIENDA, "puedo devolver un producto", "30 días"),
    ("es", TIENDA, "cuál es el horario", "lunes a viernes"),
    ("fr", BOUTIQUE, "quels sont les délais de livraison", "3 à 5 jours"),
    ("fr", BOUTIQUE, "comment retourner un article", "30 jours"),
    ("de", LADEN, "wie lange dauert der versand", "2-3 Werktage"),
    ("de", LADEN, "kann ich artikel zurückgeben", "30 Tagen"),
]


@pytest.mark.parametrize(("lang", "page", "question", "needle"), ANSWERS,
                         ids=[a[2] for a in ANSWERS])
def test_best_passage(lang: str, page: str, question: str, needle: str) -> None:
    p = best_passage(question, page, lang)
    assert p is not None and needle in p.text, p
    assert p.score >= MIN_PASSAGE_SCORE


@pytest.mark.parametrize("question", ["who is your ceo", "do you sell cars",
                                      "what is the meaning of life", ""])
def test_no_answer_on_the_page(question: str) -> None:
    assert best_passage(question, SHOP) is None


def test_empty_page() -> None:
    assert best_passage("what is the return policy", "") is None


def test_faq_answer_quoted_with_its_question() -> None:
    p = best_passage("how long does shipping take", SHOP)
    assert p is not None and p.heading == "How long does shipping take?"
    assert p.text.startswith("How long does shipping take? Orders ship")


def test_units_keep_headings() -> None:
    us = units("Returns\nYou can return items. Refunds take 5 days.\n")
    assert [(u.heading, u.sentence) for u in us] == [
        ("Returns", "You can return items."), ("Returns", "Refunds take 5 days.")]


LINKS = [
    ("en", "how long does shipping take",
     ["Home", "Shipping & Delivery", "FAQ", "Returns", "Contact us"], "Shipping & Delivery"),
    ("en", "whats ur return policy", ["Home", "Returns", "Help", "Blog"], "Returns"),
    ("en", "can i get a refund", ["Home", "Returns & refunds", "About"], "Returns & refunds"),
    ("en", "when are you open", ["Home", "Opening hours", "FAQ"], "Opening hours"),
    ("en", "what sizes do you have", ["Home", "Size guide", "Blog"], "Size guide"),
    ("en", "do you have a warranty", ["Home", "FAQ", "Blog"], "FAQ"),
    ("es", "cuánto tarda el envío", ["Inicio", "Envíos", "Preguntas frecuentes"], "Envíos"),
    ("fr", "comment retourner un article", ["Accueil", "Retours", "Aide"], "Retours"),
    ("de", "wie lange dauert der versand", ["Start", "Versand", "Hilfe"], "Versand"),
]


@pytest.mark.parametrize(("lang", "question", "links", "best"), LINKS, ids=[x[1] for x in LINKS])
def test_help_links(lang: str, question: str, links: list[str], best: str) -> None:
    ranked = help_links(question, links, lang)
    assert ranked and ranked[0][0] == best, ranked


def test_help_links_none_fit() -> None:
    assert help_links("how long does shipping take", ["Home", "Blog", "About us"]) == []


def test_help_links_take_pairs_and_objects() -> None:
    pairs = help_links("return policy", [("Home", "/"), ("Returns", "/returns")])
    assert pairs[0][0] == ("Returns", "/returns")

    class Link:
        def __init__(self, text: str) -> None:
            self.text = text

    ids = help_links("return policy", [(3, "Blog"), (7, "Returns")])
    assert ids[0][0] == (7, "Returns")

    objs = help_links("return policy", [Link("Blog"), Link("Returns")])
    assert objs[0][0].text == "Returns"


def test_a_line_holding_what_was_asked_beats_a_passage_without_it() -> None:
    # "how long ...": the control's own line says the duration; the page's intro does not
    text = ("Trailhead Tickets\nWelcome back\nSign in to manage your bookings and saved trips.\n"
            "Email address\nPassword\nShow\nRemember me for 30 days\nForgot password?\nSign in")
    p = best_passage("how long does remember me keep me logged in", text)
    assert p is not None and "30 days" in p.text
