"""Questions answered from an app page's own text, on pages captured in Chromium
(window.LeFlux.getContext() on the eval's pages): a value read with its label on the line
above ("Monday" / "Closed"), a title that ends no sentence ("Dr. Okafor"), what the
visitor sets aside ("instead of a doctor"), the words of "what time" asking for a time, a
board's column by its count, "how many" of a kind counted with the listing's own filter
(books_history, hardware_workwear: the filtered pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.agent.planner import FinishTask, PlanActions, PlanRequest, TextDelta
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from tests.support.memory import ran
from tests.unit.rules.pages import captured, plan_on

HERE = Path(__file__).parent
FORMS, CONTROLS = HERE / "form_pages", HERE / "control_pages"
LISTS, SHOP = HERE / "list_pages", HERE / "shop_pages"
WIDGETS = HERE / "widget_pages"


@pytest.mark.parametrize("folder,name,question,says", [
    # a list of terms and values (<dl>): the day's line, then its hours
    (FORMS, "booking_restaurant", "are you open on mondays", "Monday Closed"),
    # "happens" frames the question; the policy that charges a late cancellation answers
    (FORMS, "booking_restaurant", "what happens if i cancel late", "€20 per guest"),
    # a price on the line under its ticket's name ("Child (5–15)" / "€12.00 each")
    (CONTROLS, "embedded_tickets", "how much is a child ticket", "€12.00"),
    # a 3 year old is one of the "children under 5", not a "Child (5–15)"
    (CONTROLS, "embedded_tickets", "do I need a ticket for my 3 year old?", "go free"),
    # "what time" asks for a time: "Sat 9am–5pm" answers, not "Reply times"
    (FORMS, "contact_support", "till what time can i call you on saturday", "Sat 9am–5pm"),
    # a sentence read with the one beside it (messages / cancellation by phone); "cancel
    # my contract" is one thing, a cancellation
    (FORMS, "contact_support", "can i cancel my contract just by sending a message here",
     "Cancellation requests are handled by phone"),
    # "send them back" is "send back" (a return); "dont use them" is "unused"
    (SHOP, "search_product_gloves", "can i send them back if i dont use them",
     "Unused items within 60 days"),
    # what is set aside ("instead of a doctor") is not what is asked about
    (FORMS, "booking_doctor", "is there a nurse i can see instead of a doctor", "Helen Ng"),
    # a board's column titled with its count: the cards under it
    (LISTS, "todo_vue_board", "whats in progress right now", "Migrate CI to new runners"),
    (LISTS, "todo_vue_board", "what's done", "Write release notes for 2.4"),
    # "what happens if" frames the question: the declaration's penalty answers
    (FORMS, "gov_forms_vote_check", "what happens if i put something false on this", "£5,000"),
    # the page's own count, not a comment under a "Post" button
    (LISTS, "editor_article", "how many comments does this post have", "3 comments"),
    # the guarantee under its label; the rating under the product's name answers nothing
    (SHOP, "product_jigsaw", "whats the guarantee on this jigsaw", "3 years"),
    # "Members 3" over three records of name, email, role: the one whose role is "Owner"
    (WIDGETS, "team", "who owns this project", "Rosa Delgado"),
    (WIDGETS, "team", "what's karim's email", "karim@planly.app"),
    # the value labelled "Total", not the first cell under a "TOTAL" column
    (SHOP, "basket", "what's my total", "Total £289.45"),
])
def test_the_page_answers(folder: Path, name: str, question: str, says: str) -> None:
    steps, said = plan_on(captured(folder, name), question)
    assert not steps
    assert says in said


@pytest.mark.parametrize("folder,name,question,never", [
    # "Closed" on the line under "Monday" says nothing about cancelling
    (FORMS, "booking_restaurant", "what happens if i cancel late", "Monday"),
    # a select's times are no opening hours
    (FORMS, "booking_restaurant", "are you open on mondays", "12:30"),
    # "Dr." ends no sentence: the clinician's name is read whole
    (FORMS, "booking_doctor", "is there a nurse i can see instead of a doctor", "Dr."),
    # two records say "Editor": no one of them is the answer
    (WIDGETS, "team", "who can edit", "Nasser"),
    # a disclosure's title under another is no value: the entry is opened, not quoted
    (WIDGETS, "product", "whats in the box", "Safety information"),
    # only the cards of that column
    (LISTS, "todo_vue_board", "whats in progress right now", "Fix login redirect loop"),
])
def test_not_the_answer(folder: Path, name: str, question: str, never: str) -> None:
    assert never not in plan_on(captured(folder, name), question)[1]


def test_a_section_whose_count_disagrees_is_not_read() -> None:
    """The count beside a column's title must match the cards found under it: one card
    fewer and the column is not said at all (the passages answer instead)."""
    ctx = captured(LISTS, "todo_vue_board")
    text = ctx.visibleText or ""
    ctx = ctx.model_copy(update={"visibleText": text.replace("IN PROGRESS 1", "IN PROGRESS 2")})
    assert "(2)" not in plan_on(ctx, "whats in progress right now")[1]


def _two_steps(first: str, then: str, text: str) -> tuple[list[tuple[str, int | None]], str]:
    """The first plan's steps on page ``first``, and what is said on page ``then`` after
    them."""
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=captured(SHOP, first), history=[],
                      memory=[], site=SiteInfo(name="t"), planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    memory = [ran(plan.steps)]
    req = PlanRequest(visitor_text=None, goal=text, context=captured(SHOP, then), history=[],
                      memory=memory, site=SiteInfo(name="t"), planner_state=state)
    events = decide(req)
    assert not [e for e in events if isinstance(e, PlanActions)]
    return [(s.action, s.elementId) for s in plan.steps], " ".join(
        e.text if isinstance(e, TextDelta) else e.message for e in events
        if isinstance(e, TextDelta | FinishTask))


def test_how_many_of_a_kind_is_counted_with_the_listings_filter() -> None:
    """"how many history books": the History box ticked and applied (10, 16), then the
    result count the filtered page shows."""
    steps, said = _two_steps("books", "books_history", "how many history books have you got")
    assert steps == [("check", 10), ("click", 16)]
    assert "5 results" in said


def test_a_count_of_what_no_filter_names_is_not_filtered() -> None:
    assert not plan_on(captured(SHOP, "books"), "how many pages does the glass archive have")[0]


def test_a_count_the_page_does_not_announce_is_read_from_its_text() -> None:
    """"5 products" beside the sort menu (no live region): the filtered page's count."""
    steps, said = _two_steps("hardware", "hardware_workwear",
                             "how many workwear products do you sell")
    assert steps == [("check", 10), ("click", 16)]
    assert "5 products" in said
