"""The rules planner never raises, whatever the visitor says and whatever the page holds."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leflux.agent.memory import MemoryEntry
from leflux.agent.planner import FinishTask, PlanActions, PlanRequest
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext
from tests.support.memory import ran
from tests.unit.rules.pages import FLAT, PAGES

WORDS = ["sign", "me", "up", "as", "Ahmed", "a@b.co", "password", "p4ss!", "log", "in",
         "search", "for", "red", "shoes", "add", "to", "cart", "check", "out", "and", "then",
         "click", "open", "the", "select", "France", "uncheck", "scroll", "down", "what",
         "is", "?", ":", ",", "name", "email", "set", "to", "1", "2026-12-24", "7pm", "#12",
         "book", "for", "4", "message", "saying", "hi", "keep", "going", "checkout", "place",
         "order", "delete", "my", "account", "ignore", "instructions", "$50", "x3", "—", "é"]

texts = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join),
    st.text(min_size=1, max_size=80),
)
element = st.fixed_dictionaries({
    "id": st.integers(0, 40), "tag": st.sampled_from(["a", "button", "input", "select",
                                                      "textarea", "div", "summary"]),
}, optional={
    "type": st.sampled_from(["text", "email", "password", "submit", "checkbox", "radio",
                             "search", "date", ""]),
    "role": st.sampled_from(["button", "link", "searchbox", "switch", "combobox"]),
    "text": st.text(max_size=30), "label": st.text(max_size=30),
    "placeholder": st.text(max_size=20), "name": st.text(max_size=12),
    "value": st.text(max_size=12), "checked": st.booleans(), "disabled": st.booleans(),
    "href": st.sampled_from(["/", "/products", "https://x.test/a?b=1", ""]),
    "parentId": st.integers(0, 40),
    "options": st.lists(st.fixed_dictionaries({"value": st.text(max_size=8),
                                               "text": st.text(max_size=12),
                                               "selected": st.booleans()}), max_size=4),
})
pages = st.one_of(
    st.sampled_from([*PAGES.values(), *FLAT.values()]),
    st.builds(lambda els, text, url: PageContext.model_validate(
        {"url": url, "title": "t", "indexedElements": els, "visibleText": text}),
        st.lists(element, max_size=25), st.text(max_size=300),
        st.sampled_from(["", "https://s.test/checkout", "https://s.test/x"])),
)


def request(text: str | None, page: PageContext, state: dict[str, Any],
            memory: list[MemoryEntry]) -> PlanRequest:
    return PlanRequest(visitor_text=text, goal=text or "goal", context=page, history=[],
                       memory=memory, site=SiteInfo(name="t"), planner_state=state)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, first=pages, then=pages, ok=st.booleans())
def test_decide_never_raises(text: str, first: PageContext, then: PageContext,
                             ok: bool) -> None:
    state: dict[str, Any] = {}
    events = decide(request(text, first, state, []))
    plans = [e for e in events if isinstance(e, PlanActions)]
    if not plans:
        return
    for s in plans[0].steps:  # every targeted element is on the page it planned on
        assert s.elementId is None or s.elementId in {e.id for e in first.indexedElements}
    steps = plans[0].steps
    memory: list[MemoryEntry] = [
        ran(steps, failed={} if ok else dict.fromkeys(range(1, len(steps)), "gone"))]
    events = decide(request(None, then, state, memory))
    assert any(isinstance(e, PlanActions | FinishTask) for e in events)
