"""Migrations in a child process (storage/migrate.py): the serving process never loads
Alembic, and failures are the same one-line errors as an in-process migration."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from leflux.errors import ConfigError, StoreUnavailable
from leflux.storage.migrate import migrate_in_child

REPO = Path(__file__).resolve().parents[2]


def test_child_brings_a_fresh_database_to_the_latest_schema(tmp_path):
    path = tmp_path / "fresh.db"
    migrate_in_child(f"sqlite+aiosqlite:///{path}")
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"alembic_version", "sessions", "messages", "sites"} <= tables
    migrate_in_child(f"sqlite+aiosqlite:///{path}")  # again: nothing to do


def test_unreachable_database_is_the_same_one_line_error():
    with pytest.raises(StoreUnavailable) as exc:
        migrate_in_child("postgresql+asyncpg://postgres@127.0.0.1:1/x")
    assert exc.value.message.startswith("cannot use the database: ")
    assert "\n" not in exc.value.message


def test_bad_url_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        migrate_in_child(f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db")


def test_the_serving_path_never_imports_alembic(tmp_path):
    """What `leflux serve` does before and at start-up: migrate (child), open the store."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}"
    script = (
        "import asyncio, sys\n"
        "from leflux.cli import _migrate\n"
        "from leflux.storage.opening import open_database\n"
        f"_migrate({url!r})\n"
        "async def main():\n"
        f"    engine = await open_database({url!r})\n"
        "    async with engine.connect() as c:\n"
        "        await c.exec_driver_sql('SELECT count(*) FROM sessions')\n"
        "    await engine.dispose()\n"
        "asyncio.run(main())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=REPO, timeout=60, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_head_revision_is_alembics_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from leflux.storage.migrate import MIGRATIONS_DIR, head_revision

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(cfg).get_current_head()


def test_a_database_at_head_starts_without_a_migration_child(tmp_path):
    """A restart on a migrated SQLite file skips the child; an older one still migrates."""
    from leflux.storage.migrate import sqlite_at_head

    path = tmp_path / "x.db"
    url = f"sqlite+aiosqlite:///{path}"
    assert not sqlite_at_head(url)  # no file yet
    migrate_in_child(url)
    assert sqlite_at_head(url)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert not sqlite_at_head(url)
    assert not sqlite_at_head("postgresql+asyncpg://postgres@127.0.0.1:1/x")
