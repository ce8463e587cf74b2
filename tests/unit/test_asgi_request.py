"""transport/asgi_request.py gives the environ engine.io's own translate_request gives,
key for key, and its body reader reads the same bytes."""

from __future__ import annotations

from typing import Any

import pytest
from engineio.async_drivers import asgi as eio_asgi

from leflux.transport.asgi_request import AwaitablePayload, translate_request

HEADERS = [
    (b"host", b"127.0.0.1:8000"), (b"origin", b"http://site.test"),
    (b"connection", b"Upgrade"), (b"upgrade", b"websocket"),
    (b"content-type", b"text/plain"), (b"content-length", b"11"),
    (b"x-forwarded-proto", b"https"), (b"accept", b"a"), (b"accept", b"b"),
    (b"x-bad", b"\xff\xfe"),
]


def _scope(kind: str, query: bytes = b"EIO=4&transport=websocket&sessionId=x") -> dict:
    return {"type": kind, "path": "/socket.io/", "query_string": query,
            "headers": HEADERS, "method": "GET" if kind == "websocket" else "POST"}


def _receiver(events: list[dict[str, Any]]) -> Any:
    queue = list(events)

    async def receive() -> dict[str, Any]:
        return queue.pop(0)

    return receive


async def _send(_message: Any) -> None:
    return None


@pytest.mark.parametrize("kind,query", [("websocket", b"EIO=4&transport=websocket"),
                                        ("http", b""), ("http", b"\xff")])
async def test_the_same_environ_as_engine_io(kind: str, query: bytes) -> None:
    first = {"type": "websocket.connect"} if kind == "websocket" else {
        "type": "http.request", "body": b"hello", "more_body": False}
    scope = _scope(kind, query)
    ours = await translate_request(scope, _receiver([first]), _send)
    theirs = await eio_asgi.translate_request(scope, _receiver([first]), _send)
    assert ours.keys() == theirs.keys()
    for key in ours:
        if key not in ("wsgi.input", "asgi.receive"):
            assert ours[key] == theirs[key], key
    assert ours["HTTP_ACCEPT"] == "a,b" and "HTTP_X_BAD" not in ours
    assert ours["wsgi.url_scheme"] == "https"


async def test_an_unknown_event_is_no_environ() -> None:
    receive = _receiver([{"type": "lifespan.startup"}])
    assert await translate_request(_scope("http"), receive, _send) == {}


@pytest.mark.parametrize("lengths", [[None], [3, None], [4, 4, 100], [100]])
async def test_the_body_reads_as_engine_io_reads_it(lengths: list[int | None]) -> None:
    events = [{"type": "http.request", "body": b"hello ", "more_body": True},
              {"type": "http.request", "body": b"world", "more_body": True},
              {"type": "http.request", "body": b"!", "more_body": False}]
    ours = await translate_request(_scope("http"), _receiver(events), _send)
    theirs = await eio_asgi.translate_request(_scope("http"), _receiver(events), _send)
    assert isinstance(ours["wsgi.input"], AwaitablePayload)
    for length in lengths:
        assert await ours["wsgi.input"].read(length) == await theirs["wsgi.input"].read(length)
