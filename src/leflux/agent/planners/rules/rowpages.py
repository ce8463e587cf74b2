"""A row named by its content that is not on this page of a list of several pages: the
list's next page, as a person turns it to find the row ("borra al usuario Omar Haddad"
on page 1 of a members table where Omar is on page 2). The same clause is planned again
on the page it leads to; the last page ends the search (no "Next" left to press).
"""

from __future__ import annotations

from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page
from leflux.agent.planners.rules.ground import query_words, rows
from leflux.agent.planners.rules.listquestions import next_page
from leflux.agent.planners.rules.model import Reference
from leflux.agent.planners.rules.rowvalues import list_rows
from leflux.agent.planners.rules.verify import Expect, snapshot

# A list's pages turned looking for a row or a product (the engine's plan cap ends a long
# list); planned again on each page.
PAGE_PHASE = "next-page"
MAX_PAGES = 50
ROW_PAGE = 0.8  # confidence of turning the page for a row the words name


def row_elsewhere(words: str, page: Page, lang: str, text: str = "") -> Decision | None:
    """The next page of the list when the words name none of the rows shown; None when
    they name one here, the page shows no list, or the list has no page after this one.
    ``text``: what the next page's plan needs of this one (kept in the pending plan)."""
    if not query_words(words, lang) or not list_rows(page):
        return None
    if rows(page, Reference(words=words), lang):
        return None
    turn = next_page(page, lang)
    if turn is None:
        return None
    what = " ".join(query_words(words, lang))
    return Decision(Kind.ACT, f"Looking for {quoted(what)} on the next page.",
                    [step("click", turn, None, turn.display)], ROW_PAGE,
                    snapshot(page, Expect.CLICK), "", phase=PAGE_PHASE, text=text)
