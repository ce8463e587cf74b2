"""The gate and the owner's tools: a high-stakes tool always asks, whatever the plan says."""

from __future__ import annotations

from typing import Any

import pytest

from leflux.agent import gate
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext, Step

SITE = SiteInfo(name="t")
ORDER = {"name": "lookupOrder", "description": "Status of an order by its number",
         "parameters": {"type": "object", "properties": {"orderNumber": {"type": "string"}},
                        "required": ["orderNumber"]}}
COUPON = {"name": "applyCoupon", "description": "Apply a coupon code to the cart",
          "parameters": {"type": "object", "properties": {"code": {"type": "string"}}},
          "highStakes": True}


def page(*tools: dict[str, Any]) -> PageContext:
    return PageContext.model_validate({"url": "https://s.test/", "tools": list(tools)})


def call(name: str, **args: Any) -> Step:
    return Step(action="call_tool", toolName=name, args=args, description=name)


def test_an_ordinary_tool_runs_without_asking() -> None:
    assert gate.review([call("lookupOrder", orderNumber="A1")], page(ORDER, COUPON), SITE) is None


def test_a_high_stakes_tool_always_asks_and_says_what_it_runs() -> None:
    hit = gate.review([call("applyCoupon", code="SAVE10")], page(ORDER, COUPON), SITE)
    assert hit is not None and hit.reason == "marked by the site"
    text = gate.confirmation_text(hit)
    assert "apply coupon" in text and "SAVE10" in text
    # Behind a harmless tool in the same plan too.
    both = [call("lookupOrder", orderNumber="A1"), call("applyCoupon", code="X")]
    assert gate.review(both, page(ORDER, COUPON), SITE) is not None


@pytest.mark.parametrize("context", [None, page(ORDER)])
def test_a_tool_the_page_did_not_register_asks(context: PageContext | None) -> None:
    hit = gate.review([call("applyCoupon", code="X")], context, SITE)
    assert hit is not None and hit.reason == "unknown tool"


def test_a_tool_named_like_a_high_stakes_action_asks() -> None:
    tool = {"name": "deleteAccount", "parameters": {"type": "object"}}
    hit = gate.review([call("deleteAccount")], page(tool), SITE)
    assert hit is not None and hit.reason == "delete"


def test_site_patterns_apply_to_tool_names() -> None:
    site = SiteInfo(name="t", confirm_patterns=("lookup order",))
    assert gate.review([call("lookupOrder", orderNumber="A1")], page(ORDER), site) is not None
