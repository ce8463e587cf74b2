"""Alembic environment. LeFlux runs migrations itself at start-up on a connection it
passes in ``config.attributes["connection"]`` (from ``AsyncConnection.run_sync``), so
this file never opens its own engine in that case."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from leflux.storage.tables import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is not None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:  # the alembic CLI, with a sync driver URL
    url = config.get_main_option("sqlalchemy.url") or ""
    url = url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg")
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
