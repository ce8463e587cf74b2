"""Data tables as the embed indexes them (tests/unit/rules/list_pages/tables_*.json,
captured in Chromium on the eval's tables pages): sorting by a column header until the
table says it sorts the way asked, and a row's own confirmation after its control."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.agent.memory import MemoryEntry, PlanEntry
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.listquestions import plan_list_question
from leflux.agent.planners.rules.rowaction import row_confirm
from leflux.agent.planners.rules.rows import edit_typing
from leflux.protocol import Step
from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "list_pages"


def first_plan(name: str, text: str) -> tuple[list[tuple[str, int | None, str | None]], str]:
    return plan_on(captured(PAGES, name), text)


# tables_users: header buttons Name 2 / Email 3 / Role 4 / Status 5 / Last active 6, all
# aria-sort none. tables_orders: <th> Order 8 ... Date 10 (descending) / Total 12.
# tables_files: header buttons Name 2 (ascending) / Modified 3 / File size 4.
@pytest.mark.parametrize(("page", "text", "expected"), [
    ("tables_users", "sort by name", [("click", 2, None)]),
    ("tables_users", "sortiere die Tabelle nach E-Mail", [("click", 3, None)]),
    ("tables_users", "sort by last active, newest first", [("click", 6, None)]),
    ("tables_orders", "sort by total, highest first", [("click", 12, None)]),
    ("tables_files", "sort by size, biggest first", [("click", 4, None)]),
])
def test_sort_presses_the_column_header(page: str, text: str, expected: list[object]) -> None:
    assert first_plan(page, text)[0] == expected


@pytest.mark.parametrize(("page", "text", "said"), [
    ("tables_orders", "sort by date, newest first", "sorted by “Date”, descending"),
    ("tables_orders", "sort by date", "sorted by “Date”, descending"),
    ("tables_files", "sort by name", "sorted by “Name”, ascending"),
])
def test_sort_already_shown_is_said(page: str, text: str, said: str) -> None:
    steps, text_said = first_plan(page, text)
    assert steps == [] and said in text_said


def test_sort_by_a_column_the_table_lacks_is_not_a_search() -> None:
    steps, said = first_plan("tables_orders", "sortiere die Tabelle nach E-Mail")
    assert steps == [] and "couldn't" in said


def sent(pressed: int, what: str) -> list[MemoryEntry]:
    return [PlanEntry(plan=1, status="sent", steps=[
        Step(action="click", elementId=pressed, description=what)])]


@pytest.mark.parametrize(("page", "key", "pressed", "what", "confirm"), [
    # "Delete Tom Becker" (12) became "Remove from workspace? [Yes, remove] [No]" in the row
    ("tables_users_confirm", "Tom Becker", 12, "Delete Tom Becker", 31),
    # "Refund" on #1040 (29) became "Refund $89.00 to Diego Alvarez? [Refund] [Cancel]"
    ("tables_orders_confirm", "#1040", 29, "Refund", 40),
])
def test_row_confirmation_in_place(page: str, key: str, pressed: int, what: str,
                                   confirm: int) -> None:
    p = Page(captured(PAGES, page))
    el = row_confirm(p, key, sent(pressed, what))
    assert el is not None and el.id == confirm
    # a control still on the page asked nothing
    assert row_confirm(p, key, sent(min(e.id for e in p.els), what)) is None


def test_row_confirmation_only_in_the_pressed_row() -> None:
    # #1042's own Refund (25) was there before the press: it confirms nothing
    p = Page(captured(PAGES, "tables_orders_confirm"))
    assert row_confirm(p, "#1042", sent(29, "Refund")) is None


# Questions read from the rows: the row and column named (the column by its header or by
# the kind of value asked for), the extreme of a column, the page's own count, what is
# still unticked; a row not on this page of the table is looked for on the next.
@pytest.mark.parametrize(("page", "question", "said"), [
    ("tables_files", "how big is the Q3 report", "2.4 MB"),
    ("tables_files", "which of my files takes up the most space?", "Holiday photos.zip"),
    ("tables_orders", "what was the total on order 1037", "$64.40"),
    ("tables_users", "what's Tom Becker's role", "Viewer"),
    ("tables_users", "how many members are in this workspace", "of 12 members"),
    ("todo_plain_index", "what's left to do this week", "Finish chapter 3 of the book"),
    ("todo_plain_packing", "how many t-shirts am I taking", "Qty: 5"),
    ("todo_plain_packing", "which bag did I put the passport in?", "Backpack"),
    ("todo_react_shopping", "how many bananas am i getting", "6"),
])
def test_list_question_answered_from_rows(page: str, question: str, said: str) -> None:
    steps, text = first_plan(page, question)
    assert steps == [] and said in text


@pytest.mark.parametrize(("page", "question", "pressed"), [
    # Sofia Rossi is on no row of the first page: its "Next" (26)
    ("tables_users", "whats sofia rossi's email", 26),
    # 12 members over 3 pages: sorted by "Last active" (6) before it is read
    ("tables_users", "Who was active most recently?", 6),
    ("tables_orders", "which order is the most expensive", 12),
])
def test_list_question_turns_the_table_first(page: str, question: str, pressed: int) -> None:
    assert first_plan(page, question)[0] == [("click", pressed, None)]


def test_a_row_that_says_one_word_of_the_question_is_not_named() -> None:
    # "post" is in one comment's text; the question is about the comments, not that one
    page = Page(captured(PAGES, "editor_article"))
    d = plan_list_question("how many comments does this post have", page, "en", 0)
    assert d is None or "Sunita" not in d.say


def test_count_of_some_rows_is_not_the_pages_total() -> None:
    # "1–8 of 20 orders" does not say how many are pending, and no page is turned for it
    steps, text = first_plan("tables_orders", "How many orders are still pending?")
    assert steps == [] and "of 20" not in text


# A row's actions in its own menu: the row's "More actions" first, then the menu's item
# that says the act ("Move to trash", "Delete", "Rename"; never "Move to…" for remove).
@pytest.mark.parametrize(("page", "text", "expected"), [
    ("tables_files", "delete the holiday photos, I have them elsewhere", [("click", 10, None)]),
    ("tables_files", "lösche die Datei Lease agreement.docx", [("click", 16, None)]),
    ("tables_files_menu", "delete the holiday photos, I have them elsewhere",
     [("click", 25, None)]),
    ("tables_files_menu", "lösche die Datei Holiday photos.zip", [("click", 25, None)]),
    ("todo_vue_board", "delete the privacy policy task", [("click", 10, None)]),
    ("todo_vue_board_menu", "delete the privacy policy task", [("click", 19, None)]),
    ("tables_files", "rename 'Team offsite notes.md' to 'Offsite notes.md'",
     [("click", 22, None)]),
    ("tables_files_menu", "rename 'Holiday photos.zip' to 'Trip.zip'", [("click", 23, None)]),
])
def test_row_menu(page: str, text: str, expected: list[object]) -> None:
    assert first_plan(page, text)[0] == expected


def test_new_name_typed_in_a_dialog_is_saved_with_its_button() -> None:
    # Enter in the "Rename" dialog would press its first button, "Cancel" (28)
    p = Page(captured(PAGES, "tables_files_rename"))
    steps = [(s.action, s.elementId, s.inputData) for s in edit_typing(p, "Offsite notes.md")]
    assert steps == [("clear", 26, None), ("type", 26, "Offsite notes.md"), ("click", 29, None)]


# A statement that a row is done ticks its box: a done word, or the name of the column the
# boxes sit in ("Packed"); "everything that goes in the backpack": each of those rows.
@pytest.mark.parametrize(("page", "text", "expected"), [
    ("todo_plain_packing", "i packed the passport", [("check", 8, None)]),
    # (one box a plan: the list rebuilds its rows on each tick; the next one after)
    ("todo_plain_packing", "everything that goes in the backpack is packed now",
     [("check", 8, None)]),
    ("todo_vue_index", "done with the flights", [("check", 5, None)]),
    ("todo_react_shopping", "i bought the milk", [("check", 11, None)]),
    ("todo_plain_packing", "I haven't packed the passport", []),
])
def test_row_stated_done(page: str, text: str, expected: list[object]) -> None:
    assert first_plan(page, text)[0] == expected


def test_bulk_by_names_selects_then_presses_the_lists_button() -> None:
    # "Deactivate selected" only shows once rows are selected: select (one box a plan: the
    # table rebuilds its rows on each tick), then look again
    assert first_plan("tables_users", "select Ana and Luis and deactivate them")[0] == [
        ("check", 7, None)]
    assert first_plan("tables_users_selected", "select Ana and Luis and deactivate them")[0] \
        == [("click", 27, None)]


def test_bulk_by_names_never_ticks_a_fieldsets_radios() -> None:
    # "weekly digest" and "activity emails" name one fieldset of radios, not rows to select
    steps, _ = plan_on(captured(Path(__file__).parent / "form_pages", "settings_privacy"),
                       "select weekly digest for the activity emails, but don't save "
                       "anything yet")
    assert len(steps) <= 1 and all(s[0] != "check" or s[1] != 7 for s in steps)
