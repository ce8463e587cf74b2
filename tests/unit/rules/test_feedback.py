"""What the visitor says of a page answers the page's own yes/no question ("Was this page
helpful?"), pressing its Yes or No; other words never press them. A help page's topic
filter takes the words after "for". Pages captured in Chromium (question_pages/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "question_pages"


def _pressed(name: str, text: str) -> list[str]:
    ctx = captured(PAGES, name)
    steps, _ = plan_on(ctx, text)
    by_id = {e.id: e for e in ctx.indexedElements}
    return [f"{a} {by_id[i].text}" for a, i, _ in steps if i is not None]


@pytest.mark.parametrize("name,text,pressed", [
    ("docs_returns", "tell them this page was helpful", "click Yes"),
    ("docs_returns", "this was not helpful", "click No"),
    # "Did this page help?" under a docs page, its buttons with a thumb before the word
    ("docs_limits", "mark this doc page as not helpful", "click 👎 No"),
    ("docs_limits", "this page helped", "click 👍 Yes"),
])
def test_what_the_visitor_says_of_the_page_answers_its_question(
        name: str, text: str, pressed: str) -> None:
    assert _pressed(name, text) == [pressed]


@pytest.mark.parametrize("name,text", [
    ("docs_returns", "help me return a sofa"),
    ("docs_returns", "how long do i have to return something"),
    ("docs_limits", "what's the API rate limit on Pro"),
])
def test_other_words_never_vote(name: str, text: str) -> None:
    assert not any(p.endswith(("Yes", "No")) for p in _pressed(name, text))


def test_a_help_pages_topic_filter_takes_the_words_after_for() -> None:
    steps, _ = plan_on(captured(PAGES, "docs_help"), "filter the help topics for gift")
    assert steps == [("type", 6, "gift")]
