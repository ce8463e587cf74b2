"""A line that came into view after an action is the page's word on it only when it is
more than a control's own label: a pop-up's "No thanks, I'll pay full price" (its link "I'll
pay full price") is no success message."""

from __future__ import annotations

import pytest

from leflux.agent.planners.rules.verify import _mostly_label

LABELS = {"i'll pay full price", "view your order"}


@pytest.mark.parametrize("line,mostly", [
    ("No thanks, I'll pay full price", True),
    ("I'll pay full price", True),
    ("Thanks! Your order 1042 is placed and will ship tomorrow. View your order", False),
    ("Thanks for subscribing", False),
])
def test_a_line_mostly_a_controls_label_is_no_message(line: str, mostly: bool) -> None:
    assert _mostly_label(line, LABELS) is mostly
