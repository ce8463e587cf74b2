"""The Store's statements run straight on the SQLite connection, without SQLAlchemy's
execution machinery.

Measured here (bench/FINDINGS.md, "A turn without SQLAlchemy's execution"): one
``begin()``, one ``UPDATE`` and its commit through the async engine cost ~180 µs of CPU,
a one-row read ~170 µs, against ~6 µs for the same statement and commit on the
``sqlite3`` connection: the greenlet hand-offs, the pool checkout, the transaction
objects and the result machinery, not SQLite. A rules turn is ~8 transactions and ~4
reads, so ~2 ms of its CPU was that machinery.

What this module keeps from SQLAlchemy is the statements themselves: each prebuilt Core
statement is compiled once for the engine's dialect (the SQL the engine would send, the
order of its parameters, the JSON and boolean conversions of its columns) and then run
with ``sqlite3`` directly.

When it may run: the engine's one SQLite connection (``pool_size=1``; statements and
commits run on the event loop, ``sqlite_driver.py``) is open, in WAL mode, and not inside
a transaction. A transaction here runs from its first statement to its commit without
yielding to the loop (every ``execute`` below completes without suspending), so no other
task's statement can fall inside it, and none of it inside another's: SQLAlchemy's own
transactions on that connection never suspend half-way either (WAL commits on the loop).
Otherwise (PostgreSQL, an in-memory or non-WAL database, before the first commit told
the mode, a transaction of SQLAlchemy's still open) ``begin`` and ``connect`` are the
engine's own.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.storage.sqlite_driver import committed, open_connection

Params = Mapping[str, Any]
_Processor = Callable[[Any], Any] | None


class _Compiled:
    """One statement compiled for one set of parameter names."""

    def __init__(self, stmt: Any, keys: list[str], dialect: Any) -> None:
        compiled = stmt.compile(dialect=dialect, column_keys=keys)
        self.sql: str = compiled.string
        self.construct = compiled.construct_params
        names: list[str] = list(compiled.positiontup or [])
        self.names = names
        # Columns an INSERT leaves to their default: scalar defaults only (the schema's).
        self.defaults: dict[str, Any] = {}
        for col in compiled.insert_prefetch + compiled.update_prefetch:
            default = col.default if col in compiled.insert_prefetch else col.onupdate
            if default is None or not default.is_scalar:
                raise NotImplementedError(f"{col.key}: only scalar defaults run directly")
            self.defaults[col.key] = default.arg
        self.binds: list[_Processor] = [
            compiled.binds[n].type.bind_processor(dialect) for n in names]
        self.plan = _plan(compiled, names, self.defaults, self.binds)
        columns = list(getattr(stmt, "exported_columns", ()))
        # (position, converter) of the result columns that need one (JSON, booleans).
        self.results: list[tuple[int, Callable[[Any], Any]]] = [
            (i, p) for i, c in enumerate(columns)
            if (p := c.type.result_processor(dialect, None)) is not None]
        self.row: Any = namedtuple("Row", [c.key for c in columns]) if columns else None

    def args(self, params: Params) -> tuple[Any, ...]:
        """The statement's positional arguments for ``params``, as SQLAlchemy would bind
        them: each parameter by its key or its bind name, else the statement's own
        value; a column's scalar default where ``params`` leaves it out."""
        if self.plan is None:
            return self.construct_args(params)
        out = []
        for key, name, fallback, default, process in self.plan:
            if default is not _NO_DEFAULT and name not in params:
                v = default
            elif key in params:
                v = params[key]
            elif name in params:
                v = params[name]
            elif fallback is _REQUIRED:
                return self.construct_args(params)  # raises as SQLAlchemy does
            else:
                v = fallback
            out.append(v if process is None or v is None else process(v))
        return tuple(out)

    def construct_args(self, params: Params) -> tuple[Any, ...]:
        """``args`` through SQLAlchemy's ``construct_params`` (every statement shape)."""
        values = self.construct(params)
        for key, default in self.defaults.items():
            if key not in params:
                values[key] = default
        return tuple(v if p is None or v is None else p(v)
                     for p, v in zip(self.binds, (values[n] for n in self.names), strict=True))

    def rows(self, raw: list[Any]) -> list[Any]:
        if self.row is None:
            return raw
        make = self.row._make
        if not self.results:
            return [make(r) for r in raw]
        out = []
        for r in raw:
            values = list(r)
            for i, convert in self.results:
                if values[i] is not None:
                    values[i] = convert(values[i])
            out.append(make(values))
        return out


_REQUIRED = object()
_NO_DEFAULT = object()
_Step = tuple[str, str, Any, Any, _Processor]


def _plan(compiled: Any, names: list[str], defaults: dict[str, Any],
          binds: list[_Processor]) -> list[_Step] | None:
    """How ``construct_params`` fills each position, worked out once: (the parameter's
    key, its bind name, the statement's own value or _REQUIRED, the column default
    or _NO_DEFAULT, the bind processor). None where a statement is not that plain (a
    name for two parameters, an escaped name, a callable or expanding parameter): those
    go through ``construct_params`` each time."""
    by_name: dict[str, list[Any]] = {}
    for bind, name in compiled.bind_names.items():
        by_name.setdefault(name, []).append(bind)
    if compiled.escaped_bind_names or any(len(b) != 1 for b in by_name.values()):
        return None
    plan: list[_Step] = []
    for name, process in zip(names, binds, strict=True):
        [bind] = by_name[name]
        if bind.callable is not None or bind.expanding:
            return None
        plan.append((bind.key, name, _REQUIRED if bind.required else bind.value,
                     defaults.get(name, _NO_DEFAULT), process))
    return plan


_CACHE_SIZE = 500
_CACHE: dict[tuple[int, tuple[str, ...], bool], tuple[Any, _Compiled]] = {}


def _compiled(stmt: Any, keys: tuple[str, ...], many: bool, dialect: Any) -> _Compiled:
    key = (id(stmt), keys, many)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is stmt:
        return hit[1]
    compiled = _Compiled(stmt, list(keys), dialect)
    # Meant for statements built once; the statement is kept with its entry (its id is
    # not reused while the entry lives), and a caller that builds one per call cannot
    # grow the cache without bound.
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (stmt, compiled)
    return compiled


class Result:
    """The part of SQLAlchemy's result the Store reads."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def all(self) -> list[Any]:
        return self._rows

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def __iter__(self) -> Any:
        return iter(self._rows)


class Direct:
    """Stands in for an ``AsyncConnection`` inside ``begin`` / ``connect`` below."""

    def __init__(self, conn: sqlite3.Connection, dialect: Any) -> None:
        self._conn = conn
        self.dialect = dialect

    async def execute(self, stmt: Any, params: Params | Sequence[Params] | None = None
                      ) -> Result:
        batch: Sequence[Params] = (params if isinstance(params, list | tuple)
                                   else [params or {}])  # type: ignore[list-item]
        many = len(batch) > 1 or params is batch
        c = _compiled(stmt, tuple(sorted(batch[0])), many, self.dialect)
        first = batch[0]
        try:
            if many:
                cur = self._conn.executemany(c.sql, [c.args(p) for p in batch])
                return Result([], cur.rowcount)
            cur = self._conn.execute(c.sql, c.args(first))
            raw = cur.fetchall() if cur.description else []
            return Result(c.rows(raw), cur.rowcount)
        except sqlite3.Error as exc:  # as SQLAlchemy would raise it (IntegrityError, ...)
            raise DBAPIError.instance(c.sql, None, exc, sqlite3.Error) from exc

    async def execute_sql(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        """A plain SQL statement's rows (statements SQLAlchemy would expand per call)."""
        try:
            return self._conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise DBAPIError.instance(sql, None, exc, sqlite3.Error) from exc

    async def execute_sql_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self._conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise DBAPIError.instance(sql, None, exc, sqlite3.Error) from exc


def _direct(engine: AsyncEngine) -> Direct | None:
    conn = open_connection(engine)
    if conn is None or conn.in_transaction:
        return None
    return Direct(conn, engine.dialect)


class begin:
    """``engine.begin()``: one transaction, committed at the end, rolled back on error.
    A plain async context manager: a Store call's ``begin`` runs per join and per event,
    and ``asynccontextmanager``'s generator and wrapper cost ~1 µs more each time."""

    __slots__ = ("_direct", "_engine", "_outer")

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._direct: Direct | None = None
        self._outer: Any = None

    async def __aenter__(self) -> Any:
        direct = self._direct = _direct(self._engine)
        if direct is None:
            self._outer = self._engine.begin()
            return await self._outer.__aenter__()
        return direct

    async def __aexit__(self, typ: type[BaseException] | None, exc: BaseException | None,
                        tb: Any) -> bool | None:
        direct = self._direct
        if direct is None:
            return bool(await self._outer.__aexit__(typ, exc, tb))
        raw = direct._conn
        if typ is not None:
            if raw.in_transaction:
                raw.rollback()
            return False
        if raw.in_transaction:
            raw.commit()
            committed(self._engine)  # the WAL checkpoint follows, off the loop
        return False


class connect:
    """``engine.connect()`` for reads (nothing to commit)."""

    __slots__ = ("_engine", "_outer")

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._outer: Any = None

    async def __aenter__(self) -> Any:
        direct = _direct(self._engine)
        if direct is None:
            self._outer = self._engine.connect()
            return await self._outer.__aenter__()
        return direct

    async def __aexit__(self, typ: type[BaseException] | None, exc: BaseException | None,
                        tb: Any) -> bool | None:
        if self._outer is None:
            return False
        return bool(await self._outer.__aexit__(typ, exc, tb))
