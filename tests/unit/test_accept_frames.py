"""LeanWebSocketProtocol's accept with frames (transport/ws_protocol.py): the 101 and the
frames the app already has go out in one transport write, 101 first; an accept without
them is uvicorn's own. uvicorn's real protocol, on a transport that records its writes."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import uvicorn
from uvicorn.server import ServerState

from leflux.transport.engine_socket import ACCEPT_FRAMES
from leflux.transport.ws_protocol import LeanWebSocketProtocol

UPGRADE = (b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default


async def _accept(frames: list[str] | None, log_level: str = "warning",
                  handler: logging.Handler | None = None) -> list[bytes]:
    done = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()  # websocket.connect
        extra = {ACCEPT_FRAMES: frames} if frames is not None else {}
        await send({"type": "websocket.accept", **extra})
        done.set()
        await receive()

    config = uvicorn.Config(app, ws=LeanWebSocketProtocol, ws_ping_interval=None,
                            ws_per_message_deflate=False, log_level=log_level)
    config.load()
    if handler is not None:
        logging.getLogger("uvicorn.error").addHandler(handler)
    proto = LeanWebSocketProtocol(config, ServerState(), {})
    transport = RecordingTransport()
    proto.connection_made(transport)
    proto.data_received(UPGRADE)
    await asyncio.wait_for(done.wait(), 5.0)
    proto.connection_lost(None)
    await asyncio.sleep(0)
    if handler is not None:
        logging.getLogger("uvicorn.error").removeHandler(handler)
    return transport.writes


async def test_the_101_and_the_frames_are_one_write() -> None:
    writes = await _accept(["0{\"sid\":\"a\"}", "40"])
    assert len(writes) == 1
    head, _, frames = writes[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 101")
    assert frames == b"\x81\x0c" + b"0{\"sid\":\"a\"}" + b"\x81\x0240"


async def test_an_accept_without_frames_is_uvicorns() -> None:
    for frames in (None, []):
        writes = await _accept(frames)
        assert len(writes) == 1 and writes[0].startswith(b"HTTP/1.1 101")
        assert writes[0].endswith(b"\r\n\r\n")



async def test_the_accept_is_logged_as_uvicorn_logs_it():
    # Its arguments are worked out only when the line is logged; the line is uvicorn's.
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    await _accept(["40"], log_level="info", handler=Keep())
    assert any(line.endswith('"WebSocket /ws" [accepted]') for line in lines), lines
