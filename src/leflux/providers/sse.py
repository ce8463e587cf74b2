"""Server-sent events, decoded straight from response bytes.

Only what a chat-completions stream needs: each event's ``data`` (its ``data:`` lines
joined by newlines), as bytes for ``orjson.loads``. Comment lines (``: keep-alive``),
``event:``/``id:``/``retry:`` fields and events without data are skipped. LF, CRLF and
lone CR all end lines, and both lines and events may be split across network reads.
An event left unfinished when the body ends is dropped, as the SSE spec says.

This replaces the SDK's decoder (a str per line, a ``ServerSentEvent`` per event, then a
pydantic chunk model), whose per-chunk work was half the CPU of a streamed token.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable
from typing import Any, TypeVar

from leflux.providers.failures import http_clients

T = TypeVar("T")

# A bound on one event: a server that never ends a line must not grow us without limit.
MAX_EVENT_BYTES = 16 * 1024 * 1024


def read_errors() -> tuple[type[BaseException], ...]:
    """Raised while reading a body: the SDK's own stream maps them to APITimeoutError /
    APIConnectionError, and so do we, so callers see the same errors as before. Asked
    for after the SDK is imported (it loads its HTTP client: ``failures.http_clients``)."""
    errors: list[type[BaseException]] = [c.RequestError for c in http_clients()]
    errors.append(ssl.SSLError)
    try:  # what an anyio TLS stream raises when the peer goes away mid-body
        import anyio

        errors.append(anyio.EndOfStream)
    except ImportError:
        pass
    return tuple(errors)


def read_timeouts() -> tuple[type[BaseException], ...]:
    """The read timeouts among ``read_errors``, asked for the same way."""
    return tuple(c.TimeoutException for c in http_clients())


class SSEError(ValueError):
    """The body is not a usable event stream (an event over the size bound)."""


class SSEDecoder:
    """Feed raw body bytes, get back the data of every event they complete."""

    __slots__ = ("_data", "_data_size", "_pending", "_pending_size")

    def __init__(self) -> None:
        self._pending: list[bytes] = []  # the unfinished last line, in pieces
        self._pending_size = 0
        self._data: list[bytes] = []  # data lines of the event being read
        self._data_size = 0

    def feed(self, chunk: bytes) -> list[bytes]:
        if (chunk.endswith(b"\n\n") and not self._pending and not self._data
                and len(chunk) <= MAX_EVENT_BYTES and b"\r" not in chunk):
            # The usual read: whole events of one "data: " line each, as the servers
            # write them; the same payloads as the line-by-line way below, read faster
            # (anything else there: comments, fields, multi-line data, a bare "data").
            events = chunk[:-2].split(b"\n\n")
            for event in events:
                if not event.startswith(b"data: ") or b"\n" in event:
                    break
            else:
                return [event[6:] for event in events]
        if b"\n" not in chunk and b"\r" not in chunk:
            # No line ends yet (a long line arriving in pieces): just keep the piece.
            self._pending.append(chunk)
            self._pending_size += len(chunk)
            if self._pending_size + self._data_size > MAX_EVENT_BYTES:
                raise SSEError("server-sent event too large")
            return []
        if self._pending:
            chunk = b"".join(self._pending) + chunk
            self._pending.clear()
            self._pending_size = 0
        held_cr = False
        if b"\r" in chunk:
            if chunk[-1] == 13:
                # A CR ending this read may be the first half of a CRLF: decide next read.
                held_cr = True
                chunk = chunk[:-1]
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = chunk.split(b"\n")
        tail = lines.pop()  # the unfinished last line ("" when the read ended a line)
        if tail:
            self._keep(tail)
        if held_cr:
            self._keep(b"\r")
        return self._events(lines)

    def _events(self, lines: list[bytes]) -> list[bytes]:
        """The events that whole lines complete (their data lines joined)."""
        out: list[bytes] = []
        data = self._data
        for line in lines:
            if not line:
                # A blank line ends the event.
                if data:
                    out.append(data[0] if len(data) == 1 else b"\n".join(data))
                    data.clear()
                    self._data_size = 0
            elif line.startswith(b"data:"):
                value = line[6:] if line.startswith(b"data: ") else line[5:]
                data.append(value)
                self._data_size += len(value)
                if self._data_size > MAX_EVENT_BYTES:
                    raise SSEError("server-sent event too large")
            elif line == b"data":  # a field name alone is that field with an empty value
                data.append(b"")
            # Anything else is a comment (":...") or a field we do not use.
        return out

    def finish(self) -> list[bytes]:
        """At the end of the body: a CR held back is a line end after all."""
        if self._pending and self._pending[-1] == b"\r":
            return self.feed(b"\n")
        return []

    def _keep(self, piece: bytes) -> None:
        self._pending.append(piece)
        self._pending_size += len(piece)
        if self._pending_size + self._data_size > MAX_EVENT_BYTES:
            raise SSEError("server-sent event too large")


class Deadline:
    """A whole stream's deadline as one timer. ``asyncio.timeout_at`` around each read
    made and cancelled a timer per network read (with the engine.io writer's, ~13% of
    the relay's CPU at 100 streams, bench/FINDINGS.md). The timer cancels the reading
    task only while it waits in :meth:`wait` (then TimeoutError, as ``timeout_at``
    raises); between reads, while the text is being relayed, the next read raises."""

    __slots__ = ("_cancelling", "_fired", "_handle", "_task", "expired")

    def __init__(self, when: float) -> None:
        self.expired = False
        self._task: asyncio.Task[Any] | None = None  # the task inside wait(), if any
        self._cancelling = 0
        self._fired = False  # this timer cancelled that task
        self._handle = asyncio.get_running_loop().call_at(when, self._expire)

    def _expire(self) -> None:
        self.expired = True
        if self._task is not None and not self._task.done():
            self._fired = True
            self._task.cancel()

    async def wait(self, step: Awaitable[T]) -> T:
        if self.expired:
            close = getattr(step, "close", None)
            if close is not None:
                close()  # a coroutine never awaited: no "never awaited" warning
            raise TimeoutError
        task = self._task = asyncio.current_task()
        assert task is not None
        self._cancelling = task.cancelling()
        try:
            return await step
        except asyncio.CancelledError:
            if self._fired and task.uncancel() <= self._cancelling:
                raise TimeoutError from None
            raise
        finally:
            self._task = None
            self._fired = False

    def cancel(self) -> None:
        self._handle.cancel()
