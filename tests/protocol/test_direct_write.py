"""Packets to a local WebSocket that is idle go straight onto the connection
(transport/engine_socket.py ``write_now``); the wire order is still the order of the
sends, and a busy socket's packets still wait in engine.io's queue."""

from __future__ import annotations

import asyncio
from typing import Any

from engineio import packet as eio_packet

from leflux.compat import engine_socket, outgoing_queue
from leflux.transport.engine_socket import SocketQueue, write_now
from leflux.transport.socket import NAMESPACE


def socket_of(srv: Any, session_id: str) -> Any:
    transport = srv.app.transport
    room = transport.sio.manager.rooms[NAMESPACE][session_id]
    [eio_sid] = list(room.values())
    return transport, engine_socket(transport.sio, eio_sid)


async def idle(queue: SocketQueue) -> None:
    for _ in range(200):  # nothing being written
        if queue.idle():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the socket's writer never went idle")


async def test_chunks_to_an_idle_socket_skip_the_queue_and_arrive_in_order(srv, sio_client):
    c = await sio_client(srv.url)
    transport, sock = socket_of(srv, c.session_id)
    queue = outgoing_queue(sock)
    await idle(queue)
    assert queue.websocket is not None
    before = queue._unfinished
    for i in range(50):
        assert transport.send_local(c.session_id, "message_chunk",
                                    {"delta": f"d{i} ", "streamId": "s", "chunkIndex": i})
    assert queue._unfinished == before and queue.empty()  # none went through the queue
    await c.wait_for("message_chunk", pred=lambda p: p["chunkIndex"] == 49)
    assert [p["chunkIndex"] for p in c.of("message_chunk")] == list(range(50))


async def test_a_socket_with_packets_queued_keeps_the_queue_order(srv, sio_client):
    c = await sio_client(srv.url)
    transport, sock = socket_of(srv, c.session_id)
    queue = outgoing_queue(sock)
    await idle(queue)
    # The connection's buffer full (uvicorn's gate closed): a packet queued waits for
    # the writer task, and what follows must queue behind it, not overtake it, whether
    # sent by engine.io or by the transport.
    gate = queue.websocket.asgi_send.__self__.writable
    gate.clear()
    first = transport._packet("message_chunk", {"delta": "a", "streamId": "s", "chunkIndex": 0})
    queue.put_nowait(first)
    assert not queue.idle()
    assert not write_now(sock, first)
    transport.send_local(c.session_id, "message_chunk",
                         {"delta": "b", "streamId": "s", "chunkIndex": 1})
    await sock.send(transport._packet("message_chunk",
                                      {"delta": "c", "streamId": "s", "chunkIndex": 2}))
    assert queue.qsize() == 3 and queue.driver.writer is not None  # its task, not run yet
    gate.set()
    await c.wait_for("message_chunk", pred=lambda p: p["chunkIndex"] == 2)
    assert [p["delta"] for p in c.of("message_chunk")] == ["a", "b", "c"]
    await idle(queue)  # the writer task ended with the queue


async def test_an_ack_to_an_idle_socket_skips_the_queue(srv, sio_client):
    # engine.io's own send (python-socketio's acks and emits go through it) writes at
    # once too while nothing is being written: no writer task is started.
    c = await sio_client(srv.url)
    _transport, sock = socket_of(srv, c.session_id)
    queue = outgoing_queue(sock)
    await idle(queue)
    before = queue._unfinished
    answer = await c.sio.call("update_context", {"sessionId": c.session_id,
                                                 "context": {"url": "http://site.test/a"}})
    assert answer is None and queue.driver.writer is None and queue._unfinished == before


async def test_a_closed_socket_is_never_written(srv, sio_client):
    c = await sio_client(srv.url)
    _transport, sock = socket_of(srv, c.session_id)
    queue = outgoing_queue(sock)
    await idle(queue)
    websocket = queue.websocket
    await c.close()
    for _ in range(200):
        if queue.websocket is None:
            break
        await asyncio.sleep(0.01)
    assert queue.websocket is None  # forgotten when the handler ended
    assert websocket is not None
    pkt = eio_packet.Packet(eio_packet.MESSAGE, "2[\"x\"]")
    assert not write_now(sock, pkt)
