"""What the visitor says to the assistant itself, planned by the pipeline: greetings, "what
can you do", "what is this page", and scrolling (up, down, to the top or bottom), in the
visitor's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.agent.planners.rules.understand import understand
from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "question_pages"


@pytest.mark.parametrize("text,steps", [
    ("scroll down", [("scroll", None, "down")]),
    ("scroll up", [("scroll", None, "up")]),
    ("scroll to the top", [("scroll", None, "top")]),
    ("go all the way down", [("scroll", None, "bottom")]),
    ("desplázate al final", [("scroll", None, "bottom")]),
    ("fais défiler vers le bas", [("scroll", None, "down")]),
    ("ganz nach oben scrollen", [("scroll", None, "top")]),
])
def test_scroll(text: str, steps: list[tuple[str, int | None, str | None]]) -> None:
    assert plan_on(captured(PAGES, "shop_home"), text)[0] == steps


@pytest.mark.parametrize("text,says", [
    ("hi", "Hi! I can fill in forms"),
    ("hola", "Hi! I can fill in forms"),
    ("what can you do", "I can fill in forms"),
    ("what is this page", "This is \u201cNorthwind Outfitters"),
])
def test_talk_is_answered_without_acting(text: str, says: str) -> None:
    steps, said = plan_on(captured(PAGES, "shop_home"), text)
    assert not steps
    assert said.startswith(says)


def test_scroll_to_the_top_is_understood_as_the_top() -> None:
    c = understand("go to the top").clauses[0]
    assert (c.act.value, c.option) == ("scroll", "top")
