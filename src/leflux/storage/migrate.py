"""Bringing a database's schema to the latest Alembic revision.

``leflux serve`` migrates in a short child process (``python -m leflux.storage.migrate``,
the URL on stdin so a password never shows in ``ps``) before it starts: the serving
process then never imports Alembic, Mako and Pygments (~12 MB resident for its whole
life). The child reports a failure as one line on stderr and an exit code naming its
kind; the parent raises the same error with the same message as an in-process run.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.errors import ConfigError, StoreUnavailable
from leflux.storage.db import is_migrated, make_engine, mark_migrated

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Any fixed 64-bit key: N processes starting at once on a fresh PostgreSQL database
# take turns to migrate (the lock ends with the migration's transaction).
MIGRATION_LOCK_KEY = 0x1EF1_0001
EXIT_CONFIG = 3
EXIT_STORE = 4


def _upgrade(sync_conn: Any) -> None:
    from alembic import command  # only where a migration runs
    from alembic.config import Config

    if sync_conn.dialect.name == "postgresql":
        sync_conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
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


async def upgrade(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*["\']?([^"\'\s]*)', re.MULTILINE)


def head_revision() -> str | None:
    """The newest revision of migrations/versions, read from the files' own
    ``revision = ...`` / ``down_revision = ...`` lines (no Alembic); None unless the
    revisions form one line of history."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        fields = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" not in fields:
            return None
        revisions.add(fields["revision"])
        if fields.get("down_revision") not in (None, "", "None"):
            parents.add(fields["down_revision"])
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def sqlite_at_head(database_url: str) -> bool:
    """Whether an SQLite database is already at the newest revision: checked with the
    standard library, so a restart needs no migration child (~0.5 s of CPU). Anything
    unexpected (another driver, no file, no version table) says no, and the child runs."""
    prefix = "sqlite+aiosqlite:///"
    if not database_url.startswith(prefix) or "?" in database_url:
        return False
    path = Path(database_url[len(prefix):]).expanduser()
    if not path.is_file():
        return False
    head = head_revision()
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return False
    return head is not None and rows == [(head,)]


def _child_env() -> dict[str, str]:
    # The child imports this same leflux, however the parent found it.
    src = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{path}" if path else src}


class Migration:
    """A migration child started now and waited for later: it imports and migrates
    while the parent imports the server (two cores, so start-up barely grows)."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.proc: subprocess.Popen[str] | None = None
        if is_migrated(database_url):
            return
        if sqlite_at_head(database_url):
            mark_migrated(database_url)
            return
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "leflux.storage.migrate"], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_child_env(),
        )
        assert self.proc.stdin is not None
        self.proc.stdin.write(database_url)
        self.proc.stdin.close()

    def wait(self) -> None:
        """Raise what an in-process migration would; ``open_database`` then skips it."""
        if self.proc is None:
            return
        assert self.proc.stderr is not None
        err = self.proc.stderr.read()
        self.proc.stderr.close()
        code = self.proc.wait()
        self.proc = None
        if code != 0:
            raise _failure(code, err)
        mark_migrated(self.database_url)


def _failure(code: int, stderr: str) -> Exception:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    message = lines[-1].strip() if lines else f"exit status {code}"
    if code == EXIT_CONFIG:
        return ConfigError(message)
    if code == EXIT_STORE:
        return StoreUnavailable(message)
    return StoreUnavailable(f"cannot use the database: the migration failed: {message[:300]}")


def migrate_in_child(database_url: str) -> None:
    """Migrate in a child process, once per process; raise what an in-process run would."""
    Migration(database_url).wait()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    url = args[0] if args else sys.stdin.read().strip()
    try:
        asyncio.run(upgrade(url))
    except ConfigError as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return EXIT_CONFIG
    except StoreUnavailable as exc:
        print(exc.message.replace("\n", " "), file=sys.stderr)
        return EXIT_STORE
    except Exception as exc:  # the parent shows the last line
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"{type(exc).__name__}: {first[:300]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
