"""The plain text frames read without websockets' parser (transport/ws_frames.py):
whatever a client sends, in whatever chunks it arrives, LeanWebSocketProtocol hands the
app the same messages, writes the same bytes and closes as uvicorn's own protocol does
with websockets' parser; and a plain text frame does not go through that parser."""

from __future__ import annotations

import asyncio
import random
import struct
from typing import Any

import pytest
import uvicorn
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from uvicorn.server import ServerState
from websockets.http11 import Request
from websockets.streams import StreamReader

from leflux.transport.ws_protocol import LeanWebSocketProtocol

from .test_accept_frames import UPGRADE, RecordingTransport

MAX_SIZE = 4096
TEXT, BINARY, CONT, CLOSE, PING, PONG = 1, 2, 0, 8, 9, 10


class Transport(RecordingTransport):
    def __init__(self) -> None:
        super().__init__()
        self.reading: list[bool] = []

    def pause_reading(self) -> None:
        self.reading.append(False)

    def resume_reading(self) -> None:
        self.reading.append(True)


def request() -> Request:
    reader = StreamReader()
    reader.feed_data(UPGRADE)
    parse = Request.parse(reader.read_line)
    try:
        next(parse)
    except StopIteration as done:
        parsed: Request = done.value
        return parsed
    raise AssertionError("the upgrade request is whole")


def frame(opcode: int, payload: bytes, *, fin: bool = True, masked: bool = True,
          rsv: int = 0, rng: random.Random | None = None, long16: bool = False) -> bytes:
    head = bytes([(0x80 if fin else 0) | rsv << 4 | opcode])
    n = len(payload)
    bit = 0x80 if masked else 0
    if n < 126 and not long16:
        head += bytes([bit | n])
    elif n < 65536:
        head += bytes([bit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([bit | 127]) + struct.pack("!Q", n)
    if not masked:
        return head + payload
    mask = bytes((rng or random.Random(0)).randrange(256) for _ in range(4))
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class Conn:
    """One protocol (uvicorn's or LeFlux's) on a recording transport, upgraded and
    accepted by an app that records what it receives."""

    def __init__(self, kind: type[Any], given: bool = False) -> None:
        self.kind, self.given = kind, given
        self.got: list[dict[str, Any]] = []  # and what data_received raised
        self.accepted = asyncio.Event()

    async def open(self) -> Conn:
        async def app(scope: Any, receive: Any, send: Any) -> None:
            await receive()
            await send({"type": "websocket.accept"})
            self.accepted.set()
            while True:
                message = await receive()
                self.got.append(message)
                if message["type"] == "websocket.disconnect":
                    return

        config = uvicorn.Config(app, ws=self.kind, ws_ping_interval=None,
                                ws_per_message_deflate=False, ws_max_size=MAX_SIZE,
                                log_level="critical")
        config.load()
        self.transport = Transport()
        if self.given:  # as LeFlux's server makes it: the upgrade parsed by httptools
            self.proto = self.kind(config, ServerState(), {}, request_given=True)
            self.proto.connection_made(self.transport)
            self.proto.handle_connect(request())
        else:
            self.proto = self.kind(config, ServerState(), {})
            self.proto.connection_made(self.transport)
            self.proto.data_received(UPGRADE)
        await asyncio.wait_for(self.accepted.wait(), 5.0)
        self.transport.writes.clear()
        return self

    async def feed(self, chunks: list[bytes]) -> None:
        for chunk in chunks:
            if self.transport.closed:
                break
            try:
                self.proto.data_received(chunk)
            except Exception as exc:  # uvicorn's own (bad UTF-8 on a closing connection)
                self.got.append({"raised": repr(exc)})
            for _ in range(3):
                await asyncio.sleep(0)

    def outcome(self) -> tuple[Any, ...]:
        return (self.got, self.transport.writes, self.transport.closed, self.transport.reading,
                self.proto.conn.state, self.proto.read_paused, self.proto.close_sent)


def _fragmented(text: bytes, rng: random.Random) -> bytes:
    ping = frame(PING, b"", rng=rng) if rng.random() < 0.3 else b""
    return frame(TEXT, text[:3], fin=False, rng=rng) + ping + frame(CONT, text[3:], rng=rng)


# What a client may send (and a hostile one): (weight, frames for a text of some size).
KINDS: dict[str, tuple[int, Any]] = {
    "text": (30, lambda t, r: frame(TEXT, t, rng=r)),
    "unicode": (8, lambda t, r: frame(TEXT, ("é☃\u2028" * (len(t) // 3)).encode(), rng=r)),
    "long": (6, lambda t, r: frame(TEXT, b"a" * r.choice([MAX_SIZE, MAX_SIZE - 1, 4000]),
                                   rng=r)),
    "binary": (4, lambda t, r: frame(BINARY, t, rng=r)),
    "ping": (3, lambda t, r: frame(PING, b"hi", rng=r)),
    "pong": (2, lambda t, r: frame(PONG, b"", rng=r)),
    "fragmented": (4, _fragmented),
    "unmasked": (1, lambda t, r: frame(TEXT, t, masked=False)),
    "rsv": (1, lambda t, r: frame(TEXT, t, rsv=r.choice([1, 2, 4]), rng=r)),
    "bad_utf8": (1, lambda t, r: frame(TEXT, b"42\xff\xfe" + t, rng=r)),
    "too_big": (1, lambda t, r: frame(TEXT, b"b" * (MAX_SIZE + 1), rng=r)),
    "close": (1, lambda t, r: frame(CLOSE, struct.pack("!H", 1000), rng=r)),
    "len16_small": (2, lambda t, r: frame(TEXT, t[:100], rng=r, long16=True)),
    "len64": (1, lambda t, r: frame(TEXT, b"c" * 70_000, rng=r)),
}


def random_frames(rng: random.Random) -> bytes:
    out = b""
    for _ in range(rng.randrange(1, 7)):
        [kind] = rng.choices(list(KINDS), weights=[w for w, _ in KINDS.values()])
        text = ("42" + "x" * rng.choice([0, 1, 5, 125, 126, 127, 300, 2800])).encode()
        out += KINDS[kind][1](text, rng)
    return out


def chunked(data: bytes, rng: random.Random) -> list[bytes]:
    if rng.random() < 0.5:
        return [data]
    cuts = sorted(rng.sample(range(1, len(data)), min(len(data) - 1, rng.randrange(1, 5))))
    return [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]


@pytest.mark.parametrize("seed", range(200))
async def test_same_as_uvicorn_with_websockets_parser(seed: int) -> None:
    rng = random.Random(seed)
    chunks = chunked(b"".join(random_frames(rng) for _ in range(rng.randrange(1, 3))), rng)
    stock = await Conn(WebSocketsSansIOProtocol).open()
    lean = await Conn(LeanWebSocketProtocol, given=seed % 2 == 0).open()
    await stock.feed(chunks)
    await lean.feed(chunks)
    assert lean.outcome() == stock.outcome()


@pytest.mark.parametrize("given", [True, False])
async def test_a_plain_text_frame_skips_the_parser(given: bool) -> None:
    lean = await Conn(LeanWebSocketProtocol, given).open()
    parsed: list[bytes] = []
    receive_data = lean.proto.conn.receive_data
    lean.proto.conn.receive_data = lambda data: (parsed.append(data), receive_data(data))
    plain = frame(TEXT, '42["update_context",{"a":"é"}]'.encode())
    ping = frame(PING, b"p")
    await lean.feed([plain + plain, plain + ping + plain])
    assert parsed == [ping + plain]  # the rest from the first frame it does not take
    assert [m["text"] for m in lean.got] == ['42["update_context",{"a":"é"}]'] * 4
    assert lean.transport.writes == [b"\x8a\x01p"]  # the pong, as websockets answers
