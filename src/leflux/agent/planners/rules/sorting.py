"""Sort a table by one of its columns the way a person does: press the column's header,
and press it again when the table says it now sorts the other way ("sort by total,
highest first"). The order reported is the one the table shows (its ``aria-sort``).
"""

from __future__ import annotations

from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import CONFIDENT, ground
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.match import SAME_STEM, tokens, word_sim
from leflux.agent.planners.rules.model import Clause, Reference
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot

ASCENDING = "ascending"
DESCENDING = "descending"
# Sort orders of a listing's menu ([sort_orders] keys) and the way a column sorts for them.
DIRECTIONS = {"descending": DESCENDING, "price_desc": DESCENDING, "newest": DESCENDING,
              "rating": DESCENDING, "ascending": ASCENDING, "price_asc": ASCENDING,
              "oldest": ASCENDING, "name": ASCENDING}
SORTED = (ASCENDING, DESCENDING)
# How the visitor is told the order a table shows.
SAID = {ASCENDING: "ascending", DESCENDING: "descending"}


def is_header(el: PageElement) -> bool:
    """A control that sorts its column: it or its header cell tells its sort state, or it
    is a header cell (a <th>, a columnheader), or a button that is its column's own name."""
    return bool(el.extra("sort")) or el.tag == "th" or el.role == "columnheader" or (
        bool(el.extra("column")) and fold(el.extra("column")) == fold(el.display))


def wanted_direction(words: str, lang: str) -> tuple[str | None, str]:
    """The order the words ask for ("highest first" -> descending) and the words left
    (the column's name)."""
    low = fold(words)
    for code in dict.fromkeys((lang if lang in LANGS else "en", "en")):
        for hit in lexicon(code).sort_orders.find_all(low):
            direction = DIRECTIONS.get(hit.key)
            rest = (low[:hit.start] + " " + low[hit.end:]).strip(" ,")
            if direction is not None and rest:  # ("by name" is a column, not an order)
                return direction, rest
    return None, low


def _joined(text: str) -> str:
    return fold(text).replace("-", "")  # "E-Mail" is "Email"


def _header_named(words: str, headers: list[PageElement], page: Page, lang: str
                  ) -> tuple[PageElement, float] | None:
    """The header the words name: grounded on its name, else the one header whose every
    word was said ("sortiere die Tabelle nach E-Mail" -> "Email")."""
    g = ground(Reference(words=_joined(words)), page, headers, lang=lang)
    if g.confident and g.best is not None:
        return g.best.el, g.best.score
    said = tokens(_joined(words))
    whole = [el for el in headers if (own := tokens(_joined(el.display))) and all(
        any(word_sim(o, w, lang) >= SAME_STEM for w in said) for o in own)]
    return (whole[0], CONFIDENT) if len(whole) == 1 else None


def plan_sort(c: Clause, page: Page, lang: str) -> Decision | None:
    """The column header the words name, pressed until the table sorts the way asked;
    None when this page has no column header that sorts or the words name none."""
    words = c.option or (c.target.words if c.target else "")
    if not words:
        return None
    direction, column = wanted_direction(words, lang)
    # (a <th> the embed indexed is one the page made pressable)
    headers = [el for el in page.els if is_header(el) and not el.disabled and not el.is_field]
    if not headers or not column:
        return None
    found = _header_named(column, headers, page, lang)
    if found is None:
        sortable = [el.display for el in headers if el.extra("sort")]
        if sortable:  # a table that sorts, by none of the words: said, never searched for
            return Decision(Kind.FAIL, f"I couldn't find a column {quoted(column)} to sort by; "
                            f"this table sorts by {', '.join(quoted(x) for x in sortable)}.")
        return None
    el, score = found
    state = el.extra("sort")
    name = el.display
    if state in SORTED and (direction is None or state == direction):
        return Decision(Kind.SAY, f"The table is sorted by {quoted(name)}, {SAID[state]}.",
                        confidence=score)
    # (no state told: one press, and the report says only what was pressed; else the
    # clause is planned again on the table as it then is)
    again = state is not None
    return Decision(Kind.ACT, f"Sorting by {quoted(name)}.", [step("click", el, None, name)],
                    score, snapshot(page, Expect.CLICK),
                    "" if again else f"Pressed {quoted(name)}", phase="again" if again else "acted")
