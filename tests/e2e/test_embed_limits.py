"""A limit reached is told calmly in a real browser: the server's own sentence as a
plain note, no error styling or stack, the visitor's words back in the input, and the
chat still usable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Stack, Visitor, _require_browser_bits
from tests.e2e.support.browser import Chat, wait_for


@pytest.fixture
def one_a_minute(tmp_path: Path) -> Iterator[Stack]:
    _require_browser_bits()
    s = Stack(tmp_path, env={"LEFLUX_MESSAGES_PER_MINUTE": "1"}).start()
    yield s
    s.stop()


def test_rate_limited_message_is_a_calm_note(one_a_minute: Stack, visitor: Visitor) -> None:
    page = visitor.page
    page.goto(one_a_minute.site.url("plain.html"))
    chat = Chat(page).ready().connected()
    chat.say("hello")
    wait_for(lambda: len(chat.messages("agent")) >= 1, what="the first answer")
    chat.say("and again")
    wait_for(lambda: any("going a bit fast" in n for n in chat.notes()),
             what="the rate-limit note")
    note = page.locator('[data-leflux="note"]', has_text="going a bit fast")
    assert "lf-error" not in (note.get_attribute("class") or "")
    assert not any("Couldn't send" in n or "429" in n for n in chat.notes())
    assert chat.hook("input").input_value() == "and again"
    assert chat.hook("input").is_enabled()
    assert page.get_attribute("leflux-widget", "data-status") == "connected"
