"""A statement that a row is done ("done with the flights", "i packed the passport",
"everything that goes in the backpack is packed now"): a person ticks that row's box.

The statement says a done word ([row_states]) or the name of the column the rows' boxes
sit in ("Packed"); the other words name the row (or, with "everything", the rows).
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, name, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import CONFIDENT, one_row, rows
from leflux.agent.planners.rules.lexicon import lexicon
from leflux.agent.planners.rules.match import SAME_STEM, tokens, word_sim
from leflux.agent.planners.rules.model import Clause, Reference
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowaction import row_key
from leflux.agent.planners.rules.rowvalues import list_rows, said
from leflux.agent.planners.rules.verify import Expect, snapshot


def _boxes(page: Page) -> dict[str, PageElement]:
    """Each row of the main list with its own box (one tick box per row)."""
    out = {}
    for row in list_rows(page):
        boxes = [el for el in row.els if el.is_toggle and el.type != "radio" and not el.disabled]
        if len(boxes) == 1:
            out[row.text] = boxes[0]
    return out


def _blank(low: str, spans: list[tuple[int, int]]) -> str:
    for a, b in spans:
        low = low[:a] + " " * (b - a) + low[b:]
    return low


def plan_row_state(c: Clause, page: Page, lang: str) -> Decision | None:
    """Tick the box of the row (or rows) the statement says is done; None when it says
    no such thing or names no row."""
    if c.negated or lex.negates(c.text, lang) or said("not_done", c.text, lang, "row_states"):
        return None  # "I haven't packed the passport": nothing to tick
    boxes = _boxes(page)
    if not boxes:
        return None
    low = _blank(fold(c.text), said("done", c.text, lang, "row_states"))
    columns = {w for el in boxes.values() for w in tokens(fold(el.extra("column")))}
    words = [w for w in tokens(low) if w not in lex.stopwords(lang)]
    rest = [w for w in words if not any(word_sim(w, v, lang) >= SAME_STEM for v in columns)]
    if len(rest) == len(words) and low == fold(c.text):
        return None  # neither a done word nor the boxes' column ("Packed") was said
    every = [(h.start, h.end) for h in lexicon(lang).all_items.find_all(fold(" ".join(rest)))]
    what = " ".join(rest)
    if every:
        what = " ".join(tokens(_blank(fold(what), every)))
        named = sorted(g for g in rows(page, Reference(words=what), lang) if g in boxes)
    else:
        one = one_row(page, what, lang) if what else None
        named = [one] if one in boxes else []
    if not named:
        return None
    todo = [boxes[g] for g in named if not boxes[g].e.checked]
    if not todo:
        return Decision(Kind.SAY, f"{', '.join(quoted(row_key(g)) for g in named)} already "
                        "ticked.", confidence=CONFIDENT)
    el = todo[0]
    if len(todo) > 1:
        # (a list may rebuild its rows on each tick: one box, then the page as it is then)
        return Decision(Kind.ACT, f"Ticking {quoted(row_key(el.group))}.",
                        [step("check", el, None, name(el))], CONFIDENT,
                        snapshot(page, Expect.TOGGLE, checks={el.id: True}), "",
                        phase="again")
    names = ", ".join(quoted(row_key(g)) for g in named)
    return Decision(Kind.ACT, f"Ticking {quoted(row_key(el.group))}.",
                    [step("check", el, None, name(el))], CONFIDENT,
                    snapshot(page, Expect.TOGGLE, checks={el.id: True}),
                    f"Ticked {names}" if len(named) > 1 else f"Ticked {quoted(row_key(el.group))}")
