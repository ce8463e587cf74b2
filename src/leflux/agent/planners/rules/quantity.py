"""How many of a row: "just one oat milk, not two", "I need 7 t-shirts not 5", "i need 2
more bananas". The words name one row of the list that has its own number box; the number
said goes there ("more" / "another" adds it to what the box holds). "not N" is the count
being corrected, never the new one.
"""

from __future__ import annotations

import re

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import CONFIDENT, one_row
from leflux.agent.planners.rules.lexicon import lexicon
from leflux.agent.planners.rules.match import Matcher, tokens
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot

MAX_COUNT = 10_000


def _numbers(words: list[str], lang: str) -> list[tuple[int, int]]:
    """(position, value) of every number in the words, digits or written."""
    out = []
    for i, w in enumerate(words):
        n = lex.number(w, lang)
        if n is not None and 0 <= n < MAX_COUNT:
            out.append((i, n))
    return out


def _count_box(page: Page, group: str) -> PageElement | None:
    boxes = [el for el in page.els if el.group == group and (
        el.type == "number" or el.role == "spinbutton") and not el.disabled]
    return boxes[0] if len(boxes) == 1 else None


def plan_row_count(c: Clause, page: Page, lang: str) -> Decision | None:
    lx = lexicon(lang)
    words = list(tokens(fold(c.text)))
    nums = _numbers(words, lang)
    if not nums:
        return None
    negated = {i + 1 for i, w in enumerate(words) if lx.negation.get(w) is not None}
    wanted = [(i, n) for i, n in nums if i not in negated]
    if len(wanted) != 1:
        return None
    at, count = wanted[0]
    more = any(lx.more.get(w) is not None for w in words[at + 1:at + 3])
    if c.act is Act.ADD and not more:
        return None  # "add two cartons of eggs": a new row; "add 2 more bananas": this one
    stop = lex.stopwords(lang)
    rest = [w for i, w in enumerate(words) if i not in {p for p, _ in nums}
            and w not in stop and lx.more.get(w) is None and lx.negation.get(w) is None]
    said = {w for el in page.els if el.group for w in tokens(el.group)}
    probe = Matcher(tuple(rest), lang)
    told = [w for i, w in enumerate(rest) if any(probe.sims(v)[i] for v in said)]
    if not rest or len(told) * 2 < len(rest):
        return None  # the row is named by a word or two of many ("eggs to the dairy")
    group = one_row(page, " ".join(rest), lang)
    if group is None:
        return None
    box = _count_box(page, group)
    if box is None:
        return None
    now = int(box.e.value) if box.e.value and re.fullmatch(r"\d+", box.e.value) else None
    if more and now is None:
        return None
    new = count + now if more and now is not None else count
    item = group.split(" | ")[0][:60]
    return Decision(Kind.ACT, f"Setting {quoted(item)} to {new}.",
                    [step("type", box, str(new), box.display)], CONFIDENT,
                    snapshot(page, Expect.FILL, values={box.id: str(new)}),
                    f"Set {quoted(item)} to {new}")
