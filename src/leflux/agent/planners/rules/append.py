"""Adding to a thing that is already saved: "add eggs to my shopping note".

A notes app lists its saved notes; one opens in the page's editor when it is clicked, and
is kept with the editor's own Save. A person clicks the note, puts the new words at the
end of what it says ("Shopping: milk, bread, coffee, eggs") and saves it: changing a
saved thing is asked for only by keeping the change. Only when the page has one editor
(a text box in no row) and one button that keeps what it holds.
"""

from __future__ import annotations

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot

APPEND_SURE = 0.8
ROW_PREVIEW = 60


def _editor(page: Page) -> PageElement | None:
    boxes = [el for el in page.fields if el.is_text_field and not el.group
             and (el.tag == "textarea" or el.flag("editable"))]
    return boxes[0] if len(boxes) == 1 else None


def _keeper(page: Page, lang: str) -> PageElement | None:
    """The one button that keeps what the editor holds ("Save note", "Post")."""
    verbs = {p for p in lex.control_words(Act.SUBMIT, lang) if " " not in p}
    found = [el for el in page.clickables if el.tag != "a" and not el.group
             and (own := tokens(fold(el.name_text))) and own[0] in verbs]
    return found[0] if len(found) == 1 else None


def _row_opener(page: Page, row: str) -> PageElement | None:
    """What a person clicks to open the row: the row itself (its controls' parent)."""
    parents = {el.e.parentId for el in page.els if el.group == row and el.e.parentId}
    if len(parents) != 1:
        return None
    return page.by_id.get(next(iter(parents)))


def _joined(text: str, item: str) -> str:
    text = text.rstrip()
    return f"{text}, {item}" if "," in text else f"{text} {item}"


def plan_append(row: str, item: str, page: Page, lang: str) -> Decision | None:
    """Open the saved ``row`` in the editor, or, opened, add ``item`` at its end and save."""
    editor, keeper = _editor(page), _keeper(page, lang)
    if editor is None or keeper is None:
        return None
    held = " ".join((editor.e.value or "").split())
    what = quoted(row[:ROW_PREVIEW])
    if held and fold(held) in fold(row):
        text = _joined(held, item)
        return Decision(Kind.ACT, f"Adding {quoted(item)} to {what} and pressing "
                        f"{quoted(keeper.display)}.", [step("type", editor, text, editor.display),
                                                  step("click", keeper, None, keeper.display)],
                        APPEND_SURE, snapshot(page, Expect.CLICK, shows=text),
                        f"Added {quoted(item)} to {what} and pressed {quoted(keeper.display)}")
    opener = _row_opener(page, row)
    if opener is None:
        return None
    return Decision(Kind.ACT, f"Opening {what}.", [step("click", opener, None, row[:80])],
                    APPEND_SURE, snapshot(page, Expect.CLICK), "", phase="again")
