"""Something the visitor says is fine by them: "no marketing cookies for me, analytics is
fine" — the analytics one is to be on, as "allow analytics" would say.

A clause that is only a thing and one of the lexicon's ``approves`` phrases at its end
("is fine", "est ok", "está bien", "ist in Ordnung") reads as ticking that thing when the
request is setting choices, and a comma before such a clause starts it.
"""

from __future__ import annotations

import re

from leflux.agent.planners.rules.lexicon import Lexicon
from leflux.agent.planners.rules.model import Act, Clause, Reference
from leflux.agent.planners.rules.phrases import fold

# Words the thing approved may have ("analytics", "the analytics cookies").
MAX_THING_WORDS = 4


def _thing(text: str, lex: Lexicon) -> str | None:
    """The words before the approval phrase that ends ``text``, or None."""
    low = fold(text).rstrip(" .!,;")
    for phrase in lex.approves:
        # (as typed, in small letters: "my name is Fine" gives a name)
        if low.endswith(" " + phrase) and text.rstrip(" .!,;")[-1:].islower():
            head = text.strip()[:len(low) - len(phrase)].strip(" ,")
            words = [w for w in re.findall(r"[^\W_]+", head)]
            return head if 0 < len(words) <= MAX_THING_WORDS else None
    return None


def approves(rest: str, lex: Lexicon) -> bool:
    """Is the text after a comma (up to the next stop) a thing said to be fine?"""
    clause = re.split(r"[.;!?]|,", rest, maxsplit=1)[0]
    return _thing(clause, lex) is not None


def approved(clauses: list[Clause], lex: Lexicon) -> list[Clause]:
    """Each clause that says a thing is fine, as the ticking it says, when the request
    is setting choices (another clause ticks or unticks one: "no marketing cookies")."""
    if not any(c.act in (Act.CHECK, Act.UNCHECK) for c in clauses):
        return clauses
    return [Clause(Act.CHECK, c.text, target=Reference(words=thing))
            if c.act in (Act.FILL, Act.UNKNOWN) and (thing := _thing(c.text, lex)) else c
            for c in clauses]
