"""An engine.io WebSocket that holds no task while it is idle (bench/FINDINGS.md, issue 18).

engine.io runs a socket's whole life inside the request that opened it: uvicorn's task
awaits the app, which awaits engine.io's connect, its upgrade, its WebSocket, its loop,
down to the wait for the next frame (a Task and ~16 suspended coroutines per idle
socket), and a writer task waits on the socket's queue (a Task and 3 more). Here, once
the WebSocket is accepted, the request returns (``LeanWebSocketProtocol`` keeps the
connection open) and the socket is run by what arrives:

* a message the connection queues (a frame, or its end) starts a reader task that
  handles what is queued, in order, as engine.io's loop does, then ends;
* a packet engine.io queues is written at once while the connection takes writes, and
  by a writer task that ends with the queue otherwise (the transport's buffer full);
* the read deadline (nothing from the client within ping interval + timeout ends the
  socket) is one timer, moved on only when it fires.

What ends the socket is engine.io's loop's end, then its connect's and uvicorn's: the
writer closes the WebSocket, engine.io closes the socket (``TRANSPORT_CLOSE``) and
forgets it, uvicorn closes the connection unless a close handshake is under way.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from typing import Any

import engineio
from engineio.exceptions import SocketIsClosedError, UnknownPacketError
from engineio.packet import MESSAGE, Packet

from leflux.compat import use_drivers, websocket_write_now
from leflux.transport.asgi_request import translate_request
from leflux.transport.engine_socket import (
    BAD_FRAMES,
    PACKET_TYPES,
    CheckedWebSocket,
    QuickPollSocket,
    SocketQueue,
    _AnnouncingQueue,
)


class LiveWebSocket(CheckedWebSocket):
    """engine.io's ASGI WebSocket that hands a new socket to a ``LiveSocket`` once
    accepted, on a connection that can carry on without the request
    (``LeanWebSocketProtocol``); engine.io's own loop otherwise."""

    async def __call__(self, environ: Any) -> Any:
        sock = getattr(self.handler, "__self__", None)
        proto = getattr(environ["asgi.send"], "__self__", None)
        if (type(sock) is not QuickPollSocket or getattr(sock, "connected", False)
                or not isinstance(sock.queue, SocketQueue) or not hasattr(proto, "detach")):
            return await super().__call__(environ)
        self.asgi_receive = environ["asgi.receive"]
        self.asgi_send = environ["asgi.send"]
        sock.queue.websocket = self
        try:
            await self._accept(sock.queue)
        except BaseException:
            sock.queue.websocket = None
            raise
        LiveSocket(sock, self, proto).start()
        return ""


# Is the server's message handler a coroutine function (set once, at start).
_is_async = functools.lru_cache(maxsize=8)(inspect.iscoroutinefunction)


class LiveSocket:
    """One socket's reader, writer and read deadline, each there only while needed."""

    __slots__ = ("deadline", "ended", "last", "proto", "reader", "sock", "wait_s", "writer",
                 "written", "ws")

    def __init__(self, sock: Any, ws: LiveWebSocket, proto: Any) -> None:
        self.sock, self.ws, self.proto = sock, ws, proto
        self.reader: asyncio.Task[None] | None = None
        self.writer: asyncio.Task[None] | None = None
        self.deadline: asyncio.TimerHandle | None = None
        self.ended = False  # the reader reached the end (engine.io's loop's break)
        self.written = False  # the writer closed the WebSocket: nothing more goes out
        self.wait_s = sock.server.ping_interval + sock.server.ping_timeout
        self.last = 0.0

    def start(self) -> None:
        # engine.io's loop's start: the socket connected on its WebSocket.
        self.sock.connected = True
        self.sock.upgraded = True
        self.proto.detach()
        self.proto.queue.driver = _Inbox(self)
        self.sock.queue.driver = self
        loop = asyncio.get_running_loop()
        self.last = loop.time()
        self.deadline = loop.call_at(self.last + self.wait_s, self._expire)
        self.put()  # what was queued before: engine.io's CONNECT answer, say
        if not self.proto.queue.empty():
            self.arrived()

    # ---------------------------------------------------------------- reading

    def arrived(self) -> None:
        """The connection queued a message: read it, unless the reader is at it."""
        if self.reader is None and not self.ended:
            self.reader = self._task(self._read())

    async def _read(self) -> None:
        me, first = self.reader, True
        try:
            while not self.ended:
                message = self.proto.received()
                if message is None:
                    return  # all read: no task while idle
                frame = self._frame(message)
                if frame is None or len(frame) > self.sock.server.max_http_buffer_size:
                    break  # the client closed, a bad frame, or one over the hard cap
                self.last = asyncio.get_running_loop().time()
                # The one frame queued: if it is an event, its handler runs in this task
                # rather than one of its own (``_hand_over``). Not after back-to-back
                # frames: their handlers' first passes run first, as they did.
                last, first = first and self.proto.queue.empty(), False
                if last:
                    self.sock.handing_over = self._hand_over
                try:
                    handled = await self._handle(frame)
                finally:
                    if last:
                        self.sock.handing_over = None
                if self.reader is not me:
                    return  # handed over: this task was the event's, and is done
                if not handled:
                    break
                if not self.proto.queue.empty():
                    # Back-to-back frames: the handler this one started runs a pass
                    # first, as in engine.io's loop (QuickPollSocket.websocket_loop).
                    await asyncio.sleep(0)
        finally:
            if self.reader is me:
                self.reader = None
        if not self.ended:  # (the deadline's end is its own task)
            await self._end()

    def _hand_over(self) -> None:
        """The event of the reader's last frame is about to run its handler in the
        reader's task (``HookedServer.event_packet``'s ``inline``; a task and a pass of
        the loop less per event): the task stops being the reader, and what arrives
        from now on (or came meanwhile) starts a reader of its own, so a slow handler
        holds up nothing, as under python-socketio's task per event."""
        self.reader = None
        if not self.proto.queue.empty():
            self.arrived()

    @staticmethod
    def _frame(message: dict[str, Any]) -> Any:
        """engine.io's ``WebSocket.wait`` and ``CheckedWebSocket.wait`` on one message:
        the frame, or None where those raise or refuse (the loop's end)."""
        if message["type"] != "websocket.receive":
            return None
        frame = message.get("bytes")
        if frame is None:
            frame = message.get("text")
        if isinstance(frame, str) and (not frame or frame[0] not in PACKET_TYPES):
            BAD_FRAMES.note(frame)
            return None
        return frame

    async def _handle(self, frame: Any) -> bool:
        """engine.io's loop's handling of one frame; False: the loop ends."""
        try:
            pkt = Packet(encoded_packet=frame)
            server = self.sock.server
            handler = server.handlers.get("message") if pkt.packet_type == MESSAGE else None
            if handler is None or server.async_handlers or not _is_async(handler):
                await self.sock.receive(pkt)
            else:
                # engine.io's receive of a MESSAGE, without its closure and its ``inspect``
                # per packet (~1% of a small event's CPU).
                try:
                    await handler(self.sock.sid, pkt.data)
                except asyncio.CancelledError:
                    pass
                except Exception:  # as engine.io's: logged, the socket reads on
                    server.logger.exception("message async handler error")
        except UnknownPacketError:
            pass
        except SocketIsClosedError:
            self.sock.server.logger.info("Receive error -- socket is closed")
            return False
        except BaseException:
            self.sock.server.logger.exception("Unknown receive error")
        return True

    def _expire(self) -> None:
        """The read deadline: nothing read since ``wait_s`` ago ends the socket; a frame
        read since moves the deadline to ``wait_s`` after it."""
        self.deadline = None
        if self.ended:
            return
        loop = asyncio.get_running_loop()
        due = self.last + self.wait_s
        if self.reader is not None or loop.time() < due:
            self.deadline = loop.call_at(max(due, loop.time() + 0.001), self._expire)
            return
        self.ended = True
        self._task(self._end())

    async def _end(self) -> None:
        """engine.io's loop's end, then its connect's and uvicorn's (see the module)."""
        self.ended = True
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None
        self.proto.queue.driver = None
        sock = self.sock
        sock.queue.put_nowait(None)  # the writer ends, closing the WebSocket
        while self.writer is not None:
            await asyncio.shield(self.writer)
        await sock.close(wait=False, abort=True, reason=sock.server.reason.TRANSPORT_CLOSE)
        sock.queue.websocket = None
        sock.queue.driver = None
        if sock.closed and sock.server.sockets.get(sock.sid) is sock:
            del sock.server.sockets[sock.sid]
        self.proto.finish()

    # ---------------------------------------------------------------- writing

    def idle(self) -> bool:
        """Nothing being written: a packet may go out at once (``write_now``)."""
        return self.writer is None and not self.written

    def put(self) -> None:
        """engine.io queued a packet: written now while the connection takes writes, in
        queue order; the rest by the writer task."""
        if self.writer is not None or self.written:
            return
        queue, send = self.sock.queue, self.ws.asgi_send
        while not queue.empty():
            pkt = queue.pending()[0]
            if pkt is None or not websocket_write_now(send, pkt.encode()):
                self.writer = self._task(self._write())
                return
            queue.get_nowait()
            queue.task_done()

    async def _write(self) -> None:
        """engine.io's writer task, until the queue is empty (then no task) or closed."""
        queue = self.sock.queue
        try:
            while not queue.empty():
                pkt = queue.get_nowait()
                queue.task_done()
                if pkt is None:
                    break
                try:
                    await self.ws.send(pkt.encode())
                except BaseException:
                    break
            else:
                return
            self.written = True
            await self.ws.close()
        finally:
            self.writer = None

    def _task(self, coro: Any) -> asyncio.Task[None]:
        # In uvicorn's tasks: a shutdown waits for a socket's end as it did for the request.
        task = asyncio.get_running_loop().create_task(coro)
        tasks = self.proto.tasks
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return task


class _Inbox:
    """The connection's queue's driver: each message it queues wakes the reader."""

    __slots__ = ("live",)

    def __init__(self, live: LiveSocket) -> None:
        self.live = live

    def put(self) -> None:
        self.live.arrived()

    def idle(self) -> bool:
        return False


class LeanEngineIO(engineio.AsyncServer):
    # The message limit the OPEN packet announces (None: engine.io's buffer size).
    announced_max_payload: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_drivers(self, websocket=LiveWebSocket, translate_request=translate_request)

    def create_queue(self, *args: Any, **kwargs: Any) -> Any:
        # engine.io makes every socket's outgoing queue here (and nothing else).
        if self.announced_max_payload is not None:
            return _AnnouncingQueue(self.announced_max_payload)
        return SocketQueue()
