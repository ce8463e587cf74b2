"""verify + report: the outcome read from the page after a plan, and what is said of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.report import report
from leflux.agent.planners.rules.verify import Expect, Outcome, snapshot, verify
from leflux.protocol import PageContext
from tests.unit.rules.pages import captured

HEADER = "Signed in as Maria Lopez Sign out"


def page(els: list[dict[str, Any]], text: str = "", url: str = "https://x.test/ship",
         **extra: Any) -> Page:
    return Page(PageContext.model_validate({"url": url, "title": "Shipping",
                                            "indexedElements": els, "visibleText": text,
                                            **extra}))


FORM = [{"id": 1, "tag": "input", "type": "text", "label": "Street", "required": True,
         "value": ""},
        {"id": 2, "tag": "input", "type": "text", "label": "Postal code", "required": True,
         "value": ""},
        {"id": 3, "tag": "button", "type": "submit", "text": "Continue"}]


def test_a_rejected_form_is_a_failure_naming_the_field_never_the_header() -> None:
    before = snapshot(page(FORM, HEADER), Expect.SUBMIT)
    after = page([FORM[0], {**FORM[1], "value": "x", "invalid": True,
                            "errorText": "Enter a valid postal code."}, FORM[2]],
                 HEADER + "\nPlease fix the errors below.",
                 alerts=["Please fix the errors below."])
    v = verify(after, before, [])
    assert v.outcome is Outcome.FAILURE
    said = report(v, "I sent the form")
    assert "Postal code: \u201cEnter a valid postal code.\u201d" in said
    assert "Signed in" not in said and not said.startswith("Done")


def test_success_only_with_a_new_message_and_the_header_is_not_one() -> None:
    before = snapshot(page(FORM, HEADER), Expect.SUBMIT)
    same = verify(page(FORM, HEADER), before, [])
    assert same.outcome is Outcome.UNKNOWN
    assert "Done" not in report(same, "I sent the form")
    ok = verify(page(FORM, HEADER + "\nThanks! Your address was saved."), before, [])
    assert ok.outcome is Outcome.SUCCESS and "Your address was saved" in report(ok, "x")


def test_a_new_page_after_submit_is_evidence() -> None:
    before = snapshot(page(FORM, HEADER), Expect.SUBMIT)
    v = verify(page([], HEADER, url="https://x.test/payment"), before, [])
    assert v.outcome is Outcome.SUCCESS and v.navigated


def test_a_fill_checks_the_values_are_there_and_lists_what_is_still_needed() -> None:
    before = snapshot(page(FORM), Expect.FILL, values={1: "5 Main St"})
    v = verify(page([{**FORM[0], "value": "5 Main St"}, FORM[1], FORM[2]]), before, [])
    assert v.outcome is Outcome.SUCCESS and v.missing == ["Postal code"]
    assert "Still needed: Postal code" in report(v, "Filled in Street")
    lost = verify(page(FORM), before, [])
    assert lost.outcome is Outcome.UNKNOWN and lost.not_set == ["Street"]


def test_a_failed_step_is_a_failure() -> None:
    before = snapshot(page(FORM), Expect.CLICK)
    v = verify(page(FORM), before, ["element 9 not found"])
    assert v.outcome is Outcome.FAILURE and "element 9 not found" in report(v, "x")


def test_a_list_that_did_not_grow_is_a_failure() -> None:
    before = snapshot(page(FORM), Expect.ADD, count=2)
    assert verify(page(FORM), before, [], rows_now=2).outcome is Outcome.FAILURE
    assert verify(page(FORM), before, [], rows_now=3).outcome is Outcome.SUCCESS


def test_before_survives_json() -> None:
    from leflux.agent.planners.rules.verify import Before

    b = snapshot(page(FORM, "a. b."), Expect.FILL, values={1: "v"}, checks={2: True}, count=1)
    assert Before.from_json(b.to_json()) == b


def test_the_hint_beside_an_empty_field_of_the_next_step_is_no_error() -> None:
    import json
    from pathlib import Path

    pages = Path(__file__).parent / "form_pages"
    zone = Page(PageContext.model_validate(json.loads(
        (pages / "gov_forms_permit_zone.json").read_text())))
    vehicle = Page(PageContext.model_validate(json.loads(
        (pages / "gov_forms_permit_vehicle.json").read_text())))
    # ("For example, CV17 XYZ. The vehicle must be registered at your address.")
    assert any(el.error_text for el in vehicle.fields)
    v = verify(vehicle, snapshot(zone, Expect.SUBMIT), [])
    assert v.outcome is Outcome.SUCCESS


# list_pages/editor_notes*.json, captured in Chromium on the eval's notes app: 7 the
# contenteditable note text (8 once a note more is listed), its lines kept in its value.
NOTES = Path(__file__).parent / "list_pages"


def test_a_saved_message_is_not_run_into_the_text_the_page_shows_before_it() -> None:
    """ "Saved" (a role=status alert) after a bulleted list is saved: the list's preview
    the page shows first ("tentsleeping bagstove") is no detail of it."""
    before = snapshot(Page(captured(NOTES, "editor_notes")), Expect.SUBMIT)
    after = Page(captured(NOTES, "editor_notes_list_saved"))
    assert after.by_id[8].e.value == "tent\nsleeping bag\nstove"
    v = verify(after, before, [])
    assert (v.outcome, v.evidence) == (Outcome.SUCCESS, "Saved")
    assert report(v, "Saved the note") == "Done \u2014 the page says: \u201cSaved\u201d"


def test_a_short_message_keeps_the_sentence_after_it_on_the_page() -> None:
    before = snapshot(page(FORM, HEADER), Expect.SUBMIT)
    after = page(FORM, f"New item\n{HEADER}\nThank you!\nYour order number is 1042.",
                 alerts=["Thank you!"])
    assert verify(after, before, []).evidence == "Thank you! Your order number is 1042."


def test_lines_typed_are_quoted_on_one_line() -> None:
    before = snapshot(Page(captured(NOTES, "editor_notes")), Expect.FILL,
                      values={7: "tent\nsleeping bag\nstove"}, shows="tent\nsleeping bag\nstove")
    v = verify(Page(captured(NOTES, "editor_notes")), before, [])
    assert v.outcome is Outcome.FAILURE
    assert "tent, sleeping bag, stove" in report(v, "Typed the note")
