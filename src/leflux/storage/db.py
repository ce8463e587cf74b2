"""Opening the database and bringing its schema to the latest Alembic revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from leflux.errors import ConfigError, StoreUnavailable

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _dumps(obj: Any) -> str:
    return orjson.dumps(obj).decode()


# Page contexts are up to ~1 MB of JSON: orjson is several times faster than json.
_JSON: dict[str, Any] = {"json_serializer": _dumps, "json_deserializer": orjson.loads}


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
        engine = create_async_engine(url, pool_size=1, max_overflow=0, pool_timeout=30,
                                     **_JSON)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    if url.drivername == "postgresql+asyncpg":
        return create_async_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True,
                                   **_JSON)
    raise ConfigError(
        "--database-url must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
    )


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


# Any fixed 64-bit key: N processes starting at once on a fresh PostgreSQL database
# take turns to migrate (the lock ends with the migration's transaction).
MIGRATION_LOCK_KEY = 0x1EF1_0001


def _upgrade(sync_conn: Any) -> None:
    if sync_conn.dialect.name == "postgresql":
        sync_conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
    cfg = _alembic_config()
    cfg.attributes["connection"] = sync_conn
    command.upgrade(cfg, "head")


async def migrate(engine: AsyncEngine) -> None:
    """Apply every pending migration; a database we cannot reach is one clear error."""
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_upgrade)
    except (DBAPIError, OSError, SQLAlchemyError) as exc:
        raise StoreUnavailable(f"cannot use the database: {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc.__cause__ or exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return text[:300]


async def open_database(database_url: str) -> AsyncEngine:
    engine = make_engine(database_url)
    try:
        await migrate(engine)
    except BaseException:
        await engine.dispose()
        raise
    return engine
