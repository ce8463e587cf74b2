"""The database engine (SQLite or PostgreSQL) and which URLs this process has migrated.
``storage/opening.py`` opens a database at the latest schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from leflux.errors import ConfigError
from leflux.extras import require
from leflux.storage.sqlite_driver import connector as sqlite_connector
from leflux.storage.sqlite_driver import remember as remember_connector


def dumps_json(obj: Any) -> str:
    """How JSON columns are written (also by the Store's raw SQLite fast path)."""
    return orjson.dumps(obj).decode()


# Page contexts are up to ~1 MB of JSON: orjson is several times faster than json.
_JSON: dict[str, Any] = {"json_serializer": dumps_json, "json_deserializer": orjson.loads}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets readers run beside the writer; busy_timeout waits instead of failing.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(database_url: str) -> AsyncEngine:
    try:
        url = make_url(database_url)
    except (ArgumentError, ValueError):
        raise ConfigError(f"--database-url is not a valid URL: {database_url!r}") from None
    if url.drivername == "sqlite+aiosqlite":
        if url.database and url.database != ":memory:":
            parent = Path(url.database).expanduser().parent
            if not parent.is_dir():
                raise ConfigError(f"--database-url: folder {str(parent)!r} does not exist")
        # One connection: SQLite has one writer anyway, and a single connection never
        # sees "database is locked" between this process's own tasks.
        # No reset-on-return: every checkout is a `begin()` (committed or rolled back by
        # SQLAlchemy) or a `connect()` (rolled back on close), so the pool's own
        # rollback would be one more statement per write.
        # The driver connection: statements on the loop, one call each (sqlite_driver.py).
        connect = sqlite_connector(url)
        engine = create_async_engine(url, pool_size=1, max_overflow=0, pool_timeout=30,
                                     pool_reset_on_return=None, async_creator=connect,
                                     **_JSON)
        remember_connector(engine, connect)  # for storage/direct.py
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    if url.drivername == "postgresql+asyncpg":
        require("asyncpg")
        return create_async_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True,
                                   **_JSON)
    raise ConfigError(
        "--database-url must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
    )


# Database URLs whose schema a migration child process (storage/migrate.py) brought to
# the latest revision for this process: opening them again need not load Alembic.
_MIGRATED: set[str] = set()


def mark_migrated(database_url: str) -> None:
    _MIGRATED.add(database_url)


def is_migrated(database_url: str) -> bool:
    return database_url in _MIGRATED
