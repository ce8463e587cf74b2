"""Questions answered from an app page's own text, on pages captured in Chromium
(window.LeFlux.getContext() on the eval's pages): a value read with its label on the line
above ("Monday" / "Closed"), a title that ends no sentence ("Dr. Okafor"), what the
visitor sets aside ("instead of a doctor"), the words of "what time" asking for a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.rules.pages import captured, plan_on

HERE = Path(__file__).parent
FORMS, CONTROLS = HERE / "form_pages", HERE / "control_pages"


@pytest.mark.parametrize("folder,name,question,says", [
    # a list of terms and values (<dl>): the day's line, then its hours
    (FORMS, "booking_restaurant", "are you open on mondays", "Monday Closed"),
    # "happens" frames the question; the policy that charges a late cancellation answers
    (FORMS, "booking_restaurant", "what happens if i cancel late", "€20 per guest"),
    # a price on the line under its ticket's name ("Child (5–15)" / "€12.00 each")
    (CONTROLS, "embedded_tickets", "how much is a child ticket", "€12.00"),
    # "what time" asks for a time: "Sat 9am–5pm" answers, not "Reply times"
    (FORMS, "contact_support", "till what time can i call you on saturday", "Sat 9am–5pm"),
    # what is set aside ("instead of a doctor") is not what is asked about
    (FORMS, "booking_doctor", "is there a nurse i can see instead of a doctor", "Helen Ng"),
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
])
def test_not_the_answer(folder: Path, name: str, question: str, never: str) -> None:
    assert never not in plan_on(captured(folder, name), question)[1]
