"""The SSE decoder on its own: events come out whole however the bytes were split."""

from __future__ import annotations

import json
import random

import pytest

from leflux.providers.sse import MAX_EVENT_BYTES, SSEDecoder, SSEError


def body(eol: bytes = b"\n") -> tuple[bytes, list[bytes]]:
    """A stream with the awkward parts (comments, other fields, multi-line data,
    non-ASCII text, an empty event) and the payloads it must decode to."""
    chunks = [{"choices": [{"index": 0, "delta": {"content": t}}]}
              for t in ["Héllo", " wörld ", "👋🏽", "!"]]
    multi = json.dumps({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
                       indent=1).encode()
    lines = [b": keep-alive", b""]
    payloads = []
    for c in chunks:
        data = json.dumps(c, ensure_ascii=False).encode()
        lines += [b"event: message", b"id: 7", b"retry: 100", b"data: " + data, b""]
        payloads.append(data)
    lines += [b"data: " + part for part in multi.split(b"\n")] + [b""]
    payloads.append(multi)
    lines += [b"event: ping", b""]  # an event without data: nothing
    lines += [b"data: [DONE]", b""]
    payloads.append(b"[DONE]")
    return eol.join(lines) + eol, payloads


def feed_all(pieces: list[bytes]) -> list[bytes]:
    decoder = SSEDecoder()
    out: list[bytes] = []
    for piece in pieces:
        out += decoder.feed(piece)
    return out + decoder.finish()


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_whole_body(eol):
    raw, payloads = body(eol)
    assert feed_all([raw]) == payloads


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_split_at_every_byte_boundary(eol):
    raw, payloads = body(eol)
    for cut in range(1, len(raw)):
        assert feed_all([raw[:cut], raw[cut:]]) == payloads, cut
    assert feed_all([raw[i : i + 1] for i in range(len(raw))]) == payloads


@pytest.mark.parametrize("eol", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
def test_random_splits(eol):
    raw, payloads = body(eol)
    rng = random.Random(7)
    for _ in range(300):
        cuts = sorted(rng.sample(range(1, len(raw)), rng.randint(2, 40)))
        pieces = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
        assert feed_all(pieces) == payloads


def test_crlf_split_between_cr_and_lf_is_one_line_end():
    # "\r" ends one read and "\n" starts the next: one line end, not a blank line
    # (a blank line would end the event early and lose its second data line).
    assert feed_all([b"data: 1\r", b"\ndata: 2\r", b"\n\r", b"\n"]) == [b"1\n2"]


def test_unfinished_event_at_end_of_body_is_dropped():
    assert feed_all([b"data: 1\n\ndata: 2\n"]) == [b"1"]
    # ... but a final CR is a line end, so this event is complete.
    assert feed_all([b"data: 1\n\r"]) == [b"1"]


def test_field_forms():
    raw = b"data:no-space\n\ndata\n\n:comment\ndata:  two spaces\n\n"
    assert feed_all([raw]) == [b"no-space", b"", b" two spaces"]


def test_oversized_event_is_refused():
    decoder = SSEDecoder()
    piece = b"x" * (1024 * 1024)
    with pytest.raises(SSEError):
        decoder.feed(b"data: ")
        for _ in range(MAX_EVENT_BYTES // len(piece) + 1):
            decoder.feed(piece)
    # SSEError is a ValueError, which the provider maps to a planner error.
    assert issubclass(SSEError, ValueError)


@pytest.mark.parametrize("raw", [
    b"data: 1\n\ndata: 2\n\n",  # whole one-line events: read in one split
    b"data: \n\ndata:  x\n\n",  # an empty value; a value starting with a space
    b"data:1\n\n",  # no space after the colon
    b"data\n\n",  # a field name alone
    b"data: 1\ndata: 2\n\n",  # two data lines, one event
    b": ping\n\ndata: 1\n\n",  # a comment
    b"data: 1\n\n\n\ndata: 2\n\n",  # blank lines between events
    b"event: x\ndata: 1\n\n",  # another field
    b"data: 1\r\n\r\n",  # CRLF
], ids=["one-line", "empty-value", "no-space", "bare", "multi-line", "comment",
        "blank-lines", "field", "crlf"])
def test_a_read_of_whole_events_decodes_as_line_by_line(raw):
    # A read made of whole events may take a quicker way than one fed byte by byte
    # (which always goes line by line): both give the same payloads.
    assert feed_all([raw]) == feed_all([raw[i:i + 1] for i in range(len(raw))])


def test_whole_events_after_a_split_one_wait_for_its_end():
    decoder = SSEDecoder()
    assert decoder.feed(b"data: 1\n\ndata: 2") == [b"1"]
    assert decoder.feed(b"3\n\ndata: 4\n\n") == [b"23", b"4"]  # the held part first
