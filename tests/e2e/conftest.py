"""Browser fixtures for the embed tests (tests/e2e/test_embed_*.py).

A fixture website on one loopback origin, a real ``leflux serve`` subprocess on another
(allowed origin: the site), and Debian's Chromium driven by Playwright. Every test gets a
fresh browser context: new localStorage, so a new visitor session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support.browser import Chat, launch
from tests.e2e.support.site import FixtureSite
from tests.support.server import LeFluxServer

ROOT = Path(__file__).resolve().parents[2]
EMBED = ROOT / "src" / "leflux" / "static" / "embed.js"
REACT_BUNDLE = Path(__file__).parent / "pages" / "react" / "bundle.js"
CHROMIUM = Path("/usr/bin/chromium")


def _require_browser_bits() -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    if not EMBED.exists() or not REACT_BUNDLE.exists():
        pytest.fail("the embed is not built: run `make embed` (cd widget && npm run build)")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    _require_browser_bits()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        yield browser
        browser.close()


class Stack:
    """The fixture site plus the LeFlux server it embeds."""

    def __init__(self, tmp_path: Path, **server_kwargs: Any) -> None:
        self.site = FixtureSite(server_url="").start()
        self.server = LeFluxServer(tmp_path, allowed_origins=self.site.origin, **server_kwargs)
        self.site.server_url = self.server.url

    def start(self) -> Stack:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()
        self.site.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    _require_browser_bits()
    s = Stack(tmp_path_factory.mktemp("embed")).start()
    yield s
    s.stop()


@pytest.fixture
def own_stack(tmp_path: Path) -> Iterator[Stack]:
    """A stack for one test (one that kills or restarts the server)."""
    _require_browser_bits()
    s = Stack(tmp_path).start()
    yield s
    s.stop()


class Visitor:
    """One browser context (one visitor) with its page errors collected."""

    def __init__(self, browser: Any, **context_kwargs: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800},
                                           **context_kwargs)
        self.page_errors: list[str] = []
        self.console: list[str] = []
        self.page = self.new_page()

    def new_page(self) -> Any:
        page = self.context.new_page()
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        return page

    def chat(self, page: Any | None = None) -> Chat:
        return Chat(page or self.page)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visitor(chromium: Any) -> Iterator[Visitor]:
    v = Visitor(chromium)
    yield v
    v.close()
    # The embed never throws into the host page.
    assert v.page_errors == [], v.page_errors
