"""The gate's one lifted remove: an item's own × inside a form being edited (a skill chip
of a profile form), which keeps nothing until the form is sent. Everything around it
still asks: a remove that is not an item's, not in a form that is sent later, a form
whose send is high-stakes, an account, a site marker or pattern."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leflux.agent import gate
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext, Step

SITE = SiteInfo(name="t")
# combobox/profile.html in Chromium: 6 the profile form (13 "Save profile"), skill chips
# 9 "Remove JavaScript" and 10 "Remove SQL" (× buttons, type=button, groupKind item).
PROFILE = Path(__file__).parents[1] / "rules" / "control_pages" / "combobox_profile.json"


def _profile(**changes: Any) -> dict[str, Any]:
    page = json.loads(PROFILE.read_text())
    for el in page["indexedElements"]:
        if el["id"] == 10:
            el.update(changes)
    return page


def _click(page: dict[str, Any], el_id: int = 10, site: SiteInfo = SITE) -> gate.GateHit | None:
    return gate.review([Step(action="click", elementId=el_id)],
                       PageContext.model_validate(page), site)


def test_a_chips_remove_in_a_form_being_edited_does_not_ask() -> None:
    assert _click(_profile()) is None
    assert _click(_profile(), 9) is None


@pytest.mark.parametrize("changes", [
    {"type": "submit"},                                 # it sends the form
    {"groupKind": None, "group": None},                 # not an item's own
    {"formId": None},                                   # in no form: may act at once
    {"label": "Remove SQL and close the account"},      # more than its item
    {"label": "Delete account", "group": "account"},    # the account, whatever the layout
    {"confirm": True},                                  # the site's marker
    {"tag": "a", "href": "/skills/sql/delete"},         # a link goes somewhere
])
def test_every_other_remove_still_asks(changes: dict[str, Any]) -> None:
    assert _click(_profile(**changes)) is not None


def test_a_form_with_no_send_or_a_high_stakes_send_still_asks() -> None:
    page = _profile()
    page["forms"][0].update(hasSubmit=False, submitIds=[])
    assert _click(page) is not None
    page = _profile()
    for el in page["indexedElements"]:
        if el["id"] == 13:
            el["text"] = "Place order"
    assert _click(page) is not None


def test_a_site_pattern_still_asks() -> None:
    assert _click(_profile(), site=SiteInfo(name="t", confirm_patterns=("remove sql",))) \
        is not None


# embedded/tickets.html in Chromium: counters in a shadow root, 1 "Remove adult ticket" (−)
# beside 2 "Add adult ticket" (+).
TICKETS = Path(__file__).parents[1] / "rules" / "control_pages" / "embedded_tickets.json"


def _tickets(**changes: Any) -> dict[str, Any]:
    page = json.loads(TICKETS.read_text())
    for el in page["indexedElements"]:
        if el["id"] == 1:
            el.update(changes)
    return page


def test_a_counters_minus_beside_its_plus_does_not_ask() -> None:
    assert _click(_tickets(), 1) is None


@pytest.mark.parametrize("changes", [
    {"text": "Remove"},                                  # not a − sign
    {"label": "Remove adult ticket holder"},             # no + for the same thing
    {"label": "Remove account", "text": "−"},            # an account, whatever its look
    {"type": "submit"},
    {"confirm": True},
])
def test_other_minus_buttons_still_ask(changes: dict[str, Any]) -> None:
    assert _click(_tickets(**changes), 1) is not None
