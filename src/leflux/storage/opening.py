"""Opening the database at the latest schema: the engine (``db.py``), migrated by
``migrate.py`` unless a migration child already did it for this process."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.storage.db import is_migrated, make_engine


async def open_database(database_url: str) -> AsyncEngine:
    """An engine on a database at the latest schema: migrated here (Alembic imported
    then) unless a migration child already did it for this process."""
    engine = make_engine(database_url)
    if is_migrated(database_url):
        return engine
    from leflux.storage.migrate import migrate  # lazy: Alembic + Mako ~12 MB resident

    try:
        await migrate(engine)
    except BaseException:
        await engine.dispose()
        raise
    return engine
