"""A row's own action named by its verb: "archive order #1042", "refund order 1040",
"download the Q3 report", "star the lease agreement".

The visitor's first word is the word a control of the list's rows starts with ("Archive",
"Download Q3 report.pdf"), whatever the lexicon knows of it; the words after it name one
row; that row's control is pressed.
"""

from __future__ import annotations

from collections.abc import Sequence

from leflux.agent.memory import MemoryEntry, last_plan
from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.addform import function_words
from leflux.agent.planners.rules.clause import skip_polite
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.fields import kind_of
from leflux.agent.planners.rules.ground import main_list, one_row, rows
from leflux.agent.planners.rules.lexicon import LANGS, lexicon
from leflux.agent.planners.rules.match import SAME_STEM, tokens, word_sim
from leflux.agent.planners.rules.model import Act, Clause, Reference, ValueKind
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.rowvalues import raw_words
from leflux.agent.planners.rules.verify import Expect, snapshot

ROW_ACTION = 0.9  # confidence of a row's control named by its own verb and the row


def _verb_of(el: PageElement, lang: str) -> str:
    """The first word of a control's name that is not its row's ("Download" of "Download
    Q3 report.pdf")."""
    row = set(tokens(el.group))
    words = [w for w in tokens(el.name_text) if w not in lex.stopwords(lang)]
    own = [w for w in words if w not in row] or words
    return own[0] if own else ""


def _says_verb(words: tuple[str, ...], verb: str, lang: str) -> int:
    """How many of the visitor's first words say a control's verb ("download", or in the
    visitor's language "descarga" for a page in English): 0 when they do not."""
    if not verb or not words:
        return 0
    if word_sim(words[0], verb, lang) >= SAME_STEM:
        return 1
    for phrase in raw_words(lang, "row_verbs").get(verb, []) if lang in LANGS else []:
        said = tokens(fold(phrase))
        if said and words[:len(said)] == said:
            return len(said)
    return 0


def plan_row_action(c: Clause, page: Page, lang: str) -> Decision | None:
    groups = {el.group: el.position for el in page.els if el.group}
    if not groups:
        return None
    shown = set(main_list(page, groups))
    controls = [el for el in page.clickables if el.group in shown and not el.is_field]
    if not controls:
        return None
    low = fold(c.text)
    start = skip_polite(low, 0, lexicon(lang))
    message = next((v for v in c.values if v.kind is ValueKind.TEXT), None)
    if message is not None and message.raw:
        # "reply to Dana's comment: we use ...": the row is named before the message.
        at = c.text.find(message.raw)
        if at > start:
            low = low[:at]
    words = tokens(low[start:])
    if len(words) < 2:
        return None
    first = words[0]
    said_by = {el.id: n for el in controls if (n := _says_verb(words, _verb_of(el, lang), lang))}
    named = [el for el in controls if el.id in said_by]
    if not named:
        return None
    skip = function_words(lang)
    verb_len = max(said_by.values())
    # "the one from Lena" -> "lena"
    rest = " ".join(w for w in words[verb_len:] if w not in skip)
    row = one_row(page, rest, lang)
    if row is None:
        several = sorted(r for r in rows(page, Reference(words=rest), lang) if r in shown)
        if len(several) > 1:  # "archive the one from Lena": which of her orders?
            choices = [r[:60] for r in several[:6]]
            return Decision(Kind.ASK, "Which one do you mean?", confidence=ROW_ACTION,
                            choices=[(ch, f"{first} {ch}") for ch in choices])
        return _find_row_first(words[verb_len:], page, lang)
    mine = [el for el in named if el.group == row]
    if len(mine) != 1:
        return None
    el = mine[0]
    what = row.split(" | ")[0][:60]
    label = _verb_of(el, lang).capitalize()
    if message is not None:
        # The control opens a box for the message (a reply): typed and sent once it opens.
        return Decision(Kind.ACT, f"Pressing {quoted(label)} on {quoted(what)}.",
                        [step("click", el, None, el.display)], ROW_ACTION,
                        snapshot(page, Expect.CLICK), f"Sent {quoted(message.text)}",
                        phase="edit", text=message.text)
    return Decision(Kind.ACT, f"Pressing {quoted(label)} on {quoted(what)}.",
                    [step("click", el, None, el.display)], ROW_ACTION,
                    snapshot(page, Expect.CLICK), f"Pressed {quoted(label)} on {quoted(what)}",
                    text=row_key(row))


def row_key(group: str) -> str:
    """What names a row across renders: its first cell ("#1040", "Tom Becker")."""
    return group.split(" | ")[0].strip()


def row_confirm(page: Page, key: str, memory: Sequence[MemoryEntry]) -> PageElement | None:
    """After pressing a row's control, the confirmation that same row now shows in its
    place ("Remove from workspace? [Yes, remove] [No]", a second "Refund"): the visitor
    asked for it (the gate asks them first where the site marks it). Only when the pressed
    control is gone and one new control of the row is marked as confirming or says the
    pressed control's own verb."""
    last = last_plan(memory, "sent")
    steps = last.steps if last else []
    if not key or len(steps) != 1 or steps[0].action != "click":
        return None
    pressed = steps[0].elementId
    if pressed is None or pressed in page.by_id:
        return None
    verb = next(iter(tokens(steps[0].description)), "")
    found = [el for el in page.clickables if el.group and row_key(el.group) == key
             and el.id > pressed and not el.is_field and not el.disabled
             and (el.flag("confirm") or (verb and verb in tokens(el.name_text)))]
    return found[0] if len(found) == 1 else None


def _find_row_first(words: tuple[str, ...], page: Page, lang: str) -> Decision | None:
    """The row is not among those shown (another page of the table): look it up in the
    list's own search box, then act on it there."""
    box = next((el for el in page.fields if el.is_text_field and kind_of(el) == "search"),
               None)
    if box is None:
        return None
    skip = lex.stopwords(lang) | function_words(lang)
    keep = [w for w in words if w not in skip]
    ids = [w for w in keep if any(ch.isdigit() for ch in w)]
    query = " ".join(ids or keep)
    if not query:
        return None
    return Decision(Kind.ACT, f"Looking for {quoted(query)} first.",
                    [step("type", box, query, box.display)], ROW_ACTION,
                    snapshot(page, Expect.SEARCH), "", phase="again")


def plan_bulk_action(c: Clause, page: Page, lang: str) -> Decision | None:
    """"mark orders 1039 and 1041 as shipped": the list's own button whose every word was
    said ("Mark as shipped"), after ticking the box of each row the other words name."""
    groups = {el.group: el.position for el in page.els if el.group}
    if not groups:
        return None
    shown = set(main_list(page, groups))
    stop = lex.stopwords(lang)
    words = [w for w in tokens(fold(c.text)) if w not in stop]
    buttons = _bulk_buttons(page, shown, words, stop, lang)
    if len(buttons) > 1:
        return None
    button, own = buttons[0] if buttons else (None, [])
    skip = function_words(lang)
    rest = [w for w in words if w not in skip and not any(
        word_sim(o, w, lang) >= SAME_STEM for o in own)]
    ids = [w for w in rest if any(ch.isdigit() for ch in w)]
    # "orders 1039 and 1041"; "select Ana and Luis": each word that names one row on its
    # own (by name only to select, or for a list's button said whole: "tick push and
    # digest" are a form's own boxes)
    by_name = c.act is Act.SELECT or button is not None
    parts = ids if len(ids) > 1 else [w for w in rest if by_name and one_row(
        page, w, lang) is not None]
    if len(parts) < 2:
        return None
    boxes = _row_boxes(page, parts, lang)
    if boxes is None or len(boxes) < 2:
        return None  # the words named one row, not several to select
    return _select_then_press(c, page, boxes, button)


def _bulk_buttons(page: Page, shown: set[str], words: list[str], stop: frozenset[str],
                  lang: str) -> list[tuple[PageElement, list[str]]]:
    """The buttons outside the list, of two words or more, whose every word was said."""
    buttons = []
    for el in page.clickables:
        own = [w for w in tokens(el.name_text) if w not in stop]
        if el.group in shown or el.is_field or len(own) < 2:
            continue
        if all(any(word_sim(o, w, lang) >= SAME_STEM for w in words) for o in own):
            buttons.append((el, own))
    return buttons


def _row_boxes(page: Page, parts: list[str], lang: str) -> list[PageElement] | None:
    """The tick box of the row each part names, once each; None where a part names no
    row with one."""
    boxes: list[PageElement] = []
    for part in parts:
        row = one_row(page, part, lang)
        # (a row's own select box: a tick box, never one of a fieldset's radios)
        box = next((el for el in page.els if row and el.group == row and el.is_toggle
                    and el.type != "radio" and el.role != "radio"), None)
        if box is None:
            return None
        if box not in boxes:
            boxes.append(box)
    return boxes


def _select_then_press(c: Clause, page: Page, boxes: list[PageElement],
                       button: PageElement | None) -> Decision:
    """Tick the rows' boxes (one at a time where several are unticked), then press the
    list's button, or look again for it once the rows are selected."""
    steps = [step("check", b, None, b.display) for b in boxes if not b.e.checked]
    names = ", ".join(quoted(b.group.split(" | ")[0][:40]) for b in boxes)
    if len(steps) > 1:
        # (a list may rebuild its rows on each tick: one box, then the page as it is then)
        box = next(b for b in boxes if b.id == steps[0].elementId)
        return Decision(Kind.ACT, f"Selecting {quoted(row_key(box.group))}.", steps[:1],
                        ROW_ACTION, snapshot(page, Expect.TOGGLE, checks={box.id: True}),
                        "", phase="again")
    if button is None:
        if not steps:  # selected, and still no button for what was asked
            return Decision(Kind.FAIL, f"I selected {names} but found no button here for "
                            f"{quoted(c.text)}.")
        # Many lists show their bulk buttons once rows are selected: select, then look.
        return Decision(Kind.ACT, f"Selecting {names}.", steps, ROW_ACTION,
                        snapshot(page, Expect.TOGGLE, checks={b.id: True for b in boxes}),
                        "", phase="again")
    return Decision(Kind.ACT, f"Selecting {names}, then pressing {quoted(button.display)}.",
                    [*steps, step("click", button, None, button.display)], ROW_ACTION,
                    snapshot(page, Expect.CLICK), f"Pressed {quoted(button.display)} for {names}")
