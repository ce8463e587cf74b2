"""Searching the list on this page: "find the orders from Lena", "search my files for
budget". A search box that filters the page's own list (no form that leaves the page) takes
the words that name the rows; what names the list itself ("orders", "my files", the box's
own label words) before "for" / "from" is not part of the query. The outcome is the list
as it then shows: rows that say the words, or none.
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, rows_count, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import kind_of
from leflux.agent.planners.rules.lexicon import lexicon
from leflux.agent.planners.rules.match import SYNONYM, tokens, word_sim
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step

LIST_SEARCH = 0.8
LIST_PHASE = "listed"


def list_box(page: Page) -> PageElement | None:
    """The page's one search box that filters in place (in no form that submits)."""
    boxes = [el for el in page.fields if el.is_text_field and kind_of(el) == "search"]
    if len(boxes) != 1 or not rows_count(page):
        return None
    box = boxes[0]
    form = page.forms.get(box.form_id) if box.form_id is not None else None
    return box if form is None or not form.has_submit else None


def rows_query(query: str, box: PageElement, lang: str) -> str:
    """'my files for budget' -> 'budget' (the list is "files", the box says "My files")."""
    lx = lexicon(lang)
    low = fold(query)
    label = [w for w in tokens(box.name_text + " " + (box.e.placeholder or ""))]
    stop = lex.stopwords(lang)
    for hit in lx.container_of.find_all(low):
        left = [w for w in tokens(low[:hit.start]) if w not in stop]
        right = query[hit.end:].strip(" ,")
        if not right or not left:
            continue
        if all(lx.containers.get(w) is not None or lx.kinds.get(w) is not None or any(
                word_sim(w, b, lang) >= SYNONYM for b in label) for w in left):
            return right
    return query


def plan_list_search(query: str, page: Page, lang: str) -> Decision | None:
    box = list_box(page)
    if box is None:
        return None
    words = rows_query(query, box, lang)
    return Decision(Kind.ACT, f"Searching the list for {quoted(words)}.",
                    [step("type", box, words, box.display)], LIST_SEARCH,
                    snapshot(page, Expect.SEARCH, shows=words),
                    f"The list now shows what matches {quoted(words)}", phase=LIST_PHASE,
                    text=words)


def press_enter(page: Page, words: str) -> Step | None:
    """The box the words were typed into, when the list did not filter as they were typed:
    Enter sends them, as a person does with a search box that waits for it."""
    box = next((el for el in page.fields if el.is_text_field and kind_of(el) == "search"
                and " ".join((el.e.value or "").split()).lower() == words.lower()), None)
    return step("press", box, "Enter", "submit the search") if box is not None else None
