"""Which limit a request meets, and what the visitor is told (docs/security.md has the
table of which abuse each one stops).

The per-session message limit alone let one address post to as many fresh session ids
as it liked (the client picks the id), so the address is limited too: its messages
(and task continuations) per minute, and the new sessions it opens per hour. A site's
LLM tokens per day are capped by its ``--daily-token-budget``: once spent, a turn is
refused before any model call. The counts live in :mod:`leflux.session.counters`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from leflux.config import Limits
from leflux.errors import BudgetExhausted, RateLimited
from leflux.session.counters import Counters
from leflux.session.site import Site

log = logging.getLogger("leflux.limits")

MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0

TOO_MANY_FROM_IP = ("Too many messages from your network just now. "
                    "Please wait a minute and try again.")
TOO_MANY_SESSIONS = ("Too many new chats from your network. "
                     "Please wait a while before starting another one.")
TOO_MANY_SOCKETS = "Too many connections from your network. Please wait a moment."


def utc_day(now: Callable[[], dt.datetime] | None = None) -> str:
    return (now or (lambda: dt.datetime.now(dt.UTC)))().strftime("%Y-%m-%d")


class Quotas:
    def __init__(self, limits: Limits, counters: Counters,
                 today: Callable[[], str] = utc_day) -> None:
        self.limits = limits
        self.counters = counters
        self.today = today
        self._spending: set[asyncio.Task[int]] = set()

    async def socket(self, ip: str) -> None:
        """A new socket (engine.io's handshake) from ``ip``."""
        if not await self.counters.hit("sock:" + ip, self.limits.sockets_per_minute_per_ip,
                                       MINUTE):
            raise RateLimited(TOO_MANY_SOCKETS)

    async def ip_turn(self, ip: str) -> None:
        """A visitor message, or a socket event that starts planning, from ``ip``."""
        if not await self.counters.hit("ip:" + ip, self.limits.messages_per_minute_per_ip,
                                       MINUTE):
            raise RateLimited(TOO_MANY_FROM_IP)

    async def new_session(self, ip: str) -> None:
        """A session id this deployment has never seen, first used from ``ip``."""
        if not await self.counters.hit("new:" + ip,
                                       self.limits.new_sessions_per_hour_per_ip, HOUR):
            raise RateLimited(TOO_MANY_SESSIONS)

    async def session_message(self, session_id: str) -> None:
        if not await self.counters.hit("msg:" + session_id, self.limits.messages_per_minute,
                                       MINUTE):
            raise RateLimited()

    # ------------------------------------------------------------------ token budgets

    def _budget_key(self, site_name: str) -> str:
        return f"tokens:{site_name}:{self.today()}"

    async def check_budget(self, site: Site) -> None:
        """Refuse a turn when the site's tokens for today (UTC) are spent."""
        budget = site.daily_token_budget
        if budget and await self.counters.total(self._budget_key(site.name)) >= budget:
            raise BudgetExhausted()

    async def spend(self, site_name: str, tokens: int) -> int:
        return await self.counters.add(self._budget_key(site_name), tokens, DAY + HOUR)

    def record_usage(self, site_name: str, tokens: int) -> None:
        """The planners' usage hook is synchronous: count in the background."""
        if tokens <= 0:
            return
        task = asyncio.ensure_future(self.spend(site_name, tokens))
        self._spending.add(task)
        task.add_done_callback(self._spending.discard)

    async def settled(self) -> None:
        """Every token recorded so far is counted (a turn's end, shutdown, tests)."""
        if self._spending:
            await asyncio.gather(*list(self._spending), return_exceptions=True)
