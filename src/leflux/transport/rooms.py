"""A room index per socket for python-socketio's managers.

``BaseManager.basic_disconnect`` finds a socket's rooms by scanning (a copy of) every
room in the namespace: with one room per session plus one per socket, each disconnect
costs O(all sockets), so a reconnect storm on 10,000 sessions is quadratic. This mixin
keeps sid -> rooms, making a disconnect O(the socket's own rooms).
"""

from __future__ import annotations

from typing import Any

import socketio

from leflux.transport.fanout import FanoutManager


class Room(dict[str, str]):
    """A room other than the namespace's ``None`` room: sid -> engine.io sid, as
    python-socketio reads a room (items, ``in``, ``len``, deletion, ``_fwdm`` in
    ``get_participants``) without a ``bidict``'s second map: a sid room and a session
    room per socket, each built and written on every connect and join. Its values
    need no uniqueness check of their own: a namespace's sids map to distinct engine.io
    sids already, in the ``None`` room (still python-socketio's ``bidict``)."""

    __slots__ = ()

    @property
    def _fwdm(self) -> dict[str, str]:
        return self


class RoomIndex:
    """Mix in before a ``socketio`` manager class."""

    rooms: dict[str, dict[Any, Any]]
    callbacks: dict[str, Any]
    pending_connect: dict[str, list[str]]
    pending_disconnect: dict[str, list[str]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # sid -> [(namespace, room), ...] for rooms other than the two every socket is in
        # (None and its own sid, which a disconnect leaves by name): most sockets hold
        # one entry, their session.
        self._joined: dict[str, list[tuple[str, Any]]] = {}

    def basic_enter_room(self, sid: str, namespace: str, room: Any,
                         eio_sid: str | None = None) -> None:
        ns_rooms = self.rooms.get(namespace)
        if (room is not None and ns_rooms is not None and room not in ns_rooms
                and (room == sid or room not in ns_rooms.get(None, ()))):
            # A new room that python-socketio's checks let this sid enter: a Room
            # rather than the bidict it would make.
            ns_rooms[room] = Room()
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)  # type: ignore[misc]
        if room is None or room == sid:
            return
        joined = self._joined.setdefault(sid, [])
        if (namespace, room) not in joined:
            joined.append((namespace, room))

    def basic_leave_room(self, sid: str, namespace: str, room: Any) -> None:
        super().basic_leave_room(sid, namespace, room)  # type: ignore[misc]
        joined = self._joined.get(sid)
        if joined is not None:
            try:
                joined.remove((namespace, room))
            except ValueError:
                pass
            if not joined:
                del self._joined[sid]

    def get_rooms(self, sid: str, namespace: str) -> list[Any]:
        ns_rooms = self.rooms.get(namespace, {})
        own = [sid] if sid in ns_rooms.get(sid, ()) else []
        return own + [r for ns, r in self._joined.get(sid, ()) if ns == namespace]

    def basic_disconnect(self, sid: str, namespace: str, **_kwargs: Any) -> None:
        # BaseManager.basic_disconnect, with the room scan replaced by the index.
        if namespace not in self.rooms:
            return
        for ns, room in list(self._joined.get(sid, ())):
            if ns == namespace:
                self.basic_leave_room(sid, namespace, room)
        self.basic_leave_room(sid, namespace, sid)
        self.basic_leave_room(sid, namespace, None)
        if sid in self.callbacks:
            del self.callbacks[sid]
        for pending in (self.pending_connect, self.pending_disconnect):
            if namespace in pending and sid in pending[namespace]:
                pending[namespace].remove(sid)
                if not pending[namespace]:
                    del pending[namespace]

class IndexedManager(RoomIndex, socketio.AsyncManager):
    """The single-process manager, with the room index."""


class IndexedFanout(RoomIndex, FanoutManager):
    """The Redis fan-out manager (several processes), with the room index."""
