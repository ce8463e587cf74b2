"""What a message says of itself: the topic its words are about, for a form's "What's it
about?" choice (contact_support, captured in Chromium)."""

from __future__ import annotations

import json
from pathlib import Path

from leflux.agent.planners.rules.aboutmessage import topic_from_message
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.model import Value
from leflux.protocol import PageContext

PAGE = Page(PageContext.model_validate(json.loads(
    (Path(__file__).parent / "form_pages" / "contact_support.json").read_text())))
FORM = [el for el in PAGE.els if el.form_id == 7]


def topic(text: str, lang: str = "en") -> list[tuple[str, str | None]]:
    values: list[Value] = []
    topic_from_message(text, values, FORM, lang)
    return [(v.text, v.label) for v in values]


def test_the_topic_a_message_is_about_is_the_option_that_says_it() -> None:
    assert topic("my internet keeps dropping every evening") == [
        ("Technical problem or slow speeds", "What's it about?")]
    assert topic("me cobraron dos veces la factura", "es") == [
        ("Billing and payments", "What's it about?")]


def test_no_topic_when_the_words_say_two_or_none() -> None:
    assert topic("i was charged twice and now it keeps dropping") == []
    assert topic("hello there") == []


def test_an_option_the_words_name_is_left_to_them() -> None:
    assert topic("about moving home: the new flat has a slow connection") == []
