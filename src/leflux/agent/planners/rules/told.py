"""What the visitor asks the site to pass on to someone ("tell the kitchen to cut it in
squares", "ask the driver to ring twice"): the words after "to" / "that" are a message
for the field named by who is told ("Note for the kitchen")."""

from __future__ import annotations

from leflux.agent.planners.rules.labelled import LABEL_MAX_WORDS, Scan
from leflux.agent.planners.rules.model import ValueKind


def told(scan: Scan) -> None:
    lex, low = scan.lex, scan.low
    for hit in lex.tell.find_all(low):
        pos = hit.end
        if (art := lex.articles.match_start(low, pos)) is not None:
            pos = art.end
        i0 = scan.tok_index(pos)
        for j in range(i0 + 1, min(len(scan.toks), i0 + LABEL_MAX_WORDS + 1)):
            at = scan.toks[j][1]
            link = lex.tell_to.match_start(low, at) or lex.that.match_start(low, at)
            if link is None:
                continue
            who = scan.raw[pos:at].strip(" ,")
            a, b, quoted = scan.long_value_end(link.end)
            if who and a < b and scan.free(a, b):
                # what they are told goes in whole
                scan.found = [f for f in scan.found if not (a <= f.start and f.end <= b)]
                scan.add(ValueKind.TEXT, scan.raw[a:b], a, b, label=who, quoted=quoted,
                         label_at=hit.start)
            break
