"""The cart's own rows, changed one at a time as a person does on a cart page that
redraws itself after every change: several counts in one request ("i only want 1 drill and
5 packs of cable ties"), or every row removed ("empty my basket").

Each plan changes one row (its count typed and its own "Update" pressed, or its "Remove");
the same clause is planned again on the page that follows, until every row holds what was
asked. The report is what the page then shows, never what was meant. A row the page did
not change after its press stops the task and is said.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from leflux.agent.planners.rules import lexicon_view as lex
from leflux.agent.planners.rules.decide import Decision, Kind, quoted, rows_count, step
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import CONFIDENT, main_list, one_row
from leflux.agent.planners.rules.lexicon import lexicon
from leflux.agent.planners.rules.match import tokens
from leflux.agent.planners.rules.model import Act, Clause
from leflux.agent.planners.rules.phrases import fold
from leflux.agent.planners.rules.verify import Expect, snapshot
from leflux.protocol import Step

# One row changed per plan, then the same clause again (at most this many rows).
EACH_PHASE = "each"
MAX_ROWS = 20
MIN_COUNTS = 2
ITEM_CHARS = 60


def _split(text: str, lang: str) -> list[list[str]]:
    """The clause's words in parts, at "and" / "," ("1 drill and 5 packs of cable ties")."""
    tables = [lexicon(lang).split_before_verb, lexicon("en").split_before_verb]
    parts: list[list[str]] = [[]]
    for w in tokens(fold(text.replace(",", " , "))):
        if w == "," or any(w in t for t in tables):
            parts.append([])
        else:
            parts[-1].append(w)
    return [p for p in parts if p]


def _count_box(page: Page, group: str) -> PageElement | None:
    boxes = [el for el in page.els if el.group == group and not el.disabled and (
        el.type == "number" or el.role == "spinbutton")]
    return boxes[0] if len(boxes) == 1 else None


def _apply_button(page: Page, group: str, lang: str) -> PageElement | None:
    """The row's own button that takes a new count ("Update"), if it has one."""
    verbs = lex.control_words(Act.EDIT, lang) | lex.control_words(Act.EDIT, "en") | \
        lex.control_words(Act.SUBMIT, "en")
    found = [el for el in page.clickables if el.group == group and el.tag != "a" and
             (words := tokens(fold(el.e.text or el.name_text))) and words[0] in verbs]
    return found[0] if len(found) == 1 else None


def _row_and_count(part: list[str], page: Page, lang: str) -> tuple[str, int] | None:
    nums = [(i, n) for i, w in enumerate(part) if (n := lex.number(w, lang)) is not None]
    if len(nums) != 1:
        return None
    stop = lex.stopwords(lang) | lex.stopwords("en")
    rest = [w for i, w in enumerate(part) if i != nums[0][0] and w not in stop]
    group = one_row(page, " ".join(rest), lang) if rest else None
    return (group, nums[0][1]) if group is not None else None


def wanted_counts(c: Clause, page: Page, lang: str) -> list[tuple[str, int]] | None:
    """(row, count) for every part of the clause, when each names one row and one count."""
    if c.negated or not any(el.group for el in page.els):
        return None
    found = [_row_and_count(p, page, lang) for p in _split(c.text, lang)]
    if len(found) < MIN_COUNTS or any(f is None for f in found):
        return None
    out = [f for f in found if f is not None]
    return out if len({g for g, _ in out}) == len(out) else None


def _holds(page: Page, group: str, count: int) -> bool:
    box = _count_box(page, group)
    if box is None:  # the row is gone: it holds none
        return count == 0 and not any(el.group == group for el in page.els)
    return (box.e.value or "").strip() == str(count)


def plan_counts(c: Clause, page: Page, lang: str, last: str = "") -> Decision | None:
    """The next row whose count is not yet the one asked for; ``last``: the row set by the
    plan before (still not holding it: the page did not take it)."""
    wanted = wanted_counts(c, page, lang)
    if wanted is None:
        return None
    todo = [(g, n) for g, n in wanted if not _holds(page, g, n)]
    if not todo:
        shown = ", ".join(f"{quoted(g.split(' | ')[0][:ITEM_CHARS])}: {n}" for g, n in wanted)
        return Decision(Kind.SAY, f"The page now shows {shown}.", confidence=CONFIDENT)
    group, count = todo[0]
    item = group.split(" | ")[0][:ITEM_CHARS]
    box = _count_box(page, group)
    if group == last or box is None:
        return Decision(Kind.FAIL, f"The page did not take {count} for {quoted(item)}.")
    steps: list[Step] = [step("type", box, str(count), box.display)]
    if (apply := _apply_button(page, group, lang)) is not None:
        steps.append(step("click", apply, None, apply.display))
    return Decision(Kind.ACT, f"Setting {quoted(item)} to {count}.", steps, CONFIDENT,
                    snapshot(page, Expect.CLICK), "", phase=EACH_PHASE, text=group)


def _on_cart_page(page: Page, lang: str) -> bool:
    path = urlsplit(page.url).path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return any(lex.is_cart(w, lang) for w in tokens(fold(path)) if w.isalpha())


def _remover(page: Page, group: str, lang: str) -> PageElement | None:
    verbs = lex.control_words(Act.DELETE, lang) | lex.control_words(Act.DELETE, "en")
    found = [el for el in page.clickables if el.group == group and el.tag != "a" and
             (words := tokens(fold(el.e.text or el.name_text))) and words[0] in verbs]
    return found[0] if len(found) == 1 else None


def plan_empty(c: Clause, page: Page, lang: str, last: str = "") -> Decision | None:
    """'empty my basket' on the cart's page with no button for it: each row's own remove,
    one row per plan; then what the page shows."""
    ref = c.target if c.target and c.target.words else c.container
    if ref is None or not ref.words or not lex.is_cart(fold(ref.words), lang) or \
            not _on_cart_page(page, lang):
        return None
    groups = {el.group: el.position for el in page.els if el.group}
    rows = main_list(page, groups) if groups else []
    if not rows or rows_count(page) == 0:
        return Decision(Kind.SAY, f"Your {ref.words.lower()} is empty now.", confidence=CONFIDENT)
    if rows[0] == last:
        return Decision(Kind.FAIL, f"The page did not remove {quoted(last.split(' | ')[0])}.")
    remove = _remover(page, rows[0], lang)
    if remove is None:
        return None
    return Decision(Kind.ACT, f"Pressing {quoted(remove.display)}.", [step("click", remove)],
                    CONFIDENT, snapshot(page, Expect.CLICK), "", phase=EACH_PHASE,
                    text=rows[0])
