"""'put Ana Costa as the name on the booking': after "as", the field ("the name"), before
it the value; "set my name as Ana" keeps the usual order (the field first)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from leflux.agent.planners.rules.model import ValueKind
from leflux.agent.planners.rules.phrases import fold

# An opening quote and the one that closes it.
QUOTES = {'"': '"', "'": "'", "“": "”", "«": "»"}

if TYPE_CHECKING:
    from leflux.agent.planners.rules.labelled import Scan


def value_as_field(scan: Scan, value_at: int, as_start: int, as_end: int) -> bool:
    """The value said before "as" and the field after it (an article opens the field's
    name, none opens the value); True when taken so."""
    lex, low, raw = scan.lex, scan.low, scan.raw
    if lex.as_words.match_start(low, as_start) is None or \
            lex.articles.match_start(low, value_at) is not None:
        return False
    art = lex.articles.match_start(low, as_end)
    if art is None:
        return False
    label_words = []
    for word in raw[art.end:].split():
        w = fold(word.strip(",.;")).lower()
        if not w or w in lex.stopwords or w in lex.articles:
            break
        label_words.append(word.strip(",.;"))
        if word[-1:] in ",.;":
            break
    seg = raw[value_at:as_start]
    a = value_at + len(seg) - len(seg.lstrip())
    value = seg.strip()
    # "put 'Quarterly review' as the title": the quoted words, without their quotes
    quoted = len(value) > 2 and value[0] in QUOTES and value[-1] == QUOTES[value[0]]
    if quoted:
        a, value = a + 1, value[1:-1].strip()
    if not label_words or not value or value[0] in QUOTES or not scan.free(a, a + len(value)):
        return False  # (a quote left open is read with its quotes elsewhere)
    scan.add(ValueKind.TEXT, value, a, a + len(value), label=" ".join(label_words),
             quoted=quoted, label_at=art.end)
    return True
