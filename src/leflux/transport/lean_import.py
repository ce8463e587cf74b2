"""Loading python-socketio for a server without the optional parts it never uses.

python-socketio's package imports all of its clients and queue managers, and through
them aiohttp and requests (its Socket.IO clients) and redis (its Redis manager) whenever
those are installed: ~200 ms of CPU at every start and ~23 MB resident for the life of a
server that runs no Socket.IO client and, without ``--redis-url``, no Redis
(bench/FINDINGS.md, "Start-up and memory at rest"). Each of those imports sits in a
``try: ... except ImportError`` in python-socketio and python-engineio; while the package
loads, a ``None`` in ``sys.modules`` makes the import raise ImportError (the import
system's documented meaning of that entry), so they are skipped. The entries are removed
afterwards: code that imports those libraries later gets them as usual.
"""

from __future__ import annotations

import sys

# Used only by python-socketio's own Socket.IO clients.
CLIENT_LIBRARIES = ("aiohttp", "requests")


def load_socketio(*, redis: bool) -> None:
    """Import socketio and engineio for serving (``redis``: keep its Redis manager)."""
    if "socketio" in sys.modules:  # too late to leave anything out
        return
    skipped = [name for name in (*CLIENT_LIBRARIES, *(() if redis else ("redis",)))
               if name not in sys.modules]
    for name in skipped:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import engineio  # noqa: F401
        import socketio  # noqa: F401
    finally:
        for name in skipped:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
