"""A WebSocket's text frames as bytes, both ways, without websockets' generic frame
code (bench/FINDINGS.md, issue 18).

**Writing.** websockets' ``send_text`` builds a ``Frame``, checks it, runs it through the
connection's extensions and serializes it through a ``BytesIO``: ~2 µs for each of the
three frames a connect + join sends (engine.io's OPEN and CONNECT, ``session_joined``).
A server's frame of a connection without extensions is two to ten bytes of header and
the payload as it is (RFC 6455 5.2: FIN, opcode 1, no mask), which is what this writes,
on the conditions websockets' own ``send_text`` would write it at all; anything else
goes through ``send_text``.

**Reading** ("`update_context`: the frame read, the group commit without a task").
uvicorn's websockets-sansio protocol hands every chunk the connection reads to
websockets' ``Protocol.receive_data``: the chunk is appended to its reader's buffer and
its parser, a generator, reads each frame through ``Frame.parse`` and ``read_exact``,
yielding an ``Opcode`` enum, a ``Frame`` and a bytearray slice per frame; uvicorn then
walks the events it queued and decodes the text: for a small event ~15% of the server's
CPU on its way in. ``take_text_frames`` reads, from the start of a chunk, the frames
that are whole there and are plainly one message each: FIN set, no RSV bit, a text
opcode, masked (as a client must), a length within the connection's message limit,
UTF-8 text; ``deliver`` does what uvicorn's ``handle_text`` would do with each, in the
same order: the text is queued as ``websocket.receive`` and reading is paused as uvicorn
pauses it. Only when the parser sits between frames of an open connection, no
fragmented message under way, no extension, no debug logging: then the parser's state
after such a frame is its state before it (nothing it keeps depends on a whole text
frame), so skipping it is the same as feeding it. Whatever is left (a control frame, a
fragment, a frame cut by the chunk's end, a bad length or mask, invalid UTF-8) goes to
websockets as before, from that byte on, and meets the same answers; where websockets
fails on it (a protocol error), the frames read before it in the chunk are dropped with
it, as uvicorn drops the events parsed before the error.
"""

from __future__ import annotations

import struct
from typing import Any

from websockets.frames import apply_mask
from websockets.protocol import OPEN, SERVER, Protocol
from websockets.streams import StreamReader

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


# ------------------------------------------------------------------ reading

_PARSE = Protocol.parse.__code__
_AT_EOF = StreamReader.at_eof.__code__


def between_frames(conn: Any) -> bool:
    """websockets' parser is waiting for a frame's first byte (not inside one, not
    discarding after a close or an error), on an open connection with nothing buffered,
    no fragmented message under way, no extension and no debug logging."""
    if (conn.state is not OPEN or conn.reader.buffer or conn.current_size is not None
            or conn.extensions or conn.debug or conn.parser_exc is not None):
        return False
    # ServerProtocol's parse (websockets' or ws_protocol's _GivenRequest) delegates the
    # frames to Protocol.parse, which waits in the reader's at_eof between frames.
    gen = conn.parser.gi_yieldfrom
    if gen is None or gen.gi_code is not _PARSE:
        return False
    gen = gen.gi_yieldfrom
    return gen is not None and gen.gi_code is _AT_EOF


def take_text_frames(proto: Any, data: bytes) -> tuple[int, list[str]]:
    """The whole, plain text frames at the start of ``data`` for uvicorn's protocol
    ``proto``: the number of bytes they take (0: none) and their texts."""
    texts: list[str] = []
    conn = proto.conn
    if data[:1] != b"\x81" or proto.close_sent or proto.frames or not between_frames(conn):
        return 0, texts
    limit = conn.max_message_size
    if conn.max_fragment_size is not None:
        limit = (conn.max_fragment_size if limit is None
                 else min(limit, conn.max_fragment_size))
    pos, end = 0, len(data)
    while end - pos >= 6 and data[pos] == 0x81:  # FIN, no RSV bit, TEXT
        length = data[pos + 1] ^ 0x80  # the mask bit cleared: a client's frames have it
        if length < 126:
            head = pos + 2
        elif length == 126 and end - pos >= 8:
            length = (data[pos + 2] << 8) | data[pos + 3]
            head = pos + 4
        else:  # unmasked (websockets refuses it), 64-bit length or cut: websockets' way
            break
        start = head + 4
        if start + length > end or (limit is not None and length > limit):
            break
        try:
            texts.append(apply_mask(data[start:start + length], data[head:start]).decode())
        except UnicodeDecodeError:
            break  # websockets and uvicorn close with 1007 as before
        pos = start + length
    return pos, texts


def deliver(proto: Any, texts: list[str]) -> None:
    """uvicorn's ``handle_text`` and ``send_receive_event_to_app`` for final frames."""
    proto.curr_msg_data_type = "text"
    put = proto.queue.put_nowait
    for text in texts:
        put({"type": "websocket.receive", "text": text})
    if not proto.read_paused:
        proto.read_paused = True
        proto.transport.pause_reading()
