"""The page's text cut into passages as a person reads it: sentences under the heading of
their paragraph, and a table's rows (short lines with figures) under its title and header
row, so that a row is read with the table it belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from leflux.agent.planners.rules.phrases import fold

# A quoted passage is cut to this many characters.
MAX_PASSAGE_CHARS = 400

MAX_TEXT_CHARS = 200_000
HEADING_MAX_CHARS = 80
QUESTION_HEADING_MAX_CHARS = 160

_SENTENCE_RE = re.compile(r"(?<=[.!?])(?<!\b[A-Z][a-z]\.)(?<!\b[A-Z]\.)\s+"  # not "Dr. Okafor"
                          r"(?=[\"“(¿¡€$£]?[A-ZÁÉÍÓÚÑÀÈÙÂÊÎÔÛÇÄÖÜ0-9])")


@dataclass(frozen=True)
class Unit:
    heading: str
    sentence: str
    paragraph: int
    row: bool = False      # a table's row (its heading holds the header row)
    label: str = ""        # a value's label, on the line above it ("Monday" / "Closed")


def is_heading(line: str) -> bool:
    return (line.endswith("?") and len(line) < QUESTION_HEADING_MAX_CHARS) or (
        len(line) < HEADING_MAX_CHARS and not line.endswith((".", "!", ":", ",", ";")))


def is_data(line: str) -> bool:
    """A short line holding figures: a table's row, opening hours, a price line."""
    return any(ch.isdigit() for ch in line) and not line.endswith("?")


def units(text: str, controls: frozenset[str] = frozenset(),
          links: frozenset[str] = frozenset(),
          entries: frozenset[str] = frozenset()) -> list[Unit]:
    """Sentences in reading order, each with the heading of its paragraph. A short line is
    a heading only when a paragraph follows it and it holds no figures; short lines in a
    run (a table's rows, a list, opening hours) are content, each a unit under the heading
    above them, a table's row with its header row (the run's line without figures)."""
    lines = [" ".join(raw.split()) for raw in text[:MAX_TEXT_CHARS].splitlines()]
    lines = [ln for ln in lines if len(ln) >= 2 and fold(ln) not in controls]
    out: list[Unit] = []
    heading = header = last = label = ""
    titled = False
    for para, line in enumerate(lines):
        nxt = lines[para + 1] if para + 1 < len(lines) else ""
        short = is_heading(line)
        # (a title over its rows is not a paragraph, but what is above it heads both)
        if short and nxt and not is_data(line) and (
                not is_heading(nxt) or _titles_rows(nxt, lines[para + 2:para + 4])):
            heading, header, label, titled = line, "", "", False
            continue
        asks = line.rstrip("”\"’»").endswith("?")  # ("“What is your return policy?”")
        if asks or fold(line) in links:
            # a question with no answer under it (a collapsed FAQ entry); a link's name
            # (a menu item) heads what follows it, it answers nothing
            label = ""
            if fold(line) in entries:
                # (a collapsed FAQ entry ends the one before it: that question heads
                # nothing after it)
                heading, header, titled = "", "", False
            continue
        if short and label:
            # A short line read with the label above it, as a person reads a list of
            # terms and values ("Monday" / "Closed", "Child (5–15)" / "€12.00 each").
            out.append(Unit(f"{heading} {label}".strip(), line, -1 - para, True, label))
        label = line if short else ""
        context = heading
        if not short:
            header, titled = "", False
        elif _titles_rows(line, lines[para + 1:para + 3]) or (
                not is_data(line) and not _ends_run(lines[max(0, para - 2):para], nxt)):
            # A table's title and header row ("API rate limits", "Plan Requests per minute"),
            # or the title of rows that hold other figures ("Stockholm — Sveavägen 44" over
            # its opening hours)
            header = f"{last} {line}" if titled else line
            last, titled = line, True
        else:
            titled = False
            if header:
                context = f"{heading} {header}".strip()
        row = context != heading
        for sent in _SENTENCE_RE.split(line):
            if len(sent) >= 2:
                out.append(Unit(context, sent, para, row))
    return out


_CLOCK_RE = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_MONEY_RE = re.compile(r"[$€£¥]\s?\d[\d.,]*|\d[\d.,]*\s?[$€£¥]")


_VALUES = frozenset({"clock", "money"})


def _shape(line: str) -> frozenset[str]:
    """The kinds of figures a line holds: clock times, amounts, other numbers."""
    rest = _MONEY_RE.sub(" ", _CLOCK_RE.sub(" ", line))
    return frozenset(k for k, hit in (("clock", _CLOCK_RE.search(line)),
                                      ("money", _MONEY_RE.search(line)),
                                      ("number", any(ch.isdigit() for ch in rest))) if hit)


def _titles_rows(line: str, after: list[str]) -> bool:
    """A short line whose only figure is a number (an address, a year) over rows that
    share times or amounts: the rows' title."""
    if len(after) < 2 or _shape(line) != {"number"} or not all(
            is_data(x) and is_heading(x) for x in after):
        return False
    return _shape(after[0]) == _shape(after[1]) and bool(_shape(after[0]) & _VALUES)


def _ends_run(before: list[str], nxt: str) -> bool:
    """A short line without figures after a table's rows (two at least), with no rows
    under it, is the run's last row ("Sunday Closed"), not a new header."""
    return len(before) == 2 and all(is_data(x) and is_heading(x) for x in before) and not (
        nxt and is_data(nxt) and is_heading(nxt))


def quote_passage(us: list[Unit], best: int) -> str:
    """Under a heading, the paragraph from its start as long as the best sentence fits;
    else the best sentence and the next."""
    u = us[best]
    same = [x.sentence for x in us if x.paragraph == u.paragraph]
    window: list[str] = []
    for s in same:
        if window and len(" ".join(window)) + len(s) > MAX_PASSAGE_CHARS - len(u.heading):
            break
        window.append(s)
    if u.sentence not in window or not u.heading:
        i = same.index(u.sentence)
        window = same[i:i + 2] if i + 1 < len(same) and len(u.sentence) + len(
            same[i + 1]) < MAX_PASSAGE_CHARS else [u.sentence]
    return cut_passage(" ".join([u.heading, *window] if u.heading else window))


def cut_passage(text: str) -> str:
    if len(text) > MAX_PASSAGE_CHARS:
        text = text[:MAX_PASSAGE_CHARS].rsplit(" ", 1)[0] + "…"
    return text
