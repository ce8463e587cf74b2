"""The WebSocket upgrade request taken as httptools parsed it (transport/ws_protocol.py
``given_request``): the same ``Request`` websockets' parser reads from the bytes uvicorn
rebuilds, and None (uvicorn's own upgrade, the same refusal) for what it would refuse."""

from __future__ import annotations

from typing import Any

import pytest
from websockets.server import ServerProtocol

from leflux.transport.ws_protocol import _GivenRequest, given_request

BASE = [(b"host", b"x"), (b"upgrade", b"websocket"), (b"connection", b"Upgrade"),
        (b"sec-websocket-version", b"13"), (b"sec-websocket-key", b"dGhlIHNhbXBsZSBub25jZQ==")]


class Http:
    """What given_request reads of uvicorn's httptools protocol."""

    def __init__(self, headers: list[tuple[bytes, bytes]], url: bytes = b"/socket.io/?EIO=4",
                 method: str = "GET") -> None:
        self.url = url
        self.scope: dict[str, Any] = {"method": method, "headers": headers}


def _stock(http: Http) -> Any:
    """What uvicorn's upgrade hands websockets' parser, parsed by it."""
    out = [http.scope["method"].encode(), b" ", http.url, b" HTTP/1.1\r\n"]
    for name, value in http.scope["headers"]:
        out += [name, b": ", value, b"\r\n"]
    conn = ServerProtocol()
    conn.receive_data(b"".join([*out, b"\r\n"]))
    events = conn.events_received()
    return events[0] if events else conn.handshake_exc


@pytest.mark.parametrize("headers", [
    BASE,
    [*BASE, (b"origin", b"http://site.test"), (b"cookie", b"a=b; c=d")],
    [*BASE, (b"x-odd", b"caf\xe9 \t"), (b"x-empty", b"")],
    [*BASE, (b"content-length", b"0"), (b"x-dup", b"1"), (b"x-dup", b"2")],
])
def test_the_same_request_as_websockets_parser(headers):
    http = Http(headers)
    mine, stock = given_request(http), _stock(http)
    assert mine is not None
    assert (mine.path, mine.method, mine.protocol) == (stock.path, stock.method, stock.protocol)
    assert list(mine.headers.raw_items()) == list(stock.headers.raw_items())


@pytest.mark.parametrize("http", [
    Http([*BASE, (b"content-length", b"5")]),
    Http([*BASE, (b"transfer-encoding", b"chunked")]),
    Http([*BASE, (b"bad name", b"x")]),
    Http([*BASE, (b"x", b"a\x00b")]),
    Http([*BASE] + [(b"x-%d" % i, b"y") for i in range(130)]),
    Http(BASE, url=b"/" + b"a" * 9000),
    Http(BASE, method="POST"),
])
def test_what_websockets_refuses_takes_uvicorns_way(http):
    assert given_request(http) is None


def test_the_frames_parser_starts_at_the_frames():
    conn = _GivenRequest()
    # A masked text frame "hi", straight away: no request line read first.
    conn.receive_data(b"\x81\x82" + b"\x00\x00\x00\x00" + b"hi")
    (frame,) = conn.events_received()
    assert frame.data == b"hi"


def _accepted(conn: Any, http: Http) -> Any:
    request = given_request(http)
    assert request is not None
    response = conn.accept(request)
    if "Date" in response.headers:
        del response.headers["Date"]
    return (response.status_code, response.reason_phrase, list(response.headers.raw_items()),
            response.body, conn.origin, conn.extensions, conn.subprotocol,
            type(conn.handshake_exc))


@pytest.mark.parametrize("headers", [
    BASE,
    [*BASE, (b"origin", b"http://site.test")],
    [*BASE, (b"sec-websocket-extensions", b"permessage-deflate; client_max_window_bits")],
    # Off the fast path: websockets' own checks and refusals, the same either way.
    [*BASE, (b"sec-websocket-protocol", b"chat")],
    [*BASE, (b"origin", b"http://a.test"), (b"origin", b"http://b.test")],
    [(n, b"keep-alive, Upgrade" if n == b"connection" else v) for n, v in BASE],
    [(n, b"WebSocket" if n == b"upgrade" else v) for n, v in BASE],
    [(n, b"h2c" if n == b"upgrade" else v) for n, v in BASE],
    [(n, b"close" if n == b"connection" else v) for n, v in BASE],
    [(n, b"12" if n == b"sec-websocket-version" else v) for n, v in BASE],
    [(n, b"not base64!" if n == b"sec-websocket-key" else v) for n, v in BASE],
    [(n, b"c2hvcnQ=" if n == b"sec-websocket-key" else v) for n, v in BASE],
    [*BASE, (b"sec-websocket-key", b"dGhlIHNhbXBsZSBub25jZQ==")],
    [*BASE, (b"upgrade", b"websocket")],
    [n for n in BASE if n[0] != b"sec-websocket-key"],
    [n for n in BASE if n[0] != b"sec-websocket-version"],
    [n for n in BASE if n[0] != b"connection"],
])
def test_the_accept_is_websockets_own(headers):
    """The same response (status, headers but the ``Date`` uvicorn deletes, body) and
    the same negotiated state as websockets' accept, on the fast path and off it."""
    http = Http(headers)
    assert _accepted(_GivenRequest(), http) == _accepted(ServerProtocol(), http)


def test_the_fast_accept_is_the_rfc_example():
    response = _GivenRequest().accept(given_request(Http(BASE)))  # type: ignore[arg-type]
    assert response.status_code == 101 and "Date" not in response.headers
    assert response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
