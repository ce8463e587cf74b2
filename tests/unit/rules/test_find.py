"""Finding things: a listing's own filters, the site's search and its honest report, and
questions answered from the page or from the help page a link leads to."""

from __future__ import annotations

from typing import Any

from leflux.agent.memory import MemoryEntry
from leflux.agent.planner import FinishTask, PlanActions, PlanRequest, TextDelta
from leflux.agent.planners.rules.planner import decide
from leflux.agent.ports import SiteInfo
from leflux.protocol import PageContext
from tests.support.memory import worked

T = tuple[str, int | None, str | None]


def page(url: str, els: list[dict[str, Any]], text: str = "", title: str = "Browse books",
         forms: list[dict[str, Any]] | None = None,
         alerts: list[str] | None = None) -> PageContext:
    return PageContext.model_validate({"url": url, "title": title, "indexedElements": els,
                                       "visibleText": text, "forms": forms or [],
                                       "alerts": alerts or []})


BOOKS = [
    {"id": 2, "tag": "input", "type": "search", "label": "Search books", "formId": 3},
    {"id": 4, "tag": "button", "type": "submit", "text": "Search", "formId": 3},
    {"id": 6, "tag": "input", "type": "checkbox", "label": "Fiction", "formId": 7},
    {"id": 8, "tag": "input", "type": "checkbox", "label": "Mystery & Thriller", "formId": 7},
    {"id": 9, "tag": "input", "type": "checkbox", "label": "Science & Nature", "formId": 7},
    {"id": 13, "tag": "input", "type": "number", "label": "Minimum price", "formId": 7},
    {"id": 14, "tag": "input", "type": "number", "label": "Maximum price", "formId": 7},
    {"id": 15, "tag": "select", "label": "Format", "formId": 7, "options": [
        {"value": "", "text": "Any format", "selected": True},
        {"value": "hardback", "text": "Hardback", "selected": False}]},
    {"id": 16, "tag": "button", "type": "submit", "text": "Apply filters", "formId": 7},
    {"id": 18, "tag": "select", "label": "Sort by", "options": [
        {"value": "relevance", "text": "Relevance", "selected": True},
        {"value": "price-asc", "text": "Price: low to high", "selected": False},
        {"value": "newest", "text": "Newest first", "selected": False}]},
    {"id": 19, "tag": "button", "text": "Add to basket", "groupKind": "card",
     "group": "The Quiet Orbit £12.99"},
]
FORMS = [{"id": 3, "submitIds": [4], "hasSubmit": True},
         {"id": 7, "submitIds": [16], "hasSubmit": True}]


def plan(ctx: PageContext, text: str | None, state: dict[str, Any],
         memory: list[MemoryEntry] | None = None) -> list[Any]:
    return decide(PlanRequest(visitor_text=text, goal=text or "", context=ctx, history=[],
                              memory=memory or [], site=SiteInfo(name="t"),
                              planner_state=state))


def steps(events: list[Any]) -> list[T]:
    return [(s.action, s.elementId, s.inputData) for e in events if isinstance(e, PlanActions)
            for s in e.steps]


def said(events: list[Any]) -> str:
    return "".join(e.text for e in events if isinstance(e, TextDelta)) + "".join(
        e.message for e in events if isinstance(e, FinishTask))


SENT_OK = worked()


def test_filters_named_by_the_request_then_apply() -> None:
    ev = plan(page("https://b.test/books", BOOKS, forms=FORMS),
              "show me only science books under £20", {})
    assert steps(ev) == [("check", 9, None), ("type", 14, "20"), ("click", 16, None)]


def test_a_sort_outside_the_panel_waits_for_the_apply_then_the_result_is_read() -> None:
    st: dict[str, Any] = {}
    ev = plan(page("https://b.test/books", BOOKS, forms=FORMS), "newest mystery books first", st)
    assert steps(ev) == [("check", 8, None), ("click", 16, None)]
    after = [dict(e, checked=True) if e["id"] == 8 else e for e in BOOKS]
    ev = plan(page("https://b.test/books?cat=mystery", after, forms=FORMS), None, st, SENT_OK)
    assert steps(ev) == [("select", 18, "Newest first")]
    done = [dict(e, options=[{**o, "selected": o["value"] == "newest"} for o in e["options"]])
            if e["id"] == 18 else e for e in after]
    ev = plan(page("https://b.test/books?cat=mystery", done, forms=FORMS,
                   alerts=["4 results"]), None, st, SENT_OK)
    assert not steps(ev) and "4 results" in said(ev)


def test_words_the_filters_do_not_name_go_to_the_search_and_its_result_is_read() -> None:
    st: dict[str, Any] = {}
    ev = plan(page("https://b.test/books", BOOKS, forms=FORMS), "search for penrose", st)
    assert steps(ev) == [("type", 2, "penrose"), ("click", 4, None)]
    ev = plan(page("https://b.test/books?q=penrose", BOOKS, "No results for “penrose”.",
                   forms=FORMS), None, st, SENT_OK)
    assert "found nothing" in said(ev) and "No results" in said(ev)


def test_an_order_form_is_no_filter_panel() -> None:
    pizza = [{"id": 8, "tag": "input", "type": "checkbox", "label": "Mushrooms", "formId": 5},
             {"id": 16, "tag": "button", "type": "submit", "text": "Add to order", "formId": 5}]
    ev = plan(page("https://p.test/", pizza, title="Pizza",
                   forms=[{"id": 5, "submitIds": [16], "hasSubmit": True}]),
              "with mushrooms", {})
    assert ("click", 16, None) not in steps(ev)


HOME = [{"id": 1, "tag": "a", "text": "Shipping", "href": "/shipping"},
        {"id": 2, "tag": "a", "text": "FAQ", "href": "/faq"}]
SHIPPING_TEXT = ("Shipping\nOrders ship the same day.\nMethod Delivery time Cost\n"
                 "Standard 5–7 business days $6.95\nOvernight Next business day $29.95\n")


def test_a_question_goes_to_the_page_about_its_topic_and_is_answered_there() -> None:
    st: dict[str, Any] = {}
    ev = plan(page("https://s.test/", HOME, "Built for the wet side of the mountains.\n"
                   "New here? Read our FAQ for returns and exchanges.", title="Shop"),
              "how much is shipping", st)
    assert steps(ev) == [("click", 1, None)]
    ev = plan(page("https://s.test/shipping", HOME, SHIPPING_TEXT, title="Shipping"), None,
              st, SENT_OK)
    assert "$6.95" in said(ev) and "$29.95" in said(ev) and not steps(ev)


def test_a_question_opens_the_faq_entry_that_asks_it() -> None:
    faq = [{"id": 5, "tag": "summary", "text": "When will I get my refund?"},
           {"id": 6, "tag": "summary", "text": "Do gift cards expire?"}]
    ev = plan(page("https://s.test/faq", faq, "Help\nWhen will I get my refund?\n"
                   "Do gift cards expire?", title="FAQ"),
              "once you get my return how long till the refund shows up", {})
    assert steps(ev) == [("click", 5, None)]
