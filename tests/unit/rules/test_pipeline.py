"""plan + pipeline on hand-built requests (the understand step is tested on its own)."""

from __future__ import annotations

from typing import Any

from leflux.agent.planner import FinishTask, PlanActions, ShowBlock, TextDelta
from leflux.agent.planners.rules import pipeline
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.model import Act, Clause, Reference, Request, Value, ValueKind
from leflux.agent.planners.rules.state import PlannerState
from leflux.agent.planners.rules.understand import understand
from leflux.protocol import PageContext
from tests.support.memory import worked
from tests.unit.rules.pages import PAGES, edited
from tests.unit.rules.test_ground import TODO

T = tuple[str, int | None, str | None]


def ctx(els: list[dict[str, Any]], text: str = "", url: str = "https://x.test/a",
        **extra: Any) -> Page:
    return Page(PageContext.model_validate({"url": url, "title": "A", "indexedElements": els,
                                            "visibleText": text, **extra}))


def steps(events: list[Any]) -> list[T]:
    return [(s.action, s.elementId, s.inputData) for e in events if isinstance(e, PlanActions)
            for s in e.steps]


def said(events: list[Any]) -> str:
    return "".join(e.text for e in events if isinstance(e, TextDelta))


def req(*clauses: Clause, submit: bool = False, values: list[Value] | None = None) -> Request:
    return Request(text="t", clauses=list(clauses), wants_submit=submit, values=values or [])


SIGNUP = [
    {"id": 1, "tag": "input", "type": "text", "label": "First name", "formId": 9,
     "autocomplete": "given-name", "value": ""},
    {"id": 2, "tag": "input", "type": "text", "label": "Last name", "formId": 9,
     "autocomplete": "family-name", "value": ""},
    {"id": 3, "tag": "input", "type": "text", "label": "Street address", "formId": 9,
     "value": ""},
    {"id": 4, "tag": "input", "type": "email", "label": "Email", "formId": 9, "value": "",
     "required": True},
    {"id": 5, "tag": "button", "type": "submit", "text": "Create account", "formId": 9},
]
FORMS = [{"id": 9, "submitIds": [5], "hasSubmit": True}]
NAME = Value(ValueKind.FULL_NAME, "Maria Lopez")
EMAIL = Value(ValueKind.EMAIL, "maria@example.com")


def test_values_go_where_they_fit_and_fill_only_does_not_submit() -> None:
    page = ctx(SIGNUP, forms=FORMS)
    ev = pipeline.start(req(Clause(Act.FILL, "t", values=[NAME, EMAIL])), page, PlannerState())
    assert ev is not None
    assert steps(ev) == [("type", 1, "Maria"), ("type", 2, "Lopez"),
                         ("type", 4, "maria@example.com")]


def test_a_surname_alone_goes_to_last_name() -> None:
    page = ctx(SIGNUP, forms=FORMS)
    v = Value(ValueKind.LAST_NAME, "Ali", label="surname")
    ev = pipeline.start(req(Clause(Act.FILL, "t", values=[v])), page, PlannerState())
    assert ev is not None and steps(ev) == [("type", 2, "Ali")]


def test_submit_only_when_asked() -> None:
    page = ctx(SIGNUP, forms=FORMS)
    ev = pipeline.start(req(Clause(Act.FILL, "t", values=[EMAIL]), submit=True), page,
                        PlannerState())
    assert ev is not None and steps(ev) == [("type", 4, "maria@example.com"), ("click", 5, None)]


def test_todo_add_with_enter_where_there_is_no_submit_button() -> None:
    ev = pipeline.start(req(Clause(Act.ADD, "t", values=[Value(ValueKind.TEXT, "eggs")])),
                        TODO, PlannerState())
    assert ev is not None and steps(ev) == [("type", 1, "eggs"), ("press", 1, "Enter")]


def test_row_actions_by_content_and_position() -> None:
    ev = pipeline.start(req(Clause(Act.DELETE, "t", target=Reference(words="bread"))), TODO,
                        PlannerState())
    assert ev is not None and steps(ev) == [("click", 12, None)]
    ev = pipeline.start(req(Clause(Act.CHECK, "t", container=Reference(ordinal=2))), TODO,
                        PlannerState())
    assert ev is not None and steps(ev) == [("check", 20, None)]


def test_a_close_call_is_a_question_with_choices() -> None:
    ev = pipeline.start(req(Clause(Act.CLICK, "t", target=Reference(words="delete"))), TODO,
                        PlannerState())
    assert ev is not None and steps(ev) == []
    blocks = [e for e in ev if isinstance(e, ShowBlock)]
    assert blocks and len(blocks[0].data["options"]) == 3


def test_after_the_plan_the_page_says_how_it_went() -> None:
    st = PlannerState()
    page = ctx(SIGNUP, "Create your account", forms=FORMS)
    ev = pipeline.start(req(Clause(Act.FILL, "t", values=[EMAIL]), submit=True), page, st)
    assert ev is not None and st.pending is not None
    after = ctx([*SIGNUP[:3], {**SIGNUP[3], "value": "maria@example.com", "invalid": True,
                               "errorText": "This email is already registered."}, SIGNUP[4]],
                "Create your account\nSigned in as nobody", forms=FORMS)
    out = pipeline.resume(after, st, worked(2))
    fin = [e for e in out if isinstance(e, FinishTask)]
    # (the field named with what was put in it)
    said = "Email \u201cmaria@example.com\u201d: \u201cThis email is already registered.\u201d"
    assert fin and said in fin[0].message
    assert "Done" not in fin[0].message and "Signed in" not in fin[0].message


def test_clauses_in_order_page_after_page() -> None:
    st = PlannerState()
    r = req(Clause(Act.CHECK, "t", target=Reference(words="walk the dog")),
            Clause(Act.CLICK, "t", target=Reference(words="clear completed")))
    ev = pipeline.start(r, TODO, st)
    assert ev is not None and steps(ev) == [("check", 20, None)]
    ticked = Page(TODO.context.model_copy(update={"indexedElements": [
        e.model_copy(update={"checked": True}) if e.id == 20 else e
        for e in TODO.context.indexedElements]}))  # type: ignore[union-attr]
    out = pipeline.resume(ticked, st, worked())
    assert steps(out) == [("click", 52, None)]
    assert "Ticked" in said(out)


def test_a_first_clause_nothing_plans_is_told_not_done() -> None:
    # (no log-in form, no link to one, no control its words name)
    ev = pipeline.start(req(Clause(Act.LOGIN, "t")), TODO, PlannerState())
    assert steps(ev) == [] and "can't do that here" in said(ev)


def test_a_send_they_said_not_to_do_is_not_done() -> None:
    page = ctx(SIGNUP, forms=FORMS)
    r = Request(text="t", clauses=[Clause(Act.FILL, "t", values=[EMAIL]),
                                   Clause(Act.SUBMIT, "send")], forbids_submit=True)
    st = PlannerState()
    ev = pipeline.start(r, page, st)
    assert ev is not None and steps(ev) == [("type", 4, "maria@example.com")]
    after = ctx([*SIGNUP[:3], {**SIGNUP[3], "value": "maria@example.com"}, SIGNUP[4]],
                forms=FORMS)
    out = pipeline.resume(after, st, worked())
    assert steps(out) == [] and any(isinstance(e, FinishTask) for e in out)


def test_a_reason_beside_the_one_thing_asked_is_not_a_request() -> None:
    """'I don't have an account yet, take me to sign up': the link, the reason aside."""
    text = "I don't have an account yet, take me to sign up"
    ev = pipeline.start(understand(text), Page(PAGES["login"]), PlannerState())
    assert steps(ev) == [("click", 16, None)]


def test_a_place_named_by_a_flow_is_its_link_never_the_form_here() -> None:
    """'take me to sign up' on a log-in page: the link to sign up, not "Log in" (it sends)."""
    page = Page(edited(PAGES["login"], e16={"text": "Create an account",
                                            "label": "Create an account"}))
    for text in ("take me to sign up", "I don't have an account yet, take me to sign up"):
        assert steps(pipeline.start(understand(text), page, PlannerState())) == [
            ("click", 16, None)]


def test_a_press_repeated_in_one_request_is_planned() -> None:
    # control_pages/counter (captured in Chromium): one <button> "Add one", reported as
    # type=submit; "Add one" reads as "the Add one"
    from pathlib import Path

    from tests.unit.rules.pages import captured, plan_on
    ctx = captured(Path(__file__).parent / "control_pages", "counter")
    assert plan_on(ctx, ", then ".join(["click Add one"] * 3))[0] == [("click", 1, None)]
