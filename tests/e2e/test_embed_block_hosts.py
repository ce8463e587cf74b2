"""Images and links in ui blocks, in a real browser: a model (the fake OpenAI server on
loopback) shows product cards whose images point at a foreign host with the session id,
the way an injected page would ask it to. No request may reach that host."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.support.browser import Chat, wait_for
from tests.e2e.support.llm import openai_stack
from tests.support.fake_llm import FakeRequest, FakeToolCall, Reply

pytestmark = pytest.mark.browser

LISTED = "cdn-images.test"  # the owner's image host (``--image-hosts``)
FOREIGN = "tracker.test"


def model(req: FakeRequest) -> Reply:
    return Reply(text="Here are two shoes.", tool_calls=[FakeToolCall("show_ui_block", {
        "block_type": "product_cards", "data": {"items": [
            {"title": "Trail shoe", "image": "/pages-own.png", "url": "/shoe.html"},
            {"title": "Road shoe", "image": f"http://{LISTED}/road.png"},
            {"title": "Pixel", "image": f"http://{FOREIGN}/p.gif?sid=SESSION"},
        ]}})])


def list_image_host(s: Stack) -> None:
    # The owner lists the image host with the site (the default site, stored).
    subprocess.run([sys.executable, "-m", "leflux", "sites", "add", "default",
                    "--origins", s.site.origin, "--image-hosts", LISTED,
                    "--database-url", s.server.database_url], check=True, capture_output=True)


@pytest.fixture
def llm_stack(tmp_path: Path) -> Iterator[Stack]:
    with openai_stack(tmp_path, model, before_start=list_image_host) as s:
        yield s


def test_images_load_only_from_the_site_and_listed_hosts(llm_stack: Stack,
                                                         visitor: Any) -> None:
    page = visitor.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(llm_stack.site.url("plain.html"))
    chat = Chat(page).ready().connected()
    chat.say("show me shoes")
    cards = page.locator(".lf-card")
    wait_for(lambda: cards.count() == 3 or None, timeout=30, what="three product cards")
    # The two allowed images are fetched (the test would see a foreign one too)...
    wait_for(lambda: (any(LISTED in u for u in requested) and
                      any(u.endswith("/pages-own.png") for u in requested)) or None,
             timeout=15, what="the allowed images", page=page)
    page.wait_for_timeout(500)
    # ...the foreign one never is: its card shows without an image.
    assert not [u for u in requested if FOREIGN in u]
    assert page.locator(".lf-card img").count() == 2
