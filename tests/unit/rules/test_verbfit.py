"""The verb asked weighs in grounding (list_pages/editor_notes.json, captured in Chromium on
the eval's notes app: 2 and 3 the saved notes (list items opened by a click), 9 and 10
their trash icons labelled "Delete note “…”", 7 the note text): a control whose own verb
destroys is never what "open" or "show" presses, nor what confirms an open; the note
itself is opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.agent.planner import FinishTask, PlanActions, PlanRequest
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from tests.support.memory import ran
from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "list_pages"
WIDGETS = Path(__file__).parent / "widget_pages"


@pytest.mark.parametrize(("text", "expected"), [
    ("open my shopping note", 3),
    ("open the shopping note", 3),
    ("open shopping", 3),
    ("open the plumber note", 2),
])
def test_open_presses_the_item_not_its_delete_control(text: str, expected: int) -> None:
    steps, _ = plan_on(captured(PAGES, "editor_notes"), text)
    assert steps == [("click", expected, None)]


@pytest.mark.parametrize("text", [
    "open my shopping note", "show the shopping note", "open the note about the plumber",
    "view the shopping note", "tap the plumber note",
])
def test_a_destroying_control_is_never_pressed_unasked(text: str) -> None:
    steps, _ = plan_on(captured(PAGES, "editor_notes"), text)
    assert not any(s[1] in (9, 10) for s in steps)


@pytest.mark.parametrize(("text", "expected"), [
    ("delete the shopping note", 10),
    ("remove the note about the plumber", 9),
    ("click delete on the shopping note", 10),
])
def test_a_destroying_control_asked_for_is_still_pressed(text: str, expected: int) -> None:
    steps, _ = plan_on(captured(PAGES, "editor_notes"), text)
    assert steps == [("click", expected, None)]


def test_an_opened_note_is_no_delete_to_confirm() -> None:
    """After the note opened (widget_pages/notes_open.json: its text in the editor), its
    trash icon, which says the note's words, is no confirmation of the open to press."""
    text = "open my shopping note"
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=captured(WIDGETS, "notes"),
                      history=[], memory=[], site=SiteInfo(name="t"), planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    assert [s.elementId for s in plan.steps] == [3]
    req = PlanRequest(visitor_text=None, goal=text, context=captured(WIDGETS, "notes_open"),
                      history=[], memory=[ran(plan.steps)], site=SiteInfo(name="t"),
                      planner_state=state)
    events = decide(req)
    assert not [e for e in events if isinstance(e, PlanActions)]
    (done,) = [e for e in events if isinstance(e, FinishTask)]
    assert done.message.startswith("Opened “Shopping")
