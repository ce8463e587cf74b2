"""A list or table read as a person reads it: its rows in order, its column headers, a
row's cells under those headers, and the values of a column as things that compare
(sizes, amounts, dates, plain numbers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from leflux.agent.planners.rules.dates import find_dates
from leflux.agent.planners.rules.elements import Page, PageElement
from leflux.agent.planners.rules.ground import main_list
from leflux.agent.planners.rules.lexicon import LANGS, lexicon, lexicon_data
from leflux.agent.planners.rules.phrases import PhraseTable, fold
from leflux.agent.planners.rules.sorting import is_header

_UNITS = {"b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 1024.0,
          "mib": 1024.0 ** 2, "gib": 1024.0 ** 3, "ko": 1e3, "mo": 1e6, "go": 1e9}
_SIZE_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(kib|mib|gib|kb|mb|gb|tb|ko|mo|go|b)\b", re.I)
_MONEY_RE = re.compile(r"[$€£¥]\s*(\d[\d,]*(?:\.\d+)?)|(\d[\d.,]*)\s*[$€£¥]")
_CELL_RE = re.compile(r"\s*\|\s*")   # cells of a row's text ("T-shirts | | Checked bag")
_NUMBER_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*$")
# Kinds of values a question's words may rank by ("most space": sizes).
VALUE_KINDS = ("size", "money", "date", "number")


@dataclass
class Row:
    text: str                      # the row's words, cells joined by " | "
    cells: list[str]
    els: list[PageElement] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.cells[0] if self.cells else self.text


@cache
def raw_words(lang: str, part: str) -> dict[str, list[str]]:
    """A lexicon section about lists ([list_questions], [row_menus]) of ``lang`` as written."""
    section: dict[str, list[str]] = lexicon_data(lang).get(part, {})
    return section


@cache
def list_words(lang: str, part: str = "list_questions") -> dict[str, PhraseTable[str]]:
    """The phrases of a lexicon section about lists, one table per key."""
    return {k: PhraseTable((p, k) for p in ps) for k, ps in raw_words(lang, part).items()}


def said(key: str, text: str, lang: str, part: str = "list_questions"
         ) -> list[tuple[int, int]]:
    """Where the phrases of ``key`` occur in ``text`` (the visitor's language, then English)."""
    low = fold(text)
    out = []
    for code in dict.fromkeys((lang if lang in LANGS else "en", "en")):
        table = list_words(code, part).get(key)
        if table is not None:
            out += [(h.start, h.end) for h in table.find_all(low)]
    return out


def list_rows(page: Page) -> list[Row]:
    """The rows of the page's main list, in the order shown."""
    groups: dict[str, tuple[int, int] | None] = {}
    for el in page.els:
        if el.group and el.group not in groups:
            groups[el.group] = el.position
    placed: dict[str, tuple[int, int] | None] = {
        g: p for g, p in groups.items() if p is not None}
    if not placed:
        return []
    names = sorted(main_list(page, placed), key=lambda g: (placed.get(g) or (0, 0))[0])
    return [Row(g, _CELL_RE.split(g.strip()), [el for el in page.els if el.group == g])
            for g in names]


def headers(page: Page) -> list[PageElement]:
    """The column headers of the page's table that hold a name, in the page's order."""
    return sorted((el for el in page.els if is_header(el) and not el.is_field
                   and el.display.strip()), key=lambda el: el.id)


def cell(row: Row, heads: list[PageElement], head: PageElement) -> str | None:
    """The row's cell under ``head``, when the row has one cell per header."""
    if len(row.cells) != len(heads) or head not in heads:
        return None
    return row.cells[heads.index(head)]


def _size(text: str) -> float | None:
    m = _SIZE_RE.search(text)
    return float(m[1].replace(",", ".")) * _UNITS[m[2].lower()] if m else None


def _money(text: str) -> float | None:
    m = _MONEY_RE.search(text)
    return float((m[1] or m[2]).replace(",", "")) if m else None


def _number(text: str) -> float | None:
    m = _NUMBER_RE.match(text)
    return float(m[1].replace(",", ".")) if m else None


def _day(text: str, lang: str) -> float | None:
    found = find_dates(fold(text), lexicon(lang if lang in LANGS else "en"), date.today())
    return float(date.fromisoformat(found[0].text).toordinal()) if found else None


def value_of(kind: str, text: str, lang: str) -> float | None:
    """``text`` as a value of ``kind`` that compares, or None when it is not one."""
    readers: dict[str, Callable[[str], float | None]] = {
        "size": _size, "money": _money, "number": _number,
        "date": lambda t: _day(t, lang)}
    return readers[kind](text)


def kind_of_column(rows: list[Row], heads: list[PageElement], head: PageElement, lang: str
                   ) -> str | None:
    """The kind every cell of a column holds (sizes, amounts, dates, numbers)."""
    cells = [c for r in rows if (c := cell(r, heads, head))]
    for kind in VALUE_KINDS:
        if cells and all(value_of(kind, c, lang) is not None for c in cells):
            return kind
    return None
