"""A row moved somewhere through its own menu: "move the invoice into the Invoices folder".

The row's menu is opened ("More actions", "⋮"), then its item that says the verb and
nothing the visitor did not say ("Move to…", never "Move to trash"); the place is then
chosen in the form that item opens and kept with the form's own button (the form step of
:mod:`rowedit`).
"""

from __future__ import annotations

import re

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import query_words
from leflux.agent.planners.rules.lexicon import LANGS
from leflux.agent.planners.rules.match import SAME_STEM, tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowedit import FORM_PHASE, ROW_EDIT, Change, named_row
from leflux.agent.planners.rules.rowmenu import menu_items, opens_menu, says_verb
from leflux.agent.planners.rules.rowvalues import raw_words
from leflux.agent.planners.rules.verify import Expect, snapshot

MOVE_ACTS = frozenset({Act.UNKNOWN, Act.CLICK, Act.FILL, Act.SELECT})


def _phrases(lang: str, key: str) -> list[str]:
    codes = dict.fromkeys((lang if lang in LANGS else "en", "en"))
    found = {fold(p) for c in codes for p in raw_words(c, "row_moves").get(key, [])}
    return sorted(found, key=len, reverse=True)


def move_parts(text: str, lang: str) -> tuple[str, str, str] | None:
    """(verb, the row's words, the place) of "move <row> into <place>"."""
    low = fold(text).strip()
    verb = next((v for v in _phrases(lang, "move") if re.match(rf"{re.escape(v)}\b", low)),
                None)
    if verb is None:
        return None
    rest = low[len(verb):]
    for into in _phrases(lang, "into"):
        if (m := re.search(rf"\s{re.escape(into)}\s", rest)) is not None:
            row, place = rest[:m.start()].strip(), rest[m.end():].strip(" .!?")
            if row and place:
                return verb, row, place
    return None


def _item(page: Page, verb: str, said: list[str], lang: str) -> PageElement | None:
    """The open menu's one item that says the verb and only words the visitor said."""
    stop = lex.stopwords(lang)
    found = [el for el in menu_items(page) if says_verb(el, {verb}, lang) and all(
        any(word_sim(w, s, lang) >= SAME_STEM for s in said)
        for w in tokens(el.name_text) if w not in stop)]
    return found[0] if len(found) == 1 else None


def plan_menu_move(c: Clause, page: Page, lang: str) -> Decision | None:
    """The row's menu opened, or its move item pressed; None when the clause moves no
    row of this page to a place."""
    if c.act not in MOVE_ACTS:
        return None
    parts = move_parts(c.text, lang)
    if parts is None:
        return None
    verb, row_words, place = parts
    where = " ".join(query_words(place, lang))
    if menu_items(page):
        item = _item(page, verb, list(tokens(fold(c.text))), lang)
        if item is None:
            return None
        change = Change(row_words, where, "")
        return Decision(Kind.ACT, f"Choosing {quoted(item.display)}.", [step("click", item)],
                        ROW_EDIT, snapshot(page, Expect.CLICK), "", phase=FORM_PHASE,
                        text=change.to_text())
    row = named_row(row_words, page, lang)
    opener = next((el for el in page.clickables if row and el.group == row
                   and opens_menu(el, lang)), None)
    if opener is None:
        return None
    return Decision(Kind.ACT, f"Opening {quoted(opener.display)}.", [step("click", opener)],
                    ROW_EDIT, snapshot(page, Expect.CLICK), "", phase="again")
