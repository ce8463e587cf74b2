"""A section of a list titled with its count ("In progress 1", "To do 2" on a board): the
question that names the section is answered with the items under its title, as a person
reads a board's column. The count the page shows must match the items found under it, so
an answer is never a guess at where a section ends. A section of plain lines ("Members 3"
over name / email / role, three times) is read as that many records of the same shape;
the one record a question names ("who owns this project": "Owner") answers it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leflux.agent.planners.rules.answer import MIN_PASSAGE_SCORE, rank_texts, terms_of
from leflux.agent.planners.rules.decide import Decision, Kind, quoted
from leflux.agent.planners.rules.elements import Page

SECTION_ANSWER = 0.8
# A section's title is short; a line of more is a sentence that ends in a number.
MAX_TITLE_CHARS = 40
# Items kept by a page's lists: cards on a board, items of a list, a table's rows.
ITEM_KINDS = frozenset({"card", "item", "row"})
# Lines of one record in a section of plain lines (a name, its email, its role).
MIN_RECORD_LINES, MAX_RECORD_LINES = 2, 5
# ("In progress 1", "Members (3)"; a name that ends in a figure, "Boots S3", is none)
_TITLED_COUNT = re.compile(r"(\D+?)(?:\s+|\s*\()(\d{1,3})\)?")


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


def _shape(line: str) -> str:
    return "@" if "@" in line else "9" if any(ch.isdigit() for ch in line) else "a"


def _records(lines: list[str], title: _Title) -> list[list[str]]:
    """``title.count`` records of the same number of lines right under the title, each
    line of the same shape as its like in the others (an email under a name); none when
    the lines do not fall into such records."""
    run = [ln for ln in lines[title.line + 1:] if len(ln) > 1]  # (an avatar's initial)
    for size in range(MIN_RECORD_LINES, MAX_RECORD_LINES + 1):
        records = [run[i * size:(i + 1) * size] for i in range(title.count)]
        if len(run) >= size * title.count and len({tuple(map(_shape, r)) for r in records}) \
                == 1 and len(set(map(_shape, records[0]))) > 1:
            return records
    return []


def _named_record(question: str, lines: list[str], titles: list[_Title], page: Page,
                  lang: str) -> Decision | None:
    """The one record of a titled section the question names."""
    items = [el.group for el in page.els if el.group]
    for title in titles:
        records = _records(lines, title) if title.count > 1 else []
        if any(line in g for r in records for line in r for g in items):
            continue  # the lines of cards or rows the page lists: those are read as such
        scores = rank_texts(question, [" ".join(r) for r in records], lang)
        if not scores:
            continue
        best = max(scores)
        if best >= MIN_PASSAGE_SCORE and scores.count(best) == 1:
            record = records[scores.index(best)]
            return Decision(Kind.SAY, f"{quoted(record[0])}: {', '.join(record[1:])}.",
                            confidence=SECTION_ANSWER)
    return None


def section_answer(question: str, page: Page, lang: str) -> Decision | None:
    """The items of the section the question names, when its count says they are all;
    else the one record of such a section the question names."""
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
            return Decision(Kind.SAY, f"Nothing is in {quoted(name)}.", confidence=SECTION_ANSWER)
        listed = ", ".join(quoted(item) for item in items)
        return Decision(Kind.SAY, f"{quoted(name)} ({title.count}): {listed}.",
                        confidence=SECTION_ANSWER)
    return _named_record(question, lines, titles, page, lang)
