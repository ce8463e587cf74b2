"""Persistence: SQLAlchemy 2 async tables, Alembic migrations, and the Store API."""
