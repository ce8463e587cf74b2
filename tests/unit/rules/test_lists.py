"""List apps as the embed indexes them (tests/unit/rules/list_pages/*.json, captured in
Chromium with window.LeFlux.getContext() on the eval's todo pages): rows named by their
content, by position, by a pronoun pointing back, or all of them; the list's own controls."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from leflux.agent.planners.rules.model import Act
from leflux.agent.planners.rules.understand import understand
from leflux.protocol import PageContext
from tests.unit.rules.pages import captured, plan_on

PAGES = Path(__file__).parent / "list_pages"
T = tuple[str, int | None, str | None]


def context(name: str) -> PageContext:
    return captured(PAGES, name)


def first_plan(name: str, text: str) -> tuple[list[T], str]:
    return plan_on(context(name), text)


# todo_react_index: walk the dog (3, delete 10), buy milk (4, 11), pay the electricity
# bill (5, 12), all unticked; filter links All/Active/Completed in list items too.
# todo_plain_index: Email the landlord (2), Buy a birthday card [done] (3), Finish
# chapter 3 (4); Clear completed (8). todo_react_shopping: four rows, "Remove bought items".
@pytest.mark.parametrize(("page", "text", "expected"), [
    ("todo_plain_index", "I emailed the landlord this morning, so tick that one off",
     [("check", 2, None)]),
    ("todo_react_index", "i bought the milk and paid the electricity bill, tick them off",
     [("check", 4, None)]),  # the first of two clauses; the bill is the next plan
    ("todo_react_index", "tick everything off, I'm done for the week",
     [("check", 3, None), ("check", 4, None), ("check", 5, None)]),
    ("todo_react_index", "mark all of them done", [("check", 3, None), ("check", 4, None),
                                                    ("check", 5, None)]),
    ("todo_react_index", "borra 'pay the electricity bill'", [("click", 12, None)]),
    ("todo_react_index", "remove walk the dog from the list", [("click", 10, None)]),
    ("todo_react_index", "get rid of the second item", [("click", 11, None)]),
    ("todo_react_index", "delete the last one", [("click", 12, None)]),
    ("todo_react_index", "tick the first one", [("check", 3, None)]),
    ("todo_plain_index", "clear completed", [("click", 8, None)]),
    ("todo_react_shopping", "clear out everything I've already bought", [("click", 26, None)]),
])
def test_row_acts(page: str, text: str, expected: list[T]) -> None:
    assert first_plan(page, text)[0] == expected


# todo_vue_index: Learn Vue (3), Write the quarterly report [done] (4), Book flights to
# Lisbon (5), Renew gym membership (6); links All (7) / Active (8) / Completed (9); Clear
# completed (10). todo_vue_board: composer box (1), Priority (2), Assignee (3), "Add task"
# (4). todo_plain_packing: Item (2), How many (4), Bag (5), Essential (6), Add (7); T-shirts
# count 15. todo_react_shopping: Item (1), Qty (3), Aisle (4), Add (5); Bananas count 8 (6).
@pytest.mark.parametrize(("page", "text", "expected"), [
    # A rename: double-click the row (its text), then type in the box that opens.
    ("todo_vue_index", "rename book flights to lisbon to book flights to porto",
     [("dblclick", 5, None)]),
    ("todo_vue_index", "the quarterly report one should say 'Write the Q3 report'",
     [("dblclick", 4, None)]),
    ("todo_react_index", "change buy milk to buy oat milk", [("dblclick", 4, None)]),
    # The list's own view links.
    ("todo_vue_index", "show completed", [("click", 9, None)]),
    ("todo_vue_index", "only show me the active ones pls", [("click", 8, None)]),
    ("todo_react_index", "i wanna see just the stuff i still have to do", [("click", 7, None)]),
    # The page's add controls: the name, its count, the details said, then Add.
    ("todo_vue_board", "new task: rotate the API keys. urgent. give it to Sam",
     [("type", 1, "rotate the API keys"), ("select", 2, "Urgent"), ("select", 3, "Sam"),
      ("click", 4, None)]),
    ("todo_plain_packing", "add 2 pairs of sunglasses to the backpack",
     [("type", 2, "pairs of sunglasses"), ("type", 4, "2"), ("select", 5, "Backpack"),
      ("click", 7, None)]),
    ("todo_react_shopping", "dish soap x2, household",
     [("type", 1, "dish soap"), ("type", 3, "2"), ("select", 4, "Household"),
      ("click", 5, None)]),
    ("todo_vue_board", "write 'Refactor billing module' in the new task box but don't add it",
     [("type", 1, "Refactor billing module")]),
    # A row's own count.
    ("todo_react_shopping", "i need 2 more bananas", [("type", 8, "8")]),
    ("todo_react_shopping", "just one oat milk, not two", [("type", 13, "1")]),
    ("todo_plain_packing", "I need 7 t-shirts not 5", [("type", 15, "7")]),
    # A new thing whose place ("the dairy section") is also a word of an existing row.
    ("todo_react_shopping", "Could you please add two cartons of eggs to the dairy section?",
     [("type", 1, "cartons of eggs"), ("type", 3, "2"), ("select", 4, "Dairy"),
      ("click", 5, None)]),
])
def test_edit_view_add_and_count(page: str, text: str, expected: list[T]) -> None:
    assert first_plan(page, text)[0] == expected


def test_details_said_but_placed_nowhere_are_told() -> None:
    # (a priority the select does not offer: "crítica")
    text = "crea una tarea 'revisar facturas' con prioridad crítica"
    _, said = first_plan("todo_vue_board", text)
    assert "revisar facturas" in said
    from leflux.agent.planners.rules.elements import Page
    from leflux.agent.planners.rules.plan import plan_clause
    request = understand(text)
    d = plan_clause(request.clauses[0], request, Page(context("todo_vue_board")))
    assert "couldn't find where to put" in d.did


def test_a_pronoun_points_back_to_what_was_named_or_added() -> None:
    told = understand("actually buy milk isn't done yet, can you uncheck it", date(2026, 1, 1))
    assert [(c.act, c.container.words if c.container else None) for c in told.clauses] == [
        (Act.UNCHECK, "buy milk")]
    both = understand("i renewed the gym membership and learnt vue, mark both")
    assert [c.container.words for c in both.clauses if c.container] == [
        "i renewed the gym membership", "learnt vue"]
    added = understand("add renew passport, and then tick it off right away")
    assert [(c.act, c.container.words if c.container else None) for c in added.clauses] == [
        (Act.ADD, None), (Act.CHECK, "renew passport")]


def test_quoted_words_do_not_decide_the_language() -> None:
    assert understand("markiere 'Finish chapter 3 of the book' als erledigt").lang == "de"
    assert understand("borra 'pay the electricity bill'").lang == "es"


# tables_orders: 8 of 20 orders (#1042 Archive 24 / Refund 25, #1040 Refund 29, Lena
# Fischer twice), search box 5, status filter 6 (no form), "Next page" 23.
# tables_files: div rows with hover-only Download / Star buttons, search box 1.
@pytest.mark.parametrize(("page", "text", "expected"), [
    ("tables_orders", "archive order #1042", [("click", 24, None)]),
    ("tables_orders", "refund order 1040", [("click", 29, None)]),
    # Not on this page of the table: looked up in the list's own search box first.
    ("tables_orders", "archive la commande 1033 s'il vous plaît", [("type", 5, "1033")]),
    ("tables_orders", "find the orders from Lena", [("type", 5, "Lena")]),
    # A filter select in no form: chosen, and no "Next page" pressed after it.
    ("tables_orders", "show me the pending orders", [("select", 6, "Pending")]),
    ("tables_orders", "show only pending orders", [("select", 6, "Pending")]),
    ("tables_files", "download the Q3 report", [("click", 17, None)]),
    # The row's verb said in the visitor's language ("descarga": Download), the row by a
    # word of the same meaning ("factura": Invoice 2026-117.pdf).
    ("tables_files", "descarga la factura", [("click", 11, None)]),
    ("tables_files", "star the lease agreement", [("click", 15, None)]),
    ("tables_files", "search my files for budget", [("type", 1, "budget")]),
    # A filter's option named in the visitor's language ("enviados": Shipped).
    ("tables_orders", "muestra solo los pedidos enviados", [("select", 6, "Shipped")]),
    ("tables_orders", "muestra solo los pedidos pendientes", [("select", 6, "Pending")]),
])
def test_table_row_actions_filters_and_search(page: str, text: str,
                                              expected: list[T]) -> None:
    assert first_plan(page, text)[0] == expected


def test_a_row_named_twice_is_a_question() -> None:
    steps, said = first_plan("tables_orders", "archive the one from Lena")
    assert steps == [] and "Which one" in said


# widgets_product: tabs (12 Specifications), FAQ accordion buttons (15 "Can I use AAA
# batteries instead?", 17 "What does the warranty cover?"). editor_notes: two saved notes,
# a note editor and "Save note".
@pytest.mark.parametrize(("page", "text", "expected"), [
    ("widgets_product", "expand the warranty question", [("click", 17, None)]),
    ("widgets_product", "close the answer about AAA batteries", [("click", 15, None)]),
    ("widgets_product", "open the specifications tab", [("click", 12, None)]),
])
def test_widgets_named_by_some_of_their_words(page: str, text: str,
                                              expected: list[T]) -> None:
    assert first_plan(page, text)[0] == expected


def test_adding_into_an_existing_thing_never_creates_a_new_one() -> None:
    """The shopping note is opened (its row, 3) to be added to; no "New note" (1)."""
    steps, _ = first_plan("editor_notes", "add eggs to my shopping note")
    assert steps == [("click", 3, None)]


def test_a_dialog_that_repeats_the_control_is_its_confirm() -> None:
    from leflux.agent.planners.rules import flows
    from leflux.agent.planners.rules.elements import Page
    page = Page(context("widgets_team_leave"))  # after pressing "Leave project"
    btn = flows.confirming(page, "Opened \u201cLeave project\u201d")
    assert btn is not None and btn.id == 2


def test_a_reply_presses_the_rows_reply_then_types_in_the_box_it_opens() -> None:
    # editor_article: comments with "Reply to Dana Whitfield" (10), "Reply to Sunita Rao" (12)
    assert first_plan("editor_article", "reply to Dana's comment: we use bazel-remote")[0] == [
        ("click", 10, None)]
    assert first_plan("editor_article", "reply to sunita saying seconded!")[0] == [
        ("click", 12, None)]


@pytest.mark.parametrize(("page", "text", "expected"), [
    # Rows named by their ids, their boxes ticked first, one a plan (a list may rebuild
    # its rows on each tick; the bulk buttons show after).
    ("tables_orders", "mark orders 1039 and 1041 as shipped", [("check", 19, None)]),
    # No verb: the new thing first, its details after (carry-on, essential).
    ("todo_plain_packing", "travel adapter, it's essential, goes in the carry-on",
     [("type", 2, "travel adapter"), ("select", 5, "Carry-on"), ("check", 6, None),
      ("click", 7, None)]),
])
def test_bulk_rows_and_a_verbless_new_item(page: str, text: str, expected: list[T]) -> None:
    assert first_plan(page, text)[0] == expected


def test_words_the_list_has_no_control_for_are_never_typed_into_its_search() -> None:
    steps, said = first_plan("tables_files", "imprime la factura")
    assert steps == [] and "couldn't find" in said


def test_a_button_that_was_already_there_confirms_nothing() -> None:
    # After pressing the "Completed" filter, "Clear completed" (there before) is not its
    # confirm: pressing it would delete the finished todos nobody asked to delete.
    from leflux.agent.planners.rules import flows
    from leflux.agent.planners.rules.elements import Page
    from leflux.agent.planners.rules.verify import Expect, snapshot
    page = Page(context("todo_vue_index"))
    seen = frozenset(snapshot(page, Expect.CLICK).seen)
    assert flows.confirming(page, "Opened \u201cCompleted\u201d", seen) is None
