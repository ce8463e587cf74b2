"""Counts set with a page's own − / + buttons ("2 adult tickets", "drop an adult ticket").

A counter is a pair of buttons that add and remove the same thing ("Add adult ticket",
"Remove adult ticket"), with its count shown between them. The visitor's count for the
thing is reached by pressing + or − as many times as it takes, from the count the page
shows; the plan is made again on the page after it, and the count the page then shows is
what the visitor is told (a page that stops at a limit says so, and that is reported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause, Request, ValueKind
from leflux.agent.planners.rules.party import party_counts
from leflux.agent.planners.rules.verify import Expect, snapshot

COUNTER_PHASE = "refine"
NAMED = 0.85
COUNTER_CONFIDENCE = 0.85
MAX_PRESSES = 20
COUNT_ACTS = frozenset({Act.FILL, Act.UNKNOWN, Act.ADD, Act.BUY, Act.DELETE})
# A count shown between a − and a + (the page's text, one per line).
_COUNT_RE = re.compile(r"^[−\-–]\n(\d+)\n\+$", re.M)


@dataclass
class Counter:
    more: PageElement
    less: PageElement | None
    words: tuple[str, ...]       # what it counts ("adult", "ticket")
    count: int | None            # as the page shows it


def _object_words(el: PageElement, verbs: frozenset[str]) -> tuple[str, ...]:
    return tuple(w for w in tokens(el.name_text) if w not in verbs and w.isalnum())


def counters(page: Page, lang: str) -> list[Counter]:
    add = {w for p in lex.control_words(Act.ADD, lang) for w in tokens(p)}
    remove = {w for p in lex.control_words(Act.DELETE, lang) for w in tokens(p)}
    verbs = frozenset(add | remove)
    mores = [el for el in page.clickables if el.tag != "a" and set(tokens(el.name_text)) & add]
    # (a − at zero is disabled, and still the counter's)
    lesses = [el for el in page.els if el.is_clickable and el.tag != "a"
              and set(tokens(el.name_text)) & remove]
    out = []
    for more in mores:
        words = _object_words(more, verbs)
        less = next((el for el in lesses if _object_words(el, verbs) == words), None)
        if words and less is not None:
            out.append(Counter(more, less, words, None))
    shown = [int(n) for n in _COUNT_RE.findall(page.text)]
    if len(shown) == len(out):  # one count per counter, in the page's order
        for c, n in zip(sorted(out, key=lambda c: c.more.id), shown, strict=True):
            c.count = n
    return out


def _wanted(c: Clause) -> list[tuple[str, int | None]]:
    """(what, how many) the clause asks for; None: one more / one less."""
    got: list[tuple[str, int | None]] = [(v.label or "", int(v.text)) for v in c.values
           if v.kind is ValueKind.QUANTITY and v.label and v.text.isdigit()]
    if got:
        return got
    words = c.target.words if c.target else ""
    if words and c.act in (Act.ADD, Act.BUY, Act.DELETE):
        return [(words, c.quantity)]
    return []


def _which(what: str, found: list[Counter], lang: str) -> Counter | None:
    m = Matcher(tokens(what), lang)
    best = [(sum(s for s in m.per_word(c.words) if s >= NAMED), c) for c in found]
    best = [(s, c) for s, c in best if s > 0]
    best.sort(key=lambda t: -t[0])
    if not best or (len(best) > 1 and best[1][0] == best[0][0]):
        return None
    return best[0][1]


def _which_kind(person: str, found: list[Counter]) -> Decision:
    """A person the page's kinds do not place (a son of no stated age): asked, not guessed,
    and nothing after it is done (no booking of the tickets not set)."""
    names = " or ".join(quoted(" ".join(c.words)) for c in found)
    return Decision(Kind.FAIL, f"Which ticket is for {quoted(person)}: {names}? Tell me the "
                    "counts (for example \u201c1 adult, 1 child\u201d) and I'll set them.",
                    confidence=COUNTER_CONFIDENCE)


def _asked(c: Clause, req: Request, page: Page
           ) -> tuple[list[tuple[str, int | None]], list[Counter]] | Decision:
    """The counts the clause asks for and the page's counters, or the question to ask."""
    wanted = _wanted(c)
    found = counters(page, req.lang) if wanted or c.act is not Act.DELETE else []
    if not wanted and found:  # "for me and my mum, she's 70": the people, each a ticket
        party, unplaced = party_counts(c.text, page, [k.words for k in found], req.lang)
        if unplaced is not None:
            return _which_kind(unplaced, found)
        wanted = [(w, n) for w, n in party]
    return wanted, found


def plan_counter(c: Clause, req: Request, page: Page) -> Decision | None:
    """Press + / − to reach the counts the clause asks for; None when it names no counter."""
    if c.act not in COUNT_ACTS or c.negated:
        return None
    asked = _asked(c, req, page)
    if isinstance(asked, Decision):
        return asked
    wanted, found = asked
    if not found or not wanted:
        return None
    steps = []
    told = []
    relative = False
    for what, n in wanted:
        ctr = _which(what, found, req.lang)
        if ctr is None:
            return None
        have, name = ctr.count, " ".join(ctr.words)
        if n is None:  # "drop an adult ticket", "add a child ticket": one press
            relative = True
            button = ctr.less if c.act is Act.DELETE else ctr.more
            if button is None or button.disabled:
                return Decision(Kind.SAY, f"I can't: {quoted(button.display if button else name)} "
                                "is not available on the page.", confidence=COUNTER_CONFIDENCE)
            steps.append(step("click", button, None, button.display))
            told.append(name)
            continue
        if have is None:
            return None  # the page does not show the count: no telling how many presses
        told.append(f"{name}: {n}")
        if have == n:
            continue
        button = ctr.more if n > have else ctr.less
        if button is None or button.disabled:
            return Decision(Kind.SAY, f"The page stops at {quoted(f'{name}: {have}')}: "
                            f"{quoted(button.display if button else name)} can't be pressed "
                            "further.", confidence=COUNTER_CONFIDENCE)
        steps += [step("click", button, None, button.display)] * min(abs(n - have),
                                                                    MAX_PRESSES)
    names = ", ".join(quoted(t) for t in told)
    if not steps:
        shown = ", ".join(f"{' '.join(ctr.words)}: {ctr.count}" for ctr in found
                          if ctr.count is not None)
        return Decision(Kind.SAY, f"Done: the page shows {quoted(shown)}.",
                        confidence=COUNTER_CONFIDENCE)
    pressed = ", ".join(f"{quoted(b)} \u00d7{steps.count(st)}" for b, st in
                        dict((st.description, st) for st in steps).items())
    # (a count to reach is checked on the page after; one press more or less is reported)
    return Decision(Kind.ACT, f"Setting {names}.", steps, COUNTER_CONFIDENCE,
                    snapshot(page, Expect.CLICK), f"Pressed {pressed}",
                    phase="acted" if relative else COUNTER_PHASE)
