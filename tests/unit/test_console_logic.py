"""The console's pure parts: masking secrets, the timeline of a stored session, stats."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from leflux.errors import InvalidPayload
from leflux.protocol import IndexedElement
from leflux.session.console import decode_cursor, encode_cursor, parse_instant, tally
from leflux.session.masking import HIDDEN, mask_input, mask_text
from leflux.session.timeline import build_detail
from leflux.storage.consolestore import (
    ActionHistoryRow,
    EventRow,
    SessionDump,
    SessionSummaryRow,
    TaskHistoryRow,
    TaskStatRow,
)
from leflux.storage.rows import MessageRow


def test_card_numbers_keep_only_their_last_four() -> None:
    assert mask_text("pay with 4242 4242 4242 4242 please") == (
        "pay with •••• •••• •••• 4242 please")
    assert mask_text("card 5555-5555-5555-4444") == "card ••••-••••-••••-4444"
    assert mask_text("order 12345 on 2026-12-01") == "order 12345 on 2026-12-01"


def test_secret_fields_are_hidden() -> None:
    assert mask_input("hunter2", element=IndexedElement(id=1, tag="input", type="password")
                      ) == HIDDEN
    assert mask_input("123", element=IndexedElement(id=2, tag="input", autocomplete="cc-csc")
                      ) == HIDDEN
    assert mask_input("hunter2", words="Type your password") == HIDDEN
    assert mask_input("Ahmed", words="First name") == "Ahmed"
    assert mask_input("4111111111111111", words="Card") == "••••••••••••1111"


def test_cursor_round_trip_and_garbage() -> None:
    assert decode_cursor(encode_cursor("2026-12-01T00:00:00.000Z", "abc")) == (
        "2026-12-01T00:00:00.000Z", "abc")
    for bad in ("nope", "W10", encode_cursor("x", "y")[:-3]):
        with pytest.raises(InvalidPayload):
            decode_cursor(bad)


def test_dates_become_store_timestamps() -> None:
    assert parse_instant("2026-12-01", "since") == "2026-12-01T00:00:00.000Z"
    assert parse_instant("2026-12-01T10:00:00+01:00", "since") == "2026-12-01T09:00:00.000Z"
    with pytest.raises(InvalidPayload):
        parse_instant("last week", "since")


def _dump() -> SessionDump:
    head = SessionSummaryRow("s1", "shop", "2026-12-01T10:00:00.000Z",
                             "2026-12-01T10:00:09.000Z", "failed", 2, 1,
                             "<script>alert(1)</script> pay", "2026-12-01T10:00:08.000Z", [])
    memory = [{"plan": 1, "status": "sent", "url": "https://x.test/pay", "actionIds": ["a1"],
               "planner": "rules", "planMs": 3.5,
               "steps": [{"action": "type", "elementId": 4, "inputData": "4242424242424242",
                          "description": "Type the card"},
                         {"action": "type", "elementId": 5, "inputData": "hunter2"},
                         {"action": "click", "elementId": 6, "description": "Pay"}],
               "results": [{"index": 0, "success": True}, {"index": 1, "success": True},
                           {"index": 2, "success": False, "error": "element is hidden"}]}]
    return SessionDump(
        session=head,
        messages=[MessageRow(id="m1", role="visitor", text="<script>alert(1)</script> pay",
                             created_at="2026-12-01T10:00:00.000Z"),
                  MessageRow(id="m2", role="agent", text="Stopped.", block_type="task_complete",
                             created_at="2026-12-01T10:00:08.000Z")],
        tasks=[TaskHistoryRow(id="t1", goal="pay", memory=memory, outcome="failed",
                              created_at="2026-12-01T10:00:01.000Z",
                              closed_at="2026-12-01T10:00:08.000Z")],
        actions=[ActionHistoryRow(id="a1", task_id="t1", created_at="2026-12-01T10:00:02.000Z",
                                  completed_at="2026-12-01T10:00:05.000Z",
                                  payload={"id": "a1", "type": "execute_generic_sequence",
                                           "isSequence": True, "actions": memory[0]["steps"]}),
                 ActionHistoryRow(id="a2", task_id="t1", created_at="2026-12-01T10:00:07.000Z",
                                  completed_at="2026-12-01T10:00:07.500Z",
                                  payload={"id": "a2", "type": "type_text", "elementId": 9,
                                           "inputData": "Ahmed", "description": "Name"},
                                  result={"success": False,
                                          "error": "this plan was made for another page"})],
        events=[EventRow(kind="page", data={"url": "https://x.test/pay", "title": "Pay"},
                         created_at="2026-12-01T10:00:00.500Z"),
                EventRow(kind="page_said",
                         data={"alerts": ["Card 4000 0000 0000 0002 declined"]},
                         created_at="2026-12-01T10:00:06.000Z")],
        context={"url": "https://x.test/pay", "indexedElements": [
            {"id": 5, "tag": "input", "type": "password"}]},
    )


def test_timeline_orders_everything_and_masks_secrets() -> None:
    detail = build_detail(_dump(), "2026-12-01T09:00:00.000Z")
    kinds = [t.kind for t in detail.timeline]
    assert kinds == ["visitor_message", "page", "task_started", "plan", "result",
                     "page_said", "plan", "result", "agent_message", "task_closed"]
    unlisted = detail.timeline[6]
    assert unlisted.status == "unlisted" and unlisted.plan is None and unlisted.steps
    assert (unlisted.steps[0].action, unlisted.steps[0].inputData) == ("type_text", "Ahmed")
    assert unlisted.steps[0].success is False
    assert detail.timeline[5].alerts == ["Card •••• •••• •••• 0002 declined"]
    plan = detail.timeline[3]
    assert plan.planner == "rules" and plan.planMs == 3.5
    assert plan.steps is not None
    assert [s.inputData for s in plan.steps] == ["••••••••••••4242", HIDDEN, None]
    assert plan.steps[2].success is False and plan.steps[2].error == "element is hidden"
    assert detail.timeline[4].success is False
    assert detail.tasks[0].outcome == "failed" and detail.tasks[0].plans == 2
    # Visitor text is data: kept as written (the page escapes it).
    assert detail.transcript[0].text.startswith("<script>")


def test_open_task_idle_for_long_is_abandoned() -> None:
    dump = _dump()
    dump.session.outcome = "open"
    dump.tasks[0].outcome = dump.tasks[0].closed_at = None
    assert build_detail(dump, "2026-12-01T11:00:00.000Z").session.outcome == "abandoned"
    assert build_detail(dump, "2026-12-01T10:00:00.000Z").session.outcome == "open"


def test_tally() -> None:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    rows = [
        TaskStatRow("2026-12-01T10:00:00.000Z", "2026-12-01T10:00:10.000Z", "completed",
                    "Sign me up", "2026-12-01T10:00:10.000Z"),
        TaskStatRow("2026-12-01T11:00:00.000Z", "2026-12-01T11:00:30.000Z", "completed",
                    "buy", "2026-12-01T11:00:30.000Z"),
        TaskStatRow("2026-12-02T10:00:00.000Z", "2026-12-02T10:01:00.000Z", "failed",
                    "Track  my order", "2026-12-02T10:01:00.000Z"),
        TaskStatRow("2026-12-02T11:00:00.000Z", "2026-12-02T11:01:00.000Z", "failed",
                    "track my order", "2026-12-02T11:01:00.000Z"),
        TaskStatRow("2026-12-02T12:00:00.000Z", None, None, "x", "2026-12-02T12:00:00.000Z"),
        TaskStatRow("2026-12-02T13:00:00.000Z", None, "declined", "pay",
                    "2026-12-02T13:00:00.000Z"),
    ]
    s = tally(rows, site=None, days=2, start=start, idle_cutoff="2026-12-02T12:30:00.000Z")
    assert (s.started, s.completed, s.failed, s.abandoned, s.declined, s.open) == (6, 2, 2, 1, 1, 0)
    assert s.successRate == round(2 / 6, 4)
    assert s.medianSecondsToDone == 20.0
    assert [(d.day, d.started, d.completed, d.failed) for d in s.perDay] == [
        ("2026-12-01", 2, 2, 0), ("2026-12-02", 4, 0, 2)]
    assert [(f.text, f.count) for f in s.topFailed] == [("track my order", 2)]


def test_a_tool_call_shows_its_arguments_and_result_masked() -> None:
    dump = _dump()
    dump.tasks[0].memory = [{
        "plan": 1, "status": "sent", "url": "https://x.test/pay", "actionIds": ["a1"],
        "steps": [{"action": "call_tool", "toolName": "payInvoice", "description": "pay invoice",
                   "args": {"invoiceNumber": "INV-7", "cardNumber": "4242424242424242",
                            "pin": "1234", "copies": 2}}],
        "results": [{"index": 0, "success": True, "description": "pay invoice",
                     "result": {"paid": True, "card": "4000 0000 0000 0002"}}]}]
    detail = build_detail(dump, "2026-12-01T09:00:00.000Z")
    plan = next(t for t in detail.timeline if t.kind == "plan" and t.steps)
    assert plan.steps is not None
    step = plan.steps[0]
    assert step.action == "call_tool" and step.description == "pay invoice"
    assert step.inputData == f"invoice number: INV-7, card number: {HIDDEN}, pin: {HIDDEN}, " \
        "copies: 2"
    assert step.result == '{"paid": true, "card": "•••• •••• •••• 0002"}'


def test_an_unreadable_element_or_action_leaves_the_rest_shown() -> None:
    dump = _dump()
    assert dump.context is not None
    # An element this server cannot read (no tag) is left out; the password field still
    # hides what was typed into it.
    dump.context["indexedElements"].insert(0, {"id": 4, "type": "text"})
    dump.actions[1].payload = {"id": "a2", "type": "no_such_action"}
    detail = build_detail(dump, "2026-12-01T09:00:00.000Z")
    plan, unlisted = [t for t in detail.timeline if t.kind == "plan"]
    assert plan.steps is not None
    assert [s.inputData for s in plan.steps] == ["••••••••••••4242", HIDDEN, None]
    assert unlisted.status == "unlisted" and unlisted.steps == []
    assert detail.tasks[0].plans == 2
