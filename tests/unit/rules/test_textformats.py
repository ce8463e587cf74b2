"""Formatting asked of text written in a rich-text editor (list_pages/editor_notes.json,
captured in Chromium: 4 "Bold", 5 "Italic", 6 "Bulleted list", 7 the contenteditable note
text, 8 "Save note"): typed, selected, then the editor's own button."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.textformats import formats_asked
from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "list_pages"
T = tuple[str, int | None, str | None]


@pytest.mark.parametrize(("text", "expected"), [
    ("write 'Renew passport' in bold and save the note",
     [("type", 7, "Renew passport"), ("select_text", 7, ""), ("click", 4, None),
      ("click", 8, None)]),
    # a list's items on lines of their own, then the list button
    ("make a new note with a bullet list: tent, sleeping bag, stove. save it",
     [("type", 7, "tent\nsleeping bag\nstove"), ("select_text", 7, ""), ("click", 6, None),
      ("click", 8, None)]),
    ("escribe 'comprar pan' en negrita", [("type", 7, "comprar pan"), ("select_text", 7, ""),
                                          ("click", 4, None)]),
    # without a format: typed as it is
    ("write 'Renew passport' and save the note", [("type", 7, "Renew passport"),
                                                   ("click", 8, None)]),
])
def test_text_is_formatted_with_the_editors_button(text: str, expected: list[T]) -> None:
    assert plan_on(captured(PAGES, "editor_notes"), text)[0] == expected


def test_format_words_in_quotes_are_the_text() -> None:
    page = Page(captured(PAGES, "editor_notes"))
    assert formats_asked("write 'in bold' and save", page, "en") == (
        "write 'in bold' and save", [], [])


def test_a_bare_bold_is_a_word_of_the_text() -> None:
    steps, _ = plan_on(captured(PAGES, "editor_notes"), "write a note saying be bold, and save")
    assert "select_text" not in [s[0] for s in steps]


def test_no_editor_no_format() -> None:
    """"in bold" on a page with no editable region are words of the request."""
    page = Page(captured(PAGES, "todo_react_index"))
    assert formats_asked("add paint in bold red", page, "en") == ("add paint in bold red",
                                                                  [], [])
