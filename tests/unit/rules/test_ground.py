"""ground: references against a page's own words, kinds, positions and rows."""

from __future__ import annotations

from typing import Any

from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.ground import ACCEPT, ground
from leflux.agent.planners.rules.model import Reference
from leflux.protocol import PageContext


def page(*els: dict[str, Any], text: str = "") -> Page:
    return Page(PageContext.model_validate({"url": "https://x.test/", "title": "T",
                                            "indexedElements": list(els), "visibleText": text}))


TODO = page(
    {"id": 1, "tag": "input", "type": "text", "placeholder": "What needs to be done?"},
    *[e for n, item in enumerate(("buy bread", "walk the dog", "call mum"), start=1) for e in (
        {"id": 10 * n, "tag": "input", "type": "checkbox", "label": "Toggle", "group": item,
         "groupKind": "item", "position": [n, 3]},
        {"id": 10 * n + 1, "tag": "label", "text": item, "group": item, "position": [n, 3]},
        {"id": 10 * n + 2, "tag": "button", "label": "Delete", "group": item,
         "position": [n, 3], "hoverOnly": True},
    )],
    {"id": 50, "tag": "a", "text": "All", "href": "#/"},
    {"id": 51, "tag": "a", "text": "Active", "href": "#/active"},
    {"id": 52, "tag": "button", "text": "Clear completed"},
)


def ids(g: Any) -> list[int]:
    return [c.el.id for c in g.candidates]


def test_a_typo_still_names_the_link() -> None:
    g = ground(Reference(words="actve"), TODO, TODO.clickables)
    assert g.confident and g.best is not None and g.best.el.id == 51


def test_the_row_by_its_words_then_the_control_in_it() -> None:
    g = ground(Reference(words="delete"), TODO, TODO.clickables,
               container=Reference(words="bread"))
    assert g.confident and ids(g) == [12]


def test_the_row_by_position() -> None:
    g = ground(Reference(kind="checkbox"), TODO, TODO.fields,
               container=Reference(ordinal=2, kind="item"))
    assert ids(g) == [20] and g.confident
    last = ground(Reference(kind="checkbox"), TODO, TODO.fields,
                  container=Reference(ordinal=-1, kind="item"))
    assert ids(last) == [30]


def test_kind_and_ordinal_without_words() -> None:
    g = ground(Reference(kind="link", ordinal=2), TODO, TODO.clickables)
    assert ids(g) == [51] and g.confident
    g = ground(Reference(kind="checkbox", ordinal=-1), TODO, TODO.fields)
    assert ids(g) == [30]


def test_one_button_page_click_the_button() -> None:
    one = page({"id": 1, "tag": "button", "text": "Go"}, {"id": 2, "tag": "a", "text": "Home"})
    g = ground(Reference(kind="button"), one, one.clickables)
    assert g.confident and ids(g) == [1]


def test_several_same_kind_is_ambiguous_not_a_guess() -> None:
    g = ground(Reference(words="delete"), TODO, TODO.clickables)
    assert not g.confident and g.ambiguous and len(g.close()) == 3


def test_quoted_words_are_taken_verbatim() -> None:
    g = ground(Reference(words="Clear completed", quoted=True), TODO, TODO.clickables)
    assert ids(g) == [52]
    assert ground(Reference(words="clear complete", quoted=True), TODO,
                  TODO.clickables).candidates == []


def test_nothing_named_gives_no_candidate() -> None:
    g = ground(Reference(words="purple unicorn"), TODO, TODO.clickables)
    assert g.best is None or g.best.score < ACCEPT


def test_column_and_row_of_a_table() -> None:
    t = page(*[{"id": 10 * n, "tag": "button", "text": "Edit", "group": f"{name} {mail}",
                "groupKind": "row", "column": "Actions", "position": [n, 2]}
               for n, (name, mail) in enumerate((("Ana Silva", "ana@x.io"),
                                                  ("Bo Park", "bo@x.io")), start=1)])
    g = ground(Reference(words="edit"), t, t.clickables, container=Reference(words="bo park"))
    assert ids(g) == [20] and g.confident
