"""Forms of several pages, as a person goes through them (formfill, changelinks, examples),
on page contexts captured in Chromium from the eval corpus (tests/unit/rules/form_pages).

A task is planned page after page: the first plan for the visitor's message, then one plan
per page the last one led to (the embed's continue_task), with the planner's state kept.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from leflux.agent.memory import MemoryEntry
from leflux.agent.planner import FinishTask, PlanActions, PlanRequest, ShowBlock, TextDelta
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.examples import example_values
from leflux.agent.planners.rules.planner import decide
from leflux.agent.planners.rules.understand import understand
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext
from tests.support.memory import ran

T = tuple[str, int | None, str | None]
PAGES = Path(__file__).parent / "form_pages"


@cache
def context(name: str) -> PageContext:
    return PageContext.model_validate(json.loads((PAGES / f"{name}.json").read_text()))


def walk(text: str, pages: list[str]) -> list[tuple[list[T], str]]:
    """Each page's plan (its steps) and what was said (the last page: the final message)."""
    state: dict[str, Any] = {}
    memory: list[MemoryEntry] = []
    out = []
    for n, name in enumerate(pages):
        req = PlanRequest(visitor_text=text if n == 0 else None, goal=text,
                          context=context(name), history=[], memory=memory,
                          site=SiteInfo(name="t"), planner_state=state)
        events = decide(req)
        plans = [e for e in events if isinstance(e, PlanActions)]
        steps = [(s.action, s.elementId, s.inputData) for e in plans for s in e.steps]
        said = "".join(e.text for e in events if isinstance(e, TextDelta)) + "".join(
            e.message or "" for e in events if isinstance(e, FinishTask))
        out.append((steps, said))
        if plans:
            memory = [*memory, ran(plans[0].steps, plan=len(memory) + 1)]
    return out


UP_TO_CHECK = ("fill in everything up to the check page but don't send: Ana Lopez, 14 7 1988, "
               "yes in the zone, CV17 XYZ, ana@example.com, 12 months")
CHANGE = "actually my surname is Lopez-Garcia, please change it. still don't send"


def test_up_to_a_page_of_the_form_is_understood_apart_from_sending() -> None:
    r = understand(UP_TO_CHECK)
    assert r.forbids_submit and r.through_steps and not r.wants_submit
    assert "12 months" in r.clauses[0].text  # the details' words stay (an option later on)
    assert not understand("Ana Lopez, don't send it yet").through_steps


def test_please_change_it_adds_nothing_to_the_values_before_it() -> None:
    r = understand(CHANGE)
    assert [c.act.value for c in r.clauses] == ["fill"]
    assert r.forbids_submit


def test_every_step_continued_up_to_the_one_that_sends_which_is_not_pressed() -> None:
    plans = walk(UP_TO_CHECK, ["gov_forms_permit_name", "gov_forms_permit_dob",
                               "gov_forms_permit_zone", "gov_forms_permit_vehicle",
                               "gov_forms_permit_email", "gov_forms_permit_length",
                               "gov_forms_permit_check_filled"])
    assert [p[0] for p in plans[:-1]] == [
        [("type", 5, "Ana"), ("type", 7, "Lopez"), ("click", 8, None)],
        [("type", 5, "14"), ("type", 7, "7"), ("type", 8, "1988"), ("click", 9, None)],
        [("check", 5, None), ("click", 8, None)],
        [("type", 5, "CV17 XYZ"), ("click", 7, None)],  # shaped like its "CV17 XYZ" example
        [("type", 5, "ana@example.com"), ("click", 7, None)],
        [("check", 8, None), ("click", 9, None)],
    ]
    steps, said = plans[-1]
    assert steps == []  # "Accept and send" is not pressed
    assert "did not send" in said and "couldn't" not in said


def test_dont_send_alone_fills_the_step_and_stays() -> None:
    # (details for later steps, but no word of going through them: this step only)
    plans = walk("my name is Ana Lopez, born 14 7 1988, ana@example.com. don't send it yet",
                 ["gov_forms_permit_name"])
    assert plans[0][0] == [("type", 5, "Ana"), ("type", 7, "Lopez")]


def test_an_answer_changed_through_its_change_link_and_read_back() -> None:
    plans = walk(CHANGE, ["gov_forms_permit_check_filled", "gov_forms_permit_name_change",
                          "gov_forms_permit_check_changed"])
    assert plans[0][0] == [("click", 5, None)]          # the Name row's "Change name"
    assert plans[1][0] == [("type", 7, "Lopez-Garcia"), ("click", 8, None)]  # and Continue
    assert plans[2][0] == []
    said = plans[2][1]
    assert "Lopez-Garcia" in said and "did not send" in said


def test_a_change_the_answers_page_does_not_show_is_not_claimed() -> None:
    plans = walk(CHANGE, ["gov_forms_permit_check_filled", "gov_forms_permit_name_change",
                          "gov_forms_permit_check_filled"])
    said = plans[2][1]
    assert "didn't work" in said and "now shows" not in said


def test_an_answer_the_page_already_shows_opens_no_change_link() -> None:
    plans = walk("my surname is Lopez", ["gov_forms_permit_check_filled"])
    assert ("click", 5, None) not in plans[0][0]


def test_a_bare_value_goes_where_the_fields_example_has_its_shape() -> None:
    field = Page(context("gov_forms_permit_vehicle")).by_id[5]  # "For example, CV17 XYZ."
    found = example_values("Ana, cv17xyz, 12 months", [], [field], "en")
    assert [(v.text, v.label) for v in found] == [
        ("cv17xyz", "What is your vehicle registration number?")]
    assert example_values("Ana, NB1 4QT, 12 months, 2027", [], [field], "en") == []


def test_steps_block_lists_no_tick_for_change_it() -> None:
    req = PlanRequest(visitor_text=CHANGE, goal=CHANGE,
                      context=context("gov_forms_permit_check_filled"), history=[], memory=[],
                      site=SiteInfo(name="t"), planner_state={})
    blocks = [e for e in decide(req) if isinstance(e, ShowBlock)]
    assert not any("Tick" in json.dumps(b.data) for b in blocks)


def test_an_answer_no_option_names_goes_to_other_and_the_box_it_reveals() -> None:
    plans = walk("I'm Portuguese, go to the next question", [
        "gov_forms_vote_nationality", "gov_forms_vote_nationality_other",
        "gov_forms_vote_nationality_other_filled"])
    assert plans[0][0] == [("check", 5, None)]  # "Citizen of a different country"
    assert plans[1][0] == [("type", 6, "Portuguese")]  # "Country name", shown once ticked
    assert plans[2][0] == [("click", 7, None)]  # then on to the next question


def test_an_answer_an_option_names_is_that_option() -> None:
    plans = walk("I'm British", ["gov_forms_vote_nationality"])
    assert plans[0][0] == [("check", 2, None)]


def test_a_verbs_list_after_a_forms_values_stays_one_list() -> None:
    r = understand("update my profile: I'm based in Berlin now, add Go, Kubernetes and "
                   "PostgreSQL to my skills, and save it")
    assert [(c.act.value, c.target.words if c.target else None) for c in r.clauses] == [
        ("fill", None), ("add", "Go"), ("add", "Kubernetes"), ("add", "PostgreSQL"),
        ("submit", None)]
    flow = understand("sign me up as Ana, ana@x.com, remember me, no newsletter")
    assert [c.act.value for c in flow.clauses] == ["signup", "check", "uncheck"]
