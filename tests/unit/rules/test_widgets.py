"""Widgets and rich-text editors as the embed indexes them (tests/unit/rules/widget_pages/
*.json, captured in Chromium with window.LeFlux.getContext() on the eval's pages): a
contenteditable note or comment box takes the text a person writes, its button sends it
only when asked, and never without the text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leflux.agent.planner import FinishTask, PlanActions, PlanEvent, PlanRequest, TextDelta
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext
from tests.support.memory import ran

PAGES = Path(__file__).parent / "widget_pages"
T = tuple[str, int | None, str | None]


def context(name: str) -> PageContext:
    return PageContext.model_validate(json.loads((PAGES / f"{name}.json").read_text()))


def first_plan(name: str, text: str) -> tuple[list[T], str]:
    req = PlanRequest(visitor_text=text, goal=text, context=context(name), history=[],
                      memory=[], site=SiteInfo(name="t"), planner_state={})
    events = decide(req)
    steps = [(s.action, s.elementId, s.inputData) for e in events
             if isinstance(e, PlanActions) for s in e.steps]
    return steps, "".join(e.text for e in events if isinstance(e, TextDelta))


# notes: 7 the editor (div role=textbox, contenteditable), 8 "Save note", 4 Bold.
# article: 7 the comment box (contenteditable), 8 "Post" (disabled until there is text).
@pytest.mark.parametrize("name,text,steps", [
    ("notes", "write a note saying call the bank tomorrow and save it",
     [("type", 7, "call the bank tomorrow"), ("click", 8, None)]),
    ("notes", "guarda una nota que diga 'llamar a mamá el domingo'",
     [("type", 7, "llamar a mamá el domingo"), ("click", 8, None)]),
    # "save a note: ...": the verb that writes it is the one that saves it; punctuation kept
    ("notes", "save a note: Buy a gift for Leo's birthday (under €30)",
     [("type", 7, "Buy a gift for Leo's birthday (under €30)"), ("click", 8, None)]),
    ("notes", "type 'pick up keys at 5' in the note but don't save it yet",
     [("type", 7, "pick up keys at 5")]),
    ("article", "post a comment saying great article, thanks!",
     [("type", 7, "great article, thanks!"), ("click", 8, None)]),
    ("article", "schreib einen Kommentar: Sehr hilfreich, danke!",
     [("type", 7, "Sehr hilfreich, danke!"), ("click", 8, None)]),
    ("article", "publica un comentario: ¡Muy buen artículo!",
     [("type", 7, "¡Muy buen artículo!"), ("click", 8, None)]),
    ("article", "write 'I tried this and it worked' in the comment box but don't post it",
     [("type", 7, "I tried this and it worked")]),
])
def test_rich_text_box_takes_the_text(name: str, text: str, steps: list[T]) -> None:
    assert first_plan(name, text)[0] == steps


def test_never_enter_in_a_message_box() -> None:
    """Enter in a contenteditable starts a new line: it sends nothing."""
    steps, _ = first_plan("article", "write 'hello there' in the comment box and send it")
    assert ("press", 7, "Enter") not in steps


def test_no_save_without_the_text() -> None:
    """Text the agent cannot format as asked (the editor has no button for it) is not
    saved anyway: the visitor is told."""
    steps, said = first_plan("notes", "write 'Renew passport' as a numbered list and save it")
    assert steps == [] and "no button for numbered" in said


# team: 2 "Rename project" (icon), 3 "Invite people", 4 "Leave project", 5 a pending row's
# Revoke. team_invite: the open dialog: 2 email, 3/4 Viewer/Editor radios ("Editor — can
# edit tasks and files"), 5 message, 6 Cancel, 7 Send invite. team_rename: 2 Project name,
# 4 Save. team_leave: 1 Stay, 2 Leave project (marked to confirm).
@pytest.mark.parametrize("name,text,steps", [
    ("team", "invite sam@example.com as an editor", [("click", 3, None)]),
    ("team", "Please invite maria.g@example.org to the project.", [("click", 3, None)]),
    ("team", "lade tom@example.de als Betrachter ein", [("click", 3, None)]),
    ("team", "rename the project to Website redesign 2027", [("click", 2, None)]),
    ("team_invite", "invite sam@example.com as an editor",
     [("type", 2, "sam@example.com"), ("check", 4, None), ("click", 7, None)]),
    ("team_invite", "invita a lucia@example.com como editora",
     [("type", 2, "lucia@example.com"), ("check", 4, None), ("click", 7, None)]),
    ("team_invite", "invite julie@exemple.fr avec le rôle éditeur",
     [("type", 2, "julie@exemple.fr"), ("check", 4, None), ("click", 7, None)]),
    ("team_invite", "invite ahmed@example.com as viewer and add the message: welcome aboard!",
     [("type", 2, "ahmed@example.com"), ("type", 5, "welcome aboard!"), ("click", 7, None)]),
    ("team_rename", "rename the project to Website redesign 2027",
     [("type", 2, "Website redesign 2027"), ("click", 4, None)]),
])
def test_dialog_opened_filled_and_sent(name: str, text: str, steps: list[T]) -> None:
    assert first_plan(name, text)[0] == steps


def test_a_value_left_over_keeps_the_dialog_unsent() -> None:
    """Two addresses, one email field: never sent with one of them silently dropped (the
    second goes in the form once more after the first: test_row_edit)."""
    steps, _ = first_plan("team_invite", "invite nina@example.com, omar@example.com, "
                                         "and sam@example.com as editors")
    assert ("type", 2, "nina@example.com") in steps and "omar" not in str(steps)


def test_the_dialog_the_press_opened_is_confirmed() -> None:
    text = "take me off this project, I want to leave it"
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=context("team"), history=[],
                      memory=[], site=SiteInfo(name="t"), planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId) for s in plan.steps] == [("click", 4)]
    memory = [ran(plan.steps)]
    req = PlanRequest(visitor_text=None, goal=text, context=context("team_leave"), history=[],
                      memory=memory, site=SiteInfo(name="t"), planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId) for s in plan.steps] == [("click", 2)]


# boutique: a newsletter pop-up covers the page (1 its ×, 2 its email, 4 "Get my code");
# boutique_bar: the pop-up closed, the cookie bar's 6 Manage preferences, 7 Reject all,
# 8 Accept all.
@pytest.mark.parametrize("text", ["reject all cookies", "alle Cookies ablehnen bitte",
                                  "acepta las cookies"])
def test_a_pop_up_covering_the_page_is_closed_first(text: str) -> None:
    assert first_plan("boutique", text)[0] == [("click", 1, None)]


@pytest.mark.parametrize("text", ["get me the 15% code, my email is lena@example.com",
                                  "how much is a wheel workshop"])
def test_a_pop_up_the_request_is_about_stays(text: str) -> None:
    assert ("click", 1, None) not in first_plan("boutique", text)[0]


@pytest.mark.parametrize("text,button", [
    ("reject all cookies", 7), ("alle Cookies ablehnen bitte", 7),
    ("acepta las cookies", 8), ("refuse les cookies", 7)])
def test_a_button_named_in_the_visitors_language(text: str, button: int) -> None:
    assert first_plan("boutique_bar", text)[0] == [("click", button, None)]


def test_no_button_that_does_more_than_asked() -> None:
    """'only allow analytics cookies' is not "Accept all"."""
    assert ("click", 8, None) not in first_plan("boutique_bar", "only allow analytics cookies")[0]


# product: tabs 11 Overview (chosen), 12 Specifications, 13 Reviews, 14 Delivery & returns;
# FAQ buttons 15 (AAA batteries?), 17 (warranty?); a tab's panel is read once it is chosen.
def test_a_question_opens_the_tab_named_for_it() -> None:
    assert first_plan("product", "how many days do I have to return it?")[0] == [
        ("click", 14, None)]


def test_the_tab_panels_are_read_one_at_a_time_when_no_name_fits() -> None:
    """An entry about batteries that says nothing of how long: the tabs are looked in."""
    text = "how long does the battery last on high"
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=context("product"), history=[],
                      memory=[], site=SiteInfo(name="t"), planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId) for s in plan.steps] == [("click", 15)]
    memory = [ran(plan.steps)]
    opened = context("product").model_copy(update={"visibleText": context(
        "product").visibleText + "\nNo. The Lumen X2 only runs on its built-in battery."})
    req = PlanRequest(visitor_text=None, goal=text, context=opened, history=[],
                      memory=memory, site=SiteInfo(name="t"), planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId) for s in plan.steps] == [("click", 12)]


def test_the_visitors_own_details_go_to_the_pop_ups_form() -> None:
    """'get me the code, my email is ...': the email is for the offer's form (and its
    button the verb names is pressed), never a search."""
    assert first_plan("boutique", "get me the 15% code, my email is lena@example.com")[0] == [
        ("type", 2, "lena@example.com"), ("click", 4, None)]


# product: colour radios 6 Black (chosen), 7 Orange, 8 Forest green (sold out, disabled);
# 9 Quantity; 10 Add to cart.
def test_the_product_pages_own_option_count_and_add_to_cart() -> None:
    assert first_plan("product", "add two orange ones to my cart")[0] == [
        ("check", 7, None), ("type", 9, "2"), ("click", 10, None)]


def test_an_option_the_page_will_not_take_is_said_and_nothing_added() -> None:
    steps, said = first_plan("product", "I'd like the forest green one in my cart")
    assert steps == [] and "sold out" in said


def _after(first: str, text: str, then: str) -> list[PlanEvent]:
    """What the planner does on page ``then`` after its first plan for ``text`` on
    ``first`` was carried out."""
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=context(first), history=[],
                      memory=[], site=SiteInfo(name="t"), planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    memory = [ran(plan.steps)]
    req = PlanRequest(visitor_text=None, goal=text, context=context(then), history=[],
                      memory=memory, site=SiteInfo(name="t"), planner_state=state)
    return decide(req)


def test_a_toast_over_the_cart_badge_says_it_was_added() -> None:
    """The toast "Added 2 × Lumen X2 (Orange) to your cart" covers the cart's badge: the
    message is the page's answer, and "Add to cart" is not pressed a second time."""
    events = _after("product", "add two orange ones to my cart", "product_added")
    assert not [e for e in events if isinstance(e, PlanActions)]
    (done,) = [e for e in events if isinstance(e, FinishTask)]
    assert "Added 2 × Lumen X2 (Orange) to your cart" in done.message


@pytest.mark.parametrize("text,button", [
    ("ferme la fenêtre et refuse les cookies", 7),
    ("cierra la ventana y rechaza las cookies", 7),
    ("close the popup and accept the cookies", 8)])
def test_once_the_pop_up_is_closed_the_rest_of_the_request_is_done(text: str,
                                                                    button: int) -> None:
    """Closing the pop-up was the first thing asked; on the page it covered, what is left
    ("refuse les cookies") is done, not the close asked again."""
    assert first_plan("boutique", text)[0] == [("click", 1, None)]
    (plan,) = [e for e in _after("boutique", text, "boutique_bar") if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId) for s in plan.steps] == [("click", button)]


# boutique_prefs: "Manage preferences" opened a dialog: 1 Strictly necessary (on, disabled),
# 2 Analytics cookies, 3 Marketing cookies (switches, off), 4 "Save my choices".
@pytest.mark.parametrize("text", ["only allow analytics cookies",
                                  "no marketing cookies for me, analytics is fine"])
def test_finer_choices_are_opened_then_set_and_kept(text: str) -> None:
    """'only allow analytics cookies': "Accept all" does more, so "Manage preferences"
    opens the switches; there the analytics one is turned on (marketing stays off) and
    the choice saved."""
    assert first_plan("boutique_bar", text)[0] == [("click", 6, None)]
    (plan,) = [e for e in _after("boutique_bar", text, "boutique_prefs")
               if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId) for s in plan.steps] == [("check", 2), ("click", 4)]


def test_no_opener_for_what_the_page_does_not_speak_of() -> None:
    assert first_plan("boutique_bar", "only allow dark mode")[0] == []


def test_an_order_said_with_first_is_a_sort() -> None:
    """'show newest comments first': the sort control's "Newest", not the first comment."""
    assert first_plan("article", "show newest comments first")[0] == [
        ("select", 6, "Newest")]


# notes_open: the shopping note clicked open: 7 the editor holds its text, 8 "Save note".
def test_adding_to_a_saved_note_opens_it_adds_at_the_end_and_saves() -> None:
    """'add eggs to my shopping note': the note clicked open (3, its row), then its text
    with eggs at the end, and "Save note" pressed; no new note made."""
    text = "add eggs to my shopping note"
    assert first_plan("notes", text)[0] == [("click", 3, None)]
    (plan,) = [e for e in _after("notes", text, "notes_open") if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId, s.inputData) for s in plan.steps] == [
        ("type", 7, "Shopping: milk, bread, coffee, eggs"), ("click", 8, None)]


def test_details_nothing_takes_yet_wait_for_the_page_once() -> None:
    """'get me the 15% code, my email is ...' right after load: the sign-up pop-up opens a
    moment later (boutique_before_promo has only the page and its cookie banner). The
    planner waits once and plans the request on the page as it is then: the pop-up's
    email box (2) and "Get my code" (4); with still nothing there, the task ends with what
    it says, never a second wait."""
    text = "get me the 15% code, my email is lena@example.com"
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=context("boutique_before_promo"),
                      history=[], memory=[], site=SiteInfo(name="t"), planner_state=state)
    waited = [s.action for e in decide(req) if isinstance(e, PlanActions) for s in e.steps]
    assert waited == ["wait"]
    for name, done in (("boutique", False), ("boutique_before_promo", True)):
        later = dict(state)
        events = decide(PlanRequest(visitor_text=None, goal=text, context=context(name),
                                    history=[], memory=[], site=SiteInfo(name="t"),
                                    planner_state=later))
        steps = [(s.action, s.elementId) for e in events if isinstance(e, PlanActions)
                 for s in e.steps]
        if done:
            assert not steps and any(isinstance(e, FinishTask) for e in events)
        else:
            assert steps == [("type", 2), ("click", 4)]


def _steps(events: list[PlanEvent]) -> list[tuple[str, int | None]]:
    return [(s.action, s.elementId) for e in events if isinstance(e, PlanActions)
            for s in e.steps]


@pytest.mark.parametrize("text,closed_then", [
    ("close this popup", None),
    ("ferme la fenêtre et refuse les cookies", ("click", 7)),  # then "Reject all"
])
def test_a_popup_to_close_not_there_yet_is_waited_for_once(
        text: str, closed_then: tuple[str, int] | None) -> None:
    """'close this popup' said before the boutique's pop-up opens (boutique_before_promo:
    the page and its cookie banner, nothing that closes anything): the planner waits once,
    then closes the pop-up there then (its Close, 1) and does the rest; nothing there the
    second time is said, never a second wait."""
    def later(name: str, state: dict[str, object]) -> list[PlanEvent]:
        return decide(PlanRequest(visitor_text=None, goal=text, context=context(name),
                                  history=[], memory=[], site=SiteInfo(name="t"),
                                  planner_state=state))

    state: dict[str, object] = {}
    assert _steps(decide(PlanRequest(
        visitor_text=text, goal=text, context=context("boutique_before_promo"), history=[],
        memory=[], site=SiteInfo(name="t"), planner_state=state))) == [("wait", None)]
    still = dict(state)
    assert _steps(later("boutique", state)) == [("click", 1)]
    if closed_then is not None:
        assert _steps(later("boutique_before_promo", state)) == [closed_then]
    ended = later("boutique_before_promo", still)
    if closed_then is None:
        assert not _steps(ended) and any(isinstance(e, FinishTask) for e in ended)
    else:  # (the rest of the request is still done; the wait is not repeated)
        assert ("wait", None) not in _steps(ended)


@pytest.mark.parametrize("name,text", [
    ("boutique_before_promo", "how do I close the popup"),  # a question: answered now
    ("boutique_before_promo", "hello"),
    ("boutique_before_promo", "book a wheel workshop"),     # there: pressed now
    ("boutique", "close this popup"),                        # there: closed now
])
def test_what_is_there_or_asked_is_never_waited_for(name: str, text: str) -> None:
    assert ("wait", None) not in [(a, i) for a, i, _ in first_plan(name, text)[0]]


@pytest.mark.parametrize("text", ["close this popup", "please close the pop-up",
                                  "ferme cette fenêtre", "cierra la ventana emergente"])
def test_a_pop_up_closed_when_that_was_all_asked_is_reported_closed(text: str) -> None:
    """'close this popup': the pop-up's Close (1) pressed; on the page it covered
    (boutique_bar: no dialog left) closing it was the whole request: "Closed the pop-up.",
    never the request planned again there ("I couldn't find “popup”")."""
    state: dict[str, object] = {}
    first = decide(PlanRequest(visitor_text=text, goal=text, context=context("boutique"),
                               history=[], memory=[], site=SiteInfo(name="t"),
                               planner_state=state))
    assert _steps(first) == [("click", 1)]
    assert "".join(e.text for e in first if isinstance(e, TextDelta)).startswith("Closing")
    after = decide(PlanRequest(visitor_text=None, goal=text, context=context("boutique_bar"),
                               history=[], memory=[], site=SiteInfo(name="t"),
                               planner_state=state))
    assert not _steps(after)
    (done,) = [e for e in after if isinstance(e, FinishTask)]
    assert done.message == "Closed the pop-up."


def test_a_pop_up_closed_on_the_way_is_not_the_whole_request() -> None:
    """'close the popup and accept the cookies': the close is only the first thing asked
    (the cookies are accepted after it, test above), so it is not reported alone."""
    state: dict[str, object] = {}
    text = "close the popup and accept the cookies"
    decide(PlanRequest(visitor_text=text, goal=text, context=context("boutique"), history=[],
                       memory=[], site=SiteInfo(name="t"), planner_state=state))
    after = decide(PlanRequest(visitor_text=None, goal=text, context=context("boutique_bar"),
                               history=[], memory=[], site=SiteInfo(name="t"),
                               planner_state=state))
    assert not [e for e in after if isinstance(e, FinishTask)]
