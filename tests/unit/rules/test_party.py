"""People described rather than counted, each a ticket of the kind the page says they are
(control_pages/embedded_tickets.json, captured in Chromium: 2 "Add adult ticket", 4 "Add
concession ticket", 6 "Add child ticket"; the page says "Child (5–15)" and
"Concessions: students, over-65s and jobseekers with valid ID")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "control_pages"
T = tuple[str, int | None, str | None]
ADULT, CONCESSION, CHILD = ("click", 2, None), ("click", 4, None), ("click", 6, None)


@pytest.mark.parametrize(("text", "expected"), [
    # over 65: a concession; the visitor: an adult; the booking waits for the counts
    ("tickets for me and my mum, she's 70. book them for Ana Costa, ana@example.com",
     [ADULT, CONCESSION]),
    ("tickets for my 70 year old mum and me", [CONCESSION, ADULT]),
    ("tickets for my grandpa (80), my wife and me", [CONCESSION, ADULT, ADULT]),
    # an age the child kind holds; kids; a student
    ("tickets for me and my 10 year old", [ADULT, CHILD]),
    ("tickets for me and my 2 kids", [ADULT, CHILD, CHILD]),
    ("tickets for my student daughter and me", [CONCESSION, ADULT]),
    ("tickets for me and my mum", [ADULT, ADULT]),
    ("tickets for me and my mum, she is 70 years old", [ADULT, CONCESSION]),
    # in the visitor's language, on an English page ("mi madre" is not "mí")
    ("entradas para mí y mi madre, tiene 70 años", [ADULT, CONCESSION]),
    ("des billets pour moi et ma mère, elle a 70 ans", [ADULT, CONCESSION]),
    ("Karten für mich und meine Mutter, sie ist 70", [ADULT, CONCESSION]),
])
def test_each_person_is_a_ticket_of_their_kind(text: str, expected: list[T]) -> None:
    assert plan_on(captured(PAGES, "embedded_tickets"), text)[0] == expected


@pytest.mark.parametrize(("text", "who"), [
    # a son of no stated age; a three-year-old no kind is for ("Children under 5 go free"
    # defines no kind): asked, and nothing booked
    ("tickets for me and my son. book them for Ana Costa, ana@example.com", "son"),
    ("tickets for me and my 3 year old. book them for Ana Costa, ana@example.com",
     "3 year old"),
])
def test_a_person_no_kind_places_is_asked_about(text: str, who: str) -> None:
    steps, said = plan_on(captured(PAGES, "embedded_tickets"), text)
    assert steps == [] and f"Which ticket is for \u201c{who}\u201d" in said


def test_a_count_not_said_is_not_guessed() -> None:
    steps, _ = plan_on(captured(PAGES, "embedded_tickets"), "tickets for me and my friends")
    assert steps == []
