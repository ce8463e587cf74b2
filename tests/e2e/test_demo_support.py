"""Shared parts of the demo's browser scenarios (this module holds no tests itself).

A real ``python -m leflux demo`` process per test module (its data in a temporary
XDG_DATA_HOME), Debian's Chromium through Playwright, and a visitor who types into the
widget's shadow-DOM input. The shop's real state is read back through its own JSON
endpoints (``/shop-api/me`` with the browser's cookie, ``/shop-api/state`` for all).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.support.server import LeFluxServer

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
EMBED = Path(__file__).resolve().parents[2] / "src" / "leflux" / "static" / "embed.js"

# Generous: the agent works through several page loads on a shared 2-core machine.
TASK_TIMEOUT_S = 45.0

T = TypeVar("T")


def _needs_browser() -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed")
    if not EMBED.exists():
        pytest.skip("the embed is not built (make embed)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeFluxServer]:
    _needs_browser()
    tmp = tmp_path_factory.mktemp("demo")
    server = LeFluxServer(tmp, command="demo", env={"XDG_DATA_HOME": str(tmp / "xdg")})
    with server:
        yield server


@pytest.fixture(scope="module")
def browser(demo: LeFluxServer) -> Iterator[Any]:
    with playwright_sync.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# Records every server event the widget sees, through its public JS API, in
# sessionStorage: it survives the page loads of a task, so a test can wait for
# ``task_complete`` even when it arrived on an earlier page.
EVENT_RECORDER = """
(() => {
  const names = ["session_joined", "message_done", "message", "action_plan", "ui_block",
                 "confirmation_required", "task_complete", "error"];
  const attach = () => {
    if (!window.LeFlux) return false;
    for (const name of names) {
      window.LeFlux.on(name, (payload) => {
        const log = JSON.parse(sessionStorage.getItem("lefluxTestEvents") || "[]");
        log.push({name, payload, url: location.pathname + location.search});
        sessionStorage.setItem("lefluxTestEvents", JSON.stringify(log));
      });
    }
    return true;
  };
  if (!attach()) {
    const timer = setInterval(() => { if (attach()) clearInterval(timer); }, 5);
  }
})();
"""


@pytest.fixture
def page(browser: Any, demo: LeFluxServer) -> Iterator[Any]:
    """A fresh visitor: own cookies, own localStorage, so a new LeFlux session too."""
    context = browser.new_context(base_url=demo.url, viewport={"width": 1280, "height": 860})
    context.add_init_script(EVENT_RECORDER)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    console: list[str] = []
    pg.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    pg.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    yield pg
    # Captured output: pytest shows it only when the test failed.
    print("--- browser console ---", *console[-60:], sep="\n")
    print("--- chat ---", *chat_transcript(pg), sep="\n")
    print("--- server log ---", demo.log(), sep="\n")
    context.close()


def wait_for(check: Callable[[], T | None], timeout: float = TASK_TIMEOUT_S,
             what: str = "condition", page: Any = None) -> T:
    """Poll ``check`` until it returns something truthy (also pumping Playwright events)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            transcript = chat_transcript(page) if page is not None else []
            raise AssertionError(f"timed out waiting for {what}; chat so far: {transcript}")
        if page is not None:
            page.wait_for_timeout(250)
        else:
            time.sleep(0.25)


def me(page: Any) -> dict[str, Any]:
    """The shop's state for this browser (its visitor cookie)."""
    r = page.request.get("/shop-api/me")
    assert r.ok, r.status
    return r.json()  # type: ignore[no-any-return]


def shop_state(page: Any) -> dict[str, Any]:
    r = page.request.get("/shop-api/state")
    assert r.ok, r.status
    return r.json()  # type: ignore[no-any-return]


def open_widget(page: Any) -> None:
    """Open the chat panel (if it is not open yet) and wait for its input."""
    page.wait_for_function("() => !!window.LeFlux && !!document.querySelector('leflux-widget')")
    field = page.locator('leflux-widget [data-leflux="input"]')
    if not field.is_visible():
        page.locator('leflux-widget [data-leflux="launcher"]').click()
    field.wait_for(state="visible")


def say(page: Any, text: str) -> None:
    """Type a message into the widget like a visitor and press its send button."""
    open_widget(page)
    page.locator('leflux-widget [data-leflux="input"]').fill(text)
    page.locator('leflux-widget [data-leflux="send"]').click()


def chat_transcript(page: Any) -> list[str]:
    try:
        return [f"{el.get_attribute('data-role')}: {el.inner_text()}"
                for el in page.locator('leflux-widget [data-leflux="message"]').all()]
    except Exception:  # the page may be navigating; diagnostics only
        return []


def agent_texts(page: Any) -> list[str]:
    try:
        return page.locator(  # type: ignore[no-any-return]
            'leflux-widget [data-leflux="message"][data-role="agent"]').all_inner_texts()
    except Exception:  # navigating right now: nothing to read this instant
        return []


def agent_said(page: Any, *needles: str, timeout: float = TASK_TIMEOUT_S) -> str:
    """Wait until one agent message contains every needle (case-insensitive)."""
    def check() -> str | None:
        for text in agent_texts(page):
            low = text.lower()
            if all(n.lower() in low for n in needles):
                return text
        return None
    return wait_for(check, timeout, f"an agent message with {needles}", page)


def events(page: Any, name: str | None = None) -> list[dict[str, Any]]:
    """Server events the widget received in this tab so far (see EVENT_RECORDER)."""
    try:
        log = page.evaluate("() => JSON.parse(sessionStorage.getItem('lefluxTestEvents') || '[]')")
    except Exception:  # mid-navigation: nothing readable this instant
        return []
    return [e for e in log if name is None or e["name"] == name]


def task_completed(page: Any, after: int = 0) -> dict[str, Any]:
    """Wait for a ``task_complete`` beyond the first ``after`` ones; returns its payload."""
    done = wait_for(lambda: events(page, "task_complete")[after:], what="task_complete",
                    page=page)
    return done[0]["payload"]  # type: ignore[no-any-return]


def click_confirm(page: Any, which: str = "confirm") -> None:
    button = page.locator(f'leflux-widget [data-leflux="{which}"]')
    wait_for(lambda: button.count() > 0 and button.first.is_visible(), what=f"[{which}]",
             page=page)
    button.first.click()
