"""Retention: sessions idle longer than ``--retention-days`` are deleted, with their
transcripts, tasks, actions and page contexts (a visitor's words are not kept forever,
and a flood of throw-away sessions does not stay in the database).

A session's last activity is its row's ``updated_at`` (page contexts move it at most
every 10 s: ``contexts.py``) or its newest message, whichever is later. The purge runs
once at start-up and then hourly, in batches, so no transaction holds the database for
long.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, exists, select
from sqlalchemy.ext.asyncio import AsyncEngine

from leflux.storage.tables import actions, messages, session_events, sessions, tasks

log = logging.getLogger("leflux.retention")

PURGE_EVERY_S = 3600.0
BATCH = 500


def iso(moment: datetime) -> str:
    """The timestamps' own format (rows.now_iso), so string order is time order."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


async def purge_idle_sessions(engine: AsyncEngine, older_than: datetime) -> int:
    """Delete every session with no activity since ``older_than``; how many went."""
    cutoff = iso(older_than.astimezone(UTC))
    idle = select(sessions.c.id).where(and_(
        sessions.c.updated_at < cutoff,
        ~exists().where(and_(messages.c.session_id == sessions.c.id,
                             messages.c.created_at >= cutoff)),
    )).limit(BATCH)
    purged = 0
    while True:
        async with engine.begin() as conn:
            ids = list((await conn.execute(idle)).scalars())
            if not ids:
                return purged
            # Children first: no reliance on ON DELETE CASCADE being enforced.
            for table in (session_events, actions, messages, tasks):
                await conn.execute(delete(table).where(table.c.session_id.in_(ids)))
            await conn.execute(delete(sessions).where(sessions.c.id.in_(ids)))
        purged += len(ids)
        await asyncio.sleep(0)  # let the server's own writes in between batches


class Retention:
    def __init__(self, engine: AsyncEngine, days: float,
                 every_s: float = PURGE_EVERY_S) -> None:
        self.engine = engine
        self.days = days
        self.every_s = every_s

    async def purge(self) -> int:
        return await purge_idle_sessions(
            self.engine, datetime.now(UTC) - timedelta(days=self.days))

    async def run(self) -> None:
        """Purge now, then every ``every_s``; a failed purge is retried next time."""
        while True:
            try:
                purged = await self.purge()
                if purged:
                    log.info("retention: deleted %d sessions idle for %g+ days",
                             purged, self.days)
            except Exception as exc:
                log.warning("retention purge failed (will retry): %s", exc)
            await asyncio.sleep(self.every_s)
