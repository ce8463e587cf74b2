"""engine.io's per-socket parts, lighter (bench/FINDINGS.md).

``QuickPollSocket``: the writer task's wait without a Task per frame (CPU while
streaming), and the reader's wait for the next frame without one either (latency under
load); the ping without a task per socket (memory while idle). ``SocketQueue`` via
``LeanEngineIO`` (transport/live_socket.py, which also runs a WebSocket's socket without
those tasks): a socket's outgoing queue without ``asyncio.Queue``'s idle weight (memory
with 10,000 sockets). ``CheckedWebSocket``: a frame engine.io cannot decode closes its
socket with one warning line, not a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from engineio.async_drivers.asgi import WebSocket as AsgiWebSocket
from engineio.async_socket import AsyncSocket
from engineio.exceptions import QueueEmpty, SocketIsClosedError, UnknownPacketError
from engineio.packet import OPEN, PING, Packet

from leflux.compat import (
    HookedSocket,
    websocket_has_unread,
    websocket_write_now,
)

log = logging.getLogger("leflux.transport")

# Engine.IO packet types a client may send as text: open (0) to noop (6).
PACKET_TYPES = frozenset("0123456")
BAD_FRAME_LOG_EVERY_S = 10.0
# A ``websocket.accept``'s text frames to write with the 101 (transport/ws_protocol.py).
ACCEPT_FRAMES = "leflux.frames"


class QuickPollSocket(HookedSocket):
    """engine.io's socket with a cheaper ``poll`` (what its writer task awaits before
    every frame it sends). The stock one wraps each wait in ``asyncio.wait_for``, which
    makes a Task and a timer per wake-up: ~11% of the server's CPU with 1,000 replies
    streaming. This one takes what is queued without waiting, and otherwise waits under
    ``asyncio.timeout`` (a timer, no Task). Same contract: the packets queued, ``[]``
    once the socket closes, ``QueueEmpty`` when nothing came within the ping window."""

    # Set by the socket's reader (transport/live_socket.py) while it handles the last
    # frame queued: called as that frame's Socket.IO event starts, which then runs in
    # the reader's task (``LiveSocket._hand_over``).
    handing_over: Callable[[], None] | None = None

    async def poll(self) -> list[Any]:
        return await self._poll(self.server.ping_interval + self.server.ping_timeout)

    async def _poll(self, deadline_s: float | None) -> list[Any]:
        queue = self.queue
        try:
            if not queue.empty():
                pkt = queue.get_nowait()
            elif deadline_s is None:
                pkt = await queue.get()
            else:
                async with asyncio.timeout(deadline_s):
                    pkt = await queue.get()
        except (TimeoutError, asyncio.CancelledError):
            raise QueueEmpty() from None
        queue.task_done()
        if pkt is None:
            return []
        packets = [pkt]
        while not queue.empty():
            pkt = queue.get_nowait()
            queue.task_done()
            if pkt is None:
                queue.put_nowait(None)  # seen again by the next poll: the socket closed
                break
            packets.append(pkt)
        return packets

    async def send(self, pkt: Any) -> None:
        """engine.io's send (a Socket.IO ack, an emit): written at once when the socket's
        writer is idle (``write_now``: one pass of the event loop less for an
        ``action_complete``'s ack), queued behind what is queued otherwise. Pings do not
        come here (``_ping``)."""
        if not await self.check_ping_timeout():
            return
        if not write_now(self, pkt):
            await self.queue.put(pkt)

    last_ping: float | None  # engine.io's (BaseSocket sets it)

    def schedule_ping(self) -> None:
        """engine.io's ``schedule_ping`` without its task: the wait before the next PING
        is a timer (a task sleeping ``ping_interval`` was ~1 KB per idle socket)."""
        if self.last_ping:
            self.last_ping = None
            asyncio.get_running_loop().call_later(self.server.ping_interval, self._ping)

    def _ping(self) -> None:
        # engine.io's _send_ping after its sleep: send() on a socket that is not closed
        # and whose PING this is (no ping timeout to check), without a task. Through
        # the queue, never written at once: the writer's poll ends the socket when
        # nothing comes within ping interval + timeout, and the PING is what wakes the
        # writer of an idle socket (written at once, an idle socket that answered every
        # ping was closed after 45 s).
        if not self.closing and not self.closed:
            self.last_ping = time.time()
            self.queue.put_nowait(Packet(PING))

    async def websocket_loop(self, ws: Any) -> None:
        """engine.io's WebSocket loop, reading each frame without a Task around the wait.

        The stock loop wraps every wait in ``ensure_future`` and ``wait_for``: a Task per
        frame, and two more passes of the event loop (the Task's end, then
        ``wait_for``'s waiter) between a frame's arrival and its handling. With 100
        sessions busy, a pass that runs the other sessions' turns is ~40 ms here: an
        ``action_complete`` waited ~170 ms in the server for its ack, ~105 ms without
        these two (bench/FINDINGS.md). Same contract: the writer task, the read deadline
        (ping interval + timeout), an over-size frame or the client's close ends the
        loop, a packet's failure is logged and the loop reads on, then the socket
        closes."""
        if getattr(self, "connected", False):  # an upgrade from long-polling (not offered)
            await super().websocket_loop(ws)
            return
        self.connected = True
        self.upgraded = True
        writer = asyncio.ensure_future(self._write_frames(ws))
        limit = self.server.max_http_buffer_size
        wait_s = self.server.ping_interval + self.server.ping_timeout
        while True:
            frame = pkt = None  # the last frame is not kept while the socket waits
            try:
                async with asyncio.timeout(wait_s):
                    frame = await ws.wait()
            except BaseException:  # the deadline, the socket gone, the task cancelled
                break
            if frame is None or len(frame) > limit:
                break  # the client closed, or a frame over engine.io's hard cap
            pkt = Packet(encoded_packet=frame)
            try:
                await self.receive(pkt)
            except UnknownPacketError:
                pass
            except SocketIsClosedError:
                self.server.logger.info("Receive error -- socket is closed")
                break
            except BaseException:
                self.server.logger.exception("Unknown receive error")
            if websocket_has_unread(getattr(ws, "asgi_receive", None)):
                # Back-to-back frames: the handler this one started runs a pass first,
                # as it did behind engine.io's Task per read (three passes there), so
                # their answers and their turns keep the order the frames came in.
                await asyncio.sleep(0)
        await self.queue.put(None)  # the writer ends
        await writer
        await self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_CLOSE)

    async def _write_frames(self, ws: Any) -> None:
        """engine.io's writer task: each batch ``poll`` returns, in order, until the
        socket closes or a send fails; then the WebSocket closes. It waits with no
        deadline of its own: engine.io's (nothing queued within ping interval + timeout)
        is the reader's already, which ends the socket when the client is silent that
        long, and an idle socket kept a second 45 s timer for it."""
        while True:
            packets = None  # what was sent is not kept while the socket waits
            try:
                packets = await self._poll(None)
            except QueueEmpty:
                break
            if not packets:
                break
            try:
                for pkt in packets:
                    await ws.send(pkt.encode())
            except BaseException:
                break
        await ws.close()


def quicken(sock: Any) -> None:
    """Give a socket engine.io just created the cheaper ``poll`` (engine.io makes its
    sockets itself, with no class to configure; same layout, so the swap is safe)."""
    if type(sock) is AsyncSocket:
        sock.__class__ = QuickPollSocket


class SocketQueue:
    """The part of ``asyncio.Queue`` engine.io uses for a socket's outgoing packets
    (unbounded; put, get, task_done, join), without its weight while idle: an
    asyncio.Queue allocates three deques and an Event (a fourth) up front, ~3 KB per
    socket. Here an idle socket holds an empty list; the waiters and the join Event
    exist only while someone waits."""

    __slots__ = ("_done", "_head", "_items", "_unfinished", "_waiters", "driver", "websocket")

    def __init__(self) -> None:
        # The socket's WebSocket while its handler runs (see write_now).
        self.websocket: CheckedWebSocket | None = None
        # Told of each put, instead of a task waiting in get (transport/live_socket.py).
        self.driver: Any = None
        self._items: list[Any] = []
        self._head = 0  # items[:head] were taken: a backlog drains in O(1) per packet
        self._waiters: list[asyncio.Future[None]] | None = None
        self._unfinished = 0
        self._done: asyncio.Event | None = None

    def qsize(self) -> int:
        return len(self._items) - self._head

    def empty(self) -> bool:
        return self._head >= len(self._items)

    def pending(self) -> list[Any]:
        return self._items[self._head:]

    def idle(self) -> bool:
        """Nothing queued and a reader (the writer task, or the driver) waiting for the
        next packet."""
        if self._head < len(self._items):
            return False
        return self.driver.idle() if self.driver is not None else bool(self._waiters)

    def put_nowait(self, item: Any) -> None:
        self._items.append(item)
        self._unfinished += 1
        if self._done is not None:
            self._done.clear()
        self._wake()
        if self.driver is not None:
            self.driver.put()

    async def put(self, item: Any) -> None:
        self.put_nowait(item)

    def get_nowait(self) -> Any:
        if self._head >= len(self._items):
            raise asyncio.QueueEmpty
        item = self._items[self._head]
        self._head += 1
        if self._head == len(self._items):
            self._items.clear()  # frees the array: an idle socket keeps an empty list
            self._head = 0
        else:
            self._items[self._head - 1] = None
        return item

    async def get(self) -> Any:
        while self.empty():  # asyncio.Queue.get, waiters kept in a list made on demand
            waiter = asyncio.get_running_loop().create_future()
            if self._waiters is None:
                self._waiters = []
            self._waiters.append(waiter)
            try:
                await waiter
            except BaseException:
                waiter.cancel()
                if self._waiters is not None and waiter in self._waiters:
                    self._waiters.remove(waiter)
                    if not self._waiters:
                        self._waiters = None
                if not self.empty() and not waiter.cancelled():
                    self._wake()  # it was woken and cancelled: the next one takes it
                raise
        return self.get_nowait()

    def _wake(self) -> None:
        while self._waiters:
            waiter = self._waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                break
        if self._waiters == []:
            self._waiters = None

    def task_done(self) -> None:
        if self._unfinished <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished -= 1
        if self._unfinished == 0 and self._done is not None:
            self._done.set()

    async def join(self) -> None:
        if self._unfinished > 0:
            if self._done is None:
                self._done = asyncio.Event()
            await self._done.wait()


class _AnnouncingQueue(SocketQueue):
    """A socket's queue whose first packet, engine.io's OPEN, announces ``maxPayload``
    as the real message limit: engine.io writes its own buffer size there, which
    LeFlux keeps at four times the limit so that an over-size message is answered with
    ``payload_too_large`` rather than a dropped connection."""

    __slots__ = ("_announce",)

    def __init__(self, announce: int) -> None:
        super().__init__()
        self._announce: int | None = announce

    def put_nowait(self, item: Any) -> None:
        if self._announce is not None:
            data = getattr(item, "data", None)
            if getattr(item, "packet_type", None) == OPEN and isinstance(data, dict):
                data["maxPayload"] = self._announce
            self._announce = None
        super().put_nowait(item)


class BadFrames:
    """One warning line per window for undecodable frames, however many arrive."""

    def __init__(self, every_s: float = BAD_FRAME_LOG_EVERY_S) -> None:
        self.every_s = every_s
        self._last = -every_s
        self._unlogged = 0

    def note(self, frame: str) -> None:
        now = time.monotonic()
        if now - self._last < self.every_s:
            self._unlogged += 1
            return
        more = f" (and {self._unlogged} more since the last warning)" if self._unlogged else ""
        self._last, self._unlogged = now, 0
        # The size and kind only: a frame may carry a visitor's data.
        log.warning("closed a WebSocket that sent an undecodable engine.io frame "
                    "(%d chars, %s)%s", len(frame),
                    "empty" if not frame else "not a packet type", more)


BAD_FRAMES = BadFrames()


class CheckedWebSocket(AsgiWebSocket):
    """engine.io's ASGI WebSocket whose ``wait`` refuses text frames that are not an
    engine.io packet (``""``, ``x``, ``9``). engine.io decodes a frame outside its own
    error handling: an empty or non-numeric one escaped as a 3 KiB traceback at ERROR
    from uvicorn, a type past 6 as engine.io's "Unknown receive error" traceback. Here
    such a frame reads as the client closing: engine.io closes the socket cleanly."""

    async def __call__(self, environ: Any) -> Any:
        # engine.io's: accept, then the socket's loop; known to the queue meanwhile.
        queue = getattr(getattr(self.handler, "__self__", None), "queue", None)
        if isinstance(queue, SocketQueue):
            queue.websocket = self
        try:
            self.asgi_receive = environ["asgi.receive"]
            self.asgi_send = environ["asgi.send"]
            await self._accept(queue)
            await self.handler(self)
            return ""
        finally:
            if isinstance(queue, SocketQueue):
                queue.websocket = None

    async def _accept(self, queue: Any) -> None:
        """The accept; on LeFlux's own protocol with the text frames already queued
        (engine.io's OPEN) written with the 101 in one write, and taken off the queue."""
        sender = getattr(self.asgi_send, "__self__", None)
        frames: list[str] = []
        if isinstance(queue, SocketQueue) and getattr(sender, "sends_accept_frames", False):
            for pkt in queue.pending():
                text = pkt.encode() if pkt is not None else None
                if not isinstance(text, str):
                    break  # a binary frame or the close mark: the writer's, in order
                frames.append(text)
        extra = {ACCEPT_FRAMES: frames} if frames else {}
        await self.asgi_send({"type": "websocket.accept", **extra})
        for _ in frames:
            queue.get_nowait()
            queue.task_done()

    async def wait(self) -> Any:
        frame = await super().wait()
        if isinstance(frame, str) and (not frame or frame[0] not in PACKET_TYPES):
            BAD_FRAMES.note(frame)
            return None
        return frame


def write_now(sock: Any, pkt: Any) -> bool:
    """Write a packet on a socket's WebSocket at once, without the writer task, when
    that task is idle (nothing queued, waiting for the next packet) and the socket is a
    WebSocket one (not polling, not upgrading): the order on the wire is the order of
    the sends all the same. Saves a loop hop (a token waited behind every other reply's
    work of the same loop iteration before its writer ran) and the writer's wake-up
    (bench/FINDINGS.md, "The LLM relay, traced"). False: queue it as engine.io does."""
    queue = getattr(sock, "queue", None)
    if not isinstance(queue, SocketQueue) or queue.websocket is None or not queue.idle():
        return False
    if sock.upgrading or not sock.upgraded:
        return False
    asgi_send = queue.websocket.asgi_send
    return asgi_send is not None and websocket_write_now(asgi_send, pkt.encode())
