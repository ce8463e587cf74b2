"""understand() on the request as a whole: its language, whether it asks to submit or
not to, whether it is a question, where it splits into clauses, its values, its JSON
form, and any text at all (hypothesis). The clause table: ``test_understand.py``."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leflux.agent.planners.rules.lexicon import lexicon
from leflux.agent.planners.rules.model import MODEL_VERSION, Request
from leflux.agent.planners.rules.understand import detect_language, split_clauses, understand

TODAY = date(2026, 12, 7)   # a Monday


LANGUAGES = [
    ("delete the second item", "en"), ("whats ur return policy", "en"),
    ("sign me up as Ahmed, ahmed@example.com", "en"), ("red shoes", "en"),
    ("borra el segundo artículo", "es"), ("quiero comprar zapatos", "es"),
    ("¿dónde está la tienda?", "es"), ("cerrar sesión por favor", "es"),
    ("supprime le deuxième article", "fr"), ("où est le magasin", "fr"),
    ("je voudrais acheter les baskets", "fr"), ("se déconnecter s'il vous plaît", "fr"),
    ("lösche den zweiten Eintrag", "de"), ("wo ist der Laden", "de"),
    ("ich möchte die Schuhe kaufen", "de"), ("bitte abmelden", "de"),
    ("", "en"), ("ahmed@example.com", "en"),
]


@pytest.mark.parametrize(("text", "lang"), LANGUAGES)
def test_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


SCOPE = [
    # (request, wants_submit, forbids_submit)
    ("sign me up as Ahmed, ahmed@example.com", True, False),
    ("log in as bob with password hunter22", True, False),
    ("check out with my card 4242 4242 4242 4242 exp 12/28 cvc 123", True, False),
    ("fill in the form and submit it", True, False),
    ("send the message", True, False),
    ("place the order", True, False),
    ("fill in my email a@b.com but don't submit", False, True),
    ("just fill it in with my name Maria Lopez", False, True),
    ("fill in my name Maria Lopez", False, False),
    ("put in my email sam@example.com but don't subscribe yet", False, True),
    ("pick France in the country dropdown but don't save", False, True),
    ("my name is Ana Lopez, continue", True, False),
    ("contact support about a late order", False, False),
    ("contact them as Omar, omar@example.com, message: can I return it?", True, False),
    ("my surname is Lopez", False, False),
    ("update my phone to 555 987 6543", False, False),
    ("change the zip to 75008", False, False),
    ("add the red shoes to my cart", False, False),
    ("check out", False, False),
    ("regístrame como Ana, ana@example.com", True, False),
    ("rellena mi correo ana@example.com pero no lo envíes", False, True),
    ("inscris-moi avec marie@example.fr", True, False),
    ("remplis seulement mon nom Marie", False, True),
    ("melde mich an mit max@example.de", True, False),
    ("nur ausfüllen: Vorname Max", False, True),
    # the visitor's own step before sending: the form is left for them
    ("book a table for 2 at 7pm, I'll confirm before booking", False, True),
    ("reserva una mesa para 2, voy a revisar la hora antes de reservar", False, True),
]


@pytest.mark.parametrize(("text", "wants", "forbids"), SCOPE)
def test_scope(text: str, wants: bool, forbids: bool) -> None:
    req = understand(text, TODAY)
    assert (req.wants_submit, req.forbids_submit) == (wants, forbids), req.clauses


QUESTIONS = ["whats ur return policy", "what is the return policy?", "how long does shipping take",
             "when do you open", "wat r ur opening hours", "do u deliver on sundays",
             "is this in stock", "tell me about the warranty", "i want to know the price",
             "where's the store", "cuánto cuesta el envío", "¿hacen envíos a México?",
             "combien coûte la livraison", "est-ce que vous livrez en Belgique",
             "wann habt ihr geöffnet", "gibt es eine Größentabelle", "price of the red shoes?"]


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions(text: str) -> None:
    assert understand(text, TODAY).is_question


NOT_QUESTIONS = ["add milk", "delete the second item", "can you add milk to my list",
                 "please log me out", "could you search for red shoes"]


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_not_questions(text: str) -> None:
    assert not understand(text, TODAY).is_question


SPLITS = [
    ("add milk and check out", ["add milk", "check out"]),
    ("add salt and pepper to my list", ["add salt and pepper to my list"]),
    ("search for rock and roll", ["search for rock and roll"]),
    ("fill in my name, then submit", ["fill in my name", "submit"]),
    ("delete the first item; delete the second item",
     ["delete the first item", "delete the second item"]),
    ("sign me up as Ahmed, ahmed@example.com", ["sign me up as Ahmed, ahmed@example.com"]),
    ("add bread, remove the milk", ["add bread", "remove the milk"]),
    ("type 'a; b' in the notes", ["type 'a; b' in the notes"]),
    ("añade pan y luego paga", ["añade pan", "paga"]),
    ("ajoute du pain et vide le panier", ["ajoute du pain", "vide le panier"]),
    ("füge Brot hinzu und dann zur Kasse", ["füge Brot hinzu", "zur Kasse"]),
    ("add Python, Go, Rust and Ruby to my skills", ["add Python, Go, Rust and Ruby to my skills"]),
    ("pls add: buy stamps, post the parcel", ["pls add: buy stamps, post the parcel"]),
    ("sign me up: Lena, lena@x.de. Then check out", ["sign me up: Lena, lena@x.de", "check out"]),
    ("i accept the terms, no newsletter", ["i accept the terms", "no newsletter"]),
    ("where is my order 10001? my email is q@w.io",
     ["where is my order 10001? my email is q@w.io"]),
]


@pytest.mark.parametrize(("text", "parts"), SPLITS)
def test_split(text: str, parts: list[str]) -> None:
    from leflux.agent.planners.rules.understand import detect_language as lang

    assert split_clauses(text, lexicon(lang(text))) == parts


def test_values_collected_for_the_whole_request() -> None:
    req = understand("my name is Maria Lopez and my email is maria@example.com", TODAY)
    assert [(v.kind.value, v.text) for v in req.values] == [
        ("full_name", "Maria Lopez"), ("email", "maria@example.com")]


def test_round_trip_json() -> None:
    req = understand("add 2 red shoes to my cart and then remove the hat from my basket", TODAY)
    again = Request.from_json(req.to_json())
    assert again == req
    assert again.clauses[0].destination is not None


def test_empty_and_noise() -> None:
    assert understand("", TODAY).clauses == []
    assert understand("   ...  ", TODAY).clauses == []
    req = understand("x" * 5000, TODAY)
    assert len(req.text) <= 2000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120))
def test_any_text_reads_and_round_trips(text: str) -> None:
    req = understand(text, TODAY)
    assert Request.from_json(req.to_json()) == req
    assert req.lang in ("en", "es", "fr", "de")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["add", "delete", "the", "second", "item", "and", "then", "please", "a@b.com", "to", "my",
     "cart", "don't", "submit", "what", "is", ",", "12/27", "4242 4242 4242 4242", "size",
     "42", "borra", "supprime", "lösche", "«", "»", "'", ":", "no", "newsletter", "Ana"]),
    max_size=20))
def test_word_salad_reads(words: list[str]) -> None:
    req = understand(" ".join(words), TODAY)
    assert Request.from_json(req.to_json()) == req


@pytest.mark.parametrize("text", [
    "sign me up with ahmed@example.com, password Tulip-2024, name Ahmed Ali",
    "add 2 red shoes to my cart and go to checkout",
    "ship to 12 Elm Street, San Francisco, California 94110",
    "delete the note called shopping", "what does product 120 cost?"])
def test_a_request_is_saved_as_dataclasses_asdict_would_save_it(text):
    from dataclasses import asdict

    request = understand(text)
    saved = request.to_json()
    assert saved == {"version": MODEL_VERSION, **asdict(request)}
    assert list(saved) == ["version", *asdict(request)]  # the same keys, in order
