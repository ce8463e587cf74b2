"""Page changes for the session timeline: each new URL a session's page context shows
is stored once (the owner's console lists the pages a visitor went through)."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from leflux.storage.store import Store

log = logging.getLogger("leflux.session")

# Sessions whose last URL is remembered here (a repeat needs no database trip).
CACHE_SIZE = 50_000
MAX_URL = 2_000
MAX_TITLE = 300


class PageTrail:
    def __init__(self, store: Store, size: int = CACHE_SIZE) -> None:
        self._store = store
        self._size = size
        self._last: OrderedDict[str, str] = OrderedDict()

    async def seen(self, session_id: str, context: dict[str, Any]) -> None:
        url = str(context.get("url") or "")[:MAX_URL]
        if not url or self._last.get(session_id) == url:
            return
        self._last[session_id] = url
        self._last.move_to_end(session_id)
        if len(self._last) > self._size:
            self._last.popitem(last=False)
        title = str(context.get("title") or "")[:MAX_TITLE]
        try:
            await self._store.record_page(session_id, url, title)
        except Exception:  # the timeline is a record, never a reason to fail a turn
            log.warning("could not record a page change for %s", session_id, exc_info=True)

    def forget(self, session_id: str) -> None:
        self._last.pop(session_id, None)
