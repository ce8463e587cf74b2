"""The owner's one tag in a real browser: ``/embed.js`` is a small loader that brings in the
content-hashed code (compressed, cached for a year); the widget starts from the tag's own
``data-`` attributes and finds its server, and a second visit takes the code from cache."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.support.browser import Chat

pytestmark = pytest.mark.browser

HASHED = re.compile(r"/embed/[0-9a-f]{16}\.js$")


def _add_tag(page: Any, src: str) -> None:
    page.evaluate("""(src) => {
        const s = document.createElement('script');
        s.src = src; s.async = true;
        s.setAttribute('data-open', 'true'); s.setAttribute('data-position', 'left');
        document.head.appendChild(s);
    }""", src)


def test_loader_brings_in_the_hashed_code_with_the_tags_options(stack, visitor) -> None:
    page = visitor.page
    responses: list[Any] = []
    page.on("response", lambda r: responses.append(r))
    page.goto(stack.site.url("blank.html"))
    _add_tag(page, f"{stack.server.url}/embed.js")
    chat = Chat(page).ready().connected()
    # The tag's data-open and data-position reached the real code through the loader.
    chat.hook("input").wait_for(state="visible")
    assert page.get_attribute("leflux-widget", "data-position") == "bottom-left"
    loader = next(r for r in responses if r.url.endswith("/embed.js"))
    assert loader.status == 200 and loader.headers["cache-control"] == "public, max-age=300"
    code = next(r for r in responses if HASHED.search(r.url))
    assert code.url.startswith(stack.server.url + "/embed/")
    assert code.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert code.headers["content-encoding"] in {"br", "gzip"}
    assert code.headers["vary"] == "Accept-Encoding" and code.headers["etag"]
    assert len(code.body()) > 10_000  # the browser decoded the whole bundle
    # The widget works: a message goes to the server and an answer streams back.
    chat.say("hello")
    chat.wait_agent("I can")
    # Only one script of ours on the page besides the owner's tag.
    srcs = page.evaluate("() => [...document.scripts].map((s) => s.src).filter(Boolean)")
    assert sorted(s.rsplit("/", 1)[-1] for s in srcs if "/embed" in s) == sorted(
        ["embed.js", code.url.rsplit("/", 1)[-1]])


def _hashed_transfer_sizes(page: Any) -> list[int]:
    return page.evaluate("""() => performance.getEntriesByType('resource')
        .filter((e) => /\\/embed\\/[0-9a-f]{16}\\.js$/.test(e.name))
        .map((e) => e.transferSize)""")


def test_a_second_visit_takes_the_code_from_cache(stack, visitor) -> None:
    page = visitor.page
    page.goto(stack.site.url("blank.html"))
    _add_tag(page, f"{stack.server.url}/embed.js")
    Chat(page).ready().connected()
    # Timing-Allow-Origin lets the page see real transfer sizes: fetched the first time...
    first = _hashed_transfer_sizes(page)
    assert len(first) == 1 and first[0] > 1000
    page.goto(stack.site.url("blank.html"))
    _add_tag(page, f"{stack.server.url}/embed.js")
    Chat(page).ready().connected()
    # ...and from the browser's cache on the next page, without asking the server.
    assert _hashed_transfer_sizes(page) == [0]


def test_the_documented_content_security_policy_lets_the_widget_work(stack, visitor) -> None:
    """docs/embedding.md's policy, enforced by the browser: no violation, the chat works."""
    page = visitor.page
    server = stack.server.url
    ws = server.replace("http://", "ws://")
    policy = (f"default-src 'none'; script-src 'self' {server}; "
              f"connect-src 'self' {server} {ws}; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data:")
    stack.site.headers["/csp.html"] = {"Content-Security-Policy": policy}
    url = stack.site.url("csp.html")
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(url)
    # Locators only: Playwright's wait_for_function would need 'unsafe-eval' here.
    try:
        page.locator("leflux-widget[data-status=connected]").wait_for(state="attached")
    except Exception as exc:
        raise AssertionError(f"not connected; console: {console}") from exc
    chat = Chat(page)
    chat.hook("input").wait_for(state="visible")
    chat.say("hello")
    chat.wait_agent("I can")
    # The shadow root's <style> applied (its :host rule fixes the widget in a corner).
    assert page.evaluate("""() => getComputedStyle(
        document.querySelector('leflux-widget')).position""") == "fixed"
    assert [m for m in console if "Content Security Policy" in m] == []
