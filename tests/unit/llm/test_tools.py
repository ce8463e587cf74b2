"""Tool calls -> plan events, pure: argument checks, same-site navigation, ui blocks."""

from __future__ import annotations

import pytest

from leflux.agent.planner import FinishTask, PlanActions, ShowBlock
from leflux.agent.planners.llm_tools import TOOLS, interpret
from leflux.providers.toolcalls import parse_call
from tests.unit.llm.conftest import signup_page


def run(*calls: tuple[str, str]):
    parsed = tuple(parse_call(f"c{i}", name, raw) for i, (name, raw) in enumerate(calls))
    return interpret(parsed, signup_page())


def one_error(*calls: tuple[str, str]) -> str:
    out = run(*calls)
    assert len(out.errors) == 1, out
    return out.errors[0][1]


def test_every_tool_has_an_object_schema():
    for t in TOOLS:
        assert t.parameters["type"] == "object" and t.description


@pytest.mark.parametrize(("url", "expected"), [
    ("/cart", "http://shop.test/cart"),
    ("checkout?step=2", "http://shop.test/checkout?step=2"),
    ("http://shop.test/faq#returns", "http://shop.test/faq#returns"),
])
def test_navigate_same_site(url, expected):
    out = run(("navigate", f'{{"url": "{url}"}}'))
    assert out.events == [PlanActions(out.events[0].steps)]
    assert out.events[0].steps[0].inputData == expected


@pytest.mark.parametrize("url", ["https://evil.example/", "javascript:alert(1)",
                                 "//evil.example/x", "data:text/html,hi", ""])
def test_navigate_elsewhere_is_refused(url):
    assert one_error(("navigate", f'{{"url": "{url}"}}'))


def test_lenient_where_harmless_strict_where_not():
    out = run(("click", '{"element_id": "#5"}'), ("check", '{"element_id": 4, "checked": "true"}'),
              ("type_text", '{"element_id": 1, "text": 42}'))
    assert not out.errors
    assert [(s.action, s.elementId, s.inputData) for s in out.events[0].steps] == [
        ("click", 5, None), ("check", 4, None), ("type", 1, "42")]
    assert "checked must be" in one_error(("check", '{"element_id": 4, "checked": "yes"}'))
    assert "integer" in one_error(("click", '{"element_id": 5.5}'))
    assert "integer" in one_error(("click", '{"element_id": true}'))


def test_sequence_limits_and_step_errors_name_the_step():
    steps = ",".join(['{"action": "click", "element_id": 5}'] * 31)
    assert "at most 30" in one_error(("run_sequence", f'{{"steps": [{steps}]}}'))
    err = one_error(("run_sequence", '{"steps": [{"action": "click", "element_id": 5}, '
                                      '{"action": "fly", "element_id": 5}]}'))
    assert err.startswith("step 2:")
    assert "non-empty" in one_error(("run_sequence", '{"steps": []}'))
    out = run(("run_sequence", '{"steps": [{"action": "wait", "value": "99999"}]}'))
    assert out.events[0].steps[0].inputData == "5000"  # the protocol: wait at most 5000 ms


@pytest.mark.parametrize(("block_type", "data"), [
    ("choices", {"options": [{"label": "A", "value": "a"}]}),
    ("product_cards", {"items": [{"title": "Shoe", "price": "$40", "elementId": 5}]}),
    ("link_list", {"links": [{"label": "FAQ", "url": "/faq"}]}),
    ("form_summary", {"fields": [{"label": "Email", "value": "a@b.c"}]}),
    ("steps", {"steps": [{"label": "Details", "status": "done"},
                         {"label": "Pay", "status": "todo"}]}),
])
def test_every_spec_block_shape(block_type, data):
    import json

    out = run(("show_ui_block", json.dumps({"block_type": block_type, "data": data})))
    assert out.events == [ShowBlock(block_type, data, None)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("block_type", "data"), [
    ("carousel", {"items": []}),
    ("choices", {"options": [{"label": "A"}]}),
    ("steps", {"steps": [{"label": "x", "status": "maybe"}]}),
    ("link_list", {"links": [{"label": "x", "url": "/y", "onclick": "steal()"}]}),
    ("form_summary", "not an object"),
    ("link_list", {"links": [{"label": "x", "url": "javascript:alert(1)"}]}),
    ("product_cards", {"items": [{"title": "x", "image": "data:image/svg+xml,<svg/>"}]}),
])
def test_bad_blocks_are_refused(block_type, data):
    import json

    assert one_error(("show_ui_block", json.dumps({"block_type": block_type, "data": data})))


def test_finish_without_message_uses_the_summary():
    out = run(("finish_task", '{"summary": "Done."}'))
    assert out.events == [FinishTask("Done.", "Done.")]
