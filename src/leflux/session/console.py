"""The owner's console: sessions, one session's timeline, task statistics, erasure and
export — the queries the admin API and ``leflux sessions export`` run."""

from __future__ import annotations

import base64
import binascii
import statistics
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from leflux.errors import InvalidPayload
from leflux.session.console_models import (
    OUTCOMES,
    DayCount,
    FailedRequest,
    SessionDetail,
    SessionList,
    Stats,
)
from leflux.session.masking import mask_text
from leflux.session.timeline import build_detail, effective_outcome, summary
from leflux.storage.consolestore import SessionFilter, TaskStatRow
from leflux.storage.store import Store

# An open task with no activity for this long was abandoned by its visitor.
IDLE_ABANDONED = timedelta(minutes=30)
MAX_LIMIT = 200
MAX_DAYS = 366
TOP_FAILED = 5


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_instant(value: str, name: str) -> str:
    """A date (``2026-12-01``) or an ISO date-time, as the store's UTC timestamps."""
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidPayload(f"{name} must be an ISO date or date-time.") from None
    return iso(at if at.tzinfo else at.replace(tzinfo=UTC))


def encode_cursor(created_at: str, session_id: str) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([created_at, session_id])).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        at, sid = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if isinstance(at, str) and isinstance(sid, str):
            return at, sid
    except (binascii.Error, ValueError, TypeError):
        pass
    raise InvalidPayload("cursor is not one this server gave out.")


class ConsoleService:
    def __init__(self, store: Store, *, now: Callable[[], datetime] | None = None,
                 on_erase: Callable[[str], None] | None = None) -> None:
        self.store = store
        self._now = now or (lambda: datetime.now(UTC))
        self._on_erase = on_erase

    def _idle_cutoff(self) -> str:
        return iso(self._now() - IDLE_ABANDONED)

    async def sessions(self, *, site: str | None = None, since: str | None = None,
                       until: str | None = None, outcome: str | None = None,
                       query: str | None = None, limit: int = 50,
                       cursor: str | None = None) -> SessionList:
        if outcome and outcome not in OUTCOMES:
            raise InvalidPayload(f"outcome must be one of {', '.join(OUTCOMES)}.")
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidPayload(f"limit must be between 1 and {MAX_LIMIT}.")
        f = SessionFilter(
            site=site or None,
            since=parse_instant(since, "since") if since else None,
            until=parse_instant(until, "until") if until else None,
            outcome=outcome or None, query=(query or "").strip()[:200] or None,
            idle_cutoff=self._idle_cutoff(),
            before=decode_cursor(cursor) if cursor else None, limit=limit + 1)
        rows = await self.store.list_sessions(f)
        more = len(rows) > limit
        rows = rows[:limit]
        return SessionList(
            sessions=[summary(r, f.idle_cutoff) for r in rows],
            nextCursor=encode_cursor(rows[-1].created_at, rows[-1].id) if more else None)

    async def session(self, session_id: str) -> SessionDetail | None:
        dump = await self.store.dump_session(session_id)
        return build_detail(dump, self._idle_cutoff()) if dump else None

    async def erase(self, session_id: str) -> bool:
        erased = await self.store.erase_session(session_id)
        if self._on_erase is not None:
            self._on_erase(session_id)
        return erased

    async def export(self, *, site: str | None, since: str | None) -> AsyncIterator[dict[str, Any]]:
        """Each session with its transcript and timeline, oldest first."""
        start = parse_instant(since, "since") if since else None
        for session_id in await self.store.session_ids(site, start):
            detail = await self.session(session_id)
            if detail is not None:
                yield detail.wire()

    async def stats(self, *, site: str | None = None, days: int = 7) -> Stats:
        if not 1 <= days <= MAX_DAYS:
            raise InvalidPayload(f"days must be between 1 and {MAX_DAYS}.")
        now = self._now()
        start = (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0,
                                                         microsecond=0)
        rows = await self.store.task_stats_rows(site, iso(start))
        return tally(rows, site=site, days=days, start=start, idle_cutoff=self._idle_cutoff())


def _seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def tally(rows: list[TaskStatRow], *, site: str | None, days: int, start: datetime,
          idle_cutoff: str) -> Stats:
    """The statistics of these tasks (pure: the console's numbers and chart)."""
    outcomes = [effective_outcome(r.outcome or "open", r.session_updated_at, idle_cutoff)
                for r in rows]
    counts = Counter(outcomes)
    closed = sum(counts[o] for o in ("completed", "failed", "declined", "abandoned"))
    durations = [_seconds(r.created_at, r.closed_at) for r, o in zip(rows, outcomes, strict=True)
                 if o == "completed" and r.closed_at]
    per_day: dict[str, list[int]] = {
        (start + timedelta(days=i)).date().isoformat(): [0, 0, 0] for i in range(days)}
    for r, o in zip(rows, outcomes, strict=True):
        day = per_day.get(r.created_at[:10])
        if day is not None:
            day[0] += 1
            day[1] += o == "completed"
            day[2] += o == "failed"
    failed = Counter(" ".join(r.goal.lower().split())[:200]
                     for r, o in zip(rows, outcomes, strict=True) if o == "failed")
    return Stats(
        site=site, days=days, since=iso(start), started=len(rows),
        completed=counts["completed"], failed=counts["failed"],
        abandoned=counts["abandoned"], declined=counts["declined"], open=counts["open"],
        successRate=round(counts["completed"] / closed, 4) if closed else None,
        medianSecondsToDone=round(statistics.median(durations), 3) if durations else None,
        perDay=[DayCount(day=d, started=v[0], completed=v[1], failed=v[2])
                for d, v in per_day.items()],
        topFailed=[FailedRequest(text=mask_text(t) or "", count=n)
                   for t, n in failed.most_common(TOP_FAILED)],
    )
