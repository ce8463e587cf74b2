"""Debian's Chromium under Playwright, and a visitor's view of the widget.

Playwright's CSS locators pierce open shadow roots, so the ``data-leflux`` hooks inside
``<leflux-widget>`` are reached exactly as the protocol names them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

T = TypeVar("T")


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)


def wait_for(check: Callable[[], T | None], timeout: float = 15.0, what: str = "condition",
             interval: float = 0.1, page: Any | None = None) -> T:
    """Poll ``check``; with ``page``, wait through Playwright so its events (websocket
    frames, console) keep being delivered meanwhile."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except Exception as exc:  # a page mid-navigation may refuse an evaluate
            last = exc
        if last and not isinstance(last, Exception):
            return last
        if page is not None:
            page.wait_for_timeout(interval * 1000)
        else:
            time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


class Chat:
    """The widget on one page, driven the way a visitor drives it."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def hook(self, name: str) -> Any:
        return self.page.locator(f'[data-leflux="{name}"]')

    def ready(self, timeout: float = 15.0) -> Chat:
        self.page.wait_for_function("() => !!window.LeFlux", timeout=timeout * 1000)
        self.hook("launcher").wait_for(state="visible", timeout=timeout * 1000)
        return self

    def connected(self, timeout: float = 15.0) -> Chat:
        self.page.wait_for_function(
            "() => document.querySelector('leflux-widget')?.getAttribute('data-status')"
            " === 'connected'", timeout=timeout * 1000)
        return self

    def open(self) -> Chat:
        if self.hook("input").is_hidden():
            self.hook("launcher").click()
        self.hook("input").wait_for(state="visible")
        return self

    def say(self, text: str) -> None:
        self.open()
        self.hook("input").fill(text)
        self.hook("send").click()

    def messages(self, role: str | None = None) -> list[str]:
        sel = '[data-leflux="message"]' + (f'[data-role="{role}"]' if role else "")
        return [t.strip() for t in self.page.locator(sel).all_inner_texts()]

    def notes(self) -> list[str]:
        return [t.strip() for t in self.hook("note").all_inner_texts()]

    def seen(self) -> list[str]:
        """The messages for a failure's description; [] while the page is navigating (an
        evaluate then fails, and a description must not fail the wait it describes)."""
        try:
            return self.messages()
        except Exception:
            return []

    def wait_agent(self, needle: str, timeout: float = 30.0) -> str:
        low = needle.lower()

        def found() -> str | None:
            return next((m for m in self.messages("agent") if low in m.lower()), None)

        return wait_for(found, timeout, f"an agent message with {needle!r}: "
                        f"{self.seen()}")

    def wait_done(self, count: int = 1, timeout: float = 30.0) -> str:
        """Wait for the ``count``-th ``task_complete`` since ``record_events`` and return its
        reply, checking the widget shows that same reply last (wording left to the planner)."""
        done = wait_for(lambda: self.events("task_complete")[count - 1:count], timeout,
                        f"task {count} to complete: {self.seen()}")
        reply = str(done[0]["message"]).strip()
        assert reply, done
        wait_for(lambda: self.messages("agent")[-1:] == [reply], timeout,
                 f"the reply {reply!r} shown last: {self.seen()}")
        return reply

    def session_id(self) -> str:
        return str(self.page.evaluate("() => window.LeFlux.sessionId"))

    def record_events(self) -> None:
        """Keep every LeFlux event of this page in window.__lefluxEvents (for assertions)."""
        self.page.evaluate("""() => {
          window.__lefluxEvents = window.__lefluxEvents || [];
          for (const e of ['session_joined','message_chunk','message_done','message',
              'action_plan','ui_block','confirmation_required','task_complete','error',
              'action_executed','status'])
            window.LeFlux.on(e, (p) => window.__lefluxEvents.push([e, p]));
        }""")

    def events(self, name: str | None = None) -> list[Any]:
        got = self.page.evaluate("() => window.__lefluxEvents || []")
        return [p for e, p in got if name is None or e == name]


class Wire:
    """Socket.IO frames the page sent, decoded (``42["event", payload]``)."""

    def __init__(self, page: Any) -> None:
        self.sent: list[tuple[str, Any]] = []
        page.on("websocket", self._attach)

    def _attach(self, ws: Any) -> None:
        ws.on("framesent", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and payload.startswith("42"):
            event, *rest = json.loads(payload[2:])
            self.sent.append((event, rest[0] if rest else None))

    def events(self, name: str) -> list[Any]:
        return [p for e, p in self.sent if e == name]
