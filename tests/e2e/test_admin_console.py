"""The owner's console in Chromium: a visitor does a task through the real widget, then
the owner signs in at /admin, finds the session by the visitor's words and reads its
timeline; visitor-written markup is shown as text, never run; erasure works from the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Stack, Visitor
from tests.e2e.support.browser import wait_for

pytestmark = pytest.mark.browser
TOKEN = "console-e2e-token"
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> hello xsscheck'


@pytest.fixture(scope="module")
def admin_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    s = Stack(tmp_path_factory.mktemp("console"),
              extra_args=["--admin-token", TOKEN]).start()
    yield s
    s.stop()


def _stored(stack: Stack, words: str) -> bool:
    r = httpx.get(f"{stack.server.url}/api/admin/sessions", params={"q": words},
                  headers={"Authorization": f"Bearer {TOKEN}"})
    return bool(r.json()["sessions"])


def _visit(chromium: Any, stack: Stack, page_name: str, words: str, done: str | None,
           find_by: str) -> None:
    v = Visitor(chromium)
    try:
        v.page.goto(stack.site.url(page_name))
        chat = v.chat().ready().connected()
        chat.say(words)
        if done is not None:
            chat.wait_agent(done)
        # The visitor's words are on the server before the visitor leaves.
        wait_for(lambda: _stored(stack, find_by), what="the stored session", page=v.page)
    finally:
        v.close()


def _sign_in(chromium: Any, stack: Stack) -> tuple[Any, Any, list[str]]:
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(stack.server.url + "/admin")
    page.fill("#token", "wrong")
    page.click("button[type=submit]")
    assert "not the admin token" in page.inner_text('[data-admin="signin-error"]')
    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector('[data-admin="session-list"]')
    return context, page, errors


def _open_session(page: Any, words: str) -> None:
    page.fill('[data-admin="search"]', words)
    page.press('[data-admin="search"]', "Enter")
    wait_for(lambda: page.locator('[data-admin="session-list"] tbody tr').count() == 1,
             what="one matching session", page=page)
    row = page.locator('[data-admin="session-list"] tbody tr')
    session_id = row.get_attribute("data-session")
    row.click()
    page.wait_for_selector('[data-admin="detail"]:not([hidden])')
    # The detail shows this session (not the one opened before).
    wait_for(lambda: session_id in page.inner_text("#detail-title")
             and page.locator('[data-admin="timeline"] li').count() > 0,
             what="the session's timeline", page=page)


def test_console_shows_a_task_and_keeps_visitor_markup_inert(
        chromium: Any, admin_stack: Stack, tmp_path: Path) -> None:
    _visit(chromium, admin_stack, "step1.html",
           "book a table for Ahmed, ahmed@example.com", "Welcome, Ahmed", "book a table")
    _visit(chromium, admin_stack, "step1.html", XSS, None, "xsscheck")
    context, page, errors = _sign_in(chromium, admin_stack)
    try:
        _open_session(page, "book a table")
        page.screenshot(path=str(tmp_path / "session.png"))
        transcript = page.inner_text('[data-admin="transcript"]')
        assert "book a table for Ahmed" in transcript
        timeline = page.locator('[data-admin="timeline"]')
        plans = timeline.locator('li[data-kind="plan"]')
        assert plans.count() >= 1
        # What was clicked, and its result (the first plan opens the booking details).
        clicked = [t for t in plans.all_inner_texts()
                   if "click" in t and "Continue to booking details \u2713" in t]
        assert clicked, plans.all_inner_texts()
        # The form filled on the next page (listed, or unlisted when its report was lost
        # with the page).
        typed = [t for t in plans.all_inner_texts() if "type" in t and "Ahmed" in t]
        assert typed, plans.all_inner_texts()
        assert "by rules" in plans.first.inner_text()
        assert timeline.locator('li[data-kind="page"]').count() >= 2
        closed = timeline.locator('li[data-kind="task_closed"]')
        assert closed.count() == 1 and "completed" in closed.inner_text()
        assert page.locator('[data-admin="timeline"] li[data-kind="result"].ok').count() >= 1

        _open_session(page, "xsscheck")
        first = page.locator('[data-admin="transcript"] li.visitor').first
        assert 'onerror="window.__xss=1"' in first.inner_text()
        assert "<script>" in first.inner_text()
        assert page.locator('[data-admin="transcript"] img, [data-admin="transcript"] script'
                            ).count() == 0
        assert page.evaluate("() => window.__xss") is None

        session_id = page.locator("tr.selected").get_attribute("data-session")
        page.once("dialog", lambda d: d.accept())
        page.click('[data-admin="erase"]')
        page.wait_for_selector('[data-admin="detail"]', state="hidden")
        r = httpx.get(f"{admin_stack.server.url}/api/admin/sessions/{session_id}",
                      headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 404

        page.click('button[data-view="stats"]')
        done = page.locator('[data-admin="stats"] [data-stat="Completed"] dd')
        wait_for(lambda: done.count() == 1 and int(done.inner_text()) >= 1,
                 what="the stats", page=page)
        assert page.locator('[data-admin="chart"] svg rect').count() == 7 * 3
        page.click('.range button[data-days="30"]')
        wait_for(lambda: page.locator('[data-admin="chart"] svg rect').count() == 30 * 3,
                 what="30 days", page=page)
        page.screenshot(path=str(tmp_path / "console.png"))
        assert errors == []
    finally:
        context.close()
