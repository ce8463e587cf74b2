"""A section of a list titled with its count ("In progress 1", "To do 2" on a board): the
question that names the section is answered with the items under its title, as a person
reads a board's column. The count the page shows must match the items found under it, so
an answer is never a guess at where a section ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leflux.agent.planners.rules.answer import terms_of
from leflux.agent.planners.rules.decide import Decision, Kind, q
from leflux.agent.planners.rules.elements import Page

SECTION_ANSWER = 0.8
# A section's title is short; a line of more is a sentence that ends in a number.
MAX_TITLE_CHARS = 40
# Items kept by a page's lists: cards on a board, items of a list, a table's rows.
ITEM_KINDS = frozenset({"card", "item", "row"})
_TITLED_COUNT = re.compile(r"(\D+?)\s*\(?(\d{1,3})\)?")


@dataclass(frozen=True)
class _Title:
    line: int
    name: str
    count: int


def _titles(lines: list[str]) -> list[_Title]:
    out = []
    for i, line in enumerate(lines):
        m = _TITLED_COUNT.fullmatch(line)
        if m and len(line) <= MAX_TITLE_CHARS and m[1].strip():
            out.append(_Title(i, m[1].strip(), int(m[2])))
    return out


def _items(lines: list[str], start: int, end: int, page: Page) -> list[str]:
    """The items whose first line stands between ``start`` and ``end``."""
    groups = list(dict.fromkeys(el.group for el in page.els
                                if el.group and el.extra("groupKind") in ITEM_KINDS))
    found: list[str] = []
    for line in lines[start + 1:end]:
        owner = next((g for g in groups if len(line) > 2 and g.startswith(line)), None)
        if owner is not None:
            found.append(line)
            groups.remove(owner)
    return found


def section_answer(question: str, page: Page, lang: str) -> Decision | None:
    """The items of the section the question names, when its count says they are all."""
    asked = set(terms_of(question, lang))
    lines = [" ".join(ln.split()) for ln in page.text.splitlines() if ln.strip()]
    titles = _titles(lines)
    for k, title in enumerate(titles):
        own = set(terms_of(title.name, lang))
        if not own or not own <= asked:
            continue
        end = titles[k + 1].line if k + 1 < len(titles) else len(lines)
        items = _items(lines, title.line, end, page)
        if len(items) != title.count:
            return None
        name = title.name.capitalize() if title.name.isupper() else title.name
        if not items:
            return Decision(Kind.SAY, f"Nothing is in {q(name)}.", confidence=SECTION_ANSWER)
        listed = ", ".join(q(item) for item in items)
        return Decision(Kind.SAY, f"{q(name)} ({title.count}): {listed}.",
                        confidence=SECTION_ANSWER)
    return None
