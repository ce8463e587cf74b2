"""A row changed through its own edit form (tests/unit/rules/list_pages/tables_users*.json,
captured in Chromium on the eval's members table): the row named by its content, on a
later page of the table when it is not on this one; its Edit; the form's field for the
new value; the form's own save button. And a row on a later page for its Delete."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.agent.planner import PlanActions, PlanEvent
from leflux.agent.planners.rules import pipeline
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.state import PlannerState
from leflux.agent.planners.rules.understand import understand
from tests.support.memory import worked
from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "list_pages"
SENT = worked()
T = tuple[str, int | None, str | None]


def page(name: str) -> Page:
    return Page(captured(PAGES, name))


def steps(events: list[PlanEvent] | None) -> list[T]:
    return [(s.action, s.elementId, s.inputData) for e in events or []
            if isinstance(e, PlanActions) for s in e.steps]


def walk(text: str, pages: list[str]) -> list[list[T]]:
    """The plans for ``text``, one per page it leads to in turn."""
    st = PlannerState()
    out = [steps(pipeline.start(understand(text), page(pages[0]), st))]
    for name in pages[1:]:
        out.append(steps(pipeline.resume(page(name), st, SENT)))
    return out


# tables_users: page 1 of 3 (Ana, Tom 11 Edit / 12 Delete, Luis, Hannah, Kenji), Next 26.
# tables_users_page2: Maya 8 Edit, Omar 12 Delete, Chloé 14 Edit, Next 26.
# tables_users_edit: the "Edit member" dialog: Full name 1, Role 3, Status 4, Cancel 5,
# "Save member" 6.
@pytest.mark.parametrize(("text", "pages", "plans"), [
    # a value the Role column takes in other rows ("admin"); Maya is on page 2
    ("make Maya Patel an admin", ["tables_users", "tables_users_page2", "tables_users_edit"],
     [[("click", 26, None)], [("click", 8, None)],
      [("select", 3, "Admin"), ("click", 6, None)]]),
    # a person told of, then "him": his row
    ("tom becker left the company, set him to inactive", ["tables_users", "tables_users_edit"],
     [[("click", 11, None)], [("select", 4, "Inactive"), ("click", 6, None)]]),
    # the column named ("name"), then its new value, typed over the old one
    ("Chloé got married, her name is now Chloé Laurent",
     ["tables_users", "tables_users_page2", "tables_users_edit"],
     [[("click", 26, None)], [("click", 14, None)],
      [("clear", 1, None), ("type", 1, "Chloé Laurent"), ("click", 6, None)]]),
])
def test_row_changed_in_its_edit_form(text: str, pages: list[str], plans: list[list[T]]
                                      ) -> None:
    assert walk(text, pages) == plans


def test_a_row_on_a_later_page_is_turned_to_before_its_delete() -> None:
    assert walk("borra al usuario Omar Haddad", ["tables_users", "tables_users_page2"]) == [
        [("click", 26, None)], [("click", 12, None)]]


def test_a_row_shown_is_deleted_here_and_a_sort_is_no_edit() -> None:
    assert plan_on(captured(PAGES, "tables_users"), "delete Kenji Mori")[0] == [
        ("click", 21, None)]
    assert plan_on(captured(PAGES, "tables_users"), "sort by name")[0] == [("click", 2, None)]


# todo_vue_board: cards "Fix login redirect loop" (Start → 6), privacy policy (Start → 9),
# "Migrate CI to new runners" alone in its column (← Back 12, Done ✓ 13, ⋯ 14), "Write
# release notes for 2.4" alone in Done (Reopen 16, ⋯ 17).
@pytest.mark.parametrize(("text", "expected"), [
    # the move button the words say ("done"), the "move it over" after it is the same move
    ("CI migration is done, move it over", [("click", 13, None)]),
    # asked to move, and the card has one move button
    ("move the release notes back to in progress", [("click", 16, None)]),
    ("start working on the privacy policy one", [("click", 9, None)]),
    # a card's menu is never a move; a delete is its menu's
    ("delete the privacy policy task", [("click", 10, None)]),
])
def test_card_moved_with_its_own_buttons(text: str, expected: list[T]) -> None:
    assert plan_on(captured(PAGES, "todo_vue_board"), text)[0] == expected


# Spanish words for a page in English: a task's priority ("baja": Low), a bag ("maleta
# facturada": Checked bag).
@pytest.mark.parametrize(("name", "text", "expected"), [
    ("todo_vue_board", "crea una tarea 'revisar facturas' con prioridad baja",
     [("type", 1, "revisar facturas"), ("select", 2, "Low"), ("click", 4, None)]),
    ("todo_plain_packing", "añade 3 pares de calcetines a la maleta facturada",
     [("type", 2, "pares de calcetines"), ("type", 4, "3"), ("select", 5, "Checked bag"),
      ("click", 7, None)]),
])
def test_new_item_details_in_spanish(name: str, text: str, expected: list[T]) -> None:
    assert plan_on(captured(PAGES, name), text)[0] == expected


def plan_after(name: str, text: str, history: list[tuple[str, str]]) -> list[T]:
    from leflux.agent.planner import PlanRequest
    from leflux.agent.planners.rules.planner import decide
    from leflux.agent.ports import SiteInfo
    from leflux.protocol import HistoryMessage
    said = [HistoryMessage(id=str(n), role=r, text=t, createdAt="2026-12-07T12:00:00Z")
            for n, (r, t) in enumerate(history)]  # type: ignore[arg-type]
    req = PlanRequest(visitor_text=text, goal=text, context=captured(PAGES, name),
                      history=said, memory=[], site=SiteInfo(name="t"), planner_state={})
    return steps(decide(req))


# todo_react_typo: "wlak the dog" (box 3), "buy milk" (4); todo_react_milk: "buy milk" alone
# in its list (box 3, no position).
def test_a_correction_edits_the_item_it_names() -> None:
    # by position; the new text is typed once the item opens for editing
    assert plan_after("todo_react_typo",
                      "theres a typo in the first one, it should say walk the dog", []) == [
        ("dblclick", 3, None)]
    # "that": the item the last reply named
    said = [("visitor", "add buy milk"), ("agent", "Added \u201cbuy milk\u201d.")]
    assert plan_after("todo_react_milk", "actually make that oat milk", said) == [
        ("dblclick", 3, None)]
    # with nothing named before, "that" is nothing to edit
    assert plan_after("todo_react_milk", "actually make that oat milk", []) == []


def test_a_correction_keeps_the_items_verb() -> None:
    from leflux.agent.planners.rules.correct import corrected
    from leflux.protocol import HistoryMessage
    said = [HistoryMessage(id="1", role="agent", text="Added \u201cbuy milk\u201d.",
                           createdAt="2026-12-07T12:00:00Z")]
    got = corrected(understand("actually make that oat milk"), said, page("todo_react_milk"))
    assert got is not None and [v.text for v in got.clauses[0].values] == ["buy oat milk"]
    typo = corrected(understand("theres a typo in the first one, it should say walk the dog"),
                     [], page("todo_react_typo"))
    assert typo is not None and [v.text for v in typo.clauses[0].values] == ["walk the dog"]


def test_a_rows_control_named_by_another_verb_of_its_meaning() -> None:
    # team: the one pending invitation's "Revoke" (5); "cancel" says it ([row_verbs])
    team = captured(Path(__file__).parent / "widget_pages", "team")
    assert plan_on(team, "cancel the pending invite for the old contractor")[0] == [
        ("click", 5, None)]


def test_a_row_moved_through_its_menu_and_the_form_it_opens() -> None:
    # tables_files: Invoice's "More actions" 13; tables_files_menu: Rename 23 / "Move to…"
    # 24 / "Move to trash" 25 (says "move" too, and "trash" was not said); tables_files_move:
    # the "Move to" dialog: Folder 1, Cancel 3, Move 4
    assert walk("move the invoice into the Invoices folder",
                ["tables_files", "tables_files_menu", "tables_files_move"]) == [
        [("click", 13, None)], [("click", 24, None)], [("select", 1, "Invoices"),
                                                        ("click", 4, None)]]


def test_addresses_listed_for_a_form_of_one_address_go_one_at_a_time() -> None:
    # one clause per address, each with what "both ..." says; the form sent for the first,
    # then opened again for the second (team: "Invite people" 3; team_invite: Email 2,
    # Editor 4, "Send invite" 7)
    told = understand("invite nina@example.com and omar@example.com, both editors")
    assert [c.text for c in told.clauses] == ["invite nina@example.com, both editors",
                                              "invite omar@example.com, both editors"]
    pages = ["widget_pages/team", "widget_pages/team_invite"] * 2
    st = PlannerState()
    root = Path(__file__).parent
    plans = [steps(pipeline.start(told, Page(captured(root, pages[0])), st))]
    for name in pages[1:]:
        plans.append(steps(pipeline.resume(Page(captured(root, name)), st, SENT)))
    send = [("type", 2, "nina@example.com"), ("check", 4, None), ("click", 7, None)]
    assert plans == [[("click", 3, None)], send, [("click", 3, None)],
                     [("type", 2, "omar@example.com"), *send[1:]]]
    # two places, not a list
    assert len(understand("send a gift card from me@x.com to friend@y.com").clauses[0].values
               ) == 2


def test_the_place_named_as_a_link_comes_before_the_tables_next_page() -> None:
    # tables_users with a "Cart" link (90): the thing is in the cart, not on page 2
    ctx = captured(PAGES, "tables_users")
    link = ctx.indexedElements[0].model_copy(update={
        "id": 90, "tag": "a", "role": "link", "type": None, "label": None, "text": "Cart",
        "href": "http://lists.test/cart.html", "group": None, "groupKind": None,
        "checked": None})
    ctx = ctx.model_copy(update={"indexedElements": [*ctx.indexedElements, link]})
    assert plan_on(ctx, "remove the hoodie from my cart")[0] == [("click", 90, None)]
    assert plan_on(captured(PAGES, "tables_users"), "remove Omar Haddad")[0] == [
        ("click", 26, None)]


def test_a_mark_taken_off_a_row_is_no_row_removed() -> None:
    # tables_files: "Remove star from Budget 2027.xlsx" (6): the row stays, so its outcome
    # is not read as a row gone (the list keeps its count)
    got, said = plan_on(captured(PAGES, "tables_files"),
                        "remove the star from the budget spreadsheet")
    assert got == [("click", 6, None)] and said.startswith("Pressing")
    assert plan_on(captured(PAGES, "tables_users"), "delete Kenji Mori")[1].startswith(
        "Removing")
