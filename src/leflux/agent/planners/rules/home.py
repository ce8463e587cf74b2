"""Where the visitor lives or works ("I live in Paris, France", "I'm based in Berlin
now"): the place, whole, for the form's city / location field."""

from __future__ import annotations

from leflux.agent.planners.rules.labelled import Scan
from leflux.agent.planners.rules.model import ValueKind

# A part after a comma still belongs to the place when it is a name this short
# ("Paris, France", "London, Ontario, Canada").
PLACE_PART_WORDS = 3


def _place_end(scan: Scan, a: int) -> int:
    """The end of the place that starts at ``a``: its first part, and the parts after
    commas that are names ("France"), not the next request ("add Go ...")."""
    raw = scan.raw
    end = raw.find(",", a)
    end = len(raw) if end < 0 else end
    while end < len(raw):
        nxt = raw.find(",", end + 1)
        nxt = len(raw) if nxt < 0 else nxt
        words = raw[end + 1:nxt].split()
        if not words or len(words) > PLACE_PART_WORDS or not all(w[:1].isupper() for w in words):
            break
        end = nxt
    return end


def lives_in(scan: Scan) -> None:
    lex, low, raw = scan.lex, scan.low, scan.raw
    city = lex.field_names.get("city")
    for hit in lex.home_intro.find_all(low):
        a = hit.end + len(raw[hit.end:]) - len(raw[hit.end:].lstrip())
        if lex.articles.match_start(low, a) is not None:
            continue  # "I live in the zone": a thing of the form's, not a place's name
        b = len(raw[:_place_end(scan, a)].rstrip(" .!"))
        # "... Berlin now": the words that close a request are not the place's
        while (tail := lex.polite_end.match_end(low[a:b])) is not None and tail.start:
            b = a + len(raw[a:a + tail.start].rstrip(" ,"))
        if a < b and scan.free(a, b):
            scan.add(ValueKind.TEXT, raw[a:b], a, b, label=city, label_at=hit.start)
