"""The room index's rooms (transport/rooms.py): what python-socketio's manager does
with its bidict rooms, done with ``Room`` for every room but the namespace's ``None``."""

from __future__ import annotations

from typing import Any

import pytest
import socketio
from bidict import bidict

from leflux.transport.rooms import IndexedManager, Room

NS = "/"


def _managers() -> tuple[Any, Any]:
    out = []
    for cls in (IndexedManager, socketio.AsyncManager):
        m = cls()
        for sid, eio in (("s1", "e1"), ("s2", "e2"), ("s3", "e3")):
            m.basic_enter_room(sid, NS, None, eio_sid=eio)
            m.basic_enter_room(sid, NS, sid, eio_sid=eio)
        out.append(m)
    return out[0], out[1]


def _state(m: Any) -> Any:
    return {ns: {room: dict(members) for room, members in rooms.items()}
            for ns, rooms in m.rooms.items()}


def test_rooms_hold_what_python_socketios_hold():
    mine, stock = _managers()
    for m in (mine, stock):
        m.basic_enter_room("s1", NS, "session-a")
        m.basic_enter_room("s2", NS, "session-a")
        m.basic_enter_room("s3", NS, "session-b")
        m.basic_enter_room("s3", NS, "session-b")  # again: nothing new
    assert _state(mine) == _state(stock)
    assert type(mine.rooms[NS][None]) is bidict
    assert all(type(r) is Room for k, r in mine.rooms[NS].items() if k is not None)
    for m in (mine, stock):
        assert dict(m.get_participants(NS, "session-a")) == {"s1": "e1", "s2": "e2"}
        assert dict(m.get_participants(NS, ["session-a", "session-b"])) == {
            "s1": "e1", "s2": "e2", "s3": "e3"}
        assert m.sid_from_eio_sid("e2", NS) == "s2"
    assert sorted(mine.get_rooms("s1", NS)) == sorted(stock.get_rooms("s1", NS))
    for m in (mine, stock):
        m.basic_leave_room("s1", NS, "session-a")
        m.basic_close_room("session-b", NS)
        m.basic_disconnect("s2", NS)
    assert _state(mine) == _state(stock)
    assert "session-b" not in mine.rooms[NS] and "session-a" not in mine.rooms[NS]


def test_the_same_refusals():
    mine, stock = _managers()
    for m in (mine, stock):
        with pytest.raises(ValueError):
            m.basic_enter_room("s1", NS, "s2")  # another socket's own room
        with pytest.raises(ValueError):
            m.basic_enter_room("s1", "/other", "room")  # not connected there
        with pytest.raises(KeyError):
            m.basic_enter_room("nobody", NS, "room")  # not connected at all
    assert _state(mine) == _state(stock)
