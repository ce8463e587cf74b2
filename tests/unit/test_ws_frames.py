"""Text frames written straight away (transport/ws_frames.py): websockets' own bytes."""

from __future__ import annotations

import pytest
from websockets.exceptions import InvalidState
from websockets.protocol import OPEN
from websockets.server import ServerProtocol

from leflux.transport.ws_frames import send_texts


def _open() -> ServerProtocol:
    return ServerProtocol(state=OPEN)


@pytest.mark.parametrize("sizes", [[0], [1], [125], [126], [65535], [65536], [3, 200, 70000]])
def test_the_bytes_websockets_sends(sizes):
    texts = ["é" * (n // 2) + "x" * (n % 2) for n in sizes]
    stock = _open()
    for t in texts:
        stock.send_text(t.encode())
    assert send_texts(_open(), texts) == b"".join(stock.data_to_send())


def test_what_is_pending_goes_first():
    mine, stock = _open(), _open()
    for conn in (mine, stock):
        conn.send_ping(b"p")
    stock.send_text(b"hi")
    assert send_texts(mine, ["hi"]) == b"".join(stock.data_to_send())
    assert mine.data_to_send() == []


def test_a_connection_not_open_refuses_as_websockets():
    with pytest.raises(InvalidState):
        send_texts(ServerProtocol(), ["hi"])
    mine, stock = _open(), _open()
    for conn in (mine, stock):
        conn.send_text(b"a", fin=False)  # a fragmented message under way
    with pytest.raises(Exception) as refused:
        send_texts(mine, ["b"])
    with pytest.raises(type(refused.value)):
        stock.send_text(b"b")
