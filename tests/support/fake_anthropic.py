"""An Anthropic Messages API server on loopback, scripted by the test.

Speaks the real wire format: ``POST /v1/messages`` with ``stream: true`` answers the
server-sent event sequence message_start, ping, content_block_start /
content_block_delta (``text_delta``, ``input_json_delta``) / content_block_stop per
block, message_delta (stop_reason, usage), message_stop. Failures are
``{"type": "error", "error": {type, message}}``. Like the real API it refuses (400) a
transcript whose roles don't alternate or whose tool_use blocks are not answered by
tool_result blocks at the start of the next user message, and (401) a missing key.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

from aiohttp import web

from tests.support.fake_llm import Fail, FakeLLMServer, Reply, split

ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error",
               403: "permission_error", 404: "not_found_error", 413: "request_too_large",
               429: "rate_limit_error", 529: "overloaded_error"}


def _blocks_problem(i: int, role: str, blocks: list[dict[str, Any]], answered: set[str],
                    pending: set[str]) -> str | None:
    """One message's content blocks; its tool_use ids join those owed an answer."""
    for b in blocks:
        kind = b.get("type")
        if kind == "tool_result" and b.get("tool_use_id") not in answered:
            return f"messages.{i}: unexpected `tool_use_id` found in `tool_result` blocks"
        if kind == "tool_use":
            if role != "assistant" or not isinstance(b.get("input"), dict):
                return f"messages.{i}: malformed tool_use block"
            pending.add(b["id"])
        if kind == "text" and not b.get("text"):
            return f"messages.{i}: text content blocks must be non-empty"
    return None


def transcript_problem(body: dict[str, Any]) -> str | None:
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model: Field required"
    if not isinstance(body.get("max_tokens"), int):
        return "max_tokens: Field required"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages: at least one message is required"
    pending: set[str] = set()
    expected = "user"
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") != expected:
            return f"messages.{i}: roles must alternate between 'user' and 'assistant', " \
                   "starting with 'user'"
        content = m.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        if not isinstance(blocks, list) or not blocks:
            return f"messages.{i}.content: must be a string or a non-empty list"
        answered, pending = pending, set()
        if answered:
            head = [b for b in blocks[: len(answered)] if b.get("type") == "tool_result"]
            ids = {b.get("tool_use_id") for b in head}
            if ids != answered or len(head) != len(answered):
                return (f"messages.{i}: `tool_use` ids were found without `tool_result` blocks "
                        "immediately after")
        problem = _blocks_problem(i, m["role"], blocks, answered, pending)
        if problem:
            return problem
        expected = "assistant" if expected == "user" else "user"
    if pending:
        return "the last assistant message has tool_use blocks without answers"
    return None


class FakeAnthropic(FakeLLMServer):
    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/messages", self.messages)

    @staticmethod
    def error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
        body = {"type": "error",
                "error": {"type": ERROR_TYPES.get(status, "api_error"), "message": message}}
        return web.json_response(body, status=status, headers=headers or {})

    async def messages(self, request: web.Request) -> web.StreamResponse:
        if not request.headers.get("x-api-key") and not request.headers.get("authorization"):
            return self.error(401, "x-api-key header is required")
        try:
            body = await request.json()
        except ValueError:
            return self.error(400, "There was an issue with the JSON body of your request.")
        problem = transcript_problem(body) if isinstance(body, dict) else "body must be an object"
        fake = self.record(request, body if isinstance(body, dict) else {})
        if problem:
            return self.error(400, problem)
        step = self.next_step(fake)
        if isinstance(step, Fail):
            return self.error(step.status, step.message, step.headers)
        if step.delay_s:
            await asyncio.sleep(step.delay_s)
        mid = self.new_id("msg_fake")
        calls = [(c.id or self.new_id("toolu_fake"), c) for c in step.tool_calls]
        if not body.get("stream"):
            return web.json_response(self.whole(mid, body["model"], step, calls))
        resp = await self.sse(request)
        for n, (name, data) in enumerate(self.events(mid, body["model"], step, calls)):
            if step.cut_after_chunks is not None and n >= step.cut_after_chunks:
                assert request.transport is not None
                request.transport.close()
                return resp
            if step.error_after_chunks is not None and n >= step.error_after_chunks:
                err = {"type": "error",
                       "error": {"type": "overloaded_error", "message": "Overloaded"}}
                await resp.write(f"event: error\ndata: {json.dumps(err)}\n\n".encode())
                await resp.write_eof()
                return resp
            await resp.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
            if step.chunk_delay_s:
                await asyncio.sleep(step.chunk_delay_s)
        await resp.write_eof()
        return resp

    @staticmethod
    def events(mid: str, model: str, step: Reply,
               calls: list[tuple[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
        yield "message_start", {"type": "message_start", "message": {
            "id": mid, "type": "message", "role": "assistant", "model": model, "content": [],
            "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": step.input_tokens, "output_tokens": 1}}}
        yield "ping", {"type": "ping"}
        index = 0
        if step.text:
            yield "content_block_start", {"type": "content_block_start", "index": index,
                                          "content_block": {"type": "text", "text": ""}}
            for piece in split(step.text, step.text_chunk_chars):
                yield "content_block_delta", {"type": "content_block_delta", "index": index,
                                              "delta": {"type": "text_delta", "text": piece}}
            yield "content_block_stop", {"type": "content_block_stop", "index": index}
            index += 1
        for call_id, call in calls:
            yield "content_block_start", {"type": "content_block_start", "index": index,
                                          "content_block": {"type": "tool_use", "id": call_id,
                                                            "name": call.name, "input": {}}}
            for piece in split(call.raw(), step.args_chunk_chars):
                yield "content_block_delta", {
                    "type": "content_block_delta", "index": index,
                    "delta": {"type": "input_json_delta", "partial_json": piece}}
            yield "content_block_stop", {"type": "content_block_stop", "index": index}
            index += 1
        yield "message_delta", {"type": "message_delta",
                                "delta": {"stop_reason": "tool_use" if calls else "end_turn",
                                          "stop_sequence": None},
                                "usage": {"output_tokens": step.output_tokens}}
        yield "message_stop", {"type": "message_stop"}

    @staticmethod
    def whole(mid: str, model: str, step: Reply, calls: list[tuple[str, Any]]) -> dict[str, Any]:
        content: list[dict[str, Any]] = []
        if step.text:
            content.append({"type": "text", "text": step.text})
        for call_id, call in calls:
            content.append({"type": "tool_use", "id": call_id, "name": call.name,
                            "input": call.arguments if isinstance(call.arguments, dict) else {}})
        return {"id": mid, "type": "message", "role": "assistant", "model": model,
                "content": content, "stop_reason": "tool_use" if calls else "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": step.input_tokens, "output_tokens": step.output_tokens}}
