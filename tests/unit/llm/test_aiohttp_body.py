"""The body read out of aiohttp's StreamReader in one piece (providers/aiohttp_body.py):
the bytes, the reader's bookkeeping and its flow control as aiohttp's ``readany`` leaves
them, with one resume per read and none when nothing paused the connection."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

aiohttp_streams = pytest.importorskip("aiohttp.streams")

from leflux.providers.aiohttp_body import body_reader  # noqa: E402


class Protocol:
    """What a StreamReader asks of its connection: pause and resume, counted."""

    def __init__(self) -> None:
        self.connected = True
        self._reading_paused = False
        self.resumes = 0

    def pause_reading(self) -> None:
        self._reading_paused = True

    def resume_reading(self, resume_parser: bool = True) -> None:
        self.resumes += 1
        self._reading_paused = False


def reader(limit: int = 2**16) -> tuple[Any, Protocol]:
    protocol = Protocol()
    content = aiohttp_streams.StreamReader(protocol, limit, loop=asyncio.get_running_loop())
    content.begin_http_chunk_receiving()
    return content, protocol


def feed(content: Any, *pieces: bytes) -> None:
    for piece in pieces:  # one HTTP chunk each, as aiohttp's parser feeds them
        content.feed_data(piece)
        content.end_http_chunk_receiving()


def state(content: Any) -> tuple[Any, ...]:
    return (content._size, content._cursor, list(content._http_chunk_splits),
            list(content._buffer), content._buffer_offset)


async def test_what_has_arrived_comes_as_one_piece_as_readany_gives_it():
    ours, theirs = reader(), reader()
    read = body_reader(ours[0])
    assert read is not None and read != ours[0].readany
    events = [b"data: {\"n\": %d}\n\n" % i for i in range(12)]
    feed(ours[0], *events)
    feed(theirs[0], *events)
    assert await read() == await theirs[0].readany() == b"".join(events)
    assert state(ours[0]) == state(theirs[0])
    feed(ours[0], b"one")
    feed(theirs[0], b"one")
    assert await read() == await theirs[0].readany() == b"one"
    assert state(ours[0]) == state(theirs[0])


async def test_a_read_waits_for_bytes_and_gives_b_empty_at_the_end():
    content, _ = reader()
    read = body_reader(content)
    assert read is not None
    pending = asyncio.ensure_future(read())
    await asyncio.sleep(0)
    assert not pending.done()  # nothing has arrived: it waits, it does not spin
    feed(content, b"a", b"b")
    assert await asyncio.wait_for(pending, 1) == b"ab"
    pending = asyncio.ensure_future(read())
    await asyncio.sleep(0)
    content.feed_eof()
    assert await asyncio.wait_for(pending, 1) == b""
    assert await read() == b""


async def test_no_resume_unless_reading_was_paused_then_one_per_read():
    content, protocol = reader(limit=64)  # high water 128 bytes / 4 HTTP chunks
    read = body_reader(content)
    assert read is not None
    feed(content, *[b"x" * 10] * 3)
    assert not protocol._reading_paused
    assert await read() == b"x" * 30
    assert protocol.resumes == 0  # never paused: nothing to resume (readany: 3 calls)
    feed(content, *[b"y" * 50] * 3)  # over the high water: aiohttp pauses reading
    assert protocol._reading_paused
    assert await read() == b"y" * 150
    assert protocol.resumes == 1 and not protocol._reading_paused
    feed(content, *[b"z"] * 5)  # too many HTTP chunks: paused too
    assert protocol._reading_paused
    assert await read() == b"z" * 5
    assert protocol.resumes == 2 and not protocol._reading_paused


async def test_an_error_on_the_connection_is_raised():
    content, _ = reader()
    read = body_reader(content)
    assert read is not None
    content.set_exception(ConnectionResetError("gone"))
    with pytest.raises(ConnectionResetError):
        await read()


async def test_another_readers_own_readany_is_used():
    class Other:
        async def readany(self) -> bytes:
            return b"theirs"

    other = Other()
    read = body_reader(other)
    assert read is not None and await read() == b"theirs"
    assert body_reader(object()) is None
