"""Every payload the real embed sends, captured in Chromium, is what the checked-in wire
schema declares, strictly: a key the embed sends that the server's models do not declare
fails here (the schema closes every client shape with ``additionalProperties: false``).
And the embed keeps to the limits /api/widget-config gives, not to numbers of its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.e2e.conftest import Stack
from tests.e2e.support.browser import Chat, Wire, wait_for

pytestmark = pytest.mark.browser

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schema" / "protocol.json")
                    .read_text(encoding="utf-8"))
ROUND_TRIPS = 3  # not the default 5: the embed must take it from the server


def _validator(group: str, name: str) -> Draft202012Validator:
    ref = SCHEMA["properties"][group]["properties"][name]["$ref"]
    return Draft202012Validator({"$ref": ref, "$defs": SCHEMA["$defs"]})


def _problems(group: str, name: str, payload: Any) -> list[str]:
    return [f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _validator(group, name).iter_errors(payload)]


@pytest.fixture(scope="module")
def limited_stack(tmp_path_factory: pytest.TempPathFactory) -> Any:
    s = Stack(tmp_path_factory.mktemp("contract"),
              env={"LEFLUX_EMBED_ROUND_TRIPS": str(ROUND_TRIPS)}).start()
    yield s
    s.stop()


def test_every_payload_the_embed_sends_is_declared(limited_stack, visitor) -> None:
    page = visitor.page
    wire = Wire(page)
    posts: list[Any] = []
    page.on("request", lambda r: posts.append(r.post_data_json)
            if r.method == "POST" and r.url.endswith("/messages") else None)
    # Pages with a shadow root, a marked submit, a form with fields: their contexts carry
    # the optional keys (shadow, confirm, formId, required...).
    for name in ("shadow.html", "pay.html", "plain.html"):
        page.goto(limited_stack.site.url(name))
        before = len(wire.events("update_context"))
        Chat(page).ready().connected().open()
        wait_for(lambda n=before: len(wire.events("update_context")) > n, page=page,
                 what=f"update_context on {name}")

    page.goto(limited_stack.site.url("counter.html"))
    chat = Chat(page).ready().connected()
    chat.say(", then ".join(["click Add one"] * 6))
    chat.hook("choice").filter(has_text="Keep going").wait_for(timeout=30_000)
    # The server's limit, from /api/widget-config.
    assert len(wire.events("continue_task")) == ROUND_TRIPS

    sent = {event for event, _ in wire.sent}
    assert {"update_context", "continue_task"} <= sent
    assert sent & {"action_complete", "sequence_complete"}
    elements = [e for _, p in wire.sent if isinstance(p, dict) and "context" in p
                for e in p["context"]["indexedElements"]]
    assert any(e.get("shadow") for e in elements) and any(e.get("confirm") for e in elements)
    assert posts, "the visitor's message was not posted"

    problems = [p for event, payload in wire.sent
                for p in _problems("clientEvents", event, payload)]
    problems += [p for body in posts for p in _problems("rest", "postMessage", body)]
    assert problems == []
