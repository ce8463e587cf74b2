"""Selects whose options come from another choice: the states of the country chosen.

A person chooses the country first, sees the "State" list fill with that country's states,
then picks theirs. A select with nothing to choose yet beside one the run is choosing waits
for the page's answer: the run is done up to there and the same request is planned again on
the page as it then is.
"""

from __future__ import annotations

from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.formwork import Work


def choices(el: PageElement) -> list[str]:
    """The options of a select a person can choose (not its "Choose..." placeholder)."""
    return [o.text or o.value or "" for o in el.e.options or [] if o.value]


def chosen_text(el: PageElement) -> str:
    """The text of the option a select is on now ("" on its placeholder)."""
    on = [o for o in el.e.options or [] if o.selected or (el.e.value and o.value == el.e.value)]
    return (on[0].text or on[0].value or "") if on and on[0].value else ""


def holds_option(el: PageElement, option: str) -> bool:
    """The select is already on this option: choosing it again changes nothing."""
    return bool(option) and " ".join(chosen_text(el).split()).lower() == \
        " ".join(option.split()).lower()


def waits_for_options(work: Work, page: Page) -> bool:
    """The run chooses an option of a select, a value of the visitor found no place, and
    another select of the same form has no option to choose yet (it fills once the first
    choice is made)."""
    if not work.unplaced or not any(st.action == "select" for st in work.steps):
        return False
    return any(el.is_select and work.fits(page, el) and el.id not in work.typed and
               not el.disabled and not choices(el) for el in page.fields)
