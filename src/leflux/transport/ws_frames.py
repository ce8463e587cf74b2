"""A server's text frames written as bytes straight away (bench/FINDINGS.md, issue 18).

websockets' ``send_text`` builds a ``Frame``, checks it, runs it through the
connection's extensions and serializes it through a ``BytesIO``: ~2 µs for each of the
three frames a connect + join sends (engine.io's OPEN and CONNECT, ``session_joined``).
A server's frame of a connection without extensions is two to ten bytes of header and
the payload as it is (RFC 6455 5.2: FIN, opcode 1, no mask), which is what this writes,
on the conditions websockets' own ``send_text`` would write it at all; anything else
goes through ``send_text``.
"""

from __future__ import annotations

import struct
from typing import Any

from websockets.protocol import OPEN, SERVER

_HEAD16 = struct.Struct("!BBH")
_HEAD64 = struct.Struct("!BBQ")


def text_frame(data: bytes) -> bytes:
    """An unmasked, final text frame carrying ``data`` (RFC 6455 5.2)."""
    length = len(data)
    if length < 126:
        return bytes((0x81, length)) + data
    if length < 65536:
        return _HEAD16.pack(0x81, 126, length) + data
    return _HEAD64.pack(0x81, 127, length) + data


def send_texts(conn: Any, texts: list[str]) -> bytes:
    """What websockets' ``conn`` has to send with ``texts`` sent as text frames after
    it, as ``send_text`` then ``data_to_send`` would give it (and raise)."""
    if (conn.side is SERVER and conn.state is OPEN and not conn.extensions
            and not conn.expect_continuation_frame and not conn.debug):
        pending = conn.data_to_send()
        frames = [text_frame(t.encode()) for t in texts]
        return b"".join(pending + frames) if pending else b"".join(frames)
    for text in texts:
        conn.send_text(text.encode())
    return b"".join(conn.data_to_send())
