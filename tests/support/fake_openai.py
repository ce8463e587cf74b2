"""An OpenAI-compatible chat-completions server on loopback, scripted by the test.

Speaks the real wire format: ``POST /v1/chat/completions`` with ``stream: true`` answers
``chat.completion.chunk`` objects as server-sent events ending in ``data: [DONE]``; tool
calls arrive as an id+name fragment then argument fragments keyed by ``index``; usage
comes in a last chunk with empty choices when ``stream_options.include_usage`` is set;
failures are ``{"error": {...}}`` with the scripted status and headers. It also rejects
(400) a transcript the real API would reject: a tool message that answers no pending
tool call, or a tool call left unanswered.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

from aiohttp import web

from tests.support.fake_llm import Fail, FakeLLMServer, Reply, split

ERROR_TYPES = {400: "invalid_request_error", 401: "invalid_api_key", 403: "permission_denied",
               404: "not_found", 429: "rate_limit_exceeded"}


def _take_tool_calls(i: int, message: dict[str, Any], pending: set[str]) -> str | None:
    """Add an assistant message's tool call ids to those owed an answer."""
    for c in message.get("tool_calls") or []:
        try:
            json.loads(c["function"]["arguments"] or "{}")
        except (KeyError, TypeError):
            return f"messages[{i}].tool_calls is malformed"
        except ValueError:
            pass  # the real API takes the model's own broken JSON back as it was
        pending.add(c["id"])
    return None


def transcript_problem(body: dict[str, Any]) -> str | None:
    messages = body.get("messages")
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "you must provide a model parameter"
    if not isinstance(messages, list) or not messages:
        return "messages must be a non-empty array"
    pending: set[str] = set()
    for i, m in enumerate(messages):
        role = m.get("role") if isinstance(m, dict) else None
        if role not in ("system", "developer", "user", "assistant", "tool"):
            return f"messages[{i}].role is invalid"
        if role == "tool":
            if m.get("tool_call_id") not in pending:
                return (f"messages[{i}]: messages with role 'tool' must be a response to a "
                        "preceding message with 'tool_calls'")
            pending.discard(m["tool_call_id"])
            continue
        if pending:
            return ("An assistant message with 'tool_calls' must be followed by tool messages "
                    f"responding to each 'tool_call_id'. Missing: {sorted(pending)}")
        if role == "assistant":
            problem = _take_tool_calls(i, m, pending)
            if problem:
                return problem
    if pending:
        return f"tool calls left unanswered: {sorted(pending)}"
    return None


class FakeOpenAI(FakeLLMServer):
    # Like older OpenAI-compatible servers that refuse unknown arguments.
    refuse_stream_options = False

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/v1"

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/chat/completions", self.completions)
        app.router.add_post("/chat/completions", self.completions)

    @staticmethod
    def error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
        kind = ERROR_TYPES.get(status, "server_error")
        body = {"error": {"message": message, "type": kind, "param": None, "code": kind}}
        return web.json_response(body, status=status, headers=headers or {})

    async def completions(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except ValueError:
            return self.error(400, "We could not parse the JSON body of your request.")
        problem = transcript_problem(body) if isinstance(body, dict) else "body must be an object"
        if not problem and self.refuse_stream_options and "stream_options" in body:
            problem = "Unrecognized request argument supplied: stream_options"
        fake = self.record(request, body if isinstance(body, dict) else {})
        if problem:
            return self.error(400, problem)
        step = self.next_step(fake)
        if isinstance(step, Fail):
            return self.error(step.status, step.message, step.headers)
        if step.delay_s:
            await asyncio.sleep(step.delay_s)
        cid = self.new_id("chatcmpl-fake")
        calls = [(c.id or self.new_id("call_"), c) for c in step.tool_calls]
        if not body.get("stream"):
            return web.json_response(self.whole(cid, body["model"], step, calls))
        resp = await self.sse(request)
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        for n, chunk in enumerate(self.chunks(cid, body["model"], step, calls, include_usage)):
            if step.cut_after_chunks is not None and n >= step.cut_after_chunks:
                assert request.transport is not None
                request.transport.close()  # the connection drops mid-stream
                return resp
            if step.error_after_chunks is not None and n >= step.error_after_chunks:
                err = {"error": {"message": "The server had an error while processing your "
                                 "request.", "type": "server_error", "param": None, "code": None}}
                await resp.write(b"data: " + json.dumps(err).encode() + b"\n\n")
                await resp.write_eof()
                return resp
            await resp.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
            if step.chunk_delay_s:
                await asyncio.sleep(step.chunk_delay_s)
        await resp.write(b"data: [DONE]\n\n")
        await resp.write_eof()
        return resp

    @staticmethod
    def _chunk(cid: str, model: str, delta: dict[str, Any] | None,
               finish: str | None = None, usage: dict[str, int] | None = None) -> dict[str, Any]:
        choices = [] if delta is None else [
            {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        ]
        return {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()),
                "model": model, "system_fingerprint": "fp_fake", "choices": choices,
                "usage": usage}

    def chunks(self, cid: str, model: str, step: Reply, calls: list[tuple[str, Any]],
               include_usage: bool) -> Iterator[dict[str, Any]]:
        yield self._chunk(cid, model, {"role": "assistant", "content": "", "refusal": None})
        if step.text:
            for piece in split(step.text, step.text_chunk_chars):
                yield self._chunk(cid, model, {"content": piece})
        per_call: list[list[dict[str, Any]]] = []
        for index, (call_id, call) in enumerate(calls):
            if step.whole_tool_calls:
                frags = [{"index": index, "id": call_id, "type": "function",
                          "function": {"name": call.name, "arguments": call.raw()}}]
            else:
                frags = [{"index": index, "id": call_id, "type": "function",
                          "function": {"name": call.name, "arguments": ""}}]
                frags += [{"index": index, "function": {"arguments": piece}}
                          for piece in split(call.raw(), step.args_chunk_chars)]
            if step.omit_tool_index:
                for f in frags:
                    del f["index"]
            per_call.append(frags)
        if step.interleave:
            order = [f for group in _round_robin(per_call) for f in group]
        else:
            order = [f for frags in per_call for f in frags]
        for frag in order:
            yield self._chunk(cid, model, {"tool_calls": [frag]})
        yield self._chunk(cid, model, {}, "tool_calls" if calls else "stop")
        if include_usage:
            yield self._chunk(cid, model, None, usage={
                "prompt_tokens": step.input_tokens, "completion_tokens": step.output_tokens,
                "total_tokens": step.input_tokens + step.output_tokens})

    @staticmethod
    def whole(cid: str, model: str, step: Reply, calls: list[tuple[str, Any]]) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": step.text or None}
        if calls:
            message["tool_calls"] = [
                {"id": i, "type": "function", "function": {"name": c.name, "arguments": c.raw()}}
                for i, c in calls
            ]
        return {"id": cid, "object": "chat.completion", "created": int(time.time()),
                "model": model, "choices": [{"index": 0, "message": message,
                "finish_reason": "tool_calls" if calls else "stop", "logprobs": None}],
                "usage": {"prompt_tokens": step.input_tokens,
                          "completion_tokens": step.output_tokens,
                          "total_tokens": step.input_tokens + step.output_tokens}}


def _round_robin(groups: list[list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(max((len(g) for g in groups), default=0)):
        yield [g[i] for g in groups if i < len(g)]
