"""A streamed response body read straight out of aiohttp's ``StreamReader``: everything
that has arrived, in one piece, with one flow-control check per read.

aiohttp's ``readany`` returns the same bytes, but takes them one HTTP chunk at a time
(``_read_nowait_chunk``), and after each one asks the connection to resume reading
(``resume_reading``: the HTTP parser fed an empty read, the transport told to read),
whether or not anything paused it. A chat-completions stream sends an HTTP chunk per
event, so a read that finds k events waiting paid that k times: at 1,000 replies x 50
tokens/s (~8 events per read) ~7% of the relay's CPU (bench/FINDINGS.md, "The LLM relay:
one piece per read from aiohttp"). Here the waiting pieces are taken in one join, and the
connection is resumed, as aiohttp does, when the buffer is under its low-water marks,
but only if reading was paused (nothing else is pending then: only identity-encoded
bodies come here, so the parser holds no decompressed data back).

The private names are aiohttp's (written against 3.14); where one is missing the reader
is aiohttp's own ``readany``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

# What the reader below touches on the StreamReader and on its protocol.
_READER = ("_buffer", "_buffer_offset", "_size", "_cursor", "_http_chunk_splits",
           "_low_water", "_low_water_chunks", "_eof", "_exception", "_timer", "_wait",
           "_protocol")


def body_reader(content: Any) -> Callable[[], Awaitable[bytes]] | None:
    """``content.readany``'s equivalent for an aiohttp ``StreamReader`` (b"" at the end
    of the body); aiohttp's own ``readany`` where this aiohttp's reader is not the one
    this was written against; None if ``content`` has no ``readany``."""
    readany = getattr(content, "readany", None)
    if not callable(readany):
        return None
    if not all(hasattr(content, name) for name in _READER) or not hasattr(
            content._protocol, "_reading_paused"):
        return readany

    async def read() -> bytes:
        if content._exception is not None:
            raise content._exception
        while not content._buffer and not content._eof:
            await content._wait("readany")
        return _take(content)

    return read


def _take(content: Any) -> bytes:
    """Everything buffered (``_read_nowait(-1)`` in one piece)."""
    content._timer.assert_timeout()
    buffer = content._buffer
    if not buffer:
        return b""
    offset = content._buffer_offset
    if offset:
        buffer[0] = buffer[0][offset:]
        content._buffer_offset = 0
    data: bytes = buffer.popleft() if len(buffer) == 1 else b"".join(buffer)
    buffer.clear()
    size = len(data)
    content._size -= size
    content._cursor += size
    splits = content._http_chunk_splits
    while splits and splits[0] < content._cursor:  # as aiohttp drops the spent ones
        splits.popleft()
    protocol = content._protocol
    if (protocol._reading_paused and content._size < content._low_water
            and (splits is None or len(splits) < content._low_water_chunks)):
        protocol.resume_reading()
    return data
