"""Custom controls as the embed indexes them (tests/unit/rules/control_pages/*.json,
captured in Chromium with window.LeFlux.getContext() on the eval's controls pages): radios
and boxes hidden behind cards and pills named by their words, custom select dropdowns
(a button or a div opening a hidden listbox, its options listed as a select's), listbox
options picked like radios or boxes, and the form's own button said in other words."""

from __future__ import annotations

from pathlib import Path

import pytest

from leflux.agent.planner import FinishTask, PlanActions, PlanRequest
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from tests.support.memory import ran
from tests.unit.rules.pages import StepT, captured, plan_on

PAGES = Path(__file__).parent / "control_pages"


def first_plan(name: str, text: str) -> tuple[list[StepT], str]:
    return plan_on(captured(PAGES, name), text)


# controls_pizza: size radios Small 1 / Medium 3 (on) / Large 4 under cards; crust pills
# Thin & crispy 5 / Classic 6 (on) / Cheese-stuffed 7; toppings 8 Mushrooms, 9 Black
# olives, 10 Pepperoni, 11 Roasted peppers, 12 Red onion, 13 Extra mozzarella; 14
# Gluten-free base switch; 16 "Add to order" (the form's submit).
# controls_delivery: 1 country button (hidden listbox, Netherlands), 3 speed div
# role=combobox (Standard), days multi-select listbox 5-10 (Tue 6, Thu 8 on), safe place
# listbox 12-15 (front door 12 on), 16 "Save preferences".
@pytest.mark.parametrize(("page", "text", "expected"), [
    ("controls_pizza", "make it a small", [("check", 1, None)]),
    ("controls_pizza", "large please", [("check", 4, None)]),
    # a word said names one option: "extra cheese" wholly names the Extra mozzarella
    # topping, so "cheese" is not the Cheese-stuffed crust too
    ("controls_pizza", "a large with extra cheese", [("check", 4, None), ("check", 13, None)]),
    # a word only one option has names it ("olives", "thin"); the form's button said
    # in other words ("add it to my order") sends it
    ("controls_pizza", "large pizza with mushrooms and olives on a thin crust please, add it "
     "to my order", [("check", 4, None), ("check", 5, None), ("check", 8, None),
                     ("check", 9, None), ("click", 16, None)]),
    ("controls_pizza", "cheese stuffed crust, and make the base gluten free",
     [("check", 7, None), ("check", 14, None)]),
    ("controls_delivery", "set my delivery country to Portugal",
     [("select", 1, "Portugal"), ("click", 16, None)]),
    ("controls_delivery", "pick France in the country dropdown but don't save",
     [("select", 1, "France")]),
    # "express" is no misspelt "press": the option of the speed dropdown it names
    ("controls_delivery", "I'd like express delivery",
     [("select", 3, "Express (1–2 working days) — €6.90"), ("click", 16, None)]),
    # "days" names the days list, never the "Next day" option of the speed dropdown
    ("controls_delivery", "add saturday to my delivery days",
     [("check", 10, None), ("click", 16, None)]),
    ("controls_delivery", "ship to Ireland, next day, and use a parcel locker when I'm not in",
     [("select", 1, "Ireland"), ("select", 3, "Next working day — €12.00"),
      ("check", 14, None), ("click", 16, None)]),
    # controls_event: 1 Text size slider (outside the form), 2 Title, 4 Date, 5 Starts,
    # 6 Ends, 7 Remind me slider, 8 Colour, 9 Location, 11 "Save event".
    # Creating the thing the page's form makes: its name into the name box, then saved.
    ("controls_event", "create an event called Dentist on 14 January 2027 at 9:30",
     [("type", 2, "Dentist"), ("type", 4, "2027-01-14"), ("type", 5, "09:30"),
      ("click", 11, None)]),
    ("controls_event", "crea un evento 'Cena con Marta' el 3 de febrero de 2027 de 20:00 a "
     "22:30", [("type", 2, "Cena con Marta"), ("type", 4, "2027-02-03"),
               ("type", 5, "20:00"), ("type", 6, "22:30"), ("click", 11, None)]),
    ("controls_event", "new event: Book club, 21 december 2026, 19:00 to 21:00",
     [("type", 2, "Book club"), ("type", 4, "2026-12-21"), ("type", 5, "19:00"),
      ("type", 6, "21:00"), ("click", 11, None)]),
    # a quoted value said before "as the title" goes into the title; the visitor's own
    # step before saving ("I'll check the time") asks nothing: the time is left, not saved
    ("controls_event", "put 'Quarterly review' as the title and pick 5 January 2027, I'll "
     "check the time before saving", [("type", 2, "Quarterly review"),
                                      ("type", 4, "2027-01-05")]),
    # a slider takes the number it is named for; "Save event" keeps no setting: not pressed
    ("controls_event", "set the reminder to 30 minutes before", [("type", 7, "30")]),
    ("controls_event", "change the event colour to #e11d48", [("type", 8, "#e11d48")]),
    # combobox_flights: 7 One way radio, 8 From and 10 To filtering comboboxes, 11 Depart,
    # 12 Return, 15 "Search flights". Fields called by a little word: the words after it.
    ("combobox_flights", "I want to fly from London to Paris",
     [("select", 8, "London"), ("select", 10, "Paris")]),
    # "go to X" with no link or page called X, on a form whose To box suggests places: the
    # trip (a country, then its city: the city); a link called X is still opened
    ("combobox_flights", "i wanna go to the states, boston, from london gatwick",
     [("select", 8, "london gatwick"), ("select", 10, "boston")]),
    ("combobox_flights", "take me to Paris", [("select", 10, "Paris")]),
    ("combobox_flights", "go to manage booking", [("click", 3, None)]),
    ("combobox_flights", "search flights from manchester to barcelona, 12 march 2027 coming "
     "back 19 march 2027", [("select", 8, "manchester"), ("select", 10, "barcelona"),
                            ("type", 11, "2027-03-12"), ("type", 12, "2027-03-19"),
                            ("click", 15, None)]),
    # a verb carrying its pronoun ("ajoute-la", "añádela") presses the form's button its
    # words name; the options named in the visitor's language
    ("controls_pizza", "une petite pizza pâte fine avec pepperoni, ajoute-la à la commande",
     [("check", 1, None), ("check", 5, None), ("check", 10, None), ("click", 16, None)]),
    ("controls_pizza", "quiero una pizza grande con champiñones y pimientos, añádela al pedido",
     [("check", 4, None), ("check", 8, None), ("check", 11, None), ("click", 16, None)]),
    # "only": the named days on, the group's others off
    ("controls_delivery", "deliver only on mondays and fridays",
     [("check", 5, None), ("uncheck", 6, None), ("uncheck", 8, None), ("check", 9, None),
      ("click", 16, None)]),
    # each option has a word of its own said: the one more of whose words were
    ("controls_delivery", "if i'm out, leave it with a neighbour",
     [("check", 13, None), ("click", 16, None)]),
    ("controls_delivery", "cambia el país de entrega a España y guarda",
     [("select", 1, "Spain"), ("click", 16, None)]),
    ("controls_delivery", "Lieferung am nächsten Werktag bitte, und speichern",
     [("select", 3, "Next working day — €12.00"), ("click", 16, None)]),
    # where the event takes place goes into the form's place box
    ("controls_event", "new event: Book club, 21 december 2026, 19:00 to 21:00, at the library",
     [("type", 2, "Book club"), ("type", 4, "2026-12-21"), ("type", 5, "19:00"),
      ("type", 6, "21:00"), ("type", 9, "the library"), ("click", 11, None)]),
    # "von ... nach ...": the From and To fields in the visitor's words; each date into its
    # own field
    ("combobox_flights", "Such mir Flüge von Frankfurt nach Wien, Hinflug 12.03.2027, "
     "Rückflug 15.03.2027", [("select", 8, "Frankfurt"), ("select", 10, "Vienna"),
                             ("type", 11, "2027-03-12"), ("type", 12, "2027-03-15"),
                             ("click", 15, None)]),
    # embedded_magazine: 7 Email address, 12 How often, 13 Subscribe (in a frame).
    # "melde mich ... für den Newsletter an" signs up (not a log-in)
    # a bare first name that is the email's own first word: the name field's
    ("embedded_magazine",
     "sign me up for the letter: Tom, tom@example.co.uk, monthly, rail and food",
     [("type", 5, "Tom"), ("type", 7, "tom@example.co.uk"), ("check", 8, None),
      ("check", 9, None), ("select", 12, "Monthly best-of"), ("click", 13, None)]),
    ("embedded_magazine", "melde mich mit max@example.de für den Newsletter an, nur monatlich",
     [("type", 7, "max@example.de"), ("select", 12, "Monthly best-of"), ("click", 13, None)]),
    # combobox_profile: 9 "Remove JavaScript" and 10 "Remove SQL" (the tags), 11 Skills
    # box. Each new item typed into the tag box and Enter pressed; one already there is not
    ("combobox_profile", "add Python and Docker to my skills",
     [("type", 11, "Python"), ("press", 11, "Enter"), ("type", 11, "Docker"),
      ("press", 11, "Enter")]),
    ("combobox_profile", "add Elixir as a skill", [("type", 11, "Elixir"), ("press", 11, "Enter")]),
    ("combobox_profile", "Füge Rust zu meinen Fähigkeiten hinzu",
     [("type", 11, "Rust"), ("press", 11, "Enter")]),
    ("combobox_profile", "add SQL to my skills", []),
    # one item for another: the old one's own ×, the new one typed into the box it sits in
    ("combobox_profile", "replace JavaScript with TypeScript",
     [("click", 9, None), ("type", 11, "TypeScript"), ("press", 11, "Enter")]),
    ("combobox_profile", "remplace SQL par Rust",
     [("click", 10, None), ("type", 11, "Rust"), ("press", 11, "Enter")]),
    ("combobox_profile", "replace Cobol with Rust", []),
    # embedded_tickets: 2 "Add adult ticket", 4 "Add concession ticket", 7 Full name,
    # 9 Email, 10 "Reserve seats". The counters first; the form after, on the next page.
    ("embedded_tickets", "réserve 3 places tarif réduit au nom de Claire Martin, "
     "claire@example.fr", [("click", 4, None)] * 3),
    # a slider named by the words, the amount in its own unit; or the one its unit names
    ("controls_event", "remind me an hour before", [("type", 7, "60")]),
    ("controls_event", "make it 20px", [("type", 1, "20")]),
    # how the visitor finds the text is the reason, not a value
    ("controls_event", "the text is too small, make it 20px", [("type", 1, "20")]),
    # what the kitchen is told goes into the kitchen's note
    ("controls_pizza", "medium, extra mozzarella, and tell the kitchen to cut it in squares. "
     "add to order", [("check", 13, None), ("type", 15, "cut it in squares"),
                      ("click", 16, None)]),
    # "search" alone after the search form's fields: its own button; "business class" is
    # the Cabin option chosen already
    ("combobox_flights", "one way from Dublin to New York JFK on 2027-04-02, 2 passengers, "
     "business class. search", [("check", 7, None), ("select", 8, "Dublin"),
                                ("select", 10, "New York JFK"), ("type", 11, "2027-04-02"),
                                ("select", 13, "2"), ("select", 14, "Business"),
                                ("click", 15, None)]),
    ("combobox_flights", "set destination to LIS", [("select", 10, "LIS")]),
    ("combobox_flights", "Je cherche un vol aller simple de Paris Orly à Porto le 7 mai 2027 "
     "pour 3 personnes", [("check", 7, None), ("select", 8, "Paris Orly"),
                          ("select", 10, "Porto"), ("type", 11, "2027-05-07"),
                          ("select", 13, "3"), ("click", 15, None)]),
    # where the visitor lives, whole ("Paris, France", not Paris in Texas); a place named in
    # the visitor's language typed as the list names it
    ("combobox_profile", "I live in Paris, France", [("select", 7, "Paris, France")]),
    ("combobox_profile", "Pon mi ciudad en Sevilla", [("select", 7, "Seville")]),
    # "put X as the name": the field after "as"; "don't reserve anything yet" sends nothing
    ("embedded_tickets", "put Ana Costa as the name on the booking, don't reserve anything yet",
     [("type", 7, "Ana Costa")]),
    # the clause says only a button's verb, of the things there ("them"): that button
    ("combobox_flights", "actually swap them around", [("click", 9, None)]),
    ("combobox_flights", "flying out of munich", [("select", 8, "munich")]),
])
def test_custom_controls(page: str, text: str, expected: list[StepT]) -> None:
    assert first_plan(page, text)[0] == expected


def test_words_that_name_no_option_are_not_guessed() -> None:
    assert first_plan("controls_pizza", "what a lovely evening")[0] == []


@pytest.mark.parametrize(("text", "says"), [
    # a dropdown's choices and what a group has on are read like the page's text
    ("how much does express cost", "6.90"),
    ("which days have I said I can get parcels?", "Tuesday, Thursday"),
])
def test_questions_read_the_controls(text: str, says: str) -> None:
    steps, said = first_plan("controls_delivery", text)
    assert steps == [] and says in said


def test_who_wrote_it_is_the_byline() -> None:
    steps, said = first_plan("embedded_magazine", "who wrote this?")
    assert steps == [] and "By Elif Demir" in said


def test_a_reason_is_not_a_request() -> None:
    """'one of us can't come': why; the request is the ticket dropped (none to drop here)."""
    steps, said = first_plan("embedded_tickets", "one of us can't come, drop an adult ticket")
    assert steps == [] and "Remove adult ticket" in said


def test_one_press_of_a_counters_minus_is_not_taken_for_a_confirmation() -> None:
    """'drop an adult ticket' at 3 adults: − pressed once; on the page after it (2 adults)
    the same − is the counter's, not a button that confirms the press: not pressed again."""
    text = "one of us can't come, drop an adult ticket"
    state: dict[str, object] = {}
    req = PlanRequest(visitor_text=text, goal=text, context=captured(
        PAGES, "embedded_tickets_3"), history=[], memory=[], site=SiteInfo(name="t"),
        planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    assert [(s.action, s.elementId) for s in plan.steps] == [("click", 1)]
    memory = [ran(plan.steps)]
    req = PlanRequest(visitor_text=None, goal=text, context=captured(
        PAGES, "embedded_tickets_2"), history=[], memory=memory, site=SiteInfo(name="t"),
        planner_state=state)
    events = decide(req)
    assert not [e for e in events if isinstance(e, PlanActions)]
    assert [e for e in events if isinstance(e, FinishTask)]


def test_a_price_asked_of_named_options_is_read_after_choosing_them() -> None:
    """'how much is a large with extra cheese': Large and the Extra mozzarella topping
    chosen ("cheese" is the topping's, not the Cheese-stuffed crust's), nothing ordered;
    on the page after it the amount that changed is the answer."""
    text = "how much is a large with extra cheese"
    state: dict[str, object] = {}
    before = captured(PAGES, "controls_pizza")
    req = PlanRequest(visitor_text=text, goal=text, context=before, history=[], memory=[],
                      site=SiteInfo(name="t"), planner_state=state)
    (plan,) = [e for e in decide(req) if isinstance(e, PlanActions)]
    assert sorted((s.action, s.elementId) for s in plan.steps) == [("check", 4), ("check", 13)]
    chosen = {3: False, 4: True, 13: True}
    after = before.model_copy(update={
        "visibleText": before.visibleText.replace("Total €10.50", "Total €13.70"),
        "indexedElements": [e.model_copy(update={"checked": chosen[e.id]}) if e.id in chosen
                            else e for e in before.indexedElements]})
    req = PlanRequest(visitor_text=None, goal=text, context=after, history=[],
                      memory=[ran(plan.steps)], site=SiteInfo(name="t"), planner_state=state)
    events = decide(req)
    assert not [e for e in events if isinstance(e, PlanActions)]
    (done,) = [e for e in events if isinstance(e, FinishTask)]
    assert "Total €13.70" in done.message and "Large" in done.message
