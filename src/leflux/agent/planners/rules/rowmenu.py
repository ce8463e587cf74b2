"""A row's actions kept in its own menu ("More actions", "⋮"): a person opens the row's
menu, then picks the item that does what they asked ("Delete", "Move to trash",
"Rename"). The menu is opened first (the clause is planned again on the page it leads
to), then its item is pressed.
"""

from __future__ import annotations

from collections.abc import Iterable

from leflux.agent.planners.rules.decide import Decision, Kind, quoted, rows_count, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import one_row, query_words
from leflux.agent.planners.rules.lexicon import LANGS
from leflux.agent.planners.rules.match import SAME_STEM, tokens, word_sim
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowvalues import raw_words, said
from leflux.agent.planners.rules.verify import Expect, snapshot

MENU_ITEM = 0.85   # confidence of a menu item named by the act's own words


def says_verb(el: PageElement, verbs: Iterable[str], lang: str) -> bool:
    """Does a control's own name say one of the act's words ("Move to trash": trash)?"""
    words = {w for v in verbs for w in tokens(v)}
    own = [w for w in tokens(el.name_text) if w not in set(tokens(el.group))]
    name = el.name_text.strip()
    # (the same word or its stem: "move" is no "remove")
    return any(word_sim(w, v, lang) >= SAME_STEM for w in own for v in words) or \
        any(name == v for v in verbs)


def says_verb_word(word: str, verbs: Iterable[str], lang: str) -> bool:
    """Is the word one of the act's words, or its stem ("remove", "removes")?"""
    return any(word_sim(word, v, lang) >= SAME_STEM for p in verbs for v in tokens(p))


def opens_menu(el: PageElement, lang: str) -> bool:
    """"More actions for Q3 report.pdf", "⋮": the row's menu (its name says so, or is
    one of the menu signs whole)."""
    name = fold(el.name_text).strip()
    signs = {fold(p) for code in dict.fromkeys((lang if lang in LANGS else "en", "en"))
             for p in raw_words(code, "row_menus").get("opener", [])}
    return name in signs or bool(said("opener", el.name_text, lang, "row_menus"))


def menu_items(page: Page) -> list[PageElement]:
    """The items of a menu open on the page now."""
    return [el for el in page.clickables if el.role in ("menuitem", "menuitemradio",
                                                        "menuitemcheckbox")]


def row_menu(page: Page, words: str, lang: str) -> PageElement | None:
    """The menu opener of the one row the words name."""
    row = one_row(page, " ".join(query_words(words, lang)), lang) if words else None
    if row is None:
        return None
    found = [el for el in page.clickables if el.group == row and opens_menu(el, lang)]
    return found[0] if len(found) == 1 else None


def plan_by_menu(words: str, verbs: frozenset[str], page: Page, lang: str, expect: Expect,
                 what: str, phase: str = "acted", text: str = "") -> Decision | None:
    """The open menu's item that says the act (``verbs``), else the named row's menu
    opened first; None when neither is on the page. ``phase`` / ``text``: what follows
    the item (a name to type in the box it opens)."""
    items = [el for el in menu_items(page) if says_verb(el, verbs, lang)]
    if len(items) == 1:
        el = items[0]
        return Decision(Kind.ACT, f"Choosing {quoted(el.display)}.", [step("click", el)],
                        MENU_ITEM, snapshot(page, expect, count=rows_count(page) or None),
                        f"{what} (chose {quoted(el.display)})", phase=phase, text=text)
    if menu_items(page):
        return None  # an open menu without that item: not this way
    opener = row_menu(page, words, lang)
    if opener is None:
        return None
    return Decision(Kind.ACT, f"Opening {quoted(opener.display)}.", [step("click", opener)],
                    MENU_ITEM, snapshot(page, Expect.CLICK), "", phase="again")
