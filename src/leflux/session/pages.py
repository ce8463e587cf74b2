"""Page changes for the session timeline: each new URL a session's page context shows
is stored once, and so is each new set of the page's alerts (its error, success and
status messages) — the owner's console shows where the visitor went and what the page
said."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from leflux.storage.store import Store

log = logging.getLogger("leflux.session")

# Sessions whose last page is remembered here (a repeat needs no database trip).
CACHE_SIZE = 50_000
MAX_URL = 2_000
MAX_TITLE = 300
MAX_ALERTS = 10
MAX_ALERT = 300


def _alerts(context: dict[str, Any]) -> list[str]:
    raw = context.get("alerts") or []
    return [str(a)[:MAX_ALERT] for a in raw[:MAX_ALERTS] if str(a).strip()]


class PageTrail:
    def __init__(self, store: Store, size: int = CACHE_SIZE) -> None:
        self._store = store
        self._size = size
        self._last: OrderedDict[str, tuple[str, tuple[str, ...]]] = OrderedDict()

    async def seen(self, session_id: str, context: dict[str, Any]) -> None:
        url = str(context.get("url") or "")[:MAX_URL]
        alerts = _alerts(context)
        before = self._last.get(session_id)
        now = (url, tuple(alerts))
        if not url or before == now:
            return
        self._last[session_id] = now
        self._last.move_to_end(session_id)
        if len(self._last) > self._size:
            self._last.popitem(last=False)
        try:
            if before is None or before[0] != url:
                title = str(context.get("title") or "")[:MAX_TITLE]
                await self._store.record_page(session_id, url, title)
            if alerts and (before is None or before[1] != now[1]):
                await self._store.add_event(session_id, "page_said", {"alerts": alerts})
        except Exception:  # the timeline is a record, never a reason to fail a turn
            log.warning("could not record a page change for %s", session_id, exc_info=True)

    def forget(self, session_id: str) -> None:
        self._last.pop(session_id, None)
