"""SQLite under the async engine: statements and commits on the event loop, WAL
checkpoints on a thread.

SQLAlchemy's aiosqlite adapter sends each statement through aiosqlite's thread four
times (make a cursor, execute, fetch, close) and each commit once more: a turn was ~90
trips, each a queue put, a thread wake-up and a loop wake-up (~40 µs of CPU here, and
on a busy machine a wait for the thread to be scheduled, twice). This connection speaks
the driver interface that adapter calls on an aiosqlite connection (given to the engine
through ``create_async_engine(async_creator=...)``) and runs a statement, its fetch and
its cursor's close as one call on the loop itself: SQLite on a local file answers a
short statement in microseconds, less than one hand-off costs (better-sqlite3 does the
same on Node).

A commit in WAL mode appends to the log (~10 µs here, no sync with synchronous=NORMAL)
and runs on the loop too. What may wait on the disk is the checkpoint that copies the
log into the database file and syncs both (up to 80–180 ms here): SQLite would run it
inside the commit that fills the log, so this connection turns that off
(``wal_autocheckpoint=0``) and runs a passive checkpoint on its own thread, through a
second connection, half a second after a commit. A database not in WAL mode commits on
that thread.

A statement waits on the loop only where SQLite waits: another process writing the same
file (the CLI's ``sites add``), up to ``busy_timeout``. Several server processes share
PostgreSQL, never an SQLite file.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger("leflux.storage")

# How long after a commit the log is checkpointed (one checkpoint for all the commits
# in between; the log holds at most what was written in that time).
CHECKPOINT_AFTER_S = 0.5

# What one statement's call returns: description, rowcount, lastrowid, rows.
_Outcome = tuple[Any, int, int | None, list[Any]]


def _run_statement(conn: sqlite3.Connection, sql: str, params: Any, many: bool) -> _Outcome:
    cur = conn.cursor()
    try:
        if many:
            cur.executemany(sql, params)
        else:
            cur.execute(sql, params)
        rows = cur.fetchall() if cur.description else []
        return cur.description, cur.rowcount, cur.lastrowid, rows
    finally:
        cur.close()


class _Worker:
    """The connection's thread: runs calls in order, answers on the loop."""

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, daemon=True,
                                        name="leflux-sqlite")
        self._thread.start()

    def _serve(self) -> None:
        while True:
            item = self._calls.get()
            if item is None:
                return
            loop, fut, fn = item
            try:
                result, exc = fn(), None
            except BaseException as error:  # handed to the awaiting coroutine
                result, exc = None, error
            if loop is not None and not loop.is_closed():
                loop.call_soon_threadsafe(_settle, fut, result, exc)

    async def run(self, fn: Callable[[], Any]) -> Any:
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._calls.put((loop, fut, fn))
        return await fut

    def submit(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` on the thread, nobody waiting for it."""
        self._calls.put((None, None, fn))

    def stop(self) -> None:
        self._calls.put(None)


def _settle(fut: asyncio.Future[Any], result: Any, exc: BaseException | None) -> None:
    if fut.cancelled():
        return
    if exc is not None:
        fut.set_exception(exc)
    else:
        fut.set_result(result)


class SQLiteCursor:
    """A cursor whose statement ran whole in one call; fetches read what it returned."""

    arraysize = 1

    def __init__(self, conn: SQLiteConnection) -> None:
        self._conn = conn
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []

    async def __aenter__(self) -> SQLiteCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def execute(self, sql: str, parameters: Any = ()) -> SQLiteCursor:
        out = await self._conn.call(_run_statement, sql, parameters or (), False)
        self.description, self.rowcount, self.lastrowid, self._rows = out
        return self

    async def executemany(self, sql: str, seq_of_parameters: Iterable[Any]) -> SQLiteCursor:
        out = await self._conn.call(_run_statement, sql, list(seq_of_parameters), True)
        self.description, self.rowcount, self.lastrowid, self._rows = out
        return self

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        n = size or self.arraysize
        rows, self._rows = self._rows[:n], self._rows[n:]
        return rows

    async def close(self) -> None:
        self._rows = []


class SQLiteConnection:
    """The driver connection the engine's adapter wraps (the subset of aiosqlite's
    interface it uses), plus ``execute_fetchall`` / ``executemany`` for the Store's
    raw statements."""

    def __init__(self, conn: sqlite3.Connection, database: str | None = None) -> None:
        self._conn = conn
        # The adapter checks this attribute before a commit or rollback.
        self._connection: sqlite3.Connection | None = conn
        self._worker = _Worker()
        # The database file, for the checkpoint's own connection (None: in memory).
        self._database = database
        self._wal: bool | None = None  # known at the first commit (the engine sets it)
        self._checkpoint_due: asyncio.TimerHandle | None = None
        self.checkpoints = 0  # run so far (tests)
        conn.execute("PRAGMA wal_autocheckpoint=0")

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("Connection closed")
        return self._connection

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(connection, *args)`` on the loop."""
        return fn(self._open(), *args)

    async def call_off_loop(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """``fn(connection)`` on the connection's thread."""
        conn = self._open()
        return await self._worker.run(lambda: fn(conn))

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> SQLiteCursor:
        return SQLiteCursor(self)

    async def execute(self, sql: str, parameters: Any = ()) -> SQLiteCursor:
        return await SQLiteCursor(self).execute(sql, parameters)

    async def execute_fetchall(self, sql: str, parameters: Any = ()) -> list[Any]:
        out = await self.call(_run_statement, sql, parameters, False)
        return list(out[3])

    async def executemany(self, sql: str, seq_of_parameters: Sequence[Any]) -> None:
        await self.call(_run_statement, sql, list(seq_of_parameters), True)

    async def commit(self) -> None:
        conn = self._open()
        if self._wal is None:
            mode = conn.execute("PRAGMA journal_mode").fetchone()
            self._wal = bool(mode and mode[0] == "wal" and self._database)
        if not self._wal:  # a rollback journal syncs the file on commit
            await self.call_off_loop(sqlite3.Connection.commit)
            return
        conn.commit()
        self.after_commit()

    def direct(self) -> sqlite3.Connection | None:
        """The connection for ``direct.py``: open, and known to be in WAL mode (its
        commits on the loop, a checkpoint after them; see the module's docstring)."""
        return self._connection if self._wal else None

    def after_commit(self) -> None:
        """A commit on the loop: the log is checkpointed a little later, off the loop."""
        if self._checkpoint_due is None:
            self._checkpoint_due = asyncio.get_running_loop().call_later(
                CHECKPOINT_AFTER_S, self._checkpoint_soon)

    def _checkpoint_soon(self) -> None:
        self._checkpoint_due = None
        if self._connection is not None:
            self._worker.submit(self._checkpoint)

    def _checkpoint(self) -> None:
        """On the thread: copy the log into the database file (passive: never waits
        for this process's or anyone's readers and writers)."""
        assert self._database is not None
        try:
            other = sqlite3.connect(self._database, timeout=0, check_same_thread=False)
            try:
                other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            finally:
                other.close()
            self.checkpoints += 1
        except sqlite3.Error:  # busy or away: the next commit schedules another
            log.debug("WAL checkpoint did not run", exc_info=True)

    async def rollback(self) -> None:
        await self.call(sqlite3.Connection.rollback)

    async def create_function(self, name: str, num_params: int, func: Callable[..., Any],
                              deterministic: bool = False) -> None:
        def create(conn: sqlite3.Connection) -> None:
            conn.create_function(name, num_params, func, deterministic=deterministic)

        await self.call(create)

    async def close(self) -> None:
        if self._connection is None:
            return
        if self._checkpoint_due is not None:
            self._checkpoint_due.cancel()  # closing the last connection checkpoints
            self._checkpoint_due = None
        try:
            await self.call_off_loop(sqlite3.Connection.close)
        finally:
            self._connection = None
            self._worker.stop()

    def stop(self) -> None:
        """Close without awaiting (the engine's terminate): the thread closes it last."""
        conn, self._connection = self._connection, None
        if self._checkpoint_due is not None:
            self._checkpoint_due.cancel()
            self._checkpoint_due = None
        if conn is not None:
            self._worker.submit(conn.close)
        self._worker.stop()


class Connector:
    """``async_creator`` for ``create_async_engine``: a new connection to the database
    at ``url``, opened with the arguments the dialect itself would give the driver. It
    keeps the latest one (the engine's pool holds one) for ``direct.py``."""

    def __init__(self, url: URL) -> None:
        args, kwargs = url.get_dialect()().create_connect_args(url)
        self._args: list[Any] = list(args)
        self._kwargs: dict[str, Any] = dict(kwargs)
        self._database = (args[0] if args and args[0] != ":memory:"
                          and not self._kwargs.get("uri") else None)
        self.latest: SQLiteConnection | None = None

    async def __call__(self) -> SQLiteConnection:
        open_sqlite: Callable[..., sqlite3.Connection] = sqlite3.connect
        self.latest = SQLiteConnection(open_sqlite(*self._args, **self._kwargs),
                                       self._database)
        return self.latest


def connector(url: URL) -> Connector:
    return Connector(url)


# Engine (its sync core) -> its connector.
_CONNECTORS: weakref.WeakKeyDictionary[Any, Connector] = weakref.WeakKeyDictionary()


def remember(engine: AsyncEngine, connect: Connector) -> None:
    _CONNECTORS[engine.sync_engine] = connect


def _latest(engine: AsyncEngine) -> SQLiteConnection | None:
    connect = _CONNECTORS.get(engine.sync_engine)
    return connect.latest if connect is not None else None


def open_connection(engine: AsyncEngine) -> sqlite3.Connection | None:
    """The engine's SQLite connection where statements may run on it directly."""
    latest = _latest(engine)
    return latest.direct() if latest is not None else None


def committed(engine: AsyncEngine) -> None:
    latest = _latest(engine)
    if latest is not None:
        latest.after_commit()
