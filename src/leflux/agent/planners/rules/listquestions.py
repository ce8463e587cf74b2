"""Questions about a list or table, answered from its rows as a person reads them.

"how big is the Q3 report": the row the words name, its cell under the column they name
(by its header, or by the kind of value asked for: "how big" is a size). "which file
takes up the most space": the column of sizes, its largest value; a table split over
pages is sorted by that column first (its header pressed until it says so), then read.
"whats sofia rossi's email": a row not on this page of the table is looked for on the
next ones. "how many members": the page's own count ("of 12 members"). "what's left":
the rows whose box is not ticked. Anything else is left to the page's passages.
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import one_row
from leflux.agent.planners.rules.match import SAME_STEM, tokens, word_sim
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowvalues import (
    Row,
    cell,
    headers,
    kind_of_column,
    list_rows,
    said,
    value_of,
)
from leflux.agent.planners.rules.sorting import ASCENDING, DESCENDING
from leflux.agent.planners.rules.verify import Expect, snapshot

ROW_ANSWER = 0.8      # confidence of a value read from the row and column named
MAX_TURNS = 3         # pages turned / headers pressed for one question
QUESTION_PHASE = "answer"   # (questions.ANSWER_PHASE: the question is planned again after)


def _joined(text: str) -> str:
    return fold(text).replace("-", "")


def _column_named(words: tuple[str, ...], heads: list[PageElement], lang: str
                  ) -> PageElement | None:
    """The header whose words the question says ("email", "last active" for "active")."""
    scored = []
    for el in heads:
        own = tokens(_joined(el.display))
        hit = sum(any(word_sim(o, w, lang) >= SAME_STEM for w in words) for o in own)
        if own and hit:
            scored.append((hit / len(own), el))
    scored.sort(key=lambda t: -t[0])
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _column_of_kind(question: str, rows: list[Row], heads: list[PageElement], lang: str
                    ) -> PageElement | None:
    """The one column holding the kind of value the question asks about ("how big": a
    size, "most recently": a date)."""
    kinds = [k for k in ("size", "money", "date") if said(k, question, lang)]
    found = [h for h in heads if kind_of_column(rows, heads, h, lang) in kinds]
    return found[0] if len(found) == 1 else None


def _column(question: str, rows: list[Row], heads: list[PageElement], lang: str
            ) -> PageElement | None:
    """The column asked about: the one of the kind of value asked for, else the one
    whose header the question says."""
    skip = lex.stopwords(lang) | lex.lexicon_of(lang).question_vocabulary
    words = tuple(w for w in tokens(fold(question)) if w not in skip)
    return _column_of_kind(question, rows, heads, lang) or _column_named(words, heads, lang)


def _rest(question: str, lang: str, used: PageElement | None) -> str:
    """The question's words that may name a row: no question words, kind or column words."""
    low = fold(question)
    for key in ("size", "money", "date", "most", "least", "how_many", "left"):
        for a, b in said(key, question, lang):
            low = low[:a] + " " * (b - a) + low[b:]
    skip = lex.stopwords(lang) | lex.lexicon_of(lang).question_vocabulary
    own = set(tokens(_joined(used.display))) if used is not None else set()
    words = (w.removesuffix("'s").removesuffix("\u2019s") for w in tokens(low))
    return " ".join(w for w in words if w not in skip and w not in own)


def next_page(page: Page, lang: str) -> PageElement | None:
    """The list's own "Next" control, when it can still be pressed."""
    for el in page.clickables:
        if not el.group and not el.disabled and said("next", el.display, lang):
            return el
    return None


def _turn(el: PageElement, page: Page, question: str, why: str) -> Decision:
    return Decision(Kind.ACT, why, [step("click", el, None, el.display)], ROW_ANSWER,
                    snapshot(page, Expect.CLICK), "", phase=QUESTION_PHASE, text=question)


def _extreme(question: str, page: Page, lang: str, turns: int) -> Decision | None:
    most, least = said("most", question, lang), said("least", question, lang)
    if bool(most) == bool(least):
        return None
    rows, heads = list_rows(page), headers(page)
    head = _column(question, rows, heads, lang)
    kind = kind_of_column(rows, heads, head, lang) if head is not None else None
    if head is None or kind is None:
        return None
    want = DESCENDING if most else ASCENDING
    if next_page(page, lang) is not None and head.extra("sort") != want and turns < MAX_TURNS \
            and head.extra("sort"):
        # More rows on other pages: sort the table by that column first, then read it.
        return _turn(head, page, question, f"Sorting by {quoted(head.display)} to find out.")
    values = [(v, r) for r in rows if (c := cell(r, heads, head)) is not None
              and (v := value_of(kind, c, lang)) is not None]
    if not values:
        return None
    best = (max if most else min)(values, key=lambda t: t[0])[1]
    return Decision(Kind.SAY, f"{quoted(best.name)} ({head.display}: {cell(best, heads, head)}).",
                    confidence=ROW_ANSWER)


def _row_said(row: Row, heads: list[PageElement], head: PageElement | None) -> str:
    """A row's answer: its cell under the column asked about, else all it shows (its
    cells and the values of its own fields)."""
    value = cell(row, heads, head) if head is not None else None
    if head is not None and value:
        return f"{quoted(row.name)}: {head.display} {value}."
    parts = [c for c in row.cells if c]
    for el in row.els:
        label = el.extra("column") or el.display
        if el.is_toggle and el.e.checked is not None and el.extra("column"):
            parts.append(f"{label}: {'yes' if el.e.checked else 'no'}")
        elif el.is_field and not el.is_toggle and el.e.value:
            parts.append(f"{label}: {el.e.value}")
    if len(parts) > 1:
        return f"{quoted(parts[0])}: {', '.join(parts[1:])}."
    return f"{quoted(row.text)}."


def _named_row(rest: str, rows: list[Row], page: Page, lang: str) -> Row | None:
    """The one row the words name; else the one named by the words that tell rows apart
    ("which bag did I put the passport in": "bag" is said by several rows). The words
    must say at least half of the row's name (a comment that says "post" once is not
    named by "how many comments does this post have")."""
    if not rest:
        return None
    name = one_row(page, rest, lang)
    if name is None:
        telling = [w for w in tokens(rest) if sum(any(
            word_sim(w, v, lang) >= SAME_STEM for v in tokens(r.text)) for r in rows) == 1]
        name = one_row(page, " ".join(telling), lang) if telling else None
    row = next((r for r in rows if r.text == name), None)
    if row is None:
        return None
    own = tokens(row.name)
    hit = sum(any(word_sim(o, w, lang) >= SAME_STEM for w in tokens(rest)) for o in own)
    return row if own and 2 * hit >= len(own) else None


def _count(question: str, page: Page, lang: str, rows: list[Row]) -> Decision | None:
    """"how many members": the page's own figure next to the thing counted ("of 12
    members"); a count of only some rows ("still pending") is not that figure."""
    vocab = {v for r in rows for v in tokens(r.text)}
    words = tokens(_rest(question, lang, None))
    if any(word_sim(w, v, lang) >= SAME_STEM for w in words for v in vocab):
        return None
    for line in page.text.splitlines():
        toks = tokens(fold(line))
        for i, t in enumerate(toks[:-1]):
            if t.isdigit() and any(word_sim(toks[i + 1], w, lang) >= SAME_STEM for w in words):
                return Decision(Kind.SAY, f"The page says {quoted(' '.join(line.split()))}.",
                                confidence=ROW_ANSWER)
    return None


def _left(rows: list[Row]) -> Decision | None:
    """The rows whose own box is not ticked: what is still to do."""
    boxes = [(r, next((el for el in r.els if el.is_toggle), None)) for r in rows]
    if not boxes or any(b is None for _, b in boxes):
        return None
    open_rows = [r for r, b in boxes if b is not None and not b.e.checked]
    if not open_rows:
        return Decision(Kind.SAY, "Nothing is left: every item is ticked.",
                        confidence=ROW_ANSWER)
    names = ", ".join(quoted(r.name) for r in open_rows)
    return Decision(Kind.SAY, f"{len(open_rows)} left: {names}.", confidence=ROW_ANSWER)


# Rows a person reads as data: a table's rows, a list's items (not cards, not fieldsets).
ROW_KINDS = frozenset({"row", "item"})


def _operable(row: Row) -> bool:
    """A row of a list a person works with (a box, a field, its own button), not a link
    to another page (a card of links on a home page is a way to the answer, not it)."""
    return all(el.extra("groupKind") in ROW_KINDS for el in row.els) and any(
        el.tag != "a" and el.role != "link" for el in row.els)


def plan_list_question(question: str, page: Page, lang: str, turns: int) -> Decision | None:
    """The answer the page's list gives, the next step to read it there, or None."""
    rows = list_rows(page)
    if not rows or not all(_operable(r) for r in rows):
        return None
    if (d := _extreme(question, page, lang, turns)) is not None:
        return d
    heads = headers(page)
    head = _column(question, rows, heads, lang)
    rest = _rest(question, lang, head)
    row = _named_row(rest, rows, page, lang)
    if row is not None:
        return Decision(Kind.SAY, _row_said(row, heads, head), confidence=ROW_ANSWER)
    if said("how_many", question, lang) and (d := _count(question, page, lang, rows)):
        return d
    if said("left", question, lang) and (d := _left(rows)) is not None:
        return d
    nxt = next_page(page, lang)
    vocab = {v for r in rows for v in tokens(r.text)}
    unseen = not any(word_sim(w, v, lang) >= SAME_STEM for w in tokens(rest) for v in vocab)
    if head is not None and rest and unseen and nxt is not None and turns < MAX_TURNS:
        # "whats sofia rossi's email": no row here says her name; the next page may.
        return _turn(nxt, page, question, f"Looking for {quoted(rest)} on the next page.")
    return None
