"""Formatting words a rich-text editor already holds (list_pages/editor_notes*.json,
captured in Chromium on the eval's notes app: 4 "Bold", 5 "Italic", 6 "Bulleted list",
7 the contenteditable note text, 8 "Save note"; _typed: it holds "Renew passport and
book the flights", _typed_bold: its first two words made bold, _lines: "tent",
"sleeping bag", "stove" on lines of their own): the words selected and the editor's own
button pressed, nothing typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.agent.planner import FinishTask, PlanActions, PlanRequest, TextDelta
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from tests.support.memory import ran
from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "list_pages"
T = tuple[str, int | None, str | None]


@pytest.mark.parametrize(("page", "text", "expected"), [
    ("editor_notes_typed", "make 'renew passport' bold",
     [("select_text", 7, "renew passport"), ("click", 4, None)]),
    ("editor_notes_typed", "put the word passport in bold",
     [("select_text", 7, "passport"), ("click", 4, None)]),
    ("editor_notes_lines", "turn these lines into a bulleted list",
     [("select_text", 7, ""), ("click", 6, None)]),
    ("editor_notes_typed", "please make it italic", [("select_text", 7, ""), ("click", 5, None)]),
    # words the editor holds, said without quotes
    ("editor_notes_typed", "make book the flights bold",
     [("select_text", 7, "book the flights"), ("click", 4, None)]),
    ("editor_notes_typed", "pon 'renew passport' en negrita",
     [("select_text", 7, "renew passport"), ("click", 4, None)]),
    # saved only when asked, after the formatting
    ("editor_notes_lines", "make these lines a bulleted list and save the note",
     [("select_text", 7, ""), ("click", 6, None), ("click", 8, None)]),
])
def test_words_held_are_selected_and_formatted(page: str, text: str,
                                               expected: list[T]) -> None:
    assert plan_on(captured(PAGES, page), text)[0] == expected


@pytest.mark.parametrize(("page", "text", "said"), [
    ("editor_notes_typed", "make 'dentist' bold", "Note text doesn't say “dentist”"),
    ("editor_notes_typed", "put the word dentist in bold and save it",
     "Note text doesn't say “dentist”"),
    ("editor_notes", "make it bold", "Note text is empty"),
    ("editor_notes_typed", "make 'flights' a numbered list", "no button for numbered"),
    ("editor_notes_typed", "make the word passport bold and then fly to the moon",
     "“fly to the moon”"),
    # said without quotes beside the editor's Bold button: words to format, never to type
    ("editor_notes_typed", "make dentist bold", "Note text doesn't say “dentist”"),
    ("editor_notes_typed", "make dentist bold and save it", "Note text doesn't say “dentist”"),
    ("editor_notes_typed", "please make dentist italic", "Note text doesn't say “dentist”"),
    ("editor_notes", "make dentist bold", "Note text is empty"),
])
def test_nothing_is_done_when_it_cannot_be_as_asked(page: str, text: str, said: str) -> None:
    steps, told = plan_on(captured(PAGES, page), text)
    assert steps == [] and said in told and "haven't changed anything" in told


def test_a_new_list_is_still_typed() -> None:
    """"make a new note with a bullet list: ..." is text to write, not words held."""
    steps, _ = plan_on(captured(PAGES, "editor_notes"),
                       "make a new note with a bullet list: tent, sleeping bag, stove")
    assert steps[0] == ("type", 7, "tent\nsleeping bag\nstove")


def test_words_not_held_and_unquoted_are_no_formatting_of_the_editor() -> None:
    steps, _ = plan_on(captured(PAGES, "editor_notes_typed"), "make dentist bold")
    assert ("select_text", 7, "dentist") not in steps


def test_an_editor_with_no_format_buttons_is_not_asked_to_format() -> None:
    """The article's comment box has no Bold button: "make dentist bold" is no formatting
    of it (nothing selected, no "haven't changed" about its text)."""
    steps, told = plan_on(captured(PAGES, "editor_article"), "make dentist bold")
    assert not any(s[0] == "select_text" for s in steps) and "doesn't say" not in told


def _report_after(then: str, failed: dict[int, str] | None = None) -> str:
    """What is told once "make 'renew passport' bold" ran and the page is ``then``."""
    text = "make 'renew passport' bold"
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=captured(PAGES, "editor_notes_typed"),
                      history=[], memory=[], site=SiteInfo(name="t"), planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    req = PlanRequest(visitor_text=None, goal=text, context=captured(PAGES, then), history=[],
                      memory=[ran(plan.steps, failed=failed)], site=SiteInfo(name="t"),
                      planner_state=state)
    (done,) = [e for e in decide(req) if isinstance(e, FinishTask)]
    return done.message


def test_the_formatting_is_reported_once_its_text_is_as_it_was() -> None:
    assert _report_after("editor_notes_typed_bold") == \
        "Selected “renew passport” and pressed “Bold”."


def test_a_selection_that_failed_is_said() -> None:
    said = _report_after("editor_notes_typed", {0: 'the text does not say "renew passport"'})
    assert said.startswith("That didn't work") and "does not say" in said


def test_text_lost_on_the_way_is_no_success() -> None:
    """The editor no longer holds what it did (the page cleared it): that is said."""
    assert "Note text doesn't show the value yet" in _report_after("editor_notes")


@pytest.mark.parametrize(("text", "steps", "said"), [
    ("open my shopping note and make bread bold",
     [("select_text", 7, "bread"), ("click", 4, None)], "Selecting “bread”"),
    ("open my shopping note and make dentist bold", [], "Note text doesn't say “dentist”"),
])
def test_a_later_clause_formats_the_note_the_first_opened(text: str, steps: list[T],
                                                          said: str) -> None:
    """widget_pages/notes.json, then notes_open.json once its note 3 is opened (the note's
    text in the editor, 7): the formatting is planned on the note as it now is."""
    widgets = Path(__file__).parent / "widget_pages"
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=captured(widgets, "notes"),
                      history=[], memory=[], site=SiteInfo(name="t"), planner_state=state)
    (opened,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId) for s in opened.steps] == [("click", 3)]
    req = PlanRequest(visitor_text=None, goal=text, context=captured(widgets, "notes_open"),
                      history=[], memory=[ran(opened.steps)], site=SiteInfo(name="t"),
                      planner_state=state)
    events = decide(req)
    told = "".join(e.text for e in events if isinstance(e, TextDelta)) + "".join(
        e.message for e in events if isinstance(e, FinishTask))
    assert [(s.action, s.elementId, s.inputData) for e in events
            if isinstance(e, PlanActions) for s in e.steps] == steps
    assert said in told
