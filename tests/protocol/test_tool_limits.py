"""The owner's tools in a page context, through the real server: a bad declaration is an
``invalid_payload`` error that says what is wrong, and nothing of it is stored."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from leflux.config import Limits
from leflux.toolspec import MAX_SCHEMA_CHARS, MAX_TOOLS
from tests.conftest import new_session_id

GOOD = {"name": "lookupOrder", "description": "Status of an order by its number",
        "parameters": {"type": "object", "properties": {"orderNumber": {"type": "string"}},
                       "required": ["orderNumber"]}}


def context(*tools: Any) -> dict[str, Any]:
    return {"url": "http://s.test/", "title": "t", "visibleText": "", "indexedElements": [],
            "tools": list(tools)}


def big_schema() -> dict[str, Any]:
    props = {f"p{i}": {"type": "string", "description": "x" * 100} for i in range(100)}
    return {"type": "object", "properties": props}


def nested_schema(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        node = {"type": "object", "properties": {"a": node}}
    return node


BAD: list[tuple[list[Any], str]] = [
    ([{**GOOD, "name": "1st"}], "a tool name is a letter"),
    ([{**GOOD, "name": "look up"}], "a tool name is a letter"),
    ([{**GOOD, "name": "x" * 49}], "a tool name is a letter"),
    ([{**GOOD, "name": "Click"}], "built-in action"),
    ([{**GOOD, "name": "navigate"}], "built-in action"),
    ([{**GOOD, "name": "finish_task"}], "built-in action"),
    ([GOOD, {**GOOD, "name": "LOOKUPORDER"}], "two tools are named"),
    ([{**GOOD, "name": f"t{i}"} for i in range(MAX_TOOLS + 1)], "at most"),
    ([{**GOOD, "parameters": big_schema()}], f"larger than {MAX_SCHEMA_CHARS}"),
    ([{**GOOD, "parameters": nested_schema(6)}], "levels deep"),
    ([{**GOOD, "parameters": {"type": "string"}}], '"type": "object"'),
    ([{**GOOD, "parameters": {"type": "object", "properties": {"a": {"type": "strin"}}}}],
     "not a valid JSON Schema"),
    ([{**GOOD, "parameters": {"type": "object", "properties": {"a": {"$ref": "#/x"}}}}],
     "$ref"),
    ([{**GOOD, "description": "d" * 1_001}], "at most 1000"),
    ([{**GOOD, "highStakes": "yes"}], "boolean"),
    ([{"description": "no name"}], "name"),
]


@pytest.mark.parametrize(("tools", "says"), BAD)
async def test_a_bad_tool_declaration_is_refused_and_not_stored(srv, sio_client, tools, says):
    c = await sio_client(srv.url)
    await c.emit("update_context", {"sessionId": c.session_id, "context": context(*tools)})
    err = await c.wait_for("error")
    assert err["code"] == "invalid_payload"
    assert "tools" in err["message"] and says in err["message"], err["message"]
    await asyncio.sleep(0.1)
    stored = await srv.app.store.get_session(c.session_id)
    assert stored is None or not (stored.context or {}).get("tools")


async def test_good_tools_are_kept_with_the_context(srv, sio_client):
    c = await sio_client(srv.url)
    hs = {**GOOD, "name": "applyCoupon", "highStakes": True,
          "parameters": {"type": "object", "properties": {"code": {"type": "string"}}}}
    await c.emit("update_context", {"sessionId": c.session_id, "context": context(GOOD, hs)})
    for _ in range(100):
        stored = await srv.app.store.get_session(c.session_id)
        if stored is not None and stored.context:
            break
        await asyncio.sleep(0.02)
    assert stored is not None and stored.context is not None
    assert [t["name"] for t in stored.context["tools"]] == ["lookupOrder", "applyCoupon"]
    assert stored.context["tools"][1]["highStakes"] is True
    assert "error" not in c.names()


async def test_a_bad_tool_posted_over_rest_gets_a_400(srv):
    sid = new_session_id()
    async with srv.http() as h:
        r = await h.post(f"/api/sessions/{sid}/messages",
                         json={"text": "hi", "context": context({**GOOD, "name": "type"})})
    assert r.status_code == 400
    body = r.json()["error"]
    assert body["code"] == "invalid_payload" and "built-in action" in body["message"]


async def test_a_tool_result_too_large_is_refused(srv, sio_client):
    c = await sio_client(srv.url)
    await c.emit("action_complete", {"sessionId": c.session_id, "actionId": "action-1",
                                     "result": {"success": True, "result": "x" * 10_000}})
    err = await c.wait_for("error")
    assert err["code"] == "invalid_payload" and "result is larger" in err["message"]


async def test_a_server_with_lower_tool_limits_says_so_and_keeps_to_them(server_factory,
                                                                          sio_client):
    limits = Limits(max_tools=2, max_tool_schema_chars=300, max_tool_schema_depth=3,
                    tool_timeout_s=0.5, tool_result_chars=100)
    async with server_factory(limits=limits) as s:
        async with s.http() as h:
            config = (await h.get("/api/widget-config")).json()["limits"]
        assert {k: config[k] for k in ("maxTools", "maxToolSchemaChars", "maxToolSchemaDepth",
                                       "toolTimeoutMs", "toolResultChars")} == {
            "maxTools": 2, "maxToolSchemaChars": 300, "maxToolSchemaDepth": 3,
            "toolTimeoutMs": 500, "toolResultChars": 100}
        # A context within the protocol's ceilings but over these limits: the tools that
        # break them are not offered to the planner (the embed keeps to them itself).
        deep = {**GOOD, "name": "deep", "parameters": nested_schema(3)}
        wide = {**GOOD, "name": "wide", "parameters": {"type": "object", "properties": {
            f"p{i}": {"type": "string"} for i in range(20)}}}
        tools = [deep, wide, GOOD, {**GOOD, "name": "second"}, {**GOOD, "name": "third"}]
        c = await sio_client(s.url)
        await c.emit("update_context", {"sessionId": c.session_id, "context": context(*tools)})
        for _ in range(100):
            stored = await s.app.store.get_session(c.session_id)
            if stored is not None and stored.context:
                break
            await asyncio.sleep(0.02)
        assert stored is not None and stored.context is not None
        assert [t["name"] for t in stored.context["tools"]] == ["lookupOrder", "second"]
        assert "error" not in c.names()
