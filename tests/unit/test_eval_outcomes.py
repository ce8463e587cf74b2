"""``leflux eval``'s pure parts: when a turn is over, what counts as a claim of success,
the summary and the Markdown figures."""

from __future__ import annotations

import pytest

from leflux.eval.checks import CheckResult
from leflux.eval.claims import claims_success
from leflux.eval.driver import MAX_KEEP_GOING, keeps_going
from leflux.eval.record import SETTLE_S, STALL_S, Line, TaskRecord
from leflux.eval.report import markdown, summary_text, table
from leflux.eval.results import TaskResult, summarize


@pytest.mark.parametrize("text", [
    "Done — the page says: “Order placed”", "Filled in Email.",
    "Filled in Email; I did not send it yet.",
    "Filled in City, but I did not send the form.", "I've added 2 × Red shoes.",
    "Clicked “Subscribe”.", "I submitted the form.", "You're all set!", "Listo, añadido.",
    "C'est fait.", "Erledigt.", "I searched for “red shoes”.", "Selected “Apparel”.",
])
def test_claims_of_success(text: str) -> None:
    assert claims_success(Line("agent", text, 0.0))


@pytest.mark.parametrize("text", [
    "Which one do you mean: Red shoes or Red boots?", "Sorry, I can't do that here.",
    "I couldn't find “fly me to the moon” on this page.",
    "The form was not sent: the page says “Email is invalid”.",
    "I submitted the form. I don't see a confirmation message yet.",
    "Here's what this page says: “Returns within 30 days”", "Please provide your email",
    "Filled in Email. Still needed: City. Tell me and I'll fill them in.",
    "The search for “log me out” found nothing.",
])
def test_not_claims(text: str) -> None:
    assert not claims_success(Line("agent", text, 0.0))


def test_an_error_message_is_never_a_claim() -> None:
    assert not claims_success(Line("agent", "Done", 0.0, error=True))
    assert not claims_success(None)


def _record() -> TaskRecord:
    r = TaskRecord(t0=100.0, last_activity=100.0)
    r.visitor(100.0, "add eggs")
    return r


def _event(r: TaskRecord, t: float, name: str, **payload: object) -> None:
    r.page_report(t, "event", {"name": name, "payload": payload})


def test_turn_settles_after_the_last_word_with_no_task_open() -> None:
    r = _record()
    assert r.finished(105.0) is None  # nothing said yet: wait (the timeout caps it)
    _event(r, 100.1, "message_done", text="Adding eggs.", streamId="s")
    _event(r, 100.31, "action_plan", actions=[{"id": "a1", "type": "click_element"}])
    assert r.finished(100.31 + SETTLE_S + 1) is None and r.task_open
    _event(r, 100.4, "action_executed", success=True, type="click_element")
    _event(r, 100.8, "task_complete", summary="add eggs — Added eggs.", message="Added eggs.")
    assert r.finished(100.8 + SETTLE_S / 4) is None
    assert r.finished(100.8 + SETTLE_S / 2 + 0.01) == "settled"  # sooner after a task's end
    assert [line.text for line in r.agent_lines()] == ["Adding eggs.", "Added eggs."]
    assert r.actions == 1 and r.failed_actions == 0


def test_an_answer_without_actions_settles_after_the_full_quiet_time() -> None:
    r = _record()
    _event(r, 100.1, "message_done", text="Here is what the page says…", streamId="s")
    assert r.finished(100.1 + SETTLE_S / 2 + 0.01) is None
    assert r.finished(100.1 + SETTLE_S + 0.01) == "settled"


def test_a_slow_server_gets_as_much_longer_to_follow_its_words_with_a_plan() -> None:
    """A loaded machine: the first words 0.4 s after the visitor's, the plan 0.7 s after
    them; the turn is not over in between (it waits 3 x 0.4 s of quiet, not 0.6 s)."""
    r = _record()
    _event(r, 100.4, "message_done", text="Filling in Saturday and pressing Save.", streamId="s")
    assert r.reply_latency == pytest.approx(0.4)
    assert r.finished(100.4 + SETTLE_S + 0.05) is None
    _event(r, 101.1, "action_plan", actions=[{"id": "a1", "type": "click_element"}])
    assert r.task_open
    _event(r, 101.5, "task_complete", summary="Saved", message="Saved.")
    r.visitor(102.0, "thanks")  # each turn's own wait
    _event(r, 102.05, "message_done", text="You're welcome.", streamId="t")
    assert r.finished(102.05 + SETTLE_S + 0.01) == "settled"


def test_a_gate_waits_and_a_stuck_task_stalls() -> None:
    r = _record()
    _event(r, 100.2, "confirmation_required", message="Shall I?", confirm_label="Yes",
           cancel_label="No")
    assert r.pending_confirmation and r.finished(200.0) is None
    r.confirmation_answered(100.5, True)
    _event(r, 100.6, "action_plan", actions=[{"id": "a1"}])
    _event(r, 100.6, "action_plan", actions=[{"id": "a1"}])  # re-sent on reconnect: once
    assert sum(e["kind"] == "action_plan" for e in r.timeline) == 1
    assert r.finished(100.6 + STALL_S - 0.1) is None
    assert r.finished(100.6 + STALL_S + 0.01) == "stalled"


def test_submits_before_the_first_turn_are_the_setup_s() -> None:
    r = TaskRecord(t0=0.0)
    r.page_report(0.1, "submit", {"form": {"id": "f"}})
    assert r.submits == [] and r.timeline[-1]["kind"] == "submit"
    r.visitor(0.2, "hello")
    r.page_report(0.3, "submit", {"form": {"id": "f"}})
    assert len(r.submits) == 1


def test_keep_going_is_pressed_on_the_last_turn_only_and_at_most_three_times() -> None:
    assert MAX_KEEP_GOING == 3
    assert [keeps_going(True, n) for n in range(5)] == [True, True, True, False, False]
    assert not keeps_going(False, 0)  # the task's next turn says what comes next itself


def test_a_keep_going_press_is_the_visitors_choice_in_the_transcript() -> None:
    r = _record()
    _event(r, 100.5, "message_done", text="Filled in Name.", streamId="s")
    _event(r, 100.6, "action_plan", actions=[{"id": "a1", "type": "click_element"}])
    r.kept_going(101.0, "Keep going")
    assert r.keep_going == 1 and not r.spoke and r.last_activity == 101.0
    assert r.transcript[-1].as_dict() == {"role": "visitor", "text": "Keep going", "t": 1.0,
                                          "choice": True}
    assert r.timeline[-1]["kind"] == "keep_going"
    assert "Keep going" not in r.replies()  # the visitor's, never the agent's words


def _result(name: str, family: str, passed: bool, seconds: float, **kw: object) -> TaskResult:
    r = TaskResult(name, family, "f.yaml", "http://x/", passed=passed, seconds=seconds, turns=1)
    for k, v in kw.items():
        setattr(r, k, v)
    return r


def test_summary_table_and_markdown() -> None:
    results = [
        _result("a", "todo", True, 2.0),
        _result("b", "todo", False, 3.0, false_success=True,
                checks=[CheckResult({"selector": "#x", "text": "eggs"}, False, "no element")]),
        _result("c", "forms", False, 5.0, unrequested_submit=True, keep_going=2),
    ]
    s = summarize(results, wall_seconds=7.0)
    assert (s.tasks, s.passed, s.median_seconds) == (3, 1, 3.0)
    assert {k: (f.tasks, f.passed) for k, f in s.families.items()} == {"forms": (1, 0),
                                                                      "todo": (2, 1)}
    assert s.false_successes == ["b"] and s.unrequested_submits == ["c"]
    assert s.failed == ["b", "c"]
    assert s.keep_going == {"c": 2} and s.keep_going_presses == 2
    assert s.as_dict()["keep_going_presses"] == 2 and results[2].as_dict()[
        "keep_going_presses"] == 2
    text = summary_text(s)
    assert "success: 1/3 (33.3%)" in text and "todo: 1/2 (50.0%)" in text
    assert "false successes: 1 (b)" in text and "median seconds per task: 3.00" in text
    assert table(results).splitlines()[0].split() == ["task", "passed", "seconds", "turns",
                                                      "actions", "false", "success"]
    md = markdown(s, results, {"planner": "rules"})
    assert "| todo | 2 | 1 | 50.0% | 0 |" in md and "**Success: 1/3 (33.3%)**" in md
    assert "| forms | 1 | 0 | 0.0% | 2 |" in md and "'Keep going' pressed: **2**" in md
    assert "- c (2)" in md and "'Keep going' pressed: 2 (c x2)" in text
    assert "- **b** (todo): selector: #x, text: eggs: no element" in md
    assert "- **c** (forms): a form was submitted though the visitor did not ask" in md
