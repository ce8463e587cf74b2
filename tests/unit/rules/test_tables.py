"""Data tables as the embed indexes them (tests/unit/rules/list_pages/tables_*.json,
captured in Chromium on the eval's tables pages): sorting by a column header until the
table says it sorts the way asked, and a row's own confirmation after its control."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.rowaction import row_confirm
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


def sent(pressed: int, what: str) -> list[dict[str, object]]:
    return [{"status": "sent", "steps": [{"action": "click", "elementId": pressed,
                                          "description": what}]}]


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
