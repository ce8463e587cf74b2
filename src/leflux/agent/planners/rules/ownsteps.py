"""The visitor's own next step, said in passing: "pick 5 January 2027, I'll check the time
before saving". A part of the request (between commas or sentence ends) that opens with
the words of doing a thing oneself and says it comes before the form is sent asks nothing
of the assistant (the time is not for it to touch), and leaves the form unsent (lexicon
[own_steps])."""

from __future__ import annotations

import re
from functools import cache

from leflux.agent.planners.rules.phrases import PhraseTable
from leflux.agent.planners.rules.rowvalues import raw_words

_PART_RE = re.compile(r"[^,;.!?]+")


@cache
def _tables(lang: str) -> dict[str, PhraseTable[str]]:
    return {k: PhraseTable((p, k) for p in ps) for k, ps in raw_words(lang, "own_steps").items()}


def own_steps(low: str, lang: str) -> list[tuple[int, int]]:
    """The spans of ``low`` (folded) that say the visitor's own step before sending; the
    request's first part is never one (a request of nothing but that is read as said)."""
    tables = _tables(lang)
    opener, before = tables.get("self"), tables.get("before_send")
    if opener is None or before is None:
        return []
    out = []
    for m in _PART_RE.finditer(low):
        a = m.start() + len(m[0]) - len(m[0].lstrip())
        if low[:a].strip() and opener.match_start(low, a) is not None and \
                next(before.find_all(m[0]), None) is not None:
            out.append((m.start(), m.end()))
    return out
