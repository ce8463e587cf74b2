"""What a person can operate, and acting on it as a person would, in real Chromium.

The embed's page code (indexer, context, steps; bundled alone by ``widget/build.mjs`` as
``tests/e2e/pages/harness.js``) runs on test apps written the way real ones are:
TodoMVC in plain JS, React and Vue (a transparent checkbox over a drawn circle, a delete
button shown only while the row is hovered, double-click to edit, Enter to add), a data
table with row actions, custom comboboxes and an editor page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support.browser import wait_for
from tests.e2e.support.site import FixtureSite

pytestmark = pytest.mark.browser

HARNESS = Path(__file__).parent / "pages" / "harness.js"
TODO_APPS = ["todo/plain.html", "todo/react.html", "todo/vue.html"]


@pytest.fixture(scope="module")
def site() -> Iterator[FixtureSite]:
    if not HARNESS.exists():
        pytest.fail("the harness is not built: run `make embed` (cd widget && npm run build)")
    s = FixtureSite(server_url="").start()
    yield s
    s.stop()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    p = context.new_page()
    p.set_default_timeout(15_000)
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert errors == [], errors


def open_page(page: Any, site: FixtureSite, path: str) -> None:
    page.goto(site.url(path))
    page.wait_for_function("() => document.querySelector('h1, li, table, #app h1')")
    page.add_script_tag(path=str(HARNESS))


def context(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("() => window.__lf.context()"))


def elements(page: Any) -> list[dict[str, Any]]:
    return list(context(page)["indexedElements"])


def find(els: list[dict[str, Any]], **want: Any) -> dict[str, Any]:
    hits = [e for e in els if all(e.get(k) == v for k, v in want.items())]
    assert len(hits) == 1, (want, hits, els)
    return hits[0]


def has(entry: dict[str, Any], **want: Any) -> bool:
    return all(entry.get(k) == v for k, v in want.items())


def step(page: Any, action: str, element_id: int | None = None,
         data: str | None = None) -> dict[str, Any]:
    return dict(page.evaluate("(s) => window.__lf.step(s)", {
        "action": action, "elementId": element_id, "inputData": data, "description": action}))


def todo_titles(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(".todo-list li label",
                                          "ls => ls.map(l => l.textContent)"))


# ------------------------------------------------------------------ indexing


@pytest.mark.parametrize("app", TODO_APPS)
def test_todo_rows_checkboxes_and_hover_only_delete_are_indexed(site, page, app: str) -> None:
    open_page(page, site, app)
    page.evaluate("""() => {
      window.__mutations = 0;
      new MutationObserver((r) => { window.__mutations += r.length; })
        .observe(document.documentElement, {subtree: true, childList: true, attributes: true});
    }""")
    els = elements(page)
    toggle = find(els, type="checkbox", group="Buy bread")
    assert toggle["label"] == "Buy bread" and toggle["checked"] is False
    assert toggle["groupKind"] == "item" and toggle["position"] == [2, 3]
    delete = find(els, tag="button", group="Buy bread")
    assert delete["hoverOnly"] is True and delete["text"] == "\u00d7"
    assert delete["position"] == [2, 3]
    assert find(els, placeholder="What needs to be done?")["value"] == ""
    # Measured as the page would show them, and nothing left behind: no hovered row, no
    # attribute touched, no stylesheet added.
    assert page.evaluate("() => window.__mutations") == 0
    assert page.evaluate("() => document.adoptedStyleSheets.length") == 0
    shown = "() => getComputedStyle(document.querySelector('.destroy')).display"
    assert page.evaluate(shown) == "none"


def test_table_rows_give_group_column_and_position(site, page) -> None:
    open_page(page, site, "widgets/table.html")
    els = elements(page)
    delete = find(els, text="Delete", position=[2, 3])
    assert delete["groupKind"] == "row" and delete["column"] == "Actions"
    assert delete["group"].startswith("Bo Chen | bo@example.com | Editor")
    # A link shown only when its row is hovered or focused (visibility, :focus-within).
    more = find(els, text="More", position=[3, 3])
    assert more["hoverOnly"] is True


def test_a_row_action_that_fades_in_on_hover_is_indexed_and_nothing_fades_after(
        site, page) -> None:
    open_page(page, site, "widgets/fade.html")
    els = elements(page)
    delete = find(els, tag="button", group="Take the bins out")
    assert delete["hoverOnly"] is True and delete["label"] == "Delete chore"
    # Measured at once (transitions off), and the page is left as it was: no sheet, the
    # buttons transparent, no fade-out playing.
    assert page.evaluate("() => document.adoptedStyleSheets.length") == 0
    assert page.evaluate("() => getComputedStyle(document.querySelector('.del')).opacity") \
        == "0"
    assert page.evaluate("() => document.getAnimations().length") == 0
    out = step(page, "click", delete["id"])
    assert out["success"], out
    assert page.eval_on_selector_all("#chores li", "ls => ls.length") == 1


def test_editor_page_fields_and_widgets(site, page) -> None:
    open_page(page, site, "widgets/editor.html")
    els = elements(page)
    body = find(els, label="Body")
    assert body["editable"] is True and body["value"] == "Draft text"
    assert has(find(els, label="Publish on"), type="date", min="2026-01-01", max="2026-12-31",
               group="Publishing", groupKind="fieldset")
    assert find(els, label="Priority")["value"] == "5"
    assert find(els, label="Accent colour")["value"] == "#ff0000"
    # Visually hidden inputs worked through a visible label: 1-pixel clipped, zero-sized.
    assert find(els, label="Public post")["group"] == "Audience"
    assert find(els, label="Sport")["value"] == "sport"
    email = find(els, label="Author email")
    assert has(email, required=True, autocomplete="email", inputMode="email")
    assert "invalid" not in email  # untouched
    assert find(els, label="Promo code")["pattern"] == "[A-Z]{4}"
    assert find(els, text="Advanced")["tag"] == "summary"
    assert find(els, role="switch")["checked"] is False
    assert find(els, role="tab", text="Preview")["checked"] is False
    assert find(els, text="travel")["tag"] == "div"  # role-less, onclick
    assert has(find(els, text="Accept all"), groupKind="dialog", group="Cookie settings")
    assert context(page).get("alerts") is None


def test_errors_after_submit_are_read_from_the_page(site, page) -> None:
    open_page(page, site, "widgets/editor.html")
    publish = find(elements(page), text="Publish")
    step(page, "click", publish["id"])
    ctx = context(page)
    email = find(ctx["indexedElements"], label="Author email")
    assert email["invalid"] is True
    assert email["errorText"] == "Enter the author's email address"
    assert email["validationMessage"]
    assert ctx["alerts"] == ["Please fix the errors below", "Enter the author's email address"]


def test_comboboxes_seen_as_controls(site, page) -> None:
    open_page(page, site, "widgets/combobox.html")
    els = elements(page)
    assert find(els, role="combobox", label="City")["tag"] == "input"
    assert find(els, text="Size: Medium")["tag"] == "div"  # cursor: pointer, tabindex


# ------------------------------------------------------------------ acting


@pytest.mark.parametrize("app", TODO_APPS)
def test_todo_tick_delete_edit_and_add_like_a_person(site, page, app: str) -> None:
    open_page(page, site, app)
    els = elements(page)
    out = step(page, "check", find(els, type="checkbox", group="Buy bread")["id"])
    assert out["success"], out
    wait_for(lambda: page.eval_on_selector(".todo-list li:nth-child(2)", "li => li.className")
             .startswith("completed"), what="row 2 completed")
    assert page.inner_text(".todo-count").startswith("2 items left")

    # The delete button shows only on hover: the row is hovered first, then it is clicked.
    out = step(page, "click", find(elements(page), tag="button", group="Walk the dog")["id"])
    assert out["success"], out
    wait_for(lambda: todo_titles(page) == ["Buy milk", "Buy bread"], what="row 3 deleted")

    # Double-click the item to edit (its checkbox is what is indexed in the row: the
    # double click lands on the row's text), type into the box that opened, Enter.
    label_id = find(elements(page), type="checkbox", group="Buy milk")["id"]
    out = step(page, "dblclick", label_id)
    assert out["success"], out
    edit = page.locator("li.editing .edit")
    edit.wait_for(state="visible")
    out = step(page, "type", label_id, "Buy oat milk")
    assert out["success"], out
    out = step(page, "press", None, "Enter")
    assert out["success"], out
    wait_for(lambda: todo_titles(page) == ["Buy oat milk", "Buy bread"], what="edited",
             page=page)

    # Enter in the new-todo field adds (no form, no button).
    field = find(elements(page), placeholder="What needs to be done?")
    assert step(page, "type", field["id"], "Call mum")["success"]
    out = step(page, "press", field["id"], "Enter")
    assert out["success"] and "did not change" not in out["description"], out
    wait_for(lambda: todo_titles(page) == ["Buy oat milk", "Buy bread", "Call mum"],
             what="added", page=page)


def test_table_row_action(site, page) -> None:
    open_page(page, site, "widgets/table.html")
    delete = find(elements(page), text="Delete", group=None) if False else next(
        e for e in elements(page) if e.get("text") == "Delete" and e["group"].startswith("Bo"))
    assert step(page, "click", delete["id"])["success"]
    assert page.inner_text("#status") == "Deleted Bo Chen"
    assert [e["position"] for e in elements(page) if e.get("text") == "Delete"] == [[1, 2], [2, 2]]


def test_custom_comboboxes_open_and_choose(site, page) -> None:
    open_page(page, site, "widgets/combobox.html")
    els = elements(page)
    fruit = find(els, label="Fruit Choose a fruit")
    out = step(page, "select", fruit["id"], "Banana")
    assert out["success"], out
    assert page.inner_text("#fruit") == "Banana"
    assert page.is_hidden("#fruit-list")

    # A filtering combobox whose list arrives late.
    out = step(page, "select", find(els, label="City")["id"], "Porto")
    assert out["success"], out
    assert page.input_value("#city") == "Porto"

    # A role-less dropdown: opened, its item clicked.
    out = step(page, "select", find(els, text="Size: Medium")["id"], "Large")
    assert out["success"], out
    assert page.inner_text("#size .current") == "Size: Large"

    out = step(page, "select", fruit["id"], "Durian")
    assert not out["success"] and "Apple" in out["error"], out


def test_editor_widgets_take_values(site, page) -> None:
    open_page(page, site, "widgets/editor.html")
    els = elements(page)
    assert step(page, "type", find(els, label="Body")["id"], "Hello world")["success"]
    assert page.inner_text(".editor").strip() == "Hello world"
    assert step(page, "type", find(els, label="Priority")["id"], "8")["success"]
    assert page.input_value("#volume") == "8"
    out = step(page, "select", find(els, label="Priority")["id"], "12")
    assert not out["success"] and "0 to 10" in out["error"], out
    assert step(page, "type", find(els, label="Publish on")["id"], "2026-05-04")["success"]
    assert page.input_value("#when") == "2026-05-04"
    assert step(page, "type", find(els, label="Accent colour")["id"], "#00ff00")["success"]
    assert step(page, "check", find(els, label="Public post")["id"])["success"]
    assert page.is_checked("#public")
    assert step(page, "check", find(els, label="Sport")["id"])["success"]
    assert page.is_checked("input[value=sport]")
    assert step(page, "check", find(els, role="switch")["id"])["success"]
    assert page.get_attribute(".switch", "aria-checked") == "true"
    assert step(page, "click", find(els, text="Advanced")["id"])["success"]
    assert page.evaluate("() => document.querySelector('details').open") is True
    assert find(elements(page), text="Edit raw HTML")["tag"] == "a"
    assert step(page, "click", find(els, text="Accept all")["id"])["success"]
    assert page.evaluate("() => document.getElementById('dlg').open") is False


def test_a_click_that_changes_nothing_says_so(site, page) -> None:
    open_page(page, site, "widgets/editor.html")
    out = step(page, "click", find(elements(page), text="Nothing happens")["id"])
    assert out["success"] is True
    assert out["description"].endswith("(the page did not change)"), out
    out = step(page, "click", find(elements(page), text="travel")["id"])
    assert "did not change" not in out["description"], out


def test_a_step_waits_for_the_page_to_settle(site, page) -> None:
    open_page(page, site, "widgets/editor.html")
    # A 700 ms request, then a new item fading in over 600 ms: the step returns after both.
    out = step(page, "click", find(elements(page), text="Load comments")["id"])
    assert out["success"], out
    assert page.inner_text("#comments") == "First comment"
    assert page.evaluate("() => document.getAnimations().length") == 0
