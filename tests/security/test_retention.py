"""Retention: sessions idle longer than ``--retention-days`` go, with their transcripts,
tasks, actions and page contexts; the purge runs at start-up and then hourly."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.server import LeFluxServer


def iso(days_ago: float) -> str:
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def insert_session(db: Path, *, updated_days_ago: float, message_days_ago: float) -> str:
    sid = str(uuid.uuid4())
    task_id = f"task-{uuid.uuid4()}"
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO sessions (id, site_name, created_at, updated_at, context, "
            "active_task_id) VALUES (?, 'default', ?, ?, ?, ?)",
            (sid, iso(updated_days_ago + 1), iso(updated_days_ago),
             json.dumps({"url": "https://a.com/", "visibleText": "card 4242"}), task_id))
        conn.execute(
            "INSERT INTO messages (id, session_id, role, text, created_at, done) "
            "VALUES (?, ?, 'visitor', 'my address is 1 Main St', ?, 1)",
            (str(uuid.uuid4()), sid, iso(message_days_ago)))
        conn.execute(
            "INSERT INTO tasks (id, session_id, goal, state, plans_sent, memory, "
            "planner_state, is_open, created_at) VALUES (?, ?, 'buy', 'running', 1, '[]', "
            "'{}', 1, ?)", (task_id, sid, iso(message_days_ago)))
        conn.execute(
            "INSERT INTO actions (session_id, id, task_id, is_sequence, payload, status, "
            "created_at) VALUES (?, ?, ?, 0, '{}', 'done', ?)",
            (sid, f"act-{uuid.uuid4()}", task_id, iso(message_days_ago)))
    return sid


def rows_of(db: Path, sid: str) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t} WHERE "
                                f"{'id' if t == 'sessions' else 'session_id'} = ?",
                                (sid,)).fetchone()[0]
                for t in ("sessions", "messages", "tasks", "actions")}


def migrate(db_url: str) -> None:
    subprocess.run([sys.executable, "-m", "leflux", "sites", "list", "--database-url", db_url],
                   check=True, capture_output=True, timeout=60)


async def test_start_up_purges_sessions_idle_past_the_retention(tmp_path: Path):
    server = LeFluxServer(tmp_path, extra_args=["--retention-days", "30"])
    db = tmp_path / "leflux.db"
    await asyncio.to_thread(migrate, server.database_url)
    old = insert_session(db, updated_days_ago=45, message_days_ago=40)
    talking = insert_session(db, updated_days_ago=45, message_days_ago=2)  # a recent word
    browsing = insert_session(db, updated_days_ago=3, message_days_ago=50)  # a recent page
    assert rows_of(db, old) == {"sessions": 1, "messages": 1, "tasks": 1, "actions": 1}
    await asyncio.to_thread(server.start)
    try:
        for _ in range(100):
            if rows_of(db, old)["sessions"] == 0:
                break
            await asyncio.sleep(0.05)
        assert rows_of(db, old) == {"sessions": 0, "messages": 0, "tasks": 0, "actions": 0}
        for kept in (talking, browsing):
            assert rows_of(db, kept) == {"sessions": 1, "messages": 1, "tasks": 1,
                                         "actions": 1}
    finally:
        server.stop()


@pytest.mark.parametrize("value", ["0", "-3", "soon"])
def test_retention_days_must_be_positive(tmp_path: Path, value: str):
    out = subprocess.run(
        [sys.executable, "-m", "leflux", "serve", "--port", "1", "--retention-days", value,
         "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"],
        capture_output=True, timeout=60, text=True)
    assert out.returncode != 0
    assert out.stderr.count("\n") == 1 and "--retention-days" in out.stderr
