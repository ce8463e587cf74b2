"""The gate lets a mark be taken off a row that stays ("Remove star from Budget 2027.xlsx"
on that file's row, tables/files.html captured in Chromium: button 6); a remove of the row
itself, or of it from another place, still asks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leflux.agent import gate
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext, Step

FILES = Path(__file__).parents[1] / "rules" / "list_pages" / "tables_files.json"


def _click(**changes: Any) -> gate.GateHit | None:
    page = json.loads(FILES.read_text())
    for el in page["indexedElements"]:
        if el["id"] == 6:
            el.update(changes)
    return gate.review([Step(action="click", elementId=6)], PageContext.model_validate(page),
                       SiteInfo(name="t"))


def test_a_star_taken_off_its_own_row_does_not_ask() -> None:
    assert _click() is None


@pytest.mark.parametrize("changes", [
    {"label": "Remove Budget 2027.xlsx"},                       # the row itself
    {"label": "Remove Budget 2027.xlsx from My files"},         # the row, from a place
    {"label": "Remove star from Q3 report.pdf"},                # another row's
    {"label": "Remove payment card from Budget 2027.xlsx"},     # something weighty
    {"groupKind": None, "group": None},                         # in no row
    {"confirm": True},                                          # the site's marker
])
def test_every_other_remove_still_asks(changes: dict[str, Any]) -> None:
    assert _click(**changes) is not None
